//! The customer usage view through the real router: the JSON API, the CSV export and the
//! server-rendered pages must give identical figures for the same URL.

mod common;

use app::domain::format_hours;
use chrono::{DateTime, Duration, Utc};
use common::http::{Client, app};
use common::{Fixture, PASSWORD, TestDb, two_tenants};
use http::StatusCode;

const NOV: &str = "period=custom&from=2026-11-01&to=2026-11-30";

/// Bob of org B (served by p and q), with `extra` more November entries by q.
async fn bob_with_entries(db: &TestDb, extra: usize) -> Client {
    let t = two_tenants(&db.owner).await;
    let f = Fixture { owner: &db.owner };
    let start = DateTime::parse_from_rfc3339("2026-11-02T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    for n in 0..extra {
        let category = if n % 3 == 0 {
            "=HYPERLINK(\"evil\")"
        } else {
            "Support"
        };
        f.log(
            t.q,
            t.org_b,
            t.quinn,
            category,
            5 + (n % 7) as i32,
            start + Duration::minutes(n as i64 * 13),
        )
        .await;
    }
    let mut client = Client::new(&app(db));
    assert_eq!(
        client.sign_in("bob@b.test", PASSWORD).await.status,
        StatusCode::NO_CONTENT
    );
    client
}

#[tokio::test(flavor = "multi_thread")]
async fn the_work_logs_api_pages_through_every_entry_of_the_period() {
    let db = TestDb::new().await;
    let mut bob = bob_with_entries(&db, 40).await;
    let summary = bob
        .get(&format!("/api/v1/orgs/org-b/usage?{NOV}"))
        .await
        .json();
    let mut uri = format!("/api/v1/orgs/org-b/work-logs?{NOV}&limit=9");
    let (mut count, mut minutes, mut pages) = (0, 0, 0);
    loop {
        let page = bob.get(&uri).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let json = page.json();
        for entry in json["entries"].as_array().unwrap() {
            for field in [
                "id",
                "performed_at",
                "category",
                "minutes_spent",
                "description",
                "provider",
            ] {
                assert!(entry.get(field).is_some(), "entry has {field}");
            }
            count += 1;
            minutes += entry["minutes_spent"].as_i64().unwrap();
        }
        pages += 1;
        match json["next_cursor"].as_str() {
            Some(cursor) => {
                uri = format!("/api/v1/orgs/org-b/work-logs?{NOV}&limit=9&cursor={cursor}")
            }
            None => break,
        }
    }
    assert_eq!(count, summary["entry_count"].as_i64().unwrap());
    assert_eq!(minutes, summary["total_minutes"].as_i64().unwrap());
    assert_eq!(count, 43);
    assert_eq!(pages, 5);

    for (query, param) in [
        ("limit=0", "limit"),
        ("limit=99999", "limit"),
        ("cursor=garbage", "cursor"),
        ("period=weekly", "period"),
        ("provider=Not%20A%20Slug", "provider"),
    ] {
        let resp = bob
            .get(&format!("/api/v1/orgs/org-b/work-logs?{query}"))
            .await;
        assert_eq!(resp.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(resp.json()["error"]["param"], param, "{query}");
    }
    assert_eq!(
        bob.get("/api/v1/orgs/org-a/work-logs").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_csv_export_has_every_entry_and_the_same_total() {
    let db = TestDb::new().await;
    // Enough rows to need several streamed chunks.
    let mut bob = bob_with_entries(&db, 1500).await;
    let summary = bob
        .get(&format!("/api/v1/orgs/org-b/usage?{NOV}"))
        .await
        .json();
    let resp = bob
        .get(&format!("/api/v1/orgs/org-b/work-logs.csv?{NOV}"))
        .await;
    assert_eq!(resp.status, StatusCode::OK);
    assert_eq!(resp.headers["content-type"], "text/csv; charset=utf-8");
    let disposition = resp.headers["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"org-b-work-logs-2026-11-01-to-2026-11-30.csv\""
    );
    assert!(
        resp.body.len() > 64 * 1024,
        "several chunks: {} bytes",
        resp.body.len()
    );

    let mut reader = csv::Reader::from_reader(resp.body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "date",
            "time",
            "performed_at_utc",
            "provider",
            "category",
            "minutes",
            "description",
            "id"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len() as i64, summary["entry_count"].as_i64().unwrap());
    let total: i64 = rows.iter().map(|r| r[5].parse::<i64>().unwrap()).sum();
    assert_eq!(total, summary["total_minutes"].as_i64().unwrap());
    // A cell that a spreadsheet would run as a formula is disarmed.
    assert!(rows.iter().any(|r| &r[4] == "'=HYPERLINK(\"evil\")"));
    assert!(rows.iter().all(|r| !r[4].starts_with('=')));
    // Narrowed to a provider, it narrows like the summary.
    let narrowed = bob
        .get(&format!(
            "/api/v1/orgs/org-b/work-logs.csv?{NOV}&provider=prov-p"
        ))
        .await;
    assert_eq!(
        narrowed.body.lines().count(),
        2,
        "p logged one November entry for B"
    );

    assert_eq!(
        bob.get("/api/v1/orgs/org-a/work-logs.csv").await.status,
        StatusCode::NOT_FOUND
    );
    let bad = bob
        .get("/api/v1/orgs/org-b/work-logs.csv?period=custom&from=2026-12-01&to=2026-11-01")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let mut anonymous = Client::new(&app(&db));
    assert_eq!(
        anonymous
            .get("/api/v1/orgs/org-b/work-logs.csv")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_render_the_figures_of_their_url_and_agree_with_the_api() {
    let db = TestDb::new().await;
    let mut bob = bob_with_entries(&db, 12).await;
    for query in [
        NOV.to_owned(),
        format!("{NOV}&provider=prov-q"),
        "period=previous_month".into(),
        "period=current_month".into(),
    ] {
        let api = bob
            .get(&format!("/api/v1/orgs/org-b/usage?{query}"))
            .await
            .json();
        let credits = bob
            .get(&format!("/dashboard/org/org-b/credits?{query}"))
            .await;
        assert_eq!(credits.status, StatusCode::OK, "{query}");
        let consumed = format_hours(api["total_minutes"].as_i64().unwrap());
        assert!(
            credits.body.contains(&format!("stat-value\">{consumed}<")),
            "{query}: {consumed}"
        );
        assert!(
            credits
                .body
                .contains(&format!("stat-value\">{}<", api["entry_count"])),
            "{query}"
        );
        assert!(
            credits.body.contains(&format!(
                "stat-value\">{}<",
                format_hours(api["remaining_minutes"].as_i64().unwrap())
            )),
            "{query}"
        );
        // The details link carries the period (and filter) to the drill-down...
        let expected_link = format!("/dashboard/org/org-b/work-logs?{query}");
        assert!(
            credits.body.contains(&expected_link.replace('&', "&amp;"))
                || credits.body.contains(&expected_link),
            "{query}: details link"
        );
        // ...whose total is the same.
        let logs = bob.get(&expected_link).await;
        assert_eq!(logs.status, StatusCode::OK, "{query}");
        assert!(
            logs.body
                .contains(&format!("data-testid=\"total-hours\">{consumed}<")),
            "{query}: drill-down total"
        );
    }
    // Relative periods stay relative in links (a bookmark of last month stays last month).
    let page = bob
        .get("/dashboard/org/org-b/credits?period=previous_month")
        .await;
    assert!(
        page.body
            .contains("href=\"/dashboard/org/org-b/credits?period=previous_month\"")
    );
    // The sidebar leads to both customer pages.
    assert!(
        page.body
            .contains("href=\"/dashboard/org/org-b/work-logs\""),
        "sidebar has Work logs"
    );
    // The grants and the pacing card are on the page.
    assert!(page.body.contains("Credit grants") && page.body.contains("Usage pacing"));
    // An empty period says so.
    let empty = bob
        .get("/dashboard/org/org-b/work-logs?period=custom&from=2020-01-01&to=2020-01-31")
        .await;
    assert!(empty.body.contains("No work logged in this period."));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_range_is_an_inline_message_with_the_selector_still_there() {
    let db = TestDb::new().await;
    let mut bob = bob_with_entries(&db, 0).await;
    for uri in [
        "/dashboard/org/org-b/credits?period=custom&from=2026-11-30&to=2026-11-01",
        "/dashboard/org/org-b/work-logs?period=custom&from=2026-11-30&to=2026-11-01",
    ] {
        let page = bob.get(uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(page.body.contains("data-testid=\"period-error\""), "{uri}");
        assert!(page.body.contains("is after the end date"), "{uri}");
        assert!(
            page.body.contains("This Month") && page.body.contains("type=\"date\""),
            "{uri}: selector"
        );
    }
    let page = bob
        .get("/dashboard/org/org-b/credits?period=custom&from=2015-01-01&to=2026-11-01")
        .await;
    assert!(page.body.contains("longer than 5 years"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_provider_api_has_the_fields_of_the_contract() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let mut pat = Client::new(&app(&db));
    pat.sign_in("pat@p.test", PASSWORD).await;
    let usage = pat.get("/api/v1/providers/prov-p/usage").await.json();
    for field in ["period", "total_minutes", "entry_count", "active_customers"] {
        assert!(
            usage["this_month"].get(field).is_some(),
            "this_month.{field}"
        );
    }
    for field in ["period", "total_minutes", "entry_count"] {
        assert!(
            usage["last_month"].get(field).is_some(),
            "last_month.{field}"
        );
    }
    assert!(usage["top_customers"].is_array());
    assert_eq!(usage["this_month"]["period"]["time_zone"], "Europe/Berlin");
    let customers = pat.get("/api/v1/providers/prov-p/customers").await.json();
    let rows = customers["customers"].as_array().unwrap();
    assert_eq!(
        rows.len(),
        2,
        "both linked customers, with or without usage"
    );
    for row in rows {
        for field in [
            "organization_slug",
            "organization_name",
            "this_month_minutes",
            "last_month_minutes",
            "this_quarter_minutes",
            "trend",
            "change_percent",
        ] {
            assert!(row.get(field).is_some(), "customers[].{field}");
        }
        assert!(["new", "up", "down", "same"].contains(&row["trend"].as_str().unwrap()));
    }
}
