//! What the demo business sells — a coffee roaster with a kitchenware shop — and how real customers
//! buy it: items that go together (a dripper with filters and a kettle, a machine with a tamper and
//! descaler) so association rules have true patterns to find.

use super::rng::Rng;

/// (SKU, name, category, price in cents)
pub const PRODUCTS: &[(&str, &str, &str, i64)] = &[
    (
        "BN-HSE-1K",
        "House Espresso Blend 1 kg",
        "Coffee beans",
        28_90,
    ),
    (
        "BN-ETH-250",
        "Ethiopia Yirgacheffe 250 g",
        "Coffee beans",
        12_50,
    ),
    ("BN-COL-250", "Colombia Huila 250 g", "Coffee beans", 11_90),
    ("BN-KEN-250", "Kenya AA 250 g", "Coffee beans", 13_90),
    (
        "BN-GUA-250",
        "Guatemala Antigua 250 g",
        "Coffee beans",
        11_50,
    ),
    (
        "BN-DEC-250",
        "Swiss Water Decaf 250 g",
        "Coffee beans",
        11_90,
    ),
    ("BN-CLD-1K", "Cold Brew Blend 1 kg", "Coffee beans", 24_90),
    (
        "BN-FIL-500",
        "Filter Blend Ground 500 g",
        "Coffee beans",
        14_50,
    ),
    ("BR-V60", "Pour-over Dripper", "Brewing", 24_00),
    ("BR-FLT", "Paper Filters (100)", "Brewing", 6_50),
    ("BR-KTL", "Gooseneck Kettle", "Brewing", 59_00),
    ("BR-FRP", "French Press 1 l", "Brewing", 34_00),
    ("BR-AER", "AeroPress", "Brewing", 39_90),
    ("BR-AEF", "AeroPress Filters (350)", "Brewing", 7_90),
    ("BR-CBJ", "Cold Brew Jar", "Brewing", 29_00),
    ("BR-MOK", "Moka Pot", "Brewing", 32_00),
    ("BR-SCL", "Coffee Scale", "Brewing", 45_00),
    ("MC-ESP", "Home Espresso Machine", "Machines", 649_00),
    ("MC-GRD", "Burr Grinder", "Machines", 219_00),
    ("MC-FRO", "Milk Frother", "Machines", 89_00),
    ("AC-TMP", "Tamper", "Accessories", 35_00),
    ("AC-JUG", "Milk Jug", "Accessories", 19_00),
    ("AC-KNB", "Knock Box", "Accessories", 25_00),
    ("AC-DSC", "Descaler", "Care", 12_90),
    ("AC-CLN", "Cleaning Tablets", "Care", 14_90),
    ("AC-CUP", "Espresso Cup Set", "Accessories", 29_00),
    ("AC-RCP", "Reusable Cup", "Accessories", 16_00),
    ("AC-MUG", "Travel Mug", "Accessories", 24_00),
    ("TE-MAT", "Matcha Tin", "Tea", 22_00),
    ("TE-CHA", "Chai Spice Mix", "Tea", 9_50),
    ("TE-EGR", "Earl Grey Loose Leaf", "Tea", 8_90),
    ("GF-CRD", "Gift Card", "Gifts", 50_00),
    ("GF-BOX", "Tasting Gift Box", "Gifts", 39_00),
    ("SV-CRS", "Barista Course", "Workshops", 120_00),
    ("SV-SUB", "Monthly Subscription Box", "Subscriptions", 29_00),
];

/// Index of a product in `PRODUCTS` by SKU; the demo only names SKUs that exist.
fn sku(code: &str) -> usize {
    PRODUCTS.iter().position(|p| p.0 == code).unwrap_or(0)
}

/// Items bought together, with how strongly each optional extra follows the core.
struct Bundle {
    core: &'static [&'static str],
    extras: &'static [(&'static str, f64)],
}

const BUNDLES: &[Bundle] = &[
    Bundle {
        core: &["BR-V60", "BR-FLT"],
        extras: &[("BR-KTL", 0.6), ("BN-ETH-250", 0.7), ("BR-SCL", 0.3)],
    },
    Bundle {
        core: &["BR-AER", "BR-AEF"],
        extras: &[("BN-COL-250", 0.6), ("AC-MUG", 0.3)],
    },
    Bundle {
        core: &["MC-ESP", "AC-TMP"],
        extras: &[
            ("AC-JUG", 0.7),
            ("AC-DSC", 0.8),
            ("MC-GRD", 0.5),
            ("BN-HSE-1K", 0.9),
        ],
    },
    Bundle {
        core: &["MC-GRD"],
        extras: &[("BN-HSE-1K", 0.6), ("AC-KNB", 0.3)],
    },
    Bundle {
        core: &["BR-CBJ", "BN-CLD-1K"],
        extras: &[("AC-MUG", 0.3)],
    },
    Bundle {
        core: &["AC-DSC", "AC-CLN"],
        extras: &[("BN-HSE-1K", 0.7)],
    },
    Bundle {
        core: &["TE-MAT"],
        extras: &[("TE-CHA", 0.6), ("MC-FRO", 0.4)],
    },
    Bundle {
        core: &["BR-FRP"],
        extras: &[("BN-FIL-500", 0.8), ("AC-CUP", 0.2)],
    },
    Bundle {
        core: &["BR-MOK"],
        extras: &[("BN-FIL-500", 0.6), ("BN-GUA-250", 0.3)],
    },
    Bundle {
        core: &["GF-BOX"],
        extras: &[("GF-CRD", 0.4), ("AC-CUP", 0.3)],
    },
    Bundle {
        core: &["AC-RCP"],
        extras: &[("BN-KEN-250", 0.4), ("BN-ETH-250", 0.3)],
    },
];

/// How a kind of customer shops: which bundles they favour and how often they restock beans.
pub struct Taste {
    pub bundle_weights: [u32; 11],
    pub restock: &'static [&'static str],
    pub restock_share: f64,
}

/// One basket as `(product index, quantity)`, without repeats.
pub fn basket(rng: &mut Rng, taste: &Taste) -> Vec<(usize, i64)> {
    let mut items: Vec<(usize, i64)> = Vec::new();
    let add = |i: usize, q: i64, items: &mut Vec<(usize, i64)>| {
        if !items.iter().any(|(j, _)| *j == i) {
            items.push((i, q));
        }
    };
    if rng.chance(taste.restock_share) {
        // A restock: beans (sometimes two kinds), maybe filters.
        add(
            sku(rng.pick::<&str>(taste.restock)),
            rng.between(1, 3),
            &mut items,
        );
        if rng.chance(0.3) {
            add(sku(rng.pick::<&str>(taste.restock)), 1, &mut items);
        }
        if rng.chance(0.25) {
            add(sku("BR-FLT"), 1, &mut items);
        }
    } else {
        let bundle = &BUNDLES[rng.weighted(&taste.bundle_weights)];
        for code in bundle.core {
            add(sku(code), 1, &mut items);
        }
        for (code, p) in bundle.extras {
            if rng.chance(*p) {
                add(sku(code), 1, &mut items);
            }
        }
    }
    if rng.chance(0.08) {
        // An impulse buy at the till.
        add(rng.below(PRODUCTS.len() as u64) as usize, 1, &mut items);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundle_names_real_products() {
        for b in BUNDLES {
            for code in b.core.iter().chain(b.extras.iter().map(|(c, _)| c)) {
                assert!(PRODUCTS.iter().any(|p| p.0 == *code), "{code}");
            }
        }
    }

    #[test]
    fn baskets_have_no_repeated_products() {
        let taste = Taste {
            bundle_weights: [1; 11],
            restock: &["BN-HSE-1K", "BN-ETH-250"],
            restock_share: 0.5,
        };
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let b = basket(&mut rng, &taste);
            assert!(!b.is_empty());
            let mut ids: Vec<_> = b.iter().map(|x| x.0).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), b.len());
        }
    }
}
