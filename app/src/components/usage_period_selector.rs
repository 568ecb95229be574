//! `UsagePeriodSelector` (plan §1.4): "This Month", "Last Month" and a custom range. Plain links
//! and a GET form, so it works before the wasm loads; once hydrated the router turns them into
//! instant client-side navigations. The period lives in the URL, so it can be bookmarked and a
//! bookmark of "last month" stays relative.

use leptos::prelude::*;
use leptos_router::components::Form;

use crate::domain::{PeriodKind, PeriodRequest};
use crate::queries::usage_href;

#[component]
pub fn UsagePeriodSelector(
    /// The page the selector navigates on.
    base: String,
    /// The current period, when the URL holds a valid one.
    current: Option<PeriodRequest>,
    /// Dates to show in the custom inputs.
    from: Option<String>,
    to: Option<String>,
    /// The provider filter to keep.
    provider: Option<String>,
) -> impl IntoView {
    let kind = current.map(|p| p.kind());
    let preset = |label: &'static str, request: PeriodRequest| {
        let href = usage_href(&base, &request, provider.as_deref());
        let active = kind == Some(request.kind());
        view! {
            <a href=href class="preset" class:active=active aria-current=active.then_some("true")>
                {label}
            </a>
        }
    };
    let custom_active = kind == Some(PeriodKind::Custom);
    view! {
        <div class="period-selector" role="group" aria-label="Period">
            {preset("This Month", PeriodRequest::CurrentMonth)}
            {preset("Last Month", PeriodRequest::PreviousMonth)}
            <Form
                method="GET"
                action=base.clone()
                attr:class=if custom_active { "custom-range active" } else { "custom-range" }
            >
                <input type="hidden" name="period" value="custom" />
                <label>
                    <span class="visually-hidden">"From"</span>
                    <input type="date" name="from" value=from.unwrap_or_default() aria-label="From" required />
                </label>
                <span aria-hidden="true">"–"</span>
                <label>
                    <span class="visually-hidden">"To"</span>
                    <input type="date" name="to" value=to.unwrap_or_default() aria-label="To" required />
                </label>
                // After the dates, so the URL reads like the links' (period, from, to, provider).
                {provider.clone().map(|p| view! { <input type="hidden" name="provider" value=p /> })}
                <button type="submit">"Apply"</button>
            </Form>
        </div>
    }
}
