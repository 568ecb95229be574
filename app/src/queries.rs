//! Requests parsed at the edge (query strings, server-function arguments) into domain types, so
//! that services never see an unchecked slug or period.

use serde::{Deserialize, Serialize};

use crate::domain::{PeriodError, PeriodRequest, Slug};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error(transparent)]
    Period(#[from] PeriodError),
    /// A path slug that cannot name anything: answered as not found.
    #[error("not found")]
    UnknownResource,
    #[error("{message}")]
    BadParam { param: String, message: String },
}

/// What the customer usage view asks for: one org, one period, optionally one provider.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UsageQuery {
    pub org: Slug,
    pub period: PeriodRequest,
    pub provider: Option<Slug>,
}

impl UsageQuery {
    pub fn parse(
        org: &str,
        period: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        provider: Option<&str>,
    ) -> Result<Self, QueryError> {
        let org = Slug::parse(org).map_err(|_| QueryError::UnknownResource)?;
        let period = PeriodRequest::parse(period, from, to)?;
        let provider = match provider.map(str::trim).filter(|p| !p.is_empty()) {
            None => None,
            Some(p) => Some(Slug::parse(p).map_err(|e| QueryError::BadParam {
                param: "provider".into(),
                message: format!("provider: {e}"),
            })?),
        };
        Ok(UsageQuery {
            org,
            period,
            provider,
        })
    }
}

/// `base?period=…[&from=…&to=…][&provider=…]`: a usage URL that keeps the period relative
/// (`previous_month` stays "last month" in a bookmark).
pub fn usage_href(base: &str, period: &PeriodRequest, provider: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = period.query_pairs();
    if let Some(provider) = provider {
        pairs.push(("provider", provider.to_owned()));
    }
    let query: Vec<String> = pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", crate::domain::encode_query_value(&v)))
        .collect();
    format!("{base}?{}", query.join("&"))
}

/// Default and largest page of work log entries.
pub const DEFAULT_PAGE_SIZE: i64 = 50;
pub const MAX_PAGE_SIZE: i64 = 500;

/// Where a page of work logs continues: just after (older than) this entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkLogCursor {
    pub performed_at_micros: i64,
    pub id: String,
}

impl WorkLogCursor {
    /// Opaque to clients: `<microseconds>.<entry id>`.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.performed_at_micros, self.id)
    }

    pub fn parse(value: &str) -> Result<Self, QueryError> {
        let bad = || QueryError::BadParam {
            param: "cursor".into(),
            message: "`cursor` is not a cursor this API issued; pass `next_cursor` back unchanged"
                .into(),
        };
        let (micros, id) = value.split_once('.').ok_or_else(bad)?;
        let performed_at_micros = micros.parse::<i64>().map_err(|_| bad())?;
        let uuid_like = id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if !uuid_like {
            return Err(bad());
        }
        Ok(WorkLogCursor {
            performed_at_micros,
            id: id.to_ascii_lowercase(),
        })
    }
}

/// A page of the work-log drill-down.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkLogsQuery {
    pub usage: UsageQuery,
    pub limit: i64,
    pub cursor: Option<WorkLogCursor>,
}

impl WorkLogsQuery {
    pub fn parse(
        usage: UsageQuery,
        limit: Option<&str>,
        cursor: Option<&str>,
    ) -> Result<Self, QueryError> {
        let limit = match limit.map(str::trim).filter(|l| !l.is_empty()) {
            None => DEFAULT_PAGE_SIZE,
            Some(l) => l
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| QueryError::BadParam {
                    param: "limit".into(),
                    message: format!("`limit` must be a whole number from 1 to {MAX_PAGE_SIZE}"),
                })?,
        };
        let cursor = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(WorkLogCursor::parse(c)?),
        };
        Ok(WorkLogsQuery {
            usage,
            limit,
            cursor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_usage_query_parses_or_names_the_bad_parameter() {
        let q = UsageQuery::parse(
            "acme",
            Some("previous_month"),
            None,
            None,
            Some("northwind"),
        )
        .unwrap();
        assert_eq!(q.period, PeriodRequest::PreviousMonth);
        assert_eq!(q.provider.unwrap().as_str(), "northwind");
        assert_eq!(
            UsageQuery::parse("Not A Slug", None, None, None, None),
            Err(QueryError::UnknownResource)
        );
        let err = UsageQuery::parse("acme", None, None, None, Some("NOPE")).unwrap_err();
        assert!(matches!(err, QueryError::BadParam { ref param, .. } if param == "provider"));
        assert!(
            UsageQuery::parse("acme", None, None, None, Some(""))
                .unwrap()
                .provider
                .is_none()
        );
    }

    #[test]
    fn work_log_pages_validate_limit_and_cursor() {
        let usage = UsageQuery::parse("acme", None, None, None, None).unwrap();
        let q = WorkLogsQuery::parse(usage.clone(), None, None).unwrap();
        assert_eq!((q.limit, q.cursor), (DEFAULT_PAGE_SIZE, None));
        for bad in ["0", "501", "ten", "-1"] {
            let err = WorkLogsQuery::parse(usage.clone(), Some(bad), None).unwrap_err();
            assert!(
                matches!(err, QueryError::BadParam { ref param, .. } if param == "limit"),
                "{bad}"
            );
        }
        let cursor = WorkLogCursor {
            performed_at_micros: 1_764_000_000_000_000,
            id: "0b8f3c8e-6a3e-4f7e-9d2a-1c2b3d4e5f60".into(),
        };
        let q = WorkLogsQuery::parse(usage.clone(), Some("10"), Some(&cursor.encode())).unwrap();
        assert_eq!(q.cursor, Some(cursor));
        for bad in ["nope", "12.x", "abc.0b8f3c8e-6a3e-4f7e-9d2a-1c2b3d4e5f60"] {
            let err = WorkLogsQuery::parse(usage.clone(), None, Some(bad)).unwrap_err();
            assert!(
                matches!(err, QueryError::BadParam { ref param, .. } if param == "cursor"),
                "{bad}"
            );
        }
    }
}
