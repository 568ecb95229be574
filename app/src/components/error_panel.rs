//! An error shown in place of a page's content. On the server it also sets the response status,
//! so another tenant's page answers 404 exactly like a page that does not exist.

use leptos::prelude::*;

use crate::error::AppError;

#[component]
pub fn ErrorPanel(err: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(status) = http::StatusCode::from_u16(err.status())
        {
            response.set_status(status);
        }
    }
    let title = match err {
        AppError::NotFound => "Not found",
        AppError::BadRequest { .. } => "That request does not work",
        AppError::Unauthorized => "Please sign in",
        _ => "Something went wrong",
    };
    view! {
        <div class="error-panel" role="alert">
            <h1>{title}</h1>
            <p>{err.to_string()}</p>
        </div>
    }
}
