//! `/login`: a plain HTML form posted to the server (`POST /login`), so it works before and
//! without the wasm. Errors come back in the query string after a redirect.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::domain::safe_next;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next").as_deref());
    let message = move || match query.read().get("error").as_deref() {
        Some("invalid") => Some("The email or password is not right.".to_owned()),
        Some("throttled") => {
            let wait = query
                .read()
                .get("retry")
                .and_then(|r| r.parse::<u64>().ok())
                .unwrap_or(60);
            Some(format!(
                "Too many sign-in attempts. Try again in {wait} seconds."
            ))
        }
        Some("unavailable") => {
            Some("Sign-in is unavailable right now. Please try again.".to_owned())
        }
        Some(_) => Some("Please sign in.".to_owned()),
        None => None,
    };
    view! {
        <main class="page login">
            <h1>"Sign in to Service Credits"</h1>
            {move || message().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <form method="post" action="/login" class="login-form">
                <input type="hidden" name="next" value=next />
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required autofocus />
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required />
                <button type="submit">"Sign in"</button>
            </form>
        </main>
    }
}
