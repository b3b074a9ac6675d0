//! Plain decimals (`-12`, `3542.71`) parsed without the general float parser: a million-row file
//! holds millions of them, and the general parser costs several times more per number.
//!
//! The fast path is Clinger's: when the digits fit in 2⁵³ and there are at most 22 of them after
//! the point, both the integer and the power of ten are exact doubles, and one IEEE division
//! rounds correctly, so the result is bit for bit what `str::parse::<f64>` gives. Anything else
//! (exponents, long digit strings, text) goes to `str::parse`.

/// The value of a cell, spaces around it ignored, or `None` if it is not a number.
pub(super) fn parse(cell: &[u8]) -> Option<f64> {
    fast(cell.trim_ascii()).or_else(|| std::str::from_utf8(cell).ok()?.trim().parse().ok())
}

fn fast(cell: &[u8]) -> Option<f64> {
    const POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    let (negative, digits) = match cell.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, cell),
    };
    let mut mantissa: u64 = 0;
    let mut count = 0usize;
    let mut after_point: Option<usize> = None;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                // 19 digits always fit in a u64; the 2⁵³ test below decides exactness.
                if count == 19 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(c - b'0');
                count += 1;
                if let Some(a) = after_point.as_mut() {
                    *a += 1;
                }
            }
            b'.' if after_point.is_none() => after_point = Some(0),
            _ => return None,
        }
    }
    let scale = after_point.unwrap_or(0);
    if count == 0 || mantissa > 1 << 53 || scale >= POWERS.len() {
        return None;
    }
    let value = mantissa as f64 / POWERS[scale];
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_parse_exactly_as_the_standard_parser_does() {
        for text in [
            "0",
            "-0",
            "12",
            "-12",
            "+7",
            "3542.71",
            "0.1",
            ".5",
            "1.",
            "95464",
            "0.000001",
            "123456789.123456",
            "9007199254740993",
            "1234567890123456789012",
            "1e5",
            "-2.5E-3",
            "inf",
            "NaN",
        ] {
            let std: Option<f64> = text.parse().ok();
            let ours = parse(text.as_bytes());
            assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{text}");
        }
    }

    #[test]
    fn spaces_around_a_number_do_not_matter() {
        assert_eq!(parse(b" 3.5 "), Some(3.5));
        assert_eq!(parse("\u{a0}42".as_bytes()), Some(42.0));
    }

    #[test]
    fn text_is_not_a_number() {
        for text in ["", "-", ".", "1.2.3", "12a", "1,5", "--1", "1 2"] {
            assert_eq!(parse(text.as_bytes()), None, "{text:?}");
        }
    }
}
