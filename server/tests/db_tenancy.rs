//! Tenancy at the database level (design.md §6): forced RLS on every tenant table, a runtime
//! role without privileges to escape it, no rows without a user context, and no context left
//! behind on a pooled connection.

mod common;

use app::services::Principal;
use common::{TestDb, two_tenants};
use server::db::{Db, RUNTIME_ROLE};
use uuid::Uuid;

const TENANT_TABLES: [&str; 8] = [
    "users",
    "organizations",
    "service_providers",
    "organization_members",
    "provider_members",
    "provider_customers",
    "credit_grants",
    "work_logs",
];

async fn count_as(db: &Db, user: Uuid, table: &str) -> i64 {
    let mut tx = db
        .begin_as(&Principal::from_verified_user_id(user))
        .await
        .unwrap();
    let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    n
}

#[tokio::test]
async fn migrations_create_every_table_of_the_design() {
    let db = TestDb::new().await;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations' ORDER BY 1",
    )
    .fetch_all(&db.owner)
    .await
    .unwrap();
    let mut expected: Vec<String> = TENANT_TABLES.iter().map(|t| t.to_string()).collect();
    expected.sort();
    assert_eq!(tables, expected);
}

#[tokio::test]
async fn every_tenant_table_has_row_level_security_enabled_and_forced() {
    let db = TestDb::new().await;
    let rows: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT c.relname::text, c.relrowsecurity, c.relforcerowsecurity
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&db.owner)
    .await
    .unwrap();
    assert_eq!(rows.len(), TENANT_TABLES.len());
    for (table, enabled, forced) in rows {
        assert!(
            enabled && forced,
            "{table}: RLS enabled={enabled} forced={forced}"
        );
    }
}

#[tokio::test]
async fn the_runtime_role_is_not_superuser_has_no_bypassrls_and_owns_nothing() {
    let db = TestDb::new().await;
    let who: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&db.runtime)
        .await
        .unwrap();
    assert_eq!(who, RUNTIME_ROLE);
    let (superuser, bypass, createrole, createdb): (bool, bool, bool, bool) = sqlx::query_as(
        "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1",
    )
    .bind(RUNTIME_ROLE)
    .fetch_one(&db.owner)
    .await
    .unwrap();
    assert!(!superuser && !bypass && !createrole && !createdb);
    let owned: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)
              + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
              + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid)
              + (SELECT count(*) FROM pg_type WHERE typowner = r.oid)
         FROM pg_roles r WHERE r.rolname = $1",
    )
    .bind(RUNTIME_ROLE)
    .fetch_one(&db.owner)
    .await
    .unwrap();
    assert_eq!(owned, 0, "the runtime role owns database objects");
    // Nor can it become a role that could.
    let memberships: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = $1",
    )
    .bind(RUNTIME_ROLE)
    .fetch_one(&db.owner)
    .await
    .unwrap();
    assert_eq!(memberships, 0);
}

#[tokio::test]
async fn without_a_user_context_every_tenant_table_reads_empty() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    for table in TENANT_TABLES {
        let owner_rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&db.owner)
            .await
            .unwrap();
        let runtime_rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&db.runtime)
            .await
            .unwrap();
        assert!(owner_rows > 0, "{table} has fixture rows");
        assert_eq!(runtime_rows, 0, "{table} is visible without a user context");
    }
}

#[tokio::test]
async fn a_pooled_connection_carries_no_context_into_the_next_request() {
    let db = TestDb::with_runtime_connections(1).await;
    let t = two_tenants(&db.owner).await;
    let app_db = Db::new(db.runtime.clone());
    assert_eq!(count_as(&app_db, t.alice, "work_logs").await, 2);

    // The same (only) connection, outside any request transaction.
    let setting: Option<String> = sqlx::query_scalar("SELECT current_setting('app.user_id', true)")
        .fetch_one(&db.runtime)
        .await
        .unwrap();
    assert_eq!(setting.unwrap_or_default(), "");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM work_logs")
        .fetch_one(&db.runtime)
        .await
        .unwrap();
    assert_eq!(n, 0);

    // A request that fails and rolls back leaves nothing behind either.
    {
        let mut tx = app_db
            .begin_as(&Principal::from_verified_user_id(t.alice))
            .await
            .unwrap();
        let _ = sqlx::query("SELECT 1/0").execute(&mut *tx).await;
    }
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM work_logs")
        .fetch_one(&db.runtime)
        .await
        .unwrap();
    assert_eq!(n, 0);
    // And the next request sees its own user's rows, not the previous one's.
    assert_eq!(count_as(&app_db, t.bob, "work_logs").await, 3);
}

#[tokio::test]
async fn each_user_sees_exactly_what_the_policies_allow() {
    let db = TestDb::new().await;
    let t = two_tenants(&db.owner).await;
    let app_db = Db::new(db.runtime.clone());
    // (user, table, expected rows)
    let expectations = [
        // Alice (member of A): herself, A, the provider serving A, her membership, A's link,
        // A's grant and A's two logs.
        (t.alice, "users", 1),
        (t.alice, "organizations", 1),
        (t.alice, "service_providers", 1),
        (t.alice, "organization_members", 1),
        (t.alice, "provider_members", 0),
        (t.alice, "provider_customers", 1),
        (t.alice, "credit_grants", 1),
        (t.alice, "work_logs", 2),
        // Bob (member of B, served by p and q): everything logged against B by either provider.
        (t.bob, "organizations", 1),
        (t.bob, "service_providers", 2),
        (t.bob, "provider_customers", 2),
        (t.bob, "credit_grants", 2),
        (t.bob, "work_logs", 3),
        // Pat (staff of p, serving A and B): both customers, but only p's own work and grants.
        (t.pat, "organizations", 2),
        (t.pat, "service_providers", 1),
        (t.pat, "provider_members", 1),
        (t.pat, "provider_customers", 2),
        (t.pat, "credit_grants", 2),
        (t.pat, "work_logs", 3),
        // Quinn (staff of q, serving B only): never A, and not p's work for the shared customer B.
        (t.quinn, "organizations", 1),
        (t.quinn, "service_providers", 1),
        (t.quinn, "provider_customers", 1),
        (t.quinn, "credit_grants", 1),
        (t.quinn, "work_logs", 2),
        // A user with no memberships sees only their own user row.
        (t.outsider, "users", 1),
        (t.outsider, "organizations", 0),
        (t.outsider, "service_providers", 0),
        (t.outsider, "provider_customers", 0),
        (t.outsider, "credit_grants", 0),
        (t.outsider, "work_logs", 0),
    ];
    for (user, table, expected) in expectations {
        assert_eq!(
            count_as(&app_db, user, table).await,
            expected,
            "user {user} on {table}"
        );
    }
    // Quinn's visible work is q's alone, even for the shared customer.
    let mut tx = app_db
        .begin_as(&Principal::from_verified_user_id(t.quinn))
        .await
        .unwrap();
    let providers: Vec<Uuid> =
        sqlx::query_scalar("SELECT DISTINCT service_provider_id FROM work_logs")
            .fetch_all(&mut *tx)
            .await
            .unwrap();
    assert_eq!(providers, vec![t.q]);
}

#[tokio::test]
async fn the_runtime_role_cannot_write_or_escape_the_policies() {
    let db = TestDb::new().await;
    let t = two_tenants(&db.owner).await;
    let app_db = Db::new(db.runtime.clone());
    let mut tx = app_db
        .begin_as(&Principal::from_verified_user_id(t.pat))
        .await
        .unwrap();
    let err = sqlx::query("DELETE FROM work_logs")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
    drop(tx);
    let mut tx = app_db
        .begin_as(&Principal::from_verified_user_id(t.pat))
        .await
        .unwrap();
    let err = sqlx::query("ALTER TABLE work_logs DISABLE ROW LEVEL SECURITY")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("must be owner"), "{err}");
    drop(tx);
    let mut tx = app_db
        .begin_as(&Principal::from_verified_user_id(t.pat))
        .await
        .unwrap();
    let err = sqlx::query("SET ROLE postgres")
        .execute(&mut *tx)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("permission denied"), "{err}");
}

#[tokio::test]
async fn constraints_reject_invalid_rows() {
    let db = TestDb::new().await;
    let t = two_tenants(&db.owner).await;
    let at = chrono::Utc::now();
    let bad = [
        // zero minutes
        sqlx::query("INSERT INTO work_logs (organization_id, service_provider_id, category, minutes_spent, performed_at, created_by) VALUES ($1, $2, 'X', 0, $3, $4)")
            .bind(t.org_a).bind(t.p).bind(at).bind(t.pat).execute(&db.owner).await,
        // q does not serve A: no work may be logged for that pair
        sqlx::query("INSERT INTO work_logs (organization_id, service_provider_id, category, minutes_spent, performed_at, created_by) VALUES ($1, $2, 'X', 10, $3, $4)")
            .bind(t.org_a).bind(t.q).bind(at).bind(t.quinn).execute(&db.owner).await,
        // negative grant
        sqlx::query("INSERT INTO credit_grants (organization_id, service_provider_id, minutes) VALUES ($1, $2, -5)")
            .bind(t.org_a).bind(t.p).execute(&db.owner).await,
        // unknown time zone
        sqlx::query("INSERT INTO organizations (slug, name, time_zone) VALUES ('tz-bad', 'X', 'Mars/Olympus')").execute(&db.owner).await,
        // duplicate slug
        sqlx::query("INSERT INTO organizations (slug, name) VALUES ('org-a', 'Again')").execute(&db.owner).await,
        // duplicate email, differing only in case
        sqlx::query("INSERT INTO users (email, password_hash, display_name) VALUES ('ALICE@a.test', '$argon2id$x', 'A')").execute(&db.owner).await,
        // not an argon2id hash
        sqlx::query("INSERT INTO users (email, password_hash, display_name) VALUES ('new@a.test', 'plaintext', 'A')").execute(&db.owner).await,
    ];
    for (i, result) in bad.into_iter().enumerate() {
        assert!(result.is_err(), "invalid row {i} was accepted");
    }
    // A valid half-hour zone is accepted.
    sqlx::query("INSERT INTO organizations (slug, name, time_zone) VALUES ('tz-ok', 'X', 'Australia/Adelaide')").execute(&db.owner).await.unwrap();
}
