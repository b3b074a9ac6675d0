//! How numbers and names are written on charts: short tick labels, whole money amounts, names cut to
//! fit their slot.

use crate::domain::{Currency, Money};
pub use crate::words::{count, grouped};

/// A tick label: at most four significant characters plus a suffix ("1.2M", "350k", "42", "0.35").
pub fn number(v: f64) -> String {
    let a = v.abs();
    let text = if a >= 1e9 {
        format!("{:.1}G", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", v / 1e3)
    } else if a >= 10.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else if a >= 0.01 {
        format!("{v:.2}")
    } else {
        format!("{v:.1e}")
    };
    // "1.0M" reads better as "1M", "0.50" as "0.5" (beside "1" and "1.5"); "-0" as "0".
    let text = text
        .replace(".0M", "M")
        .replace(".0k", "k")
        .replace(".0G", "G");
    let plain = !text.contains('e') && text.ends_with(|c: char| c.is_ascii_digit());
    let text = if plain && text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".into() } else { text }
}

/// From this size a number is written with an exponent: "1.00e308", not 309 digits that run
/// off the window (nor, through an integer, 9,223,372,036,854,775,807).
const EXPONENT_FROM: f64 = 1e12;

/// A value with three significant digits, for labels next to bars ("0.00123", "45.7", "12,300").
pub fn significant(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if a >= EXPONENT_FROM {
        format!("{v:.2e}")
    } else if a >= 1000.0 {
        grouped(v.round() as i64)
    } else {
        let digits = (2 - a.log10().floor() as i32).max(0) as usize;
        format!("{v:.digits$}")
    }
}

/// A parameter as typed, in full ("0.35", "12"), but with an exponent when it is huge ("1.00e300"):
/// it still reads back as the same kind of number.
pub fn plain_number(v: f64) -> String {
    if v.abs() >= EXPONENT_FROM {
        format!("{v:.2e}")
    } else {
        v.to_string()
    }
}

/// Money in minor units as a plotting coordinate in major units (the only place money is a float).
pub fn major(minor: i64, currency: Currency) -> f64 {
    minor as f64 / 10f64.powi(currency.minor_digits() as i32)
}

/// Money rounded to whole major units for a label: "€12,346".
pub fn money_whole(minor: i64, currency: Currency) -> String {
    let scale = 10i64.pow(currency.minor_digits());
    // Round half away from zero in integers.
    let half = scale / 2;
    let whole = if minor >= 0 {
        (minor + half) / scale
    } else {
        (minor - half) / scale
    };
    // Less than half a unit is not nothing: a campaign that cost €0.01 read "on €0", the words the
    // chart keeps for one with no cost yet.
    if whole == 0 && minor != 0 {
        return Money::new(minor, currency).display();
    }
    let text = Money::new(whole * scale, currency).display();
    match text.rsplit_once('.') {
        Some((head, tail))
            if tail
                .chars()
                .take_while(char::is_ascii_digit)
                .all(|c| c == '0') =>
        {
            let rest: String = tail.chars().skip_while(char::is_ascii_digit).collect();
            format!("{head}{rest}")
        }
        _ => text,
    }
}

/// Money for a label beside a percentage worked out from it: exact below a thousand units
/// ("£100.50", so "-67 % (£100.50 on £300)" adds up, where "£101" gave -66 %), whole above
/// ("€12,346"), where the cents cannot move the percentage shown.
pub fn money_label(minor: i64, currency: Currency) -> String {
    let scale = 10i64.pow(currency.minor_digits());
    if minor % scale != 0 && minor.unsigned_abs() < 1000 * scale.unsigned_abs() {
        Money::new(minor, currency).display()
    } else {
        money_whole(minor, currency)
    }
}

/// A name cut to `max` characters with an ellipsis, so long product or campaign names never run
/// into each other.
pub fn truncate(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let kept: String = name.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Names cut to `max` characters as [`truncate`] cuts them, unless that makes two different
/// names read the same ("Wholesale beans contract —…" four times over): those keep their start
/// and their end, cut in the middle, where deal titles and products differ.
pub fn short_labels(names: &[String], max: usize) -> Vec<String> {
    let cut: Vec<String> = names.iter().map(|n| truncate(n, max)).collect();
    cut.iter()
        .zip(names)
        .map(|(short, name)| {
            let clash = cut
                .iter()
                .zip(names)
                .any(|(other, other_name)| other == short && other_name != name);
            if !clash {
                return short.clone();
            }
            let chars: Vec<char> = name.chars().collect();
            let head = max.saturating_sub(1) / 2;
            let tail = max.saturating_sub(1) - head;
            let start: String = chars[..head].iter().collect();
            let end: String = chars[chars.len() - tail..].iter().collect();
            format!("{}…{}", start.trim_end(), end.trim_start())
        })
        .collect()
}

/// "42.1 %".
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_labels_stay_short() {
        assert_eq!(number(1_250_000.0), "1.2M");
        assert_eq!(number(1_000_000.0), "1M");
        assert_eq!(number(350_000.0), "350k");
        assert_eq!(number(1_500.0), "1.5k");
        assert_eq!(number(42.0), "42");
        assert_eq!(number(4.0), "4");
        assert_eq!(number(0.35), "0.35");
        assert_eq!(number(0.5), "0.5", "beside 1 and 1.5");
        assert_eq!(number(2.50), "2.5");
        assert_eq!(number(0.0002), "2.0e-4");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(-20_000.0), "-20k");
    }

    #[test]
    fn bar_labels_keep_three_significant_digits() {
        assert_eq!(significant(0.001234), "0.00123");
        assert_eq!(significant(45.67), "45.7");
        assert_eq!(significant(-3.0), "-3.00");
        assert_eq!(significant(12_345.6), "12,346");
        // Past an integer's reach, and past the window's width: with an exponent.
        assert_eq!(significant(1e308), "1.00e308");
        assert_eq!(plain_number(1e300), "1.00e300");
        assert_eq!(plain_number(0.35), "0.35");
    }

    #[test]
    fn money_labels_round_to_whole_units_in_integers() {
        assert_eq!(money_whole(1_234_550, Currency::EUR), "€12,346");
        assert_eq!(money_label(10_050, Currency::EUR), "€100.50");
        assert_eq!(money_label(30_000, Currency::EUR), "€300");
        assert_eq!(money_label(1_234_550, Currency::EUR), "€12,346");
        assert_eq!(
            money_label(150_000, Currency::new("JPY").unwrap()),
            "¥150,000"
        );
        assert_eq!(money_whole(-150, Currency::EUR), "-€2");
        // A cost of a cent is not "€0", which means no cost at all.
        assert_eq!(money_whole(1, Currency::EUR), "€0.01");
        assert_eq!(money_whole(-49, Currency::EUR), "-€0.49");
        assert_eq!(money_whole(0, Currency::EUR), "€0");
        assert_eq!(
            money_whole(1000, Currency::new("KRW").unwrap()),
            "1,000 KRW"
        );
        assert_eq!(money_whole(99_00, Currency::new("CHF").unwrap()), "99 CHF");
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("Espresso", 10), "Espresso");
        assert_eq!(truncate("Espresso machine deluxe", 10), "Espresso…");
        assert_eq!(truncate("日本語のとても長い名前", 4), "日本語…");
        let deals: Vec<String> = [
            "Wholesale beans contract — Nordlicht Bakery",
            "Wholesale beans contract — Café Lumen",
            "Espresso bar",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            short_labels(&deals, 20),
            [
                "Wholesale…cht Bakery",
                "Wholesale…Café Lumen",
                "Espresso bar"
            ]
        );
    }
}
