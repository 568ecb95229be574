//! The sign-in form (`POST /login`) and sign-out (`POST /logout`): plain form posts answered
//! with redirects (303), so they work without JavaScript.

use app::domain::{encode_query_value, safe_next};
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{AppState, ClientIp};
use crate::auth::SignInError;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientIp(client): ClientIp,
    form: Result<Form<LoginForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return Redirect::to("/login?error=invalid").into_response();
    };
    let next = safe_next(form.next.as_deref());
    let back = |error: &str, extra: &str| {
        Redirect::to(&format!(
            "/login?error={error}{extra}&next={}",
            encode_query_value(&next)
        ))
        .into_response()
    };
    match state
        .sign_in
        .sign_in(&session, &form.email, &form.password, client)
        .await
    {
        Ok(_) => Redirect::to(&next).into_response(),
        Err(SignInError::InvalidCredentials) => back("invalid", ""),
        Err(SignInError::Throttled { retry_after }) => back(
            "throttled",
            &format!("&retry={}", retry_after.as_secs().max(1)),
        ),
        Err(SignInError::Unavailable(cause)) => {
            tracing::warn!(error = %cause, "sign-in unavailable");
            back("unavailable", "")
        }
    }
}

pub async fn logout(State(state): State<AppState>, session: Session) -> Response {
    if let Err(err) = state.sign_in.sign_out(&session).await {
        tracing::warn!(error = %err, "sign-out failed");
    }
    Redirect::to("/login").into_response()
}
