//! Pages, one per file.

mod home;
mod not_found;
mod org_credits;

pub use home::Home;
pub use not_found::NotFound;
pub use org_credits::OrgCredits;
