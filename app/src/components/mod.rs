//! Reusable components, one per file.

mod dashboard_sidebar;
mod error_panel;
mod usage_summary_card;

pub use dashboard_sidebar::{DashboardSidebar, tenant_of};
pub use error_panel::ErrorPanel;
pub use usage_summary_card::UsageSummaryCard;
