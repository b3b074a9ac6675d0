//! Text complexity from the seed: S(x) = ½ · log2(N), where N is the number of distinct characters in
//! the text. A one-word note scores low, a varied paragraph higher; an empty text scores 0.

use std::collections::HashSet;

pub fn complexity(text: &str) -> f64 {
    let distinct = text.chars().collect::<HashSet<_>>().len();
    if distinct == 0 {
        0.0
    } else {
        0.5 * (distinct as f64).log2()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complexity_is_half_the_log2_of_the_distinct_characters() {
        assert_eq!(complexity(""), 0.0);
        assert_eq!(complexity("aaaa"), 0.0);
        assert_eq!(complexity("abab"), 0.5);
        assert_eq!(complexity("abcd"), 1.0);
        // Characters, not bytes: "ééé" is one distinct character.
        assert_eq!(complexity("ééé"), 0.0);
    }
}
