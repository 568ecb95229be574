//! Authentication: who a request acts for.
//!
//! A signed-in session (tower-sessions, stored server-side in PostgreSQL) holds the user's id and
//! when they signed in. [`SessionAuthenticator`] turns it into a `Principal`; nothing else in the
//! server creates one from request data. Sign-in verifies an argon2id hash off the async threads,
//! spends the same time on unknown emails, is throttled per account and per client address, and
//! issues a fresh session id.

pub mod password;
mod session;
mod sign_in;
pub mod throttle;

pub use session::{
    ABSOLUTE_LIFETIME, IDLE_TIMEOUT, SESSION_COOKIE, SessionAuthenticator, principal_from_session,
};
pub use sign_in::{SignInError, SignInService};
