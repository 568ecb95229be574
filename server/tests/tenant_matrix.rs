//! The cross-tenant matrix: every page route, API endpoint and server function that exists,
//! tried as a customer of org A, a customer of org B, staff of provider p (serving A and B),
//! staff of provider q (serving only B) and with no session. Where access is allowed the
//! figures must be the caller's own; elsewhere the answer is 404 (never revealing that the
//! resource exists), 401 for the API without a session, or a redirect to sign-in for pages.

mod common;

use common::http::{Client, Resp, app};
use common::{PASSWORD, TestDb, two_tenants};
use http::{Method, StatusCode};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Alice,
    Bob,
    Pat,
    Quinn,
}

use Who::*;

const ALL: [Who; 5] = [Anonymous, Alice, Bob, Pat, Quinn];

fn email(who: Who) -> Option<&'static str> {
    match who {
        Anonymous => None,
        Alice => Some("alice@a.test"),
        Bob => Some("bob@b.test"),
        Pat => Some("pat@p.test"),
        Quinn => Some("quinn@q.test"),
    }
}

/// November 2026 holds all fixture work; a custom range keeps the figures independent of today.
const NOV: &str = "period=custom&from=2026-11-01&to=2026-11-30";

/// What each caller must get.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// 200 with (total minutes, remaining minutes) for org usage, or just 200.
    Ok(Option<(i64, i64)>),
    NotFound,
    Unauthorized,
    RedirectToLogin,
}

struct Case {
    method: Method,
    uri: String,
    form: Option<String>,
    expect: fn(Who) -> Expect,
}

fn page(uri: &str, expect: fn(Who) -> Expect) -> Case {
    Case {
        method: Method::GET,
        uri: uri.to_owned(),
        form: None,
        expect,
    }
}

fn server_fn(name: &str, form: &str, expect: fn(Who) -> Expect) -> Case {
    Case {
        method: Method::POST,
        uri: format!("/api/{name}"),
        form: Some(form.to_owned()),
        expect,
    }
}

fn check(who: Who, case: &Case, resp: &Resp) {
    let context = format!(
        "{who:?} {} {}: {} {}",
        case.method,
        case.uri,
        resp.status,
        &resp.body.chars().take(300).collect::<String>()
    );
    match (case.expect)(who) {
        Expect::Ok(figures) => {
            assert_eq!(resp.status, StatusCode::OK, "{context}");
            if let Some((total, remaining)) = figures {
                let json = resp.json();
                assert_eq!(json["total_minutes"], total, "{context}");
                assert_eq!(json["remaining_minutes"], remaining, "{context}");
            }
        }
        Expect::NotFound => {
            assert_eq!(resp.status, StatusCode::NOT_FOUND, "{context}");
            // Nothing about the other tenant leaks into the answer.
            for name in [
                "Org org-a",
                "Org org-b",
                "Provider prov-p",
                "Provider prov-q",
            ] {
                let uri_names_it = case
                    .uri
                    .contains(&name.rsplit(' ').next().unwrap().to_string());
                if uri_names_it {
                    assert!(!resp.body.contains(name), "{context} reveals {name}");
                }
            }
        }
        Expect::Unauthorized => assert_eq!(resp.status, StatusCode::UNAUTHORIZED, "{context}"),
        Expect::RedirectToLogin => {
            assert!(resp.status.is_redirection(), "{context}");
            assert!(
                resp.location()
                    .unwrap_or("")
                    .starts_with("/login?next=/dashboard"),
                "{context}"
            );
        }
    }
}

fn cases() -> Vec<Case> {
    let page_a: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::RedirectToLogin,
        Alice | Pat => Expect::Ok(None),
        Bob | Quinn => Expect::NotFound,
    };
    let page_b: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::RedirectToLogin,
        Bob | Pat | Quinn => Expect::Ok(None),
        Alice => Expect::NotFound,
    };
    let provider_p_page: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::RedirectToLogin,
        Pat => Expect::Ok(None),
        _ => Expect::NotFound,
    };
    let provider_q_page: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::RedirectToLogin,
        Quinn => Expect::Ok(None),
        _ => Expect::NotFound,
    };
    // Org A: granted 600 by p; p logged 30 + 90 in November.
    let usage_a: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::Unauthorized,
        Alice | Pat => Expect::Ok(Some((120, 480))),
        Bob | Quinn => Expect::NotFound,
    };
    // Org B: granted 300 by p and 120 by q; p logged 45, q logged 60 + 15. Each provider sees
    // only its own work and grants, even for this shared customer.
    let usage_b: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::Unauthorized,
        Bob => Expect::Ok(Some((120, 300))),
        Pat => Expect::Ok(Some((45, 255))),
        Quinn => Expect::Ok(Some((75, 45))),
        Alice => Expect::NotFound,
    };
    let provider_p: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::Unauthorized,
        Pat => Expect::Ok(None),
        _ => Expect::NotFound,
    };
    let provider_q: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::Unauthorized,
        Quinn => Expect::Ok(None),
        _ => Expect::NotFound,
    };
    // The same access as usage_a/usage_b, for responses without summary figures.
    let reach_a: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::Unauthorized,
        Alice | Pat => Expect::Ok(None),
        Bob | Quinn => Expect::NotFound,
    };
    let reach_b: fn(Who) -> Expect = |w| match w {
        Anonymous => Expect::Unauthorized,
        Bob | Pat | Quinn => Expect::Ok(None),
        Alice => Expect::NotFound,
    };
    let me: fn(Who) -> Expect = |w| {
        if w == Anonymous {
            Expect::Unauthorized
        } else {
            Expect::Ok(None)
        }
    };
    let public: fn(Who) -> Expect = |_| Expect::Ok(None);
    vec![
        page("/", public),
        page("/login", public),
        page("/dashboard/org/org-a/credits", page_a),
        page(&format!("/dashboard/org/org-a/credits?{NOV}"), page_a),
        page("/dashboard/org/org-b/credits", page_b),
        page("/dashboard/org/org-a/work-logs", page_a),
        page(&format!("/dashboard/org/org-b/work-logs?{NOV}"), page_b),
        page("/dashboard/provider/prov-p", provider_p_page),
        page("/dashboard/provider/prov-q", provider_q_page),
        page("/dashboard/provider/prov-p/usage", provider_p_page),
        page(
            "/dashboard/provider/prov-q/usage?sort=trend&dir=asc",
            provider_q_page,
        ),
        page("/dashboard/provider/prov-p/orders", provider_p_page),
        page("/dashboard/provider/prov-q/orders", provider_q_page),
        page("/api/v1/me", me),
        page(&format!("/api/v1/orgs/org-a/usage?{NOV}"), usage_a),
        page(&format!("/api/v1/orgs/org-b/usage?{NOV}"), usage_b),
        page(&format!("/api/v1/orgs/org-a/work-logs?{NOV}"), reach_a),
        page(&format!("/api/v1/orgs/org-b/work-logs?{NOV}"), reach_b),
        page(&format!("/api/v1/orgs/org-a/work-logs.csv?{NOV}"), reach_a),
        page(&format!("/api/v1/orgs/org-b/work-logs.csv?{NOV}"), reach_b),
        page("/api/v1/providers/prov-p/usage", provider_p),
        page("/api/v1/providers/prov-q/usage", provider_q),
        page("/api/v1/providers/prov-p/customers", provider_p),
        page("/api/v1/providers/prov-q/customers", provider_q),
        server_fn("org_usage_summary", &format!("org=org-a&{NOV}"), usage_a),
        server_fn("org_usage_summary", &format!("org=org-b&{NOV}"), usage_b),
        server_fn("org_work_logs", &format!("org=org-a&{NOV}"), reach_a),
        server_fn("org_work_logs", &format!("org=org-b&{NOV}"), reach_b),
        server_fn("org_credit_grants", "org=org-a", reach_a),
        server_fn("org_credit_grants", "org=org-b", reach_b),
        server_fn("provider_usage_summary", "provider=prov-p", provider_p),
        server_fn("provider_usage_summary", "provider=prov-q", provider_q),
        server_fn("customer_usage_breakdown", "provider=prov-p", provider_p),
        server_fn("customer_usage_breakdown", "provider=prov-q", provider_q),
        server_fn("provider_credit_grants", "provider=prov-p", provider_p),
        server_fn("provider_credit_grants", "provider=prov-q", provider_q),
        server_fn("current_user", "", public),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn no_tenant_can_reach_another_tenants_data_by_any_route() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let cases = cases();
    for who in ALL {
        let mut client = Client::new(&app);
        if let Some(email) = email(who) {
            assert_eq!(
                client.sign_in(email, PASSWORD).await.status,
                StatusCode::NO_CONTENT,
                "{who:?} signs in"
            );
        }
        for case in &cases {
            let resp = match &case.form {
                None => client.get(&case.uri).await,
                Some(form) => client.post_form(&case.uri, form).await,
            };
            check(who, case, &resp);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_never_sees_another_providers_work_for_a_shared_customer() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut quinn = Client::new(&app);
    quinn.sign_in("quinn@q.test", PASSWORD).await;
    // Org B is served by p (45 minutes in November) and q (60 + 15): q sees 75, always.
    let logs = quinn
        .get(&format!("/api/v1/orgs/org-b/work-logs?{NOV}"))
        .await
        .json();
    let providers: Vec<&str> = logs["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["provider"].as_str().unwrap())
        .collect();
    assert_eq!(providers, ["prov-q", "prov-q"]);
    let csv = quinn
        .get(&format!("/api/v1/orgs/org-b/work-logs.csv?{NOV}"))
        .await
        .body;
    assert_eq!(csv.lines().count(), 3);
    assert!(!csv.contains("prov-p"));
    let grants = quinn
        .post_form("/api/org_credit_grants", "org=org-b")
        .await
        .json();
    assert_eq!(grants.as_array().unwrap().len(), 1);
    let page = quinn
        .get(&format!("/dashboard/org/org-b/work-logs?{NOV}"))
        .await
        .body;
    assert!(!page.contains("Provider prov-p"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_and_the_api_agree_on_every_figure_they_show() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut client = Client::new(&app);
    client.sign_in("bob@b.test", PASSWORD).await;
    let api = client
        .get(&format!("/api/v1/orgs/org-b/usage?{NOV}"))
        .await
        .json();
    let page = client
        .get(&format!("/dashboard/org/org-b/credits?{NOV}"))
        .await
        .body;
    let hours = |m: &serde_json::Value| app::domain::format_hours(m.as_i64().unwrap());
    assert!(page.contains(&format!("stat-value\">{}<", hours(&api["total_minutes"]))));
    assert!(page.contains(&format!("stat-value\">{}<", api["entry_count"])));
    assert!(page.contains(&format!(
        "stat-value\">{}<",
        hours(&api["remaining_minutes"])
    )));
    // Filtering to a provider in the API narrows every figure, as the policies do for staff.
    let narrowed = client
        .get(&format!("/api/v1/orgs/org-b/usage?{NOV}&provider=prov-q"))
        .await
        .json();
    assert_eq!(
        (
            narrowed["total_minutes"].as_i64(),
            narrowed["remaining_minutes"].as_i64()
        ),
        (Some(75), Some(45))
    );
    // Bad parameters name themselves.
    let bad = client
        .get("/api/v1/orgs/org-b/usage?period=custom&from=2026-11-30&to=2026-11-01")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["param"], "to");
    let bad = client
        .get("/api/v1/orgs/org-b/usage?period=custom&from=yesterday&to=2026-11-01")
        .await;
    assert_eq!(bad.json()["error"]["param"], "from");
    assert_eq!(
        client.get("/api/v1/nothing/here").await.status,
        StatusCode::NOT_FOUND
    );
}
