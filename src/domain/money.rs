//! Money as integer minor units with an ISO 4217 currency. Parsing and formatting work on the decimal
//! digits directly, so no amount ever passes through floating point.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::validation::Problem;

mod marker;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub const EUR: Currency = Currency(*b"EUR");
    pub const USD: Currency = Currency(*b"USD");
    pub const GBP: Currency = Currency(*b"GBP");

    pub fn new(code: &str) -> Result<Self, Problem> {
        let code = code.trim();
        match code.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_alphabetic()) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(Problem::BadCurrency(code.to_string())),
        }
    }

    /// Whether the code is a currency ISO 4217 lists today: "XYZ" has the form of a code but is
    /// no money anyone can be paid in. Forms and imports check it; stored data is read whatever
    /// its code, so an old or odd one never makes a workspace unreadable.
    pub fn is_iso_4217(&self) -> bool {
        ISO_4217.binary_search(&self.0).is_ok()
    }

    pub fn code(&self) -> &str {
        // Built only from three ASCII letters, so always valid UTF-8.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Digits after the decimal point (ISO 4217); two unless the currency is known to differ.
    pub fn minor_digits(&self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"ISK" | b"CLP" | b"VND" | b"XOF" | b"XAF" | b"HUF" | b"UGX"
            | b"PYG" => 0,
            b"BHD" | b"KWD" | b"OMR" | b"JOD" | b"TND" | b"LYD" | b"IQD" => 3,
            _ => 2,
        }
    }

    fn symbol(&self) -> Option<&'static str> {
        match &self.0 {
            b"EUR" => Some("€"),
            b"USD" => Some("$"),
            b"GBP" => Some("£"),
            b"JPY" => Some("¥"),
            _ => None,
        }
    }
}

/// The active ISO 4217 currency codes, sorted.
const ISO_4217: &[[u8; 3]] = &[
    *b"AED", *b"AFN", *b"ALL", *b"AMD", *b"ANG", *b"AOA", *b"ARS", *b"AUD", *b"AWG", *b"AZN",
    *b"BAM", *b"BBD", *b"BDT", *b"BGN", *b"BHD", *b"BIF", *b"BMD", *b"BND", *b"BOB", *b"BRL",
    *b"BSD", *b"BTN", *b"BWP", *b"BYN", *b"BZD", *b"CAD", *b"CDF", *b"CHF", *b"CLP", *b"CNY",
    *b"COP", *b"CRC", *b"CUP", *b"CVE", *b"CZK", *b"DJF", *b"DKK", *b"DOP", *b"DZD", *b"EGP",
    *b"ERN", *b"ETB", *b"EUR", *b"FJD", *b"FKP", *b"GBP", *b"GEL", *b"GHS", *b"GIP", *b"GMD",
    *b"GNF", *b"GTQ", *b"GYD", *b"HKD", *b"HNL", *b"HTG", *b"HUF", *b"IDR", *b"ILS", *b"INR",
    *b"IQD", *b"IRR", *b"ISK", *b"JMD", *b"JOD", *b"JPY", *b"KES", *b"KGS", *b"KHR", *b"KMF",
    *b"KPW", *b"KRW", *b"KWD", *b"KYD", *b"KZT", *b"LAK", *b"LBP", *b"LKR", *b"LRD", *b"LSL",
    *b"LYD", *b"MAD", *b"MDL", *b"MGA", *b"MKD", *b"MMK", *b"MNT", *b"MOP", *b"MRU", *b"MUR",
    *b"MVR", *b"MWK", *b"MXN", *b"MYR", *b"MZN", *b"NAD", *b"NGN", *b"NIO", *b"NOK", *b"NPR",
    *b"NZD", *b"OMR", *b"PAB", *b"PEN", *b"PGK", *b"PHP", *b"PKR", *b"PLN", *b"PYG", *b"QAR",
    *b"RON", *b"RSD", *b"RUB", *b"RWF", *b"SAR", *b"SBD", *b"SCR", *b"SDG", *b"SEK", *b"SGD",
    *b"SHP", *b"SLE", *b"SLL", *b"SOS", *b"SRD", *b"SSP", *b"STN", *b"SVC", *b"SYP", *b"SZL",
    *b"THB", *b"TJS", *b"TMT", *b"TND", *b"TOP", *b"TRY", *b"TTD", *b"TWD", *b"TZS", *b"UAH",
    *b"UGX", *b"USD", *b"UYU", *b"UZS", *b"VES", *b"VND", *b"VUV", *b"WST", *b"XAF", *b"XCD",
    *b"XCG", *b"XOF", *b"XPF", *b"YER", *b"ZAR", *b"ZMW", *b"ZWG", *b"ZWL",
];

impl TryFrom<String> for Currency {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        Currency::new(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_string()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Amounts beyond this many minor units (ten trillion in a currency with cents) are no one's
/// figures; weighted by a percentage and summed in a report they would overflow 64 bits.
pub const MAX_MINOR: i64 = 1_000_000_000_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Money { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Money { minor: 0, currency }
    }

    /// Parses what people type: "1234.5", "-1,234.56", "1 234,56", "1.234.567" (grouped
    /// thousands), with the currency's symbol or code if they copied it ("2.400,00 €"). The last '.' or ',' is the decimal separator when at most the currency's minor
    /// digits follow it; any other separator must group whole thousands. A lone dot before three
    /// digits ("2.500") is refused as ambiguous: Kith writes amounts as 2,500.00, so to a user
    /// reading them it is 2.5, and to one writing German numbers 2500; a typo ("500.999") made it
    /// a thousand times the amount meant.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, Problem> {
        let bad = || Problem::BadAmount(text.to_string());
        let digits_after = currency.minor_digits() as usize;
        let number = marker::without_currency(text, currency)?;
        let t = number.as_str();
        let (negative, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let split = body.rfind(['.', ',']).filter(|&i| {
            let frac = &body[i + 1..];
            !frac.is_empty()
                && frac.len() <= digits_after
                && frac.bytes().all(|b| b.is_ascii_digit())
        });
        let (whole, frac) = match split {
            Some(i) => (&body[..i], &body[i + 1..]),
            None => (body, ""),
        };
        // Yen and the like have no minor unit: "1234.5" is a mistake, not 12,345 yen, and advice
        // to write two decimals would be wrong for them.
        if digits_after == 0
            && let Some(i) = body.rfind(['.', ','])
            && let tail = &body[i + 1..]
            && (1..=2).contains(&tail.len())
            && tail.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Problem::NoMinorUnits(
                text.trim().to_string(),
                currency.code().to_string(),
            ));
        }
        // In a currency of three decimals, "2,500" reads as a thousands comma as much as a decimal
        // one (it had become 2.500 KWD, a thousand times less than meant). Kith writes those
        // amounts with a point, so "2.500" stays 2.5 and round-trips.
        if digits_after == 3
            && let Some(i) = split
            && body[i..].starts_with(',')
            && frac.len() == 3
            && !whole.is_empty()
            && whole.len() <= 3
            && whole.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Problem::AmbiguousAmount(text.trim().to_string()));
        }
        let groups: Vec<&str> = whole.split([',', '.', '\'', ' ', '\u{a0}', '_']).collect();
        // With no minor unit, "1.500" can only be thousands.
        if split.is_none()
            && digits_after > 0
            && groups.len() == 2
            && whole.matches('.').count() == 1
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Problem::AmbiguousAmount(text.trim().to_string()));
        }
        let well_grouped = groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
            && (groups.len() == 1
                || (!groups[0].is_empty()
                    && groups[0].len() <= 3
                    && groups[1..].iter().all(|g| g.len() == 3)));
        // "12.345,678": two kinds of grouping in one number is no number anyone writes.
        let mixed = whole.contains('.') && whole.contains(',');
        if !well_grouped || mixed || (whole.is_empty() && frac.is_empty()) {
            return Err(bad());
        }
        // A well-written number past what an integer holds is a number, too large: "is not a
        // valid amount" had sent the user looking for a typo in "99999999999999999999".
        let mut minor: i64 = 0;
        for b in groups.concat().bytes().chain(frac.bytes()) {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(b - b'0')))
                .ok_or(Problem::TooLarge)?;
        }
        for _ in frac.len()..digits_after {
            minor = minor.checked_mul(10).ok_or(Problem::TooLarge)?;
        }
        Ok(Money {
            minor: if negative { -minor } else { minor },
            currency,
        })
    }

    /// The plain decimal amount without grouping or symbol: "-1234.50". Round-trips through `parse`.
    pub fn to_decimal_string(&self) -> String {
        let digits = self.currency.minor_digits();
        let abs = self.minor.unsigned_abs();
        let sign = if self.minor < 0 { "-" } else { "" };
        if digits == 0 {
            return format!("{sign}{abs}");
        }
        let scale = 10_u64.pow(digits);
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = digits as usize
        )
    }

    /// For people: grouped thousands with the currency's symbol or code: "€1,234.50", "1,000 JPY".
    pub fn display(&self) -> String {
        let plain = self.to_decimal_string();
        let (sign, rest) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |r| ("-", r));
        let (whole, frac) = rest
            .split_once('.')
            .map_or((rest, None), |(w, f)| (w, Some(f)));
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let number = match frac {
            Some(f) => format!("{grouped}.{f}"),
            None => grouped,
        };
        match self.currency.symbol() {
            Some(sym) => format!("{sign}{sym}{number}"),
            None => format!("{sign}{number} {}", self.currency.code()),
        }
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| {
                self.minor
                    .checked_add(other.minor)
                    .map(|m| Money::new(m, self.currency))
            })
            .flatten()
    }

    /// `percent` of this amount, rounded half away from zero, in integers: used for weighted sums.
    pub fn percent(self, percent: i64) -> Money {
        let product = i128::from(self.minor) * i128::from(percent);
        let rounded = if product >= 0 {
            (product + 50) / 100
        } else {
            (product - 50) / 100
        };
        Money::new(
            rounded.clamp(i64::MIN.into(), i64::MAX.into()) as i64,
            self.currency,
        )
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_past_what_is_held_is_too_large_not_invalid() {
        let eur = Currency::new("EUR").unwrap();
        assert_eq!(
            Money::parse("99999999999999999999", eur),
            Err(Problem::TooLarge)
        );
        assert_eq!(
            Money::parse("9x", eur),
            Err(Problem::BadAmount("9x".into()))
        );
    }

    /// "2,500 KWD" could be two and a half dinars or two thousand five hundred: asked, not read
    /// as 2.500 (a thousand times less than the 2,500 EUR the same typing gives). Kith's own
    /// "2.500" still reads back as written.
    #[test]
    fn a_comma_before_three_digits_in_a_three_decimal_currency_is_asked_about() {
        let kwd = Currency::new("KWD").unwrap();
        assert_eq!(
            Money::parse("2,500", kwd),
            Err(Problem::AmbiguousAmount("2,500".into()))
        );
        assert_eq!(Money::parse("2.500", kwd).unwrap().minor, 2_500);
        assert_eq!(Money::parse("2,500.000", kwd).unwrap().minor, 2_500_000);
        assert_eq!(Money::parse("2,5", kwd).unwrap().minor, 2_500);
        let amount = Money::new(1_234_567, kwd);
        assert_eq!(
            Money::parse(&amount.to_decimal_string(), kwd).unwrap(),
            amount
        );
    }

    #[test]
    fn only_currencies_that_exist_are_iso_4217() {
        assert!(
            ISO_4217.windows(2).all(|w| w[0] < w[1]),
            "sorted, for the search"
        );
        for code in ["EUR", "usd", "JPY", "CHF", "KWD"] {
            assert!(Currency::new(code).unwrap().is_iso_4217(), "{code}");
        }
        assert!(!Currency::new("XYZ").unwrap().is_iso_4217());
    }

    #[test]
    fn amounts_parse_exactly_without_floats() {
        let eur = Currency::EUR;
        assert_eq!(Money::parse("1234.56", eur).unwrap().minor, 123_456);
        assert_eq!(Money::parse("-1,234.5", eur).unwrap().minor, -123_450);
        assert_eq!(Money::parse("1 234,56", eur).unwrap().minor, 123_456);
        assert_eq!(Money::parse("0.1", eur).unwrap().minor, 10);
        assert_eq!(Money::parse(".07", eur).unwrap().minor, 7);
        assert_eq!(Money::parse("1.234,5", eur).unwrap().minor, 123_450);
        assert_eq!(Money::parse("1.234.567", eur).unwrap().minor, 123_456_700);
        assert_eq!(Money::parse("1,234", eur).unwrap().minor, 123_400);
        assert_eq!(
            Money::parse("2.500", Currency::new("KWD").unwrap())
                .unwrap()
                .minor,
            2_500
        );
        for ambiguous in ["2.500", "500.999", "-1.234"] {
            assert_eq!(
                Money::parse(ambiguous, eur),
                Err(Problem::AmbiguousAmount(ambiguous.into())),
                "{ambiguous}"
            );
        }
        // A currency without minor units: decimals are named as such, "1.500" is thousands.
        let yen = Currency::new("JPY").unwrap();
        for decimals in ["1234.5", "1234.50", "1,5"] {
            assert_eq!(
                Money::parse(decimals, yen),
                Err(Problem::NoMinorUnits(decimals.into(), "JPY".into())),
                "{decimals}"
            );
        }
        assert_eq!(Money::parse("1.500", yen).unwrap().minor, 1_500);
        assert_eq!(Money::parse("150,000", yen).unwrap().minor, 150_000);
        assert_eq!(Money::parse("150000", yen).unwrap().minor, 150_000);
        // 0.1 + 0.2 is the classic float trap; here it is exact.
        let sum = Money::parse("0.1", eur)
            .unwrap()
            .checked_add(Money::parse("0.2", eur).unwrap())
            .unwrap();
        assert_eq!(sum.minor, 30);
        // Values beyond f64's 53-bit mantissa survive a round trip digit for digit.
        let big = Money::parse("92233720368547758.07", eur).unwrap();
        assert_eq!(big.minor, i64::MAX);
        assert_eq!(big.to_decimal_string(), "92233720368547758.07");
        let odd = Money::new(9_007_199_254_740_993, eur);
        assert_eq!(Money::parse(&odd.to_decimal_string(), eur).unwrap(), odd);
    }

    /// Amounts copied from an invoice, a bank statement or Kith's own screens carry their
    /// currency; "2.400,00 €" had been refused as no amount.
    #[test]
    fn an_amount_may_carry_its_own_currency_but_not_another() {
        let eur = Currency::EUR;
        let usd = Currency::USD;
        for typed in [
            "2.400,00 €",
            "€2,400.00",
            "€ 2400",
            "2400 EUR",
            "eur 2,400",
            "2400€",
        ] {
            assert_eq!(Money::parse(typed, eur).unwrap().minor, 240_000, "{typed}");
        }
        for typed in ["-€5", "€-5", "- 5 €", "-5 EUR"] {
            assert_eq!(Money::parse(typed, eur).unwrap().minor, -500, "{typed}");
        }
        assert_eq!(Money::parse("$1,999.99", usd).unwrap().minor, 199_999);
        assert_eq!(Money::parse("US$ 5", usd).unwrap().minor, 500);
        assert_eq!(
            Money::parse("1 500 kr", Currency::new("SEK").unwrap())
                .unwrap()
                .minor,
            150_000
        );
        // What Kith shows reads back as the same amount.
        let shown = Money::new(-123_456_789, eur).display();
        assert_eq!(Money::parse(&shown, eur).unwrap().minor, -123_456_789);
        for other in ["$2,400", "2400 USD", "£5", "A$5"] {
            assert_eq!(
                Money::parse(other, eur),
                Err(Problem::OtherCurrency(other.into(), "EUR".into())),
                "{other}"
            );
        }
        assert_eq!(
            Money::parse("$2,400", eur).unwrap_err().to_string(),
            "\"$2,400\" names another currency than EUR"
        );
        // Not a currency: the number's own check says what is wrong.
        for bad in ["9x", "EUR", "€", "€5 EUR", "5 XYZ", "2.500 €"] {
            assert!(Money::parse(bad, eur).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_amounts_are_rejected_not_guessed() {
        for bad in [
            "",
            "-",
            "abc",
            "1.2.3x",
            "1.2345",
            "12,34,567",
            "92233720368547758.08",
            "12e3",
            "1.-5",
            "12.345,678",
            "1.234,567.5",
        ] {
            assert!(Money::parse(bad, Currency::EUR).is_err(), "{bad}");
        }
    }

    #[test]
    fn currencies_with_other_minor_units() {
        assert_eq!(
            Money::parse("1500", Currency::new("jpy").unwrap())
                .unwrap()
                .minor,
            1500
        );
        assert_eq!(
            Money::parse("1.5", Currency::new("KWD").unwrap())
                .unwrap()
                .minor,
            1500
        );
        assert_eq!(
            Money::new(150_000, Currency::new("JPY").unwrap()).display(),
            "¥150,000"
        );
        assert!(Currency::new("EURO").is_err());
    }

    #[test]
    fn display_groups_thousands() {
        assert_eq!(
            Money::new(123_456_789, Currency::EUR).display(),
            "€1,234,567.89"
        );
        assert_eq!(Money::new(-5, Currency::USD).display(), "-$0.05");
        assert_eq!(
            Money::new(100, Currency::new("CHF").unwrap()).display(),
            "1.00 CHF"
        );
    }

    #[test]
    fn weighted_amounts_round_in_integers() {
        assert_eq!(Money::new(1001, Currency::EUR).percent(50).minor, 501);
        assert_eq!(Money::new(-1001, Currency::EUR).percent(50).minor, -501);
        assert!(
            Money::new(1, Currency::EUR)
                .checked_add(Money::new(1, Currency::USD))
                .is_none()
        );
    }
}
