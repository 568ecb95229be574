//! The provider views against PostgreSQL, checked against an independent calculation: each of
//! a provider's entries is assigned to months and quarters by its local date in the provider's
//! time zone. Several providers, customers shared between them, customers without usage,
//! January (previous month = December), quarter and year edges, and ties in the top 5.

mod common;

use std::collections::BTreeMap;

use app::domain::{Slug, Trend};
use app::services::{Principal, ServiceError, UsageService};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use common::{Fixture, Rng, TestDb, utc};
use server::db::Db;
use server::usage::{Clock, PgUsageService};
use uuid::Uuid;

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

struct Log {
    provider: Uuid,
    org: usize,
    minutes: i64,
    at: DateTime<Utc>,
}

/// Per linked org: (this month, entries this month, last month, entries last month, quarter).
type Figures = BTreeMap<usize, (i64, i64, i64, i64, i64)>;

fn expected(logs: &[Log], provider: Uuid, linked: &[usize], tz: Tz, now: DateTime<Utc>) -> Figures {
    let today = now.with_timezone(&tz).date_naive();
    let mut figures: Figures = linked.iter().map(|o| (*o, (0, 0, 0, 0, 0))).collect();
    for log in logs.iter().filter(|l| l.provider == provider) {
        let d = log.at.with_timezone(&tz).date_naive();
        let f = figures
            .get_mut(&log.org)
            .expect("work is only logged for linked pairs");
        if month_index(d) == month_index(today) {
            f.0 += log.minutes;
            f.1 += 1;
        }
        if month_index(d) == month_index(today) - 1 {
            f.2 += log.minutes;
            f.3 += 1;
        }
        if d.year() == today.year() && d.month0() / 3 == today.month0() / 3 {
            f.4 += log.minutes;
        }
    }
    figures
}

#[tokio::test]
async fn provider_figures_match_an_independent_calculation() {
    let db = TestDb::new().await;
    let f = Fixture { owner: &db.owner };
    let zones = ["Europe/Berlin", "Asia/Kolkata", "America/New_York"];
    let mut providers = Vec::new();
    for (i, zone) in zones.iter().enumerate() {
        let id = f.provider(&format!("prov-{i}"), zone).await;
        let staff = f.user(&format!("staff{i}@p.test")).await;
        f.provider_member(id, staff).await;
        providers.push((id, staff, zone.parse::<Tz>().unwrap()));
    }
    let org_zones = [
        "UTC",
        "Europe/Berlin",
        "Australia/Adelaide",
        "America/Santiago",
        "Asia/Kolkata",
        "America/Chicago",
        "Europe/London",
    ];
    let mut orgs = Vec::new();
    for (i, zone) in org_zones.iter().enumerate() {
        orgs.push(f.org(&format!("org-{i}"), zone).await);
    }
    // prov-0 serves 0–4 (4 without any work), prov-1 serves 2–6 (2–4 shared), prov-2 serves 6.
    let links: [(usize, &[usize]); 3] = [(0, &[0, 1, 2, 3, 4]), (1, &[2, 3, 4, 5, 6]), (2, &[6])];
    for (p, linked) in links {
        for o in linked {
            f.link(providers[p].0, orgs[*o]).await;
        }
    }
    let anchors = [
        "2026-10-01T00:00:00Z",
        "2026-12-01T00:00:00Z",
        "2027-01-01T00:00:00Z",
        "2026-09-30T20:00:00Z",
        "2026-12-31T19:00:00Z",
    ];
    let mut rng = Rng(99);
    let mut logs = Vec::new();
    for n in 0..600 {
        let (p, linked) = links[rng.below(3) as usize];
        let org = linked[rng.below(linked.len() as u64) as usize];
        if p == 0 && org == 4 {
            continue; // a linked customer with no usage at all
        }
        let at = if n % 3 == 0 {
            utc("2026-08-15T00:00:00Z") + Duration::minutes(rng.below(60 * 24 * 150) as i64)
        } else {
            utc(anchors[rng.below(anchors.len() as u64) as usize])
                + Duration::minutes(rng.below(60 * 60) as i64 - 30 * 60)
        };
        let log = Log {
            provider: providers[p].0,
            org,
            minutes: 5 * (1 + rng.below(40)) as i64,
            at,
        };
        f.log(
            log.provider,
            orgs[org],
            providers[p].1,
            "Support",
            log.minutes as i32,
            log.at,
        )
        .await;
        logs.push(log);
    }

    for clock in [
        "2027-01-05T10:00:00Z",
        "2026-12-31T21:00:00Z",
        "2026-10-01T00:30:00Z",
        "2026-11-15T12:00:00Z",
    ] {
        let now = utc(clock);
        let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::Fixed(now));
        for (p, linked) in links {
            let (provider, staff, tz) = providers[p];
            let principal = Principal::from_verified_user_id(staff);
            let slug = Slug::parse(&format!("prov-{p}")).unwrap();
            let want = expected(&logs, provider, linked, tz, now);
            let context = format!("prov-{p} at {clock}");

            let summary = service
                .provider_usage_summary(&principal, &slug)
                .await
                .unwrap();
            assert_eq!(
                summary.this_month.total_minutes,
                want.values().map(|f| f.0).sum::<i64>(),
                "{context}"
            );
            assert_eq!(
                summary.this_month.entry_count,
                want.values().map(|f| f.1).sum::<i64>(),
                "{context}"
            );
            assert_eq!(
                summary.last_month.total_minutes,
                want.values().map(|f| f.2).sum::<i64>(),
                "{context}"
            );
            assert_eq!(
                summary.last_month.entry_count,
                want.values().map(|f| f.3).sum::<i64>(),
                "{context}"
            );
            assert_eq!(
                summary.this_month.active_customers,
                Some(want.values().filter(|f| f.1 > 0).count() as i64),
                "{context}"
            );
            assert_eq!(summary.this_month.period.time_zone, tz.name());
            let mut top: Vec<(String, i64)> = want
                .iter()
                .filter(|(_, f)| f.0 > 0)
                .map(|(o, f)| (format!("Org org-{o}"), f.0))
                .collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(5);
            let got_top: Vec<(String, i64)> = summary
                .top_customers
                .iter()
                .map(|c| (c.organization_name.clone(), c.minutes_this_month))
                .collect();
            assert_eq!(got_top, top, "{context}");

            let breakdown = service
                .customer_usage_breakdown(&principal, &slug)
                .await
                .unwrap();
            assert_eq!(
                breakdown.customers.len(),
                linked.len(),
                "every linked customer, {context}"
            );
            for row in &breakdown.customers {
                let o: usize = row
                    .organization_slug
                    .trim_start_matches("org-")
                    .parse()
                    .unwrap();
                let f = want[&o];
                assert_eq!(
                    (
                        row.this_month_minutes,
                        row.last_month_minutes,
                        row.this_quarter_minutes
                    ),
                    (f.0, f.2, f.4),
                    "{context} {o}"
                );
                let trend = Trend::compare(f.0, f.2);
                assert_eq!(
                    (row.trend, row.change_percent),
                    (trend.kind, trend.change_percent),
                    "{context} {o}"
                );
            }
            assert!(
                breakdown
                    .customers
                    .windows(2)
                    .all(|w| w[0].this_month_minutes >= w[1].this_month_minutes),
                "{context}"
            );
        }
    }
}

#[tokio::test]
async fn the_top_five_breaks_ties_by_name_and_skips_customers_without_usage() {
    let db = TestDb::new().await;
    let f = Fixture { owner: &db.owner };
    let p = f.provider("prov", "UTC").await;
    let staff = f.user("staff@p.test").await;
    f.provider_member(p, staff).await;
    let now = utc("2026-12-10T12:00:00Z");
    // Seven customers: five tie at 60 minutes, one has 90, one has nothing.
    for (slug, minutes) in [
        ("zulu", 60),
        ("echo", 60),
        ("alpha", 60),
        ("delta", 60),
        ("bravo", 60),
        ("top", 90),
        ("idle", 0),
    ] {
        let org = f.org(slug, "UTC").await;
        f.link(p, org).await;
        if minutes > 0 {
            f.log(p, org, staff, "Support", minutes, now - Duration::days(2))
                .await;
        }
    }
    let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::Fixed(now));
    let summary = service
        .provider_usage_summary(
            &Principal::from_verified_user_id(staff),
            &Slug::parse("prov").unwrap(),
        )
        .await
        .unwrap();
    let names: Vec<&str> = summary
        .top_customers
        .iter()
        .map(|c| c.organization_slug.as_str())
        .collect();
    assert_eq!(names, ["top", "alpha", "bravo", "delta", "echo"]);
    assert_eq!(summary.this_month.active_customers, Some(6));
    let breakdown = service
        .customer_usage_breakdown(
            &Principal::from_verified_user_id(staff),
            &Slug::parse("prov").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(breakdown.customers.len(), 7);
    assert_eq!(
        breakdown.customers.last().unwrap().organization_slug,
        "idle"
    );
}

#[tokio::test]
async fn only_the_providers_own_staff_see_its_usage() {
    let db = TestDb::new().await;
    let t = common::two_tenants(&db.owner).await;
    let service = PgUsageService::new(Db::new(db.runtime.clone()), Clock::System);
    let slug = Slug::parse("prov-p").unwrap();
    for user in [t.alice, t.bob, t.quinn, t.outsider] {
        let principal = Principal::from_verified_user_id(user);
        assert!(matches!(
            service.provider_usage_summary(&principal, &slug).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            service.customer_usage_breakdown(&principal, &slug).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            service.provider_credit_grants(&principal, &slug).await,
            Err(ServiceError::NotFound)
        ));
    }
    // Quinn's grants are q's alone, even for the shared customer.
    let grants = service
        .provider_credit_grants(
            &Principal::from_verified_user_id(t.quinn),
            &Slug::parse("prov-q").unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        grants.grants.iter().map(|g| g.minutes).collect::<Vec<_>>(),
        vec![120]
    );
    // The page needs nothing else: the provider's name and zone come with the grants.
    assert_eq!(
        (grants.provider.slug.as_str(), grants.time_zone.as_str()),
        ("prov-q", "Asia/Kolkata")
    );
}
