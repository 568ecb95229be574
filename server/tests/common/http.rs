//! Black-box HTTP tests: the real router (pages, server functions, API, session layer with the
//! PostgreSQL store, security middleware) driven with `tower::ServiceExt::oneshot`, and a client
//! that keeps the session cookie like a browser would.

use std::net::SocketAddr;
use std::sync::Arc;

use app::services::Services;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{HeaderMap, Method, Request, StatusCode, header};
use server::accounts::PgAccountService;
use server::auth::throttle::Limits;
use server::auth::{SESSION_COOKIE, SessionAuthenticator, SignInService};
use server::db::Db;
use server::http::{AppState, CookiePolicy, leptos_options, router};
use server::usage::{Clock, PgUsageService};
use tower::ServiceExt;
use tower_sessions_sqlx_store::PostgresStore;

use super::TestDb;

pub fn app(db: &TestDb) -> Router {
    app_with(db, CookiePolicy::default())
}

pub fn app_with(db: &TestDb, cookies: CookiePolicy) -> Router {
    let runtime = Db::new(db.runtime.clone());
    let usage = PgUsageService::new(runtime.clone(), Clock::System);
    let state = AppState {
        leptos_options: leptos_options().unwrap(),
        exports: usage.clone(),
        services: Services {
            usage: Arc::new(usage),
            accounts: Arc::new(PgAccountService::new(runtime.clone())),
            auth: Arc::new(SessionAuthenticator),
        },
        sign_in: Arc::new(SignInService::new(runtime, Limits::default()).unwrap()),
    };
    router(state, PostgresStore::new(db.runtime.clone()), cookies)
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn location(&self) -> Option<&str> {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    /// The session cookie's `Set-Cookie` header, if this response sets one.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{SESSION_COOKIE}=")))
            .map(str::to_owned)
    }
}

/// A browser-like client: one session cookie, sent back on every request.
pub struct Client {
    router: Router,
    pub cookie: Option<String>,
    pub client_addr: Option<SocketAddr>,
}

impl Client {
    pub fn new(router: &Router) -> Self {
        Client {
            router: router.clone(),
            cookie: None,
            client_addr: None,
        }
    }

    pub async fn send(
        &mut self,
        method: Method,
        uri: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Resp {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(cookie) = &self.cookie {
            builder = builder.header(header::COOKIE, cookie);
        }
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let mut request = match body {
            Some((content_type, body)) => builder
                .header(header::CONTENT_TYPE, content_type)
                .body(Body::from(body)),
            None => builder.body(Body::empty()),
        }
        .unwrap();
        if let Some(addr) = self.client_addr {
            request.extensions_mut().insert(ConnectInfo(addr));
        }
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), 20 << 20)
            .await
            .unwrap();
        let resp = Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Some(set) = resp.session_cookie() {
            let pair = set.split(';').next().unwrap().to_owned();
            let expired = set.contains("Max-Age=0") || pair.ends_with('=');
            self.cookie = if expired { None } else { Some(pair) };
        }
        resp
    }

    /// A GET as a browser sends it (accepting HTML, which is what makes Leptos answer a
    /// redirect with 302 rather than a header for its own client).
    pub async fn get(&mut self, uri: &str) -> Resp {
        let accept = (
            "accept",
            "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
        );
        self.send(Method::GET, uri, &[accept], None).await
    }

    pub async fn post_json(&mut self, uri: &str, json: serde_json::Value) -> Resp {
        self.send(
            Method::POST,
            uri,
            &[],
            Some(("application/json", json.to_string())),
        )
        .await
    }

    pub async fn post_form(&mut self, uri: &str, form: &str) -> Resp {
        self.send(
            Method::POST,
            uri,
            &[],
            Some(("application/x-www-form-urlencoded", form.to_owned())),
        )
        .await
    }

    pub async fn delete(&mut self, uri: &str) -> Resp {
        self.send(Method::DELETE, uri, &[], None).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Resp {
        self.post_json(
            "/api/v1/session",
            serde_json::json!({ "email": email, "password": password }),
        )
        .await
    }
}
