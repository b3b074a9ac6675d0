//! Typed row ids, so a `DealId` can never be passed where a `ContactId` is meant.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    CompanyId,
    ContactId,
    ActivityId,
    TaskId,
    PipelineId,
    StageId,
    DealId,
    TicketId,
    TicketMessageId,
    CampaignId,
    ProductId,
    OrderId,
    TagId,
);
