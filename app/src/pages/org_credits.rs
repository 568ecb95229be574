//! `OrgCredits` (plan §1.1): the customer's credits page, `/dashboard/org/:slug/credits`. The
//! `UsageSummaryCard` leads (consumed, entries, remaining for the period in the URL), then the
//! pacing card and the credit grants. The server renders the right figures for the URL; after
//! hydration, switching periods fetches only the figures.

use chrono_tz::Tz;
use leptos::prelude::*;

use crate::components::{
    CreditGrants, ErrorPanel, PacingCard, UsagePeriodSelector, UsageSummaryCard,
};
use crate::error::AppError;
use crate::pages::usage_params::{UsageParams, use_usage_params};
use crate::server_fns::{org_credit_grants, org_usage_summary};

#[component]
pub fn OrgCredits() -> impl IntoView {
    let params = use_usage_params();
    let summary = Resource::new(
        move || params.get(),
        |p| org_usage_summary(p.org, p.period, p.from, p.to, p.provider),
    );
    let grants = Resource::new(
        move || {
            let p = params.get();
            (p.org, p.provider)
        },
        |(org, provider)| org_credit_grants(org, provider),
    );

    view! {
        <main class="page org-credits">
            <Transition fallback=|| view! { <p class="loading">"Loading usage…"</p> }>
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(summary) => {
                            let time_zone: Tz = summary.period.time_zone.parse().unwrap_or(Tz::UTC);
                            let pace = summary.pace.clone();
                            let remaining = summary.remaining_minutes;
                            view! {
                                <h1>{summary.organization.name.clone()} " — Credits"</h1>
                                <UsageSummaryCard summary />
                                <PacingCard pace remaining_minutes=remaining />
                                <Transition fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        match grants.await {
                                            Ok(grants) => view! { <CreditGrants grants time_zone /> }.into_any(),
                                            Err(err) => view! { <ErrorPanel err /> }.into_any(),
                                        }
                                    })}
                                </Transition>
                            }
                                .into_any()
                        }
                        Err(AppError::BadRequest { message, .. }) => {
                            view! { <InvalidPeriod params=params.get() message base_suffix="credits" /> }.into_any()
                        }
                        Err(err) => view! { <ErrorPanel err /> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

/// A period the URL asks for that does not work: the selector again, with the problem named
/// inline (the response is a 400, but the page stays usable).
#[component]
pub fn InvalidPeriod(
    params: UsageParams,
    message: String,
    base_suffix: &'static str,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::BAD_REQUEST);
        }
    }
    let base = format!("/dashboard/org/{}/{base_suffix}", params.org);
    view! {
        <h1>"Usage"</h1>
        <section class="card">
            <UsagePeriodSelector base current=None from=params.from to=params.to provider=params.provider />
            <p class="form-error" role="alert" data-testid="period-error">{message}</p>
        </section>
    }
}
