//! Thresholds held as exact fractions, so that "confidence ≥ 0.6" keeps a rule whose confidence is
//! exactly 3/5: the decimal the user typed becomes `num / den` and every comparison is a product of
//! integers, never a rounded float.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A non-negative decimal number, exactly: `num / den` in lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: u128,
    den: u128,
}

/// Denominators above 10^18 (more than 18 decimal places) are refused: no threshold needs them,
/// and the bound keeps every product below in range.
const MAX_DEN: u128 = 1_000_000_000_000_000_000;
const MAX_NUM: u128 = MAX_DEN * MAX_DEN;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a plain non-negative decimal number (like 0.01 or 1e-3) with at most 18 decimal places"
)]
pub struct RatioError(pub String);

impl Ratio {
    pub const ONE: Ratio = Ratio { num: 1, den: 1 };
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    pub fn new(num: u128, den: u128) -> Ratio {
        assert!(den > 0, "a ratio needs a positive denominator");
        let g = gcd(num, den);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    pub fn numerator(self) -> u128 {
        self.num
    }

    pub fn denominator(self) -> u128 {
        self.den
    }

    pub fn as_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// ceil(self × n), exactly.
    pub fn ceil_times(self, n: u64) -> u128 {
        let (hi, lo) = mul_wide(self.num, u128::from(n));
        // self ≤ MAX_NUM / 1 and n < 2^64 keep the product below 2^128 for every threshold
        // up to 10^18; above that we saturate, which is "more than any count" anyway.
        if hi != 0 {
            return u128::MAX;
        }
        lo.div_ceil(self.den)
    }

    /// Whether `a / b ≥ self`, i.e. `a · den ≥ num · b`, for non-negative integers.
    pub fn at_most(self, a: u128, b: u128) -> bool {
        mul_wide(a, self.den) >= mul_wide(self.num, b)
    }

    /// Whether `self ≤ 1`.
    pub fn is_at_most_one(self) -> bool {
        self.num <= self.den
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}", self.as_f64())
        }
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        mul_wide(self.num, other.den).cmp(&mul_wide(other.num, self.den))
    }
}

impl FromStr for Ratio {
    type Err = RatioError;

    /// Parses `12`, `0.01`, `.5`, `1e-3`, `2.5E2`: digits, an optional point, an optional exponent.
    fn from_str(s: &str) -> Result<Ratio, RatioError> {
        let bad = || RatioError(s.to_string());
        let text = s.trim();
        let text = text.strip_prefix('+').unwrap_or(text);
        let (mantissa, exponent) = match text.find(['e', 'E']) {
            Some(at) => {
                let e: i32 = text[at + 1..].parse().map_err(|_| bad())?;
                (&text[..at], e)
            }
            None => (text, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if whole.is_empty() && fraction.is_empty() {
            return Err(bad());
        }
        if !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let mut num: u128 = 0;
        for b in whole.bytes().chain(fraction.bytes()) {
            num = num
                .checked_mul(10)
                .and_then(|n| n.checked_add(u128::from(b - b'0')))
                .filter(|&n| n <= MAX_NUM)
                .ok_or_else(bad)?;
        }
        let scale = exponent - i32::try_from(fraction.len()).map_err(|_| bad())?;
        let (num, den) = if scale >= 0 {
            let factor = 10u128.checked_pow(scale.unsigned_abs()).ok_or_else(bad)?;
            let num = num
                .checked_mul(factor)
                .filter(|&n| n <= MAX_NUM)
                .ok_or_else(bad)?;
            (num, 1)
        } else {
            // Trailing zeros may make a long fraction short again (0.5000…0 is 1/2).
            let mut num = num;
            let mut places = scale.unsigned_abs();
            while places > 0 && num > 0 && num.is_multiple_of(10) {
                num /= 10;
                places -= 1;
            }
            if num == 0 {
                places = 0;
            }
            let den = 10u128.checked_pow(places).filter(|&d| d <= MAX_DEN);
            (num, den.ok_or_else(bad)?)
        };
        Ok(Ratio::new(num, den))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    if a == 0 { 1 } else { a }
}

/// The full 256-bit product of two u128, as (high, low) — compared lexicographically it orders
/// the products exactly.
pub(crate) fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & LOW);
    let (b1, b0) = (b >> 64, b & LOW);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let middle = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
    let lo = (p00 & LOW) | (middle << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
    (hi, lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Ratio {
        s.parse().unwrap()
    }

    #[test]
    fn decimals_become_exact_fractions() {
        assert_eq!(r("0.3"), Ratio::new(3, 10));
        assert_eq!(r("0.30"), Ratio::new(3, 10));
        assert_eq!(r(".5"), Ratio::new(1, 2));
        assert_eq!(r("1e-3"), Ratio::new(1, 1000));
        assert_eq!(r("2.5E2"), Ratio::new(250, 1));
        assert_eq!(r("1"), Ratio::ONE);
        assert_eq!(r("0"), Ratio::ZERO);
        for bad in [
            "",
            ".",
            "-0.1",
            "abc",
            "0.1.2",
            "1e",
            "nan",
            "inf",
            "0.0000000000000000001",
        ] {
            assert!(bad.parse::<Ratio>().is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn min_count_is_the_exact_ceiling() {
        // 0.3 × 10 is 3.0000000000000004 in floats; exactly it is 3.
        assert_eq!(r("0.3").ceil_times(10), 3);
        assert_eq!(r("0.01").ceil_times(9835), 99);
        assert_eq!(r("0.01").ceil_times(88162), 882);
        assert_eq!(r("0.01").ceil_times(100), 1);
        assert_eq!(r("0.011").ceil_times(100), 2);
    }

    #[test]
    fn a_ratio_exactly_on_the_threshold_passes() {
        // 0.1 + 0.2 style float trouble: 3/5 vs "0.6".
        assert!(r("0.6").at_most(3, 5));
        assert!(r("0.6").at_most(600, 1000));
        assert!(!r("0.6").at_most(599, 1000));
        assert!(r("0.7").at_most(7, 10));
    }

    #[test]
    fn wide_products_order_exactly() {
        let big = u128::MAX;
        assert_eq!(mul_wide(big, big), (big - 1, 1));
        assert_eq!(mul_wide(1 << 64, 1 << 64), (1, 0));
        assert!(mul_wide(big, 2) > mul_wide(big - 1, 2));
    }
}
