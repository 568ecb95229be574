//! Narrows every figure to one provider when the organization has several (in the URL).

use leptos::prelude::*;

use crate::domain::PeriodRequest;
use crate::dto::NamedRef;
use crate::queries::usage_href;

#[component]
pub fn ProviderFilter(
    base: String,
    period: PeriodRequest,
    providers: Vec<NamedRef>,
    current: Option<String>,
) -> impl IntoView {
    let link = |label: String, slug: Option<String>| {
        let active = slug == current;
        let href = usage_href(&base, &period, slug.as_deref());
        view! {
            <a href=href class="preset" class:active=active aria-current=active.then_some("true")>
                {label}
            </a>
        }
    };
    (providers.len() > 1).then(|| {
        view! {
            <div class="provider-filter" role="group" aria-label="Provider">
                {link("All providers".to_owned(), None)}
                {providers.iter().map(|p| link(p.name.clone(), Some(p.slug.clone()))).collect_view()}
            </div>
        }
    })
}
