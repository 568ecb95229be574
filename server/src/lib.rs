//! The Service Credits server: configuration, PostgreSQL (embedded cluster or `DATABASE_URL`),
//! the SQL that implements `app`'s service traits, the HTTP router and the command line.

pub mod accounts;
pub mod admin;
pub mod auth;
pub mod cli;
pub mod db;
pub mod http;
pub mod seed;
pub mod usage;

pub use db::Db;
