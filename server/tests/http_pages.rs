//! Pages through the real router: the server-rendered HTML holds the right figures for the
//! URL, computed here independently in SQL from the raw work logs.

mod common;

use app::domain::format_hours;
use chrono::Utc;
use common::TestDb;
use common::http::{Client, app};
use http::StatusCode;
use server::seed::{DEMO_PASSWORD, seed_demo};

/// Alice of Acme Inc, signed in to the demo data.
async fn alice(db: &TestDb) -> Client {
    seed_demo(&db.owner, Utc::now()).await.unwrap();
    let mut client = Client::new(&app(db));
    let resp = client.sign_in("alice@acme.example", DEMO_PASSWORD).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT);
    client
}

async fn get(client: &mut Client, uri: &str) -> (StatusCode, String) {
    let resp = client.get(uri).await;
    (resp.status, resp.body)
}

/// The text of the `.stat-value` inside the element marked `data-testid="{id}"`.
fn stat(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("data-testid=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id} in page"));
    let rest = &html[at..];
    let start = rest.find("stat-value\">").unwrap() + "stat-value\">".len();
    let end = rest[start..].find('<').unwrap();
    rest[start..start + end].to_owned()
}

/// Minutes and entries of acme for the month `offset` months from the current one, by local date.
async fn acme_month(db: &TestDb, offset: i32) -> (i64, i64) {
    sqlx::query_as(
        "SELECT COALESCE(SUM(w.minutes_spent), 0)::int8, COUNT(*)
         FROM work_logs w JOIN organizations o ON o.id = w.organization_id
         WHERE o.slug = 'acme'
           AND date_trunc('month', w.performed_at AT TIME ZONE o.time_zone)
             = date_trunc('month', now() AT TIME ZONE o.time_zone) + make_interval(months => $1)",
    )
    .bind(offset)
    .fetch_one(&db.owner)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_credits_page_renders_the_figures_of_the_period_in_the_url() {
    let db = TestDb::new().await;
    let mut app = alice(&db).await;
    for (uri, offset) in [
        ("/dashboard/org/acme/credits", 0),
        ("/dashboard/org/acme/credits?period=current_month", 0),
        ("/dashboard/org/acme/credits?period=previous_month", -1),
    ] {
        let (status, html) = get(&mut app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let (minutes, entries) = acme_month(&db, offset).await;
        assert!(
            entries > 0,
            "the demo data has acme usage in month {offset}"
        );
        assert_eq!(stat(&html, "consumed"), format_hours(minutes), "{uri}");
        assert_eq!(stat(&html, "entries"), entries.to_string(), "{uri}");
        assert!(html.contains("Acme Inc"), "{uri}");
    }
    let remaining: i64 = sqlx::query_scalar(
        "SELECT (SELECT SUM(minutes) FROM credit_grants g JOIN organizations o ON o.id = g.organization_id WHERE o.slug = 'acme')
              - (SELECT SUM(minutes_spent) FROM work_logs w JOIN organizations o ON o.id = w.organization_id WHERE o.slug = 'acme')",
    )
    .fetch_one(&db.owner)
    .await
    .unwrap();
    let (_, html) = get(&mut app, "/dashboard/org/acme/credits").await;
    assert_eq!(stat(&html, "remaining"), format_hours(remaining));
}

#[tokio::test(flavor = "multi_thread")]
async fn another_tenants_page_and_unknown_pages_answer_404() {
    let db = TestDb::new().await;
    let mut app = alice(&db).await;
    // Alice belongs to Acme; Initech exists but is not hers, and must look like nothing at all.
    let (status, foreign) = get(&mut app, "/dashboard/org/initech/credits").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!foreign.contains("Initech"));
    let (status, missing) = get(&mut app, "/dashboard/org/no-such-org/credits").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("Not found") && foreign.contains("Not found"));
    let (status, _) = get(&mut app, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_period_is_a_clear_400_not_a_server_error() {
    let db = TestDb::new().await;
    let mut app = alice(&db).await;
    let (status, html) = get(
        &mut app,
        "/dashboard/org/acme/credits?period=custom&from=2026-09-30&to=2026-09-01",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("is after the end date"), "{html}");
    let (status, html) = get(&mut app, "/dashboard/org/acme/credits?period=fortnight").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("unknown period"));
}
