//! The customer usage service against PostgreSQL, checked against an independent calculation
//! done here in Rust: each entry is assigned to a period by converting its instant to a local
//! *date* in the org's zone (not by the service's midnight bounds), across zones with DST,
//! half-hour offsets, a midnight that does not exist, and month, quarter and year edges.

mod common;

use std::collections::BTreeMap;

use app::domain::{PeriodRequest, Slug};
use app::dto::PaceStatus;
use app::queries::{UsageQuery, WorkLogCursor, WorkLogsQuery};
use app::services::{Principal, ServiceError, UsageService};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use common::{Fixture, Rng, TestDb, two_tenants, utc};
use server::db::Db;
use server::usage::{Clock, PgUsageService};
use uuid::Uuid;

/// Whether a local date belongs to the period under test.
type InPeriod = Box<dyn Fn(NaiveDate) -> bool>;

struct Entry {
    provider: Uuid,
    category: &'static str,
    minutes: i64,
    at: DateTime<Utc>,
}

/// What the figures must be, computed from the raw entries by local date.
#[derive(Debug, PartialEq)]
struct Expected {
    total: i64,
    count: i64,
    by_category: Vec<(String, i64, i64)>,
}

fn expected(entries: &[&Entry], tz: Tz, in_period: impl Fn(NaiveDate) -> bool) -> Expected {
    let mut cats: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for e in entries
        .iter()
        .filter(|e| in_period(e.at.with_timezone(&tz).date_naive()))
    {
        let c = cats.entry(e.category.to_owned()).or_default();
        c.0 += e.minutes;
        c.1 += 1;
    }
    let mut by_category: Vec<(String, i64, i64)> =
        cats.into_iter().map(|(k, (m, n))| (k, m, n)).collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Expected {
        total: by_category.iter().map(|c| c.1).sum(),
        count: by_category.iter().map(|c| c.2).sum(),
        by_category,
    }
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

const ZONES: [&str; 6] = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Adelaide",
    "America/Santiago",
    "UTC",
];
const CATEGORIES: [&str; 4] = ["Consulting", "Development", "Support", "Training"];

#[tokio::test]
async fn org_usage_summary_matches_an_independent_calculation() {
    let db = TestDb::new().await;
    let f = Fixture { owner: &db.owner };
    let p = f.provider("prov-p", "Europe/Berlin").await;
    let q = f.provider("prov-q", "America/New_York").await;
    let staff = f.user("staff@p.test").await;
    let member = f.user("member@orgs.test").await;
    let staff_q = f.user("staff@q.test").await;
    f.provider_member(p, staff).await;
    f.provider_member(q, staff_q).await;

    // Entries cluster around month edges (±40 h) and DST changes, plus a uniform background.
    let anchors = [
        "2026-01-01T00:00:00Z",
        "2026-03-29T01:00:00Z",
        "2026-04-01T00:00:00Z",
        "2026-09-06T04:00:00Z",
        "2026-10-01T00:00:00Z",
        "2026-11-01T05:00:00Z",
        "2026-12-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
    ];
    let mut rng = Rng(42);
    let mut orgs = Vec::new();
    for (i, zone) in ZONES.iter().enumerate() {
        let org = f.org(&format!("org-{i}"), zone).await;
        f.org_member(org, member).await;
        f.link(p, org).await;
        f.link(q, org).await;
        let mut grants = 0;
        for _ in 0..(1 + rng.below(3)) {
            let minutes = 60 * (1 + rng.below(40)) as i32;
            f.grant(if rng.below(2) == 0 { p } else { q }, org, minutes)
                .await;
            grants += i64::from(minutes);
        }
        let mut entries = Vec::new();
        for n in 0..160 {
            let at = if n % 4 == 0 {
                utc("2025-12-01T00:00:00Z") + Duration::minutes(rng.below(60 * 24 * 420) as i64)
            } else {
                utc(anchors[rng.below(anchors.len() as u64) as usize])
                    + Duration::minutes(rng.below(80 * 60) as i64 - 40 * 60)
            };
            let e = Entry {
                provider: if rng.below(3) == 0 { q } else { p },
                category: CATEGORIES[rng.below(CATEGORIES.len() as u64) as usize],
                minutes: 5 * (1 + rng.below(48)) as i64,
                at,
            };
            f.log(e.provider, org, staff, e.category, e.minutes as i32, e.at)
                .await;
            entries.push(e);
        }
        let used: i64 = entries.iter().map(|e| e.minutes).sum();
        orgs.push((
            format!("org-{i}"),
            zone.parse::<Tz>().unwrap(),
            entries,
            grants - used,
        ));
    }

    let clocks = [
        "2027-01-01T00:30:00Z",
        "2026-12-31T20:00:00Z",
        "2026-04-01T00:10:00Z",
        "2026-09-06T12:00:00Z",
        "2026-03-31T23:59:59Z",
    ];
    for clock in clocks {
        let now = utc(clock);
        let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::Fixed(now));
        for (slug, tz, entries, _) in &orgs {
            let today = now.with_timezone(tz).date_naive();
            let custom_from = today - Duration::days(40);
            let custom_to = today - Duration::days(3);
            let periods: [(PeriodRequest, InPeriod); 4] = [
                (
                    PeriodRequest::CurrentMonth,
                    Box::new(move |d| month_index(d) == month_index(today)),
                ),
                (
                    PeriodRequest::PreviousMonth,
                    Box::new(move |d| month_index(d) == month_index(today) - 1),
                ),
                (
                    PeriodRequest::CurrentQuarter,
                    Box::new(move |d| {
                        d.year() == today.year() && d.month0() / 3 == today.month0() / 3
                    }),
                ),
                (
                    PeriodRequest::custom(custom_from, custom_to).unwrap(),
                    Box::new(move |d| custom_from <= d && d <= custom_to),
                ),
            ];
            for (period, in_period) in &periods {
                // The member sees every provider's work; the filter narrows to one; staff of p
                // see only p's work.
                let cases: [(Uuid, Option<&str>, Option<Uuid>); 3] = [
                    (member, None, None),
                    (member, Some("prov-q"), Some(q)),
                    (staff, None, Some(p)),
                ];
                for (user, filter, only) in cases {
                    let query = UsageQuery {
                        org: Slug::parse(slug).unwrap(),
                        period: *period,
                        provider: filter.map(|s| Slug::parse(s).unwrap()),
                    };
                    let got = service
                        .org_usage_summary(&Principal::from_verified_user_id(user), &query)
                        .await
                        .unwrap();
                    let visible: Vec<&Entry> = entries
                        .iter()
                        .filter(|e| only.is_none_or(|o| e.provider == o))
                        .collect();
                    let want = expected(&visible, *tz, in_period);
                    let context =
                        format!("{slug} at {clock}, {period:?}, user {user}, filter {filter:?}");
                    assert_eq!(got.total_minutes, want.total, "total: {context}");
                    assert_eq!(got.entry_count, want.count, "count: {context}");
                    let got_cats: Vec<(String, i64, i64)> = got
                        .by_category
                        .iter()
                        .map(|c| (c.category.clone(), c.minutes, c.entry_count))
                        .collect();
                    assert_eq!(got_cats, want.by_category, "categories: {context}");
                    assert_eq!(got.period.time_zone, tz.name());
                    assert_eq!(
                        got.period.start.with_timezone(tz).date_naive(),
                        got.period.from,
                        "{context}"
                    );
                }
            }
        }
    }

    // Remaining credits: all grants minus all usage (may be negative), for the member.
    let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::System);
    for (slug, _, _, remaining) in &orgs {
        let query = UsageQuery {
            org: Slug::parse(slug).unwrap(),
            period: PeriodRequest::CurrentMonth,
            provider: None,
        };
        let got = service
            .org_usage_summary(&Principal::from_verified_user_id(member), &query)
            .await
            .unwrap();
        assert_eq!(got.remaining_minutes, *remaining, "{slug}");
    }
}

#[tokio::test]
async fn an_overrun_is_reported_as_negative_remaining_credits() {
    let db = TestDb::new().await;
    let t = two_tenants(&db.owner).await;
    let f = Fixture { owner: &db.owner };
    // Org A has 600 granted and 120 used; log 700 more to overrun it by 220.
    f.log(
        t.p,
        t.org_a,
        t.pat,
        "Support",
        700,
        Utc::now() - Duration::hours(1),
    )
    .await;
    let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::System);
    let query = UsageQuery {
        org: Slug::parse("org-a").unwrap(),
        period: PeriodRequest::CurrentMonth,
        provider: None,
    };
    let got = service
        .org_usage_summary(&Principal::from_verified_user_id(t.alice), &query)
        .await
        .unwrap();
    assert_eq!(got.remaining_minutes, -220);
}

#[tokio::test]
async fn another_tenants_org_is_not_found() {
    let db = TestDb::new().await;
    let t = two_tenants(&db.owner).await;
    let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::System);
    let query = |slug: &str| UsageQuery {
        org: Slug::parse(slug).unwrap(),
        period: PeriodRequest::CurrentMonth,
        provider: None,
    };
    for (user, slug) in [
        (t.alice, "org-b"),
        (t.bob, "org-a"),
        (t.quinn, "org-a"),
        (t.outsider, "org-a"),
        (t.alice, "no-such-org"),
    ] {
        let result = service
            .org_usage_summary(&Principal::from_verified_user_id(user), &query(slug))
            .await;
        assert!(
            matches!(result, Err(ServiceError::NotFound)),
            "{slug} for {user}: {result:?}"
        );
    }
    // Staff of a provider that serves the org can see it.
    assert!(
        service
            .org_usage_summary(&Principal::from_verified_user_id(t.pat), &query("org-a"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_provider_that_does_not_serve_the_org_is_a_bad_provider_parameter() {
    let db = TestDb::new().await;
    let t = two_tenants(&db.owner).await;
    let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::System);
    let query = UsageQuery {
        org: Slug::parse("org-a").unwrap(),
        period: PeriodRequest::CurrentMonth,
        provider: Some(Slug::parse("prov-q").unwrap()),
    };
    match service
        .org_usage_summary(&Principal::from_verified_user_id(t.alice), &query)
        .await
    {
        Err(ServiceError::BadRequest { param, message }) => {
            assert_eq!(param, "provider");
            assert!(message.contains("prov-q"), "{message}");
        }
        other => panic!("expected a bad provider parameter, got {other:?}"),
    }
    // Staff of q may not narrow org B's figures to provider p either: p is invisible to them.
    let query = UsageQuery {
        org: Slug::parse("org-b").unwrap(),
        period: PeriodRequest::CurrentMonth,
        provider: Some(Slug::parse("prov-p").unwrap()),
    };
    assert!(matches!(
        service
            .org_usage_summary(&Principal::from_verified_user_id(t.quinn), &query)
            .await,
        Err(ServiceError::BadRequest { .. })
    ));
}

/// One org served by two providers, with entries spread over the autumn of 2026.
struct Autumn {
    service: PgUsageService,
    member: Uuid,
    staff: Uuid,
    p: Uuid,
    q: Uuid,
    entries: Vec<Entry>,
}

/// Seeds [`Autumn`]; the service's clock is pinned to 2026-12-04.
async fn autumn(db: &TestDb, count: usize) -> Autumn {
    let f = Fixture { owner: &db.owner };
    let p = f.provider("prov-p", "Europe/Berlin").await;
    let q = f.provider("prov-q", "America/New_York").await;
    let (member, staff) = (f.user("member@o.test").await, f.user("staff@p.test").await);
    f.provider_member(p, staff).await;
    let org = f.org("org-x", "Europe/Berlin").await;
    f.org_member(org, member).await;
    f.link(p, org).await;
    f.link(q, org).await;
    f.grant(p, org, 6000).await;
    f.grant(q, org, 1200).await;
    let mut rng = Rng(7);
    let mut entries: Vec<Entry> = Vec::new();
    for n in 0..count {
        // Every fifth entry shares its instant with the previous one: pagination must neither
        // lose nor repeat ties.
        let at = match entries.last() {
            Some(last) if n % 5 == 4 => last.at,
            _ => utc("2026-09-01T00:00:00Z") + Duration::minutes(rng.below(60 * 24 * 95) as i64),
        };
        let e = Entry {
            provider: if rng.below(4) == 0 { q } else { p },
            category: CATEGORIES[rng.below(4) as usize],
            minutes: 15 * (1 + rng.below(8)) as i64,
            at,
        };
        f.log(e.provider, org, staff, e.category, e.minutes as i32, e.at)
            .await;
        entries.push(e);
    }
    let service = PgUsageService::new(
        Db::new(db.runtime.clone()),
        Clock::Fixed(utc("2026-12-04T12:00:00Z")),
    );
    Autumn {
        service,
        member,
        staff,
        p,
        q,
        entries,
    }
}

fn usage(period: PeriodRequest, provider: Option<&str>) -> UsageQuery {
    UsageQuery {
        org: Slug::parse("org-x").unwrap(),
        period,
        provider: provider.map(|p| Slug::parse(p).unwrap()),
    }
}

#[tokio::test]
async fn work_log_pages_cover_the_period_exactly_once_newest_first() {
    let db = TestDb::new().await;
    let a = autumn(&db, 180).await;
    let tz: Tz = "Europe/Berlin".parse().unwrap();
    let sept_oct = PeriodRequest::custom(
        NaiveDate::from_ymd_opt(2026, 9, 15).unwrap(),
        NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    )
    .unwrap();
    // (viewer, provider filter, the provider whose work they must see, or all)
    let viewers = [
        (a.member, None, None),
        (a.member, Some("prov-q"), Some(a.q)),
        (a.staff, None, Some(a.p)),
    ];
    for (user, filter, only) in viewers {
        for period in [
            PeriodRequest::PreviousMonth,
            PeriodRequest::CurrentQuarter,
            sept_oct,
        ] {
            let query = usage(period, filter);
            let principal = Principal::from_verified_user_id(user);
            let summary = a
                .service
                .org_usage_summary(&principal, &query)
                .await
                .unwrap();
            let mut seen = Vec::new();
            let mut cursor = None;
            loop {
                let page_query = WorkLogsQuery {
                    usage: query.clone(),
                    limit: 7,
                    cursor: cursor.take(),
                };
                let page = a
                    .service
                    .org_work_logs(&principal, &page_query)
                    .await
                    .unwrap();
                assert!(page.entries.len() <= 7);
                seen.extend(page.entries);
                match page.next_cursor {
                    Some(next) => cursor = Some(WorkLogCursor::parse(&next).unwrap()),
                    None => break,
                }
            }
            let context = format!("{period:?} filter {filter:?} user {user}");
            let ids: std::collections::HashSet<&str> = seen.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(ids.len(), seen.len(), "no entry twice: {context}");
            assert!(
                seen.windows(2)
                    .all(|w| (w[0].performed_at, &w[0].id) >= (w[1].performed_at, &w[1].id)),
                "newest first: {context}"
            );
            // Pages, summary and an independent count by local date all agree.
            let (from, to) = (summary.period.from, summary.period.to);
            let expected: Vec<&Entry> = a
                .entries
                .iter()
                .filter(|e| only.is_none_or(|o| e.provider == o))
                .filter(|e| (from..=to).contains(&e.at.with_timezone(&tz).date_naive()))
                .collect();
            assert!(!expected.is_empty(), "{context}");
            assert_eq!(seen.len(), expected.len(), "{context}");
            assert_eq!(summary.entry_count, expected.len() as i64, "{context}");
            let minutes: i64 = expected.iter().map(|e| e.minutes).sum();
            assert_eq!(
                seen.iter().map(|e| e.minutes_spent).sum::<i64>(),
                minutes,
                "{context}"
            );
            assert_eq!(summary.total_minutes, minutes, "{context}");
        }
    }
}

#[tokio::test]
async fn pacing_projects_the_remaining_credits_at_the_trailing_average() {
    let db = TestDb::new().await;
    let a = autumn(&db, 120).await;
    let now = utc("2026-12-04T12:00:00Z");
    let principal = Principal::from_verified_user_id(a.member);
    let summary = a
        .service
        .org_usage_summary(&principal, &usage(PeriodRequest::CurrentMonth, None))
        .await
        .unwrap();
    let recent: i64 = a
        .entries
        .iter()
        .filter(|e| e.at >= now - Duration::weeks(8) && e.at < now)
        .map(|e| e.minutes)
        .sum();
    let used: i64 = a.entries.iter().map(|e| e.minutes).sum();
    assert_eq!(summary.remaining_minutes, 7200 - used);
    assert_eq!(summary.pace.trailing_weeks, 8);
    assert_eq!(summary.pace.average_minutes_per_week, (recent + 4) / 8);
    if summary.remaining_minutes > 0 {
        assert_eq!(summary.pace.status, PaceStatus::Projected);
        let days = summary.remaining_minutes * 56 / recent;
        assert_eq!(
            summary.pace.runs_out_on,
            Some(NaiveDate::from_ymd_opt(2026, 12, 4).unwrap() + Duration::days(days))
        );
    } else {
        assert_eq!(summary.pace.status, PaceStatus::Overrun);
    }
    // Narrowed to q, which granted 1200 minutes: the pace follows the filter too.
    let q_only = a
        .service
        .org_usage_summary(
            &principal,
            &usage(PeriodRequest::CurrentMonth, Some("prov-q")),
        )
        .await
        .unwrap();
    let q_used: i64 = a
        .entries
        .iter()
        .filter(|e| e.provider == a.q)
        .map(|e| e.minutes)
        .sum();
    assert_eq!(q_only.remaining_minutes, 1200 - q_used);
    // No usage in the trailing weeks: nothing to project.
    let later = PgUsageService::new(
        Db::new(db.runtime.clone()),
        Clock::Fixed(utc("2027-06-01T00:00:00Z")),
    );
    let quiet = later
        .org_usage_summary(&principal, &usage(PeriodRequest::CurrentMonth, None))
        .await
        .unwrap();
    let expected = if quiet.remaining_minutes > 0 {
        PaceStatus::NoUsage
    } else {
        PaceStatus::Overrun
    };
    assert_eq!(quiet.pace.status, expected);
}

#[tokio::test]
async fn credit_grants_follow_the_same_scope_as_the_figures() {
    let db = TestDb::new().await;
    let a = autumn(&db, 5).await;
    let grants = |user| {
        let service = a.service.clone();
        async move {
            service
                .org_credit_grants(
                    &Principal::from_verified_user_id(user),
                    &usage(PeriodRequest::CurrentMonth, None),
                )
                .await
                .unwrap()
        }
    };
    let member: Vec<i64> = grants(a.member).await.iter().map(|g| g.minutes).collect();
    assert_eq!(member.iter().sum::<i64>(), 7200);
    // Staff of p see p's grant only, never q's.
    let staff = grants(a.staff).await;
    assert_eq!(
        staff
            .iter()
            .map(|g| (g.provider.as_str(), g.minutes))
            .collect::<Vec<_>>(),
        vec![("prov-p", 6000)]
    );
}
