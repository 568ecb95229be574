//! Reusable components, one per file.

mod credit_grants;
mod dashboard_sidebar;
mod error_panel;
mod pacing_card;
mod provider_filter;
mod provider_stats;
mod usage_period_selector;
mod usage_summary_card;
mod work_logs_table;

pub use credit_grants::CreditGrants;
pub use dashboard_sidebar::{DashboardSidebar, tenant_of};
pub use error_panel::ErrorPanel;
pub use pacing_card::PacingCard;
pub use provider_filter::ProviderFilter;
pub use provider_stats::ProviderStats;
pub use usage_period_selector::UsagePeriodSelector;
pub use usage_summary_card::UsageSummaryCard;
pub use work_logs_table::WorkLogsTable;
