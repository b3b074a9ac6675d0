//! The ids an import created, as runs of consecutive ids: a million new contacts in one transaction
//! get consecutive ids, so they are one run whatever their number — one change-log row and one
//! search-index statement instead of a million.

/// Ascending, non-overlapping, inclusive runs of ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct IdRuns(Vec<(i64, i64)>);

impl IdRuns {
    /// Adds `id`, which must be greater than every id added before (new rows get growing ids).
    pub fn push(&mut self, id: i64) {
        match self.0.last_mut() {
            Some((_, last)) if *last + 1 == id => *last = id,
            _ => {
                debug_assert!(self.0.last().is_none_or(|(_, last)| *last < id));
                self.0.push((id, id));
            }
        }
    }

    pub fn runs(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.0.iter().copied()
    }

    pub fn contains(&self, id: i64) -> bool {
        // The runs ascend: the one that may hold `id` is the last starting at or before it.
        let after = self.0.partition_point(|&(first, _)| first <= id);
        after > 0 && id <= self.0[after - 1].1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_ids_make_one_run_and_a_gap_starts_another() {
        let mut runs = IdRuns::default();
        for id in [3, 4, 5, 9, 10, 12] {
            runs.push(id);
        }
        assert_eq!(runs.runs().collect::<Vec<_>>(), [(3, 5), (9, 10), (12, 12)]);
        assert!(runs.contains(4) && runs.contains(12) && !runs.contains(6));
    }
}
