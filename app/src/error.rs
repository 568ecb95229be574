//! The one error type that crosses the wire (server functions and the JSON API). It carries what
//! the client may know, never internals: those are logged on the server where they happen.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::domain::PeriodError;
use crate::queries::QueryError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Something the client sent is wrong; `param` names it.
    #[error("{message}")]
    BadRequest { param: String, message: String },
    /// Missing, or belonging to another tenant: the two are indistinguishable on purpose.
    #[error("not found")]
    NotFound,
    #[error("please sign in")]
    Unauthorized,
    #[error("the service is temporarily unavailable, please try again")]
    Unavailable,
    #[error("something went wrong on our side")]
    Internal,
    /// The request did not reach the server function, or its answer could not be read.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn bad_request(param: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::BadRequest {
            param: param.into(),
            message: message.into(),
        }
    }

    /// Stable machine-readable code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::BadRequest { .. } => "bad_request",
            AppError::NotFound => "not_found",
            AppError::Unauthorized => "unauthorized",
            AppError::Unavailable => "unavailable",
            AppError::Internal | AppError::Transport(_) => "internal",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest { .. } => 400,
            AppError::Unauthorized => 401,
            AppError::NotFound => 404,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl From<PeriodError> for AppError {
    fn from(err: PeriodError) -> Self {
        AppError::bad_request(err.param(), err.to_string())
    }
}

impl From<QueryError> for AppError {
    fn from(err: QueryError) -> Self {
        match err {
            QueryError::Period(e) => e.into(),
            QueryError::UnknownResource => AppError::NotFound,
            QueryError::BadParam { param, message } => AppError::BadRequest { param, message },
        }
    }
}
