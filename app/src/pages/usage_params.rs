//! The usage parameters of the current URL (`/dashboard/org/:slug/...?period=…`), shared by the
//! credits page and the work-log drill-down.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::domain::{PeriodKind, PeriodRequest};
use crate::dto::PeriodDto;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UsageParams {
    pub org: String,
    pub period: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub provider: Option<String>,
    pub cursor: Option<String>,
}

pub fn use_usage_params() -> Memo<UsageParams> {
    let params = use_params_map();
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let non_empty = |key: &str| q.get(key).filter(|v| !v.is_empty());
        UsageParams {
            org: params.read().get("slug").unwrap_or_default(),
            period: non_empty("period"),
            from: non_empty("from"),
            to: non_empty("to"),
            provider: non_empty("provider"),
            cursor: non_empty("cursor"),
        }
    })
}

/// The request a resolved period answers, for links that keep it (custom keeps its dates).
pub fn request_of(period: &PeriodDto) -> PeriodRequest {
    match period.kind {
        PeriodKind::CurrentMonth => PeriodRequest::CurrentMonth,
        PeriodKind::PreviousMonth => PeriodRequest::PreviousMonth,
        PeriodKind::CurrentQuarter => PeriodRequest::CurrentQuarter,
        PeriodKind::Custom => PeriodRequest::Custom {
            from: period.from,
            to: period.to,
        },
    }
}
