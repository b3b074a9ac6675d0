//! RFM: how recently, how often and how much each customer buys, scored 1–5 by quintile (5 best),
//! and the loyalty segment those scores put them in.

use serde::Serialize;

/// One customer's purchase history in figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchases {
    pub contact: i64,
    pub name: String,
    /// Days since the last order (0 = today).
    pub recency_days: i64,
    pub frequency: u64,
    /// Total spent, in minor units of the workspace's main currency.
    pub monetary_minor: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    Champions,
    Loyal,
    PotentialLoyalists,
    NewCustomers,
    NeedAttention,
    AtRisk,
    CannotLose,
    Hibernating,
    Lost,
}

/// Written as people read it ("Potential loyalists"), the same in a JSON report as in the CSV and
/// on screen.
impl Serialize for Segment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

impl Segment {
    pub const ALL: [Segment; 9] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::NewCustomers,
        Segment::NeedAttention,
        Segment::AtRisk,
        Segment::CannotLose,
        Segment::Hibernating,
        Segment::Lost,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal",
            Segment::PotentialLoyalists => "Potential loyalists",
            Segment::NewCustomers => "New customers",
            Segment::NeedAttention => "Need attention",
            Segment::AtRisk => "At risk",
            Segment::CannotLose => "Can't lose them",
            Segment::Hibernating => "Hibernating",
            Segment::Lost => "Lost",
        }
    }

    /// The usual RFM grid on recency and frequency scores.
    pub fn of(r: u8, f: u8) -> Segment {
        match (r, f) {
            (4..=5, 4..=5) => Segment::Champions,
            (1, 5) => Segment::CannotLose,
            (1..=2, 4..=5) => Segment::AtRisk,
            (3..=5, 3..=5) => Segment::Loyal,
            (5, 1) => Segment::NewCustomers,
            (4..=5, 1..=2) => Segment::PotentialLoyalists,
            (3, _) => Segment::NeedAttention,
            (2, _) => Segment::Hibernating,
            _ => Segment::Lost,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub contact: i64,
    pub name: String,
    pub recency_days: i64,
    pub frequency: u64,
    pub monetary_minor: i64,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

/// The columns of `rfm.csv`, as `kith analyze rfm` and the panel's export write it.
pub const SCORE_COLUMNS: [&str; 9] = [
    "contact_id",
    "name",
    "recency_days",
    "frequency",
    "monetary",
    "r",
    "f",
    "m",
    "segment",
];

/// `score` as a row under [`SCORE_COLUMNS`], the money spent in `currency`.
pub fn score_row(score: &Score, currency: crate::domain::Currency) -> [String; 9] {
    [
        score.contact.to_string(),
        score.name.clone(),
        score.recency_days.to_string(),
        score.frequency.to_string(),
        crate::domain::Money::new(score.monetary_minor, currency).to_decimal_string(),
        score.r.to_string(),
        score.f.to_string(),
        score.m.to_string(),
        score.segment.label().to_string(),
    ]
}

/// Scores every customer. Each of R, F and M is the quintile of the customer's rank (5 = most
/// recent, most frequent, biggest spender); equal values always get the same score, the one of
/// their first rank, so a tie never splits across quintiles.
/// "57 customers buying in USD", what a score in one currency leaves out; `None` when nothing.
/// Their orders cannot be added to the others' money, so they are named, not scored.
pub fn not_scored(elsewhere: &[(crate::domain::Currency, u64)]) -> Option<String> {
    let parts: Vec<String> = elsewhere
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(c, n)| {
            format!(
                "{} buying in {}",
                crate::words::count(*n, "customer"),
                c.code()
            )
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

pub fn score(customers: &[Purchases]) -> Vec<Score> {
    let r = quintiles(customers, |c| -c.recency_days);
    let f = quintiles(customers, |c| c.frequency as i64);
    let m = quintiles(customers, |c| c.monetary_minor);
    customers
        .iter()
        .enumerate()
        .map(|(i, c)| Score {
            contact: c.contact,
            name: c.name.clone(),
            recency_days: c.recency_days,
            frequency: c.frequency,
            monetary_minor: c.monetary_minor,
            r: r[i],
            f: f[i],
            m: m[i],
            segment: Segment::of(r[i], f[i]),
        })
        .collect()
}

/// 1–5 by ascending `key` (bigger is better): quintiles of the rank. Fewer than five customers
/// make no quintiles (of three, the best ranked 4 and none could be a Champion, so a customer who
/// bought nine days ago was "At risk"): their ranks are spread over 1–5 instead, best at 5,
/// and a lone customer is in the middle.
fn quintiles(customers: &[Purchases], key: impl Fn(&Purchases) -> i64) -> Vec<u8> {
    let n = customers.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| key(&customers[i]));
    let mut scores = vec![1u8; n];
    let mut first_rank = 0;
    for (rank, &i) in order.iter().enumerate() {
        if rank > 0 && key(&customers[order[rank - 1]]) != key(&customers[i]) {
            first_rank = rank;
        }
        scores[i] = if n == 1 {
            // Ranked against no one: the middle of the scale, neither Champion nor Lost.
            3
        } else if n < 5 {
            1 + (4 * first_rank / (n - 1)) as u8
        } else {
            1 + (5 * first_rank / n) as u8
        };
    }
    scores
}

/// How many customers, and what share of the revenue, each segment holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentSummary {
    pub segment: Segment,
    pub customers: u64,
    pub revenue_minor: i64,
    pub revenue_share: f64,
}

pub fn summarize(scores: &[Score]) -> Vec<SegmentSummary> {
    let total: i64 = scores.iter().map(|s| s.monetary_minor).sum();
    Segment::ALL
        .iter()
        .map(|&segment| {
            let members = scores.iter().filter(|s| s.segment == segment);
            let (customers, revenue_minor) =
                members.fold((0, 0), |(n, r), s| (n + 1, r + s.monetary_minor));
            SegmentSummary {
                segment,
                customers,
                revenue_minor,
                revenue_share: if total > 0 {
                    revenue_minor as f64 / total as f64
                } else {
                    0.0
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_is_written_as_people_read_it() {
        let json = serde_json::to_string(&[Segment::PotentialLoyalists, Segment::CannotLose]);
        assert_eq!(
            json.unwrap(),
            r#"["Potential loyalists","Can't lose them"]"#
        );
    }

    fn customer(contact: i64, recency_days: i64, frequency: u64, monetary_minor: i64) -> Purchases {
        Purchases {
            contact,
            name: format!("C{contact}"),
            recency_days,
            frequency,
            monetary_minor,
        }
    }

    #[test]
    fn the_most_recent_most_frequent_biggest_spender_scores_five_five_five() {
        let customers: Vec<_> = (0..10)
            .map(|i| customer(i, 100 - i * 10, i as u64 + 1, i * 1000))
            .collect();
        let scores = score(&customers);
        let best = &scores[9];
        assert_eq!((best.r, best.f, best.m), (5, 5, 5));
        assert_eq!(best.segment, Segment::Champions);
        let worst = &scores[0];
        assert_eq!((worst.r, worst.f, worst.m), (1, 1, 1));
        assert_eq!(worst.segment, Segment::Lost);
    }

    /// Three customers: the freshest, most frequent and biggest is a Champion, the other end
    /// scores 1, and the middle one 3.
    #[test]
    fn a_handful_of_customers_spread_over_the_whole_scale() {
        let customers = [
            customer(1, 9, 6, 38_300),
            customer(2, 34, 3, 20_000),
            customer(3, 200, 1, 5_000),
        ];
        let scores = score(&customers);
        assert_eq!((scores[0].r, scores[0].f, scores[0].m), (5, 5, 5));
        assert_eq!(scores[0].segment, Segment::Champions);
        assert_eq!((scores[1].r, scores[1].f, scores[1].m), (3, 3, 3));
        assert_eq!((scores[2].r, scores[2].f, scores[2].m), (1, 1, 1));
        let one = score(&[customer(1, 9, 6, 38_300)]);
        assert_eq!(
            (one[0].r, one[0].f, one[0].m),
            (3, 3, 3),
            "alone, the middle"
        );
    }

    #[test]
    fn ties_never_split_across_quintiles() {
        let customers: Vec<_> = (0..10)
            .map(|i| customer(i, 30, if i < 6 { 1 } else { 9 }, 500))
            .collect();
        let scores = score(&customers);
        assert!(scores[..6].iter().all(|s| s.f == 1));
        assert!(scores[6..].iter().all(|s| s.f == scores[6].f) && scores[6].f > 1);
        assert!(
            scores.iter().all(|s| s.r == 1 && s.m == 1),
            "all equal: the first rank's score"
        );
    }

    #[test]
    fn the_grid_separates_loyal_customers_slipping_away() {
        assert_eq!(Segment::of(1, 5), Segment::CannotLose);
        assert_eq!(Segment::of(2, 4), Segment::AtRisk);
        assert_eq!(Segment::of(5, 1), Segment::NewCustomers);
        assert_eq!(Segment::of(3, 3), Segment::Loyal);
        assert_eq!(Segment::of(3, 1), Segment::NeedAttention);
        assert_eq!(Segment::of(2, 2), Segment::Hibernating);
    }

    #[test]
    fn segment_revenue_shares_add_up_to_one() {
        let customers: Vec<_> = (0..50)
            .map(|i| customer(i, i * 7 % 90, (i % 6) as u64 + 1, 100 + i * 13))
            .collect();
        let summary = summarize(&score(&customers));
        let share: f64 = summary.iter().map(|s| s.revenue_share).sum();
        assert!((share - 1.0).abs() < 1e-9);
        assert_eq!(summary.iter().map(|s| s.customers).sum::<u64>(), 50);
    }
}
