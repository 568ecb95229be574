//! Sign-in, sessions and request hygiene through the real router.

mod common;

use common::http::{Client, app, app_with};
use common::{PASSWORD, TestDb, two_tenants};
use http::{Method, StatusCode};
use server::http::CookiePolicy;

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_issues_a_fresh_http_only_same_site_session_cookie() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut client = Client::new(&app);
    // An id planted before sign-in (session fixation) must not become the signed-in session.
    let planted = "sc_session=AAAAAAAAAAAAAAAAAAAAAA";
    client.cookie = Some(planted.to_owned());
    let resp = client.sign_in("alice@a.test", PASSWORD).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT);
    let set = resp.session_cookie().expect("a session cookie");
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Lax"), "{set}");
    assert!(set.contains("Path=/"), "{set}");
    assert!(
        !set.contains("Secure"),
        "plain http must not mark the cookie Secure: {set}"
    );
    assert_ne!(client.cookie.as_deref(), Some(planted));
    assert_eq!(
        client.get("/api/v1/me").await.json()["email"],
        "alice@a.test"
    );

    // The planted id is worth nothing.
    let mut attacker = Client::new(&app);
    attacker.cookie = Some(planted.to_owned());
    assert_eq!(
        attacker.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Signing in again issues yet another id.
    let before = client.cookie.clone();
    client.sign_in("alice@a.test", PASSWORD).await;
    assert_ne!(client.cookie, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn cookies_are_secure_when_served_over_https() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let mut client = Client::new(&app_with(&db, CookiePolicy { secure: true }));
    let resp = client.sign_in("alice@a.test", PASSWORD).await;
    assert!(resp.session_cookie().unwrap().contains("Secure"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let wrong = Client::new(&app)
        .sign_in("alice@a.test", "not the password")
        .await;
    let unknown = Client::new(&app)
        .sign_in("nobody@a.test", "not the password")
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (unknown.status, unknown.body.clone()),
        (wrong.status, wrong.body.clone())
    );
    assert!(wrong.session_cookie().is_none());
    // Malformed bodies are a 400 that names the problem, never a 500.
    let mut client = Client::new(&app);
    let resp = client
        .send(
            Method::POST,
            "/api/v1/session",
            &[],
            Some(("application/json", "{\"email\":".into())),
        )
        .await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);
    assert_eq!(resp.json()["error"]["code"], "bad_request");
    // Email case does not matter.
    assert_eq!(
        Client::new(&app)
            .sign_in("ALICE@A.TEST", PASSWORD)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_ends_the_session_on_the_server() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut client = Client::new(&app);
    client.sign_in("bob@b.test", PASSWORD).await;
    let cookie = client.cookie.clone();
    let sessions = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM tower_sessions.session")
            .fetch_one(&db.owner)
            .await
            .unwrap()
    };
    assert_eq!(sessions().await, 1);
    assert_eq!(
        client.delete("/api/v1/session").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(sessions().await, 0);
    // Replaying the old cookie gets nothing.
    let mut replay = Client::new(&app);
    replay.cookie = cookie;
    assert_eq!(
        replay.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        replay.get("/api/v1/orgs/org-b/usage").await.status,
        StatusCode::UNAUTHORIZED
    );

    // The form sign-out does the same and goes back to the sign-in page.
    let mut client = Client::new(&app);
    client.sign_in("bob@b.test", PASSWORD).await;
    let resp = client.post_form("/logout", "").await;
    assert_eq!(
        (resp.status, resp.location()),
        (StatusCode::SEE_OTHER, Some("/login"))
    );
    assert_eq!(
        client.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn repeated_failed_sign_ins_are_throttled_per_account_and_per_address() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut client = Client::new(&app);
    for _ in 0..5 {
        assert_eq!(
            client.sign_in("alice@a.test", "guess").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let resp = client.sign_in("alice@a.test", "guess").await;
    assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = resp.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    // Even the right password waits: the account is being guessed at.
    assert_eq!(
        client.sign_in("alice@a.test", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Other accounts are not locked out by it.
    assert_eq!(
        Client::new(&app)
            .sign_in("bob@b.test", PASSWORD)
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    // One address trying many accounts is throttled too (30 attempts).
    let mut sprayer = Client::new(&app);
    sprayer.client_addr = Some("127.0.0.77:5000".parse().unwrap());
    let mut statuses = Vec::new();
    for n in 0..31 {
        statuses.push(
            sprayer
                .sign_in(&format!("user{n}@spray.test"), "guess")
                .await
                .status,
        );
    }
    assert!(
        statuses[..30]
            .iter()
            .all(|s| *s == StatusCode::UNAUTHORIZED)
    );
    assert_eq!(statuses[30], StatusCode::TOO_MANY_REQUESTS);

    // The form shows it as a message rather than an error page.
    let resp = client
        .post_form(
            "/login",
            "email=alice%40a.test&password=guess&next=%2Fdashboard",
        )
        .await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    assert!(
        resp.location()
            .unwrap()
            .starts_with("/login?error=throttled&retry="),
        "{:?}",
        resp.location()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cross_site_state_changing_requests_are_refused() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let body = || {
        Some((
            "application/json",
            serde_json::json!({ "email": "alice@a.test", "password": PASSWORD }).to_string(),
        ))
    };
    let mut client = Client::new(&app);
    let resp = client
        .send(
            Method::POST,
            "/api/v1/session",
            &[("sec-fetch-site", "cross-site")],
            body(),
        )
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(resp.json()["error"]["code"], "cross_site");
    assert!(resp.session_cookie().is_none());
    let resp = client
        .send(
            Method::POST,
            "/api/v1/session",
            &[
                ("origin", "https://evil.example"),
                ("host", "localhost:3000"),
            ],
            body(),
        )
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);

    // A signed-in user's server functions and sign-out cannot be driven from another site.
    client.sign_in("alice@a.test", PASSWORD).await;
    let form = Some(("application/x-www-form-urlencoded", "org=org-a".to_owned()));
    let resp = client
        .send(
            Method::POST,
            "/api/org_usage_summary",
            &[("sec-fetch-site", "cross-site")],
            form.clone(),
        )
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    let resp = client
        .send(
            Method::POST,
            "/logout",
            &[("sec-fetch-site", "cross-site")],
            None,
        )
        .await;
    assert_eq!(resp.status, StatusCode::FORBIDDEN);
    assert_eq!(client.get("/api/v1/me").await.status, StatusCode::OK);
    // The same requests from the site itself work.
    let resp = client
        .send(
            Method::POST,
            "/api/org_usage_summary",
            &[("sec-fetch-site", "same-origin")],
            form,
        )
        .await;
    assert_eq!(resp.status, StatusCode::OK, "{}", resp.body);
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_redirect_to_sign_in_and_back_and_carry_security_headers() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut client = Client::new(&app);
    let resp = client
        .get("/dashboard/org/org-a/credits?period=previous_month")
        .await;
    assert!(resp.status.is_redirection(), "{}", resp.status);
    assert_eq!(
        resp.location(),
        Some("/login?next=/dashboard/org/org-a/credits%3Fperiod%3Dprevious_month")
    );

    let login = client.get("/login?next=/dashboard/org/org-a/credits").await;
    assert_eq!(login.status, StatusCode::OK);
    let csp = login.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("'wasm-unsafe-eval'")
            && csp.contains("frame-ancestors 'none'")
            && csp.contains("'nonce-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(login.headers["x-content-type-options"], "nosniff");
    assert!(login.headers.contains_key("referrer-policy"));

    // The form signs in and goes back to the page asked for — and only to a local page.
    let resp = client.post_form("/login", "email=alice%40a.test&password=correct+horse+battery&next=%2Fdashboard%2Forg%2Forg-a%2Fcredits%3Fperiod%3Dprevious_month").await;
    assert_eq!(resp.status, StatusCode::SEE_OTHER);
    assert_eq!(
        resp.location(),
        Some("/dashboard/org/org-a/credits?period=previous_month")
    );
    let page = client
        .get("/dashboard/org/org-a/credits?period=previous_month")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Org org-a"));
    let mut other = Client::new(&app);
    let resp = other
        .post_form(
            "/login",
            "email=bob%40b.test&password=correct+horse+battery&next=https%3A%2F%2Fevil.example%2F",
        )
        .await;
    assert_eq!(resp.location(), Some("/dashboard"));
    let resp = Client::new(&app)
        .post_form(
            "/login",
            "email=bob%40b.test&password=wrong&next=%2Fdashboard",
        )
        .await;
    assert_eq!(
        resp.location(),
        Some("/login?error=invalid&next=/dashboard")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_sends_each_user_to_their_own_home() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    for (email, home) in [
        ("alice@a.test", "/dashboard/org/org-a/credits"),
        ("bob@b.test", "/dashboard/org/org-b/credits"),
        ("pat@p.test", "/dashboard/provider/prov-p"),
        ("quinn@q.test", "/dashboard/provider/prov-q"),
    ] {
        let mut client = Client::new(&app);
        client.sign_in(email, PASSWORD).await;
        let resp = client.get("/dashboard").await;
        assert!(resp.status.is_redirection(), "{email}: {}", resp.status);
        assert_eq!(resp.location(), Some(home), "{email}");
        let page = client.get(home).await;
        assert_eq!(page.status, StatusCode::OK, "{email}");
        assert!(
            page.body.contains("aria-current=\"page\""),
            "{email}: the current item is marked"
        );
    }
    // A user with no memberships gets an explanation, not an error.
    let mut client = Client::new(&app);
    client.sign_in("outsider@x.test", PASSWORD).await;
    let resp = client.get("/dashboard").await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(resp.body.contains("not a member"));
}
