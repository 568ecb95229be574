//! Pages, one per file.

mod dashboard;
mod home;
mod login;
mod not_found;
mod org_credits;
mod org_work_logs;
mod provider_orders;
mod provider_overview;
mod provider_usage;
pub mod usage_params;

pub use dashboard::{DashboardHome, DashboardLayout};
pub use home::Home;
pub use login::LoginPage;
pub use not_found::NotFound;
pub use org_credits::OrgCredits;
pub use org_work_logs::OrgWorkLogs;
pub use provider_orders::ProviderOrders;
pub use provider_overview::ProviderOverview;
pub use provider_usage::ProviderUsage;
