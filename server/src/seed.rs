//! Demo data (`server seed-demo`; run automatically when the embedded database is created).
//!
//! Two providers in different time zones, seven customer organizations (one served by both
//! providers, one with no usage this month, one overdrawn, one new), five work categories,
//! about six months of work logs with a weekday rhythm and growth/decline trends, credit grants,
//! and demo logins on both sides. Everything is generated from fixed seeds and ids, in one
//! transaction; when the demo data is already there, nothing changes.

use anyhow::Context;
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::password::hash_password_blocking;

/// Password of every demo login (listed in the README).
pub const DEMO_PASSWORD: &str = "demo-credits";

const NAMESPACE: Uuid = Uuid::from_u128(0x6f2d_51a8_3c4e_4b1a_9e7f_2a5b_8c0d_1e37);

/// Stable id for a demo record, so the seed is repeatable.
pub fn demo_id(kind: &str, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{kind}:{key}").as_bytes())
}

/// The customer user the walking skeleton acts as until sign-in exists.
pub fn demo_customer_user_id() -> Uuid {
    demo_id("user", "alice@acme.example")
}

pub const PROVIDERS: [(&str, &str, &str); 2] = [
    ("northwind", "Northwind Consulting", "Europe/Berlin"),
    ("bluepeak", "Bluepeak IT", "America/New_York"),
];

pub const ORGS: [(&str, &str, &str); 7] = [
    ("acme", "Acme Inc", "Europe/Berlin"),
    ("contoso", "Contoso Ltd", "Europe/London"),
    ("skywalker", "Skywalker Labs", "America/Los_Angeles"),
    ("rebel", "Rebel Co", "Asia/Kolkata"),
    ("globex", "Globex Corporation", "America/Chicago"),
    ("initech", "Initech", "Australia/Adelaide"),
    ("umbrella", "Umbrella Health", "Europe/Berlin"),
];

/// How a customer's usage develops over the six months.
#[derive(Clone, Copy, Debug)]
enum Profile {
    Growing,
    Steady,
    Declining,
    /// Starts two months before this one.
    New,
    /// No work at all in the current month.
    Quiet,
    /// Heavy use, with too few grants: the org is overdrawn.
    Overdrawn,
}

const LINKS: [(&str, &str, Profile); 8] = [
    ("northwind", "acme", Profile::Growing),
    ("northwind", "contoso", Profile::Steady),
    ("northwind", "rebel", Profile::New),
    ("northwind", "umbrella", Profile::Declining),
    ("bluepeak", "acme", Profile::Steady),
    ("bluepeak", "skywalker", Profile::Growing),
    ("bluepeak", "globex", Profile::Quiet),
    ("bluepeak", "initech", Profile::Overdrawn),
];

/// (email, display name, side, tenant slug)
pub const USERS: [(&str, &str, &str, &str); 4] = [
    ("alice@acme.example", "Alice Archer", "org", "acme"),
    ("ivan@initech.example", "Ivan Ito", "org", "initech"),
    (
        "nora@northwind.example",
        "Nora North",
        "provider",
        "northwind",
    ),
    ("ben@bluepeak.example", "Ben Blue", "provider", "bluepeak"),
];

const CATEGORIES: [(&str, u64, [&str; 3]); 5] = [
    (
        "Consulting",
        3,
        [
            "Roadmap workshop",
            "Architecture review",
            "Stakeholder call",
        ],
    ),
    ("Development", 4, ["Feature work", "Bug fix", "Code review"]),
    (
        "Support",
        3,
        ["Ticket triage", "User question", "Incident follow-up"],
    ),
    (
        "Maintenance",
        2,
        ["Dependency updates", "Backup check", "Server patching"],
    ),
    (
        "Training",
        1,
        ["Onboarding session", "Admin training", "Q&A session"],
    ),
];

/// SplitMix64: tiny, fast and fully determined by its seed, which is all demo data needs.
struct Rng(u64);

impl Rng {
    fn new(seed: &str) -> Self {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in seed.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
        }
        Rng(h)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Relative intensity of work at `t` (0 = six months ago, 1 = today).
fn intensity(profile: Profile, t: f64, in_current_month: bool, t_new_start: f64) -> f64 {
    match profile {
        Profile::Growing => 0.35 + 0.85 * t,
        Profile::Steady => 0.75,
        Profile::Declining => 1.2 - 0.9 * t,
        Profile::New => {
            if t >= t_new_start {
                1.0
            } else {
                0.0
            }
        }
        Profile::Quiet => {
            if in_current_month {
                0.0
            } else {
                0.8
            }
        }
        Profile::Overdrawn => 1.1,
    }
}

struct Log {
    id: Uuid,
    org: Uuid,
    provider: Uuid,
    category: String,
    minutes: i32,
    performed_at: DateTime<Utc>,
    description: String,
    created_by: Uuid,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

/// One provider–customer link to generate work for.
struct Link<'a> {
    provider_slug: &'a str,
    org_slug: &'a str,
    profile: Profile,
    provider_tz: Tz,
    org_tz: Tz,
    created_by: Uuid,
}

/// Generates the work logs of one provider–customer link between `start` and `now`.
fn generate_logs(link: &Link, start: NaiveDate, now: DateTime<Utc>) -> Vec<Log> {
    let Link {
        provider_slug,
        org_slug,
        profile,
        provider_tz,
        org_tz,
        created_by,
    } = *link;
    let mut rng = Rng::new(&format!("{provider_slug}/{org_slug}"));
    let today = now.with_timezone(&provider_tz).date_naive();
    let span = (today - start).num_days().max(1) as f64;
    // "This month" of the quiet customer is judged in both zones, so it is empty in either view.
    let quiet_from = first_of_month(now.with_timezone(&org_tz).date_naive())
        .min(first_of_month(today))
        .pred_opt()
        .expect("valid date");
    let new_start = first_of_month(today)
        .checked_sub_months(Months::new(2))
        .expect("valid date");
    let t_new_start = (new_start - start).num_days() as f64 / span;
    let total_weight: u64 = CATEGORIES.iter().map(|c| c.1).sum();

    let mut logs = Vec::new();
    let mut day = start;
    while day <= today {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let t = (day - start).num_days() as f64 / span;
        let level = intensity(profile, t, day >= quiet_from, t_new_start);
        if !weekend && level > 0.0 && rng.chance(0.45 + 0.35 * level.min(1.0)) {
            let entries = 1 + rng.below(if level > 0.9 { 3 } else { 2 });
            for n in 0..entries {
                let mut pick = rng.below(total_weight);
                let (category, _, descriptions) = CATEGORIES
                    .iter()
                    .find(|c| {
                        if pick < c.1 {
                            true
                        } else {
                            pick -= c.1;
                            false
                        }
                    })
                    .expect("weights cover the range");
                let quarter_hours = 1 + rng.below((4.0 + 8.0 * level).round() as u64);
                let minutes = (quarter_hours * 15) as i32;
                let start_minute = 8 * 60 + rng.below(9 * 60);
                let local = day
                    .and_hms_opt((start_minute / 60) as u32, (start_minute % 60) as u32, 0)
                    .expect("valid time");
                let Some(performed_at) = provider_tz.from_local_datetime(&local).earliest() else {
                    continue;
                };
                let performed_at = performed_at.with_timezone(&Utc);
                if performed_at > now {
                    continue;
                }
                logs.push(Log {
                    id: demo_id("work_log", &format!("{provider_slug}/{org_slug}/{day}/{n}")),
                    org: demo_id("org", org_slug),
                    provider: demo_id("provider", provider_slug),
                    category: (*category).to_owned(),
                    minutes,
                    performed_at,
                    description: descriptions[rng.below(3) as usize].to_owned(),
                    created_by,
                });
            }
        }
        day = day.succ_opt().expect("valid date");
    }
    logs
}

#[derive(Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Created { work_logs: usize, grants: usize },
    AlreadyPresent,
}

/// Inserts the demo data through the owner connection, relative to `now`.
pub async fn seed_demo(owner: &PgPool, now: DateTime<Utc>) -> anyhow::Result<SeedOutcome> {
    let mut tx = owner.begin().await?;
    let present: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM service_providers WHERE id = $1)")
            .bind(demo_id("provider", PROVIDERS[0].0))
            .fetch_one(&mut *tx)
            .await?;
    if present {
        return Ok(SeedOutcome::AlreadyPresent);
    }

    for (slug, name, tz) in PROVIDERS {
        sqlx::query("INSERT INTO service_providers (id, slug, name, time_zone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(demo_id("provider", slug)).bind(slug).bind(name).bind(tz)
            .execute(&mut *tx).await.with_context(|| format!("provider {slug}"))?;
    }
    for (slug, name, tz) in ORGS {
        sqlx::query("INSERT INTO organizations (id, slug, name, time_zone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(demo_id("org", slug)).bind(slug).bind(name).bind(tz)
            .execute(&mut *tx).await.with_context(|| format!("organization {slug}"))?;
    }
    for (email, display_name, side, tenant) in USERS {
        sqlx::query("INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(demo_id("user", email)).bind(email).bind(hash_password_blocking(DEMO_PASSWORD)?).bind(display_name)
            .execute(&mut *tx).await.with_context(|| format!("user {email}"))?;
        let sql = if side == "org" {
            "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'owner') ON CONFLICT DO NOTHING"
        } else {
            "INSERT INTO provider_members (service_provider_id, user_id, role) VALUES ($1, $2, 'owner') ON CONFLICT DO NOTHING"
        };
        let tenant_id = demo_id(if side == "org" { "org" } else { "provider" }, tenant);
        sqlx::query(sql)
            .bind(tenant_id)
            .bind(demo_id("user", email))
            .execute(&mut *tx)
            .await?;
    }

    let tz_of = |list: &[(&str, &str, &str)], slug: &str| -> Tz {
        list.iter()
            .find(|e| e.0 == slug)
            .and_then(|e| e.2.parse().ok())
            .expect("demo time zones are valid")
    };
    let start = first_of_month(now.date_naive())
        .checked_sub_months(Months::new(6))
        .expect("valid date");
    let (mut work_logs, mut grants) = (0, 0);
    for (provider_slug, org_slug, profile) in LINKS {
        let (provider, org) = (demo_id("provider", provider_slug), demo_id("org", org_slug));
        sqlx::query("INSERT INTO provider_customers (service_provider_id, organization_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(provider).bind(org).bind(Utc.from_utc_datetime(&start.and_hms_opt(0, 0, 0).expect("midnight")))
            .execute(&mut *tx).await?;
        let staff = USERS
            .iter()
            .find(|u| u.2 == "provider" && u.3 == provider_slug)
            .expect("each provider has staff");
        let logs = generate_logs(
            &Link {
                provider_slug,
                org_slug,
                profile,
                provider_tz: tz_of(&PROVIDERS, provider_slug),
                org_tz: tz_of(&ORGS, org_slug),
                created_by: demo_id("user", staff.0),
            },
            start,
            now,
        );
        let used: i64 = logs.iter().map(|l| i64::from(l.minutes)).sum();

        // Grants in whole 10-hour blocks: enough to stay ahead, except for the overdrawn org.
        let factor = if matches!(profile, Profile::Overdrawn) {
            0.7
        } else {
            1.3
        };
        let blocks = ((used as f64 * factor) / 600.0).ceil().max(1.0) as i32;
        let first = (blocks * 3 / 5).max(1);
        let mut plan = vec![(first, start, "Initial credit package")];
        if blocks > first {
            let top_up = start
                .checked_add_months(Months::new(3))
                .expect("valid date");
            plan.push((blocks - first, top_up, "Top-up"));
        }
        for (n, (blocks, date, note)) in plan.into_iter().enumerate() {
            let granted_at = Utc.from_utc_datetime(&date.and_hms_opt(9, 0, 0).expect("valid time"));
            sqlx::query("INSERT INTO credit_grants (id, organization_id, service_provider_id, minutes, granted_at, note) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                .bind(demo_id("grant", &format!("{provider_slug}/{org_slug}/{n}")))
                .bind(org).bind(provider).bind(blocks * 600).bind(granted_at).bind(note)
                .execute(&mut *tx).await?;
            grants += 1;
        }

        sqlx::query(
            "INSERT INTO work_logs (id, organization_id, service_provider_id, category, minutes_spent, performed_at, description, created_by)
             SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int4[], $6::timestamptz[], $7::text[], $8::uuid[])
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(logs.iter().map(|l| l.id).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.org).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.provider).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.category.clone()).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.minutes).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.performed_at).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.description.clone()).collect::<Vec<_>>())
        .bind(logs.iter().map(|l| l.created_by).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
        work_logs += logs.len();
    }
    tx.commit().await?;
    Ok(SeedOutcome::Created { work_logs, grants })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_logs_are_deterministic_and_skip_weekends() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let link = |profile, provider_tz, org_tz| Link {
            provider_slug: "p",
            org_slug: "o",
            profile,
            provider_tz,
            org_tz,
            created_by: Uuid::nil(),
        };
        let generate = || generate_logs(&link(Profile::Steady, Tz::UTC, Tz::UTC), start, now);
        let (a, b) = (generate(), generate());
        assert!(a.len() > 100, "six months of steady work, got {}", a.len());
        assert_eq!(
            a.iter().map(|l| (l.id, l.minutes)).collect::<Vec<_>>(),
            b.iter().map(|l| (l.id, l.minutes)).collect::<Vec<_>>()
        );
        assert!(
            a.iter()
                .all(|l| !matches!(l.performed_at.weekday(), Weekday::Sat | Weekday::Sun))
        );
        assert!(a.iter().all(|l| l.performed_at <= now && l.minutes > 0));
    }

    #[test]
    fn the_quiet_customer_has_no_work_this_month() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let chicago: Tz = "America/Chicago".parse().unwrap();
        let ny: Tz = "America/New_York".parse().unwrap();
        let link = Link {
            provider_slug: "p",
            org_slug: "o",
            profile: Profile::Quiet,
            provider_tz: ny,
            org_tz: chicago,
            created_by: Uuid::nil(),
        };
        let logs = generate_logs(&link, start, now);
        let month_start = chicago.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
        assert!(!logs.is_empty());
        assert!(logs.iter().all(|l| l.performed_at < month_start));
    }
}
