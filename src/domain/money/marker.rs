//! The currency an amount is written with: a symbol or an ISO code before or after the number,
//! as people copy amounts from invoices, bank statements and Kith's own screens ("€2,400.00",
//! "2.400,00 €", "EUR 2400", "US$ 99").

use super::Currency;
use crate::domain::validation::Problem;

/// `text` without the currency written with it, the sign kept in front ("-€5" and "€-5" are both
/// "-5"). A symbol or code of another currency than `currency` is refused: "$2,400" in a euro
/// field is no amount of euros. Anything else around the number is left for the number's own
/// check to refuse ("9x" is no amount, not a currency called "x").
pub(super) fn without_currency(text: &str, currency: Currency) -> Result<String, Problem> {
    let t = text.trim();
    let (mut sign, rest) = match t.strip_prefix(['-', '+']) {
        Some(rest) => (&t[..1], rest.trim_start()),
        None => ("", t),
    };
    let digit = |c: char| c.is_ascii_digit();
    let start = rest.find(digit).unwrap_or(rest.len());
    let end = rest.rfind(digit).map_or(start, |i| i + 1);
    let (mut before, number, after) = (rest[..start].trim(), &rest[start..end], rest[end..].trim());
    if sign.is_empty()
        && let Some(symbol) = before.strip_suffix('-')
    {
        (sign, before) = ("-", symbol.trim_end());
    }
    let marker = match (before, after) {
        (m, "") | ("", m) if !m.is_empty() => m,
        _ => return Ok(t.to_string()),
    };
    match names(marker, currency) {
        None => Ok(t.to_string()),
        Some(true) => Ok(format!("{sign}{number}")),
        Some(false) => Err(Problem::OtherCurrency(
            t.to_string(),
            currency.code().to_string(),
        )),
    }
}

/// Whether `marker` names `currency`; `None` when it names no currency at all.
fn names(marker: &str, currency: Currency) -> Option<bool> {
    if marker.len() == 3 && marker.bytes().all(|b| b.is_ascii_alphabetic()) {
        let code = Currency::new(marker).ok().filter(Currency::is_iso_4217)?;
        return Some(code == currency);
    }
    SYMBOLS
        .iter()
        .find(|(symbol, _)| symbol.eq_ignore_ascii_case(marker))
        .map(|(_, codes)| codes.contains(&currency.code()))
}

/// Symbols and the currencies that write them. "$" is many countries' dollar or peso, so it is
/// taken for any of them; a prefixed one ("A$", "R$") for its own alone.
const SYMBOLS: &[(&str, &[&str])] = &[
    ("€", &["EUR"]),
    ("£", &["GBP", "GIP", "FKP", "SHP", "EGP"]),
    ("¥", &["JPY", "CNY"]),
    ("￥", &["JPY", "CNY"]),
    (
        "$",
        &[
            "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP", "COP", "CUP",
            "DOP", "UYU", "BSD", "BBD", "BZD", "BMD", "BND", "FJD", "GYD", "JMD", "KYD", "LRD",
            "NAD", "SBD", "SRD", "TTD", "XCD",
        ],
    ),
    ("US$", &["USD"]),
    ("A$", &["AUD"]),
    ("AU$", &["AUD"]),
    ("C$", &["CAD"]),
    ("CA$", &["CAD"]),
    ("NZ$", &["NZD"]),
    ("HK$", &["HKD"]),
    ("S$", &["SGD"]),
    ("NT$", &["TWD"]),
    ("MX$", &["MXN"]),
    ("R$", &["BRL"]),
    ("₹", &["INR"]),
    ("₩", &["KRW"]),
    ("₽", &["RUB"]),
    ("₺", &["TRY"]),
    ("₪", &["ILS"]),
    ("₫", &["VND"]),
    ("₱", &["PHP"]),
    ("฿", &["THB"]),
    ("₴", &["UAH"]),
    ("zł", &["PLN"]),
    ("Kč", &["CZK"]),
    ("Ft", &["HUF"]),
    ("kr", &["SEK", "NOK", "DKK", "ISK"]),
    ("kr.", &["SEK", "NOK", "DKK", "ISK"]),
    ("Fr.", &["CHF"]),
    ("lei", &["RON"]),
];
