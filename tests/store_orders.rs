//! Products and orders on a real workspace file: the purchase history analytics reads.

mod common;

use common::{contact, invalid_fields, workspace};
use kith::domain::*;

fn product(sku: &str, minor: i64) -> ProductFields {
    ProductFields {
        sku: sku.into(),
        name: format!("Product {sku}"),
        category: "Beans".into(),
        price: Money::new(minor, Currency::EUR),
        active: true,
    }
}

#[test]
fn an_order_keeps_its_lines_and_an_exact_total() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let beans = store.create_product(product("BN-1", 1_295)).unwrap();
    let filter = store.create_product(product("FL-1", 399)).unwrap();
    let order = store
        .create_order(OrderFields {
            contact_id: ada,
            ordered_at: Timestamp(1_000),
            currency: Currency::EUR,
            lines: vec![
                OrderLine {
                    product_id: beans.id,
                    quantity: 3,
                    unit_price_minor: 1_295,
                },
                OrderLine {
                    product_id: filter.id,
                    quantity: 1,
                    unit_price_minor: 399,
                },
            ],
        })
        .unwrap();
    assert_eq!(store.order(order.id).unwrap().fields.lines.len(), 2);
    let history = store.orders_for_contact(ada, 10).unwrap();
    assert_eq!(
        (history[0].items, history[0].total),
        (4, Money::new(4_284, Currency::EUR))
    );
    store.delete(order.id).unwrap();
    assert!(store.orders_for_contact(ada, 10).unwrap().is_empty());
    store.restore(order.id).unwrap();
    assert_eq!(store.orders_for_contact(ada, 10).unwrap().len(), 1);
}

#[test]
fn bad_orders_are_refused_by_field() {
    let (_dir, mut store) = workspace();
    let ada = contact(&mut store, "Ada", "Lovelace");
    let beans = store.create_product(product("BN-1", 1_295)).unwrap();
    let empty = OrderFields {
        contact_id: ada,
        ordered_at: Timestamp(0),
        currency: Currency::EUR,
        lines: vec![],
    };
    assert_eq!(
        invalid_fields(store.create_order(empty.clone()).unwrap_err()),
        ["lines"]
    );
    let zero = OrderFields {
        lines: vec![OrderLine {
            product_id: beans.id,
            quantity: 0,
            unit_price_minor: 1,
        }],
        ..empty
    };
    assert_eq!(
        invalid_fields(store.create_order(zero).unwrap_err()),
        ["quantity"]
    );
}

#[test]
fn skus_are_unique_and_products_can_be_edited_deleted_and_restored() {
    let (_dir, mut store) = workspace();
    let p = store.create_product(product("BN-1", 1_295)).unwrap();
    assert_eq!(
        invalid_fields(store.create_product(product("BN-1", 1)).unwrap_err()),
        ["sku"]
    );
    assert_eq!(
        invalid_fields(store.create_product(product("", -1)).unwrap_err()),
        ["sku", "price"]
    );
    let mut f = p.fields.clone();
    f.price = Money::new(1_395, Currency::EUR);
    assert_eq!(
        store.update_product(p.id, f).unwrap().fields.price.minor,
        1_395
    );
    store.delete(p.id).unwrap();
    assert!(store.products().unwrap().is_empty());
    store.restore(p.id).unwrap();
    assert_eq!(store.products().unwrap().len(), 1);
}

#[test]
fn the_customer_table_adds_only_orders_in_the_main_currency() {
    let (_dir, mut store) = workspace();
    let ada = store
        .create_contact(ContactFields {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            age: Some(36),
            annual_income: Some(Money::new(50_000_00, Currency::EUR)),
            education_years: Some(16),
            ..Default::default()
        })
        .unwrap()
        .id;
    let beans = store.create_product(product("BN-1", 1_000)).unwrap();
    let order = |currency, unit_price_minor, at| OrderFields {
        contact_id: ada,
        ordered_at: Timestamp(at),
        currency,
        lines: vec![OrderLine {
            product_id: beans.id,
            quantity: 1,
            unit_price_minor,
        }],
    };
    store
        .create_order(order(Currency::EUR, 21_00, 1_000))
        .unwrap();
    store
        .create_order(order(Currency::EUR, 4_00, 2_000))
        .unwrap();
    store
        .create_order(order(Currency::USD, 48_500_00, 3_000))
        .unwrap();
    let table = store.customer_table().unwrap();
    assert_eq!(table.len(), 1);
    assert_eq!(
        table[0].monetary, 25.0,
        "euros only, not euros plus dollars"
    );
    assert_eq!(table[0].frequency, 2);
}

/// Incomes in the main income currency are compared; one in another currency is not taken at
/// face value (£500,000 is not ten times €50,000): it counts as not recorded.
#[test]
fn the_customer_table_takes_incomes_in_the_main_income_currency_only() {
    let (_dir, mut store) = workspace();
    let beans = store.create_product(product("BN-1", 1_000)).unwrap();
    let mut customer = |name: &str, income: Money| {
        let id = store
            .create_contact(ContactFields {
                first_name: name.into(),
                annual_income: Some(income),
                ..Default::default()
            })
            .unwrap()
            .id;
        store
            .create_order(OrderFields {
                contact_id: id,
                ordered_at: Timestamp(1_000),
                currency: Currency::EUR,
                lines: vec![OrderLine {
                    product_id: beans.id,
                    quantity: 1,
                    unit_price_minor: 10_00,
                }],
            })
            .unwrap();
    };
    customer("Anna", Money::new(45_000_00, Currency::EUR));
    customer("Bernd", Money::new(55_000_00, Currency::EUR));
    customer("Sven", Money::new(500_000_00, Currency::GBP));
    let incomes: Vec<Option<f64>> = store
        .customer_table()
        .unwrap()
        .iter()
        .map(|c| c.income)
        .collect();
    assert_eq!(incomes, [Some(45_000.0), Some(55_000.0), None]);
}

/// RFM scores the customers of the main currency; those who bought only in another are counted
/// and named beside the score, not silently dropped.
#[test]
fn customers_buying_only_in_another_currency_are_counted_apart() {
    let (_dir, mut store) = workspace();
    let beans = store.create_product(product("BN-1", 1_000)).unwrap();
    let mut person = |name: &str, currencies: &[Currency]| {
        let id = store
            .create_contact(ContactFields {
                first_name: name.into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        for (i, &currency) in currencies.iter().enumerate() {
            store
                .create_order(OrderFields {
                    contact_id: id,
                    ordered_at: Timestamp(1_000 + i as i64),
                    currency,
                    lines: vec![OrderLine {
                        product_id: beans.id,
                        quantity: 1,
                        unit_price_minor: 10_00,
                    }],
                })
                .unwrap();
        }
    };
    let usd = Currency::new("USD").unwrap();
    let gbp = Currency::new("GBP").unwrap();
    person(
        "Ada",
        &[Currency::EUR, Currency::EUR, Currency::EUR, Currency::EUR],
    );
    person("Bea", &[Currency::EUR, usd]);
    person("Cai", &[usd, usd]);
    person("Dov", &[usd]);
    person("Eli", &[gbp]);
    let (main, scored) = store.purchases().unwrap();
    assert_eq!(main, Currency::EUR);
    assert_eq!(scored.len(), 2, "Ada and Bea");
    let elsewhere = store.customers_buying_elsewhere(main).unwrap();
    assert_eq!(elsewhere, [(gbp, 1), (usd, 2)]);
    assert_eq!(
        kith::analytics::rfm::not_scored(&elsewhere).as_deref(),
        Some("1 customer buying in GBP, 2 customers buying in USD")
    );
}

#[test]
fn a_timeline_says_what_an_order_holds_and_a_companys_whose_it_is() {
    let (_dir, mut store) = workspace();
    let roastery = store
        .create_company(CompanyFields {
            name: "Nordlicht Bakery".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let ada = contact(&mut store, "Ada", "Lovelace");
    let mut fields = store.contact(ada).unwrap().fields;
    fields.company_id = Some(roastery);
    store.update_contact(ada, fields).unwrap();
    let products: Vec<ProductId> = ["BN-1", "FL-1", "KT-1", "MG-1", "GR-1"]
        .into_iter()
        .map(|sku| store.create_product(product(sku, 500)).unwrap().id)
        .collect();
    let line = |product_id, quantity| OrderLine {
        product_id,
        quantity,
        unit_price_minor: 500,
    };
    let order = |lines| OrderFields {
        contact_id: ada,
        ordered_at: Timestamp(1_000),
        currency: Currency::EUR,
        lines,
    };
    // The same beans on two lines are one item, their quantities added.
    store
        .create_order(order(vec![
            line(products[0], 1),
            line(products[1], 1),
            line(products[0], 1),
        ]))
        .unwrap();
    store
        .create_order(OrderFields {
            ordered_at: Timestamp(2_000),
            ..order(products.iter().map(|&p| line(p, 1)).collect())
        })
        .unwrap();

    let titles = |owner| {
        store
            .timeline(owner, 10)
            .unwrap()
            .into_iter()
            .map(|item| item.title)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        titles(kith::store::Owner::Contact(ada)),
        [
            "Product BN-1, Product FL-1, Product KT-1 and 2 more",
            "2 × Product BN-1, Product FL-1",
        ]
    );
    assert_eq!(
        titles(kith::store::Owner::Company(roastery))[1],
        "Ada Lovelace: 2 × Product BN-1, Product FL-1"
    );
}
