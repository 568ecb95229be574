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
}
