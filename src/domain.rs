//! Plain CRM types and the rules over them. Nothing here does I/O, so every rule is testable on its own
//! and the store, the analytics, the command line and the window all share one meaning of the data.

pub mod activity;
pub mod campaign;
pub mod change;
pub mod choice;
pub mod company;
pub mod contact;
pub mod dashboard;
pub mod deal;
pub mod duplicate;
pub mod forecast;
pub mod id;
pub mod money;
pub mod order;
pub mod person_name;
pub mod rebase;
pub mod sort_key;
pub mod task;
pub mod ticket;
pub mod time;
pub mod validation;

pub use activity::{Activity, ActivityFields, ActivityKind, Direction};
pub use campaign::{
    Campaign, CampaignChannel, CampaignFields, CampaignMember, CampaignStatus, Segment, roi,
    roi_percent,
};
pub use change::{ChangeOp, ChangeSetId, Entity};
pub use company::{Company, CompanyFields};
pub use contact::{Address, Contact, ContactFields, EmailAddress, LifecycleStage, Phone};
pub use deal::{
    Deal, DealFields, DealStatus, Pipeline, Stage, StageFields, StageOutcome, default_stages,
};
pub use forecast::Period;
pub use id::*;
pub use money::{Currency, Money};
pub use order::{Order, OrderFields, OrderLine, Product, ProductFields};
pub use task::{Task, TaskFields};
pub use ticket::{
    Priority, SlaPolicy, Ticket, TicketChannel, TicketFields, TicketMessage, TicketStatus,
};
pub use time::Timestamp;
pub use validation::{Checker, FieldError, Invalid, Problem};
