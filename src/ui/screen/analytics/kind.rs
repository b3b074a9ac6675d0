//! The analyses the panel offers, in the words an owner uses for them.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Segments,
    Density,
    Bundles,
    Spending,
    WinLoss,
    Churn,
    DealScoring,
    Loyalty,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Segments,
        Kind::Density,
        Kind::Bundles,
        Kind::Spending,
        Kind::WinLoss,
        Kind::Churn,
        Kind::DealScoring,
        Kind::Loyalty,
    ];

    /// The title of the scan that picks this analysis's main parameter, where it has one.
    pub fn scan_label(self) -> Option<&'static str> {
        match self {
            Kind::Segments => Some("Choosing k"),
            Kind::Density => Some("Choosing eps"),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Segments => "Customer segments",
            Kind::Density => "Density clusters",
            Kind::Bundles => "Bought together",
            Kind::Spending => "Spending model",
            Kind::WinLoss => "Win/loss tree",
            Kind::Churn => "Churn model",
            Kind::DealScoring => "Deal scoring",
            Kind::Loyalty => "RFM loyalty",
        }
    }

    /// One sentence on what the analysis answers, shown above its parameters.
    pub fn question(self) -> &'static str {
        match self {
            Kind::Segments => {
                "Which groups do the customers fall into? K-means splits them into k segments by \
                 the figures you pick."
            }
            Kind::Density => {
                "Where do customers crowd together, and who stands apart? DBSCAN finds dense groups \
                 and marks the rest as outliers."
            }
            Kind::Bundles => {
                "What sells together? Association rules over the orders, and the next product to \
                 offer each customer."
            }
            Kind::Spending => {
                "What drives spending? A linear model of one customer figure from others."
            }
            Kind::WinLoss => {
                "What do won deals have in common? A decision tree over owner, industry, lead \
                 source and deal size."
            }
            Kind::Churn => {
                "Can we tell who will lapse? A support vector machine separates active customers \
                 from those with no order in 180 days."
            }
            Kind::DealScoring => {
                "Which open deals will we win? Naive Bayes learns from the deals already won and \
                 lost."
            }
            Kind::Loyalty => {
                "Who are the best customers, and who is slipping away? Recency, frequency and \
                 monetary scores put every customer in a loyalty segment."
            }
        }
    }
}
