//! Reusable components, one per file.

mod usage_summary_card;

pub use usage_summary_card::UsageSummaryCard;
