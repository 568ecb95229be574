//! Test harness: every test gets its own freshly migrated database in the cluster named by
//! `TEST_DATABASE_URL` (scripts/test starts one), with an owner pool for fixtures and a runtime
//! pool connected as `service_credits_app`, exactly as the web server connects.
#![allow(dead_code)]

use std::str::FromStr;

use chrono::{DateTime, Utc};
use server::auth::password::hash_password_blocking;
use server::db::connect::{
    DbConfig, create_database_if_missing, migrate, runtime_options, runtime_pool,
};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use uuid::Uuid;

pub mod http;

/// Deterministic pseudo-random numbers for generated test data (SplitMix64).
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        (z ^ (z >> 31)) % n
    }
}

/// An RFC 3339 instant.
pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The password of every fixture user.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestDb {
    pub name: String,
    pub owner: PgPool,
    pub runtime: PgPool,
}

impl TestDb {
    pub async fn new() -> Self {
        Self::with_runtime_connections(4).await
    }

    pub async fn with_runtime_connections(max: u32) -> Self {
        let url = std::env::var("TEST_DATABASE_URL").expect(
            "TEST_DATABASE_URL must name a PostgreSQL superuser connection (scripts/test sets it)",
        );
        let admin = PgConnectOptions::from_str(&url).expect("TEST_DATABASE_URL is a valid URL");
        let name = format!("sc_test_{}", Uuid::new_v4().simple());
        create_database_if_missing(&admin, &name)
            .await
            .expect("create test database");
        let owner_options = admin.clone().database(&name);
        let owner = PgPoolOptions::new()
            .max_connections(2)
            .connect_with(owner_options.clone())
            .await
            .expect("connect as owner");
        migrate(&owner, &DbConfig::default())
            .await
            .expect("migrations apply");
        let runtime = runtime_pool(
            runtime_options(&owner_options, &DbConfig::default()).unwrap(),
            max,
        )
        .await
        .expect("connect as the runtime role");
        TestDb {
            name,
            owner,
            runtime,
        }
    }
}

/// Inserts tenants and rows through the owner connection.
pub struct Fixture<'a> {
    pub owner: &'a PgPool,
}

impl Fixture<'_> {
    pub async fn org(&self, slug: &str, time_zone: &str) -> Uuid {
        sqlx::query_scalar(
            "INSERT INTO organizations (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(slug)
        .bind(format!("Org {slug}"))
        .bind(time_zone)
        .fetch_one(self.owner)
        .await
        .unwrap()
    }

    pub async fn provider(&self, slug: &str, time_zone: &str) -> Uuid {
        sqlx::query_scalar("INSERT INTO service_providers (slug, name, time_zone) VALUES ($1, $2, $3) RETURNING id")
            .bind(slug)
            .bind(format!("Provider {slug}"))
            .bind(time_zone)
            .fetch_one(self.owner)
            .await
            .unwrap()
    }

    /// A user whose password is [`PASSWORD`].
    pub async fn user(&self, email: &str) -> Uuid {
        sqlx::query_scalar("INSERT INTO users (email, password_hash, display_name) VALUES ($1, $2, $1) RETURNING id")
            .bind(email)
            .bind(hash_password_blocking(PASSWORD).unwrap())
            .fetch_one(self.owner)
            .await
            .unwrap()
    }

    pub async fn org_member(&self, org: Uuid, user: Uuid) {
        sqlx::query("INSERT INTO organization_members (organization_id, user_id) VALUES ($1, $2)")
            .bind(org)
            .bind(user)
            .execute(self.owner)
            .await
            .unwrap();
    }

    pub async fn provider_member(&self, provider: Uuid, user: Uuid) {
        sqlx::query("INSERT INTO provider_members (service_provider_id, user_id) VALUES ($1, $2)")
            .bind(provider)
            .bind(user)
            .execute(self.owner)
            .await
            .unwrap();
    }

    pub async fn link(&self, provider: Uuid, org: Uuid) {
        sqlx::query(
            "INSERT INTO provider_customers (service_provider_id, organization_id) VALUES ($1, $2)",
        )
        .bind(provider)
        .bind(org)
        .execute(self.owner)
        .await
        .unwrap();
    }

    pub async fn grant(&self, provider: Uuid, org: Uuid, minutes: i32) {
        sqlx::query("INSERT INTO credit_grants (organization_id, service_provider_id, minutes) VALUES ($1, $2, $3)")
            .bind(org)
            .bind(provider)
            .bind(minutes)
            .execute(self.owner)
            .await
            .unwrap();
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn log(
        &self,
        provider: Uuid,
        org: Uuid,
        by: Uuid,
        category: &str,
        minutes: i32,
        at: DateTime<Utc>,
    ) {
        sqlx::query(
            "INSERT INTO work_logs (organization_id, service_provider_id, category, minutes_spent, performed_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(org)
        .bind(provider)
        .bind(category)
        .bind(minutes)
        .bind(at)
        .bind(by)
        .execute(self.owner)
        .await
        .unwrap();
    }
}

/// Two customers, two providers: `p` serves A and B, `q` serves only B (so B is shared).
pub struct Tenants {
    pub org_a: Uuid,
    pub org_b: Uuid,
    pub p: Uuid,
    pub q: Uuid,
    pub alice: Uuid, // member of A
    pub bob: Uuid,   // member of B
    pub pat: Uuid,   // staff of p
    pub quinn: Uuid, // staff of q
    pub outsider: Uuid,
}

pub async fn two_tenants(owner: &PgPool) -> Tenants {
    let f = Fixture { owner };
    let org_a = f.org("org-a", "Europe/Berlin").await;
    let org_b = f.org("org-b", "America/New_York").await;
    let p = f.provider("prov-p", "Europe/Berlin").await;
    let q = f.provider("prov-q", "Asia/Kolkata").await;
    let (alice, bob, pat, quinn, outsider) = (
        f.user("alice@a.test").await,
        f.user("bob@b.test").await,
        f.user("pat@p.test").await,
        f.user("quinn@q.test").await,
        f.user("outsider@x.test").await,
    );
    f.org_member(org_a, alice).await;
    f.org_member(org_b, bob).await;
    f.provider_member(p, pat).await;
    f.provider_member(q, quinn).await;
    f.link(p, org_a).await;
    f.link(p, org_b).await;
    f.link(q, org_b).await;
    f.grant(p, org_a, 600).await;
    f.grant(p, org_b, 300).await;
    f.grant(q, org_b, 120).await;
    let at = DateTime::parse_from_rfc3339("2026-11-10T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    f.log(p, org_a, pat, "Support", 30, at).await;
    f.log(p, org_a, pat, "Development", 90, at).await;
    f.log(p, org_b, pat, "Support", 45, at).await;
    f.log(q, org_b, quinn, "Consulting", 60, at).await;
    f.log(q, org_b, quinn, "Consulting", 15, at).await;
    Tenants {
        org_a,
        org_b,
        p,
        q,
        alice,
        bob,
        pat,
        quinn,
        outsider,
    }
}
