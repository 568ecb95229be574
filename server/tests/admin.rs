//! User administration (`server admin …`) against PostgreSQL, and its effect on sign-in.

mod common;

use common::http::{Client, app};
use common::{TestDb, two_tenants};
use http::StatusCode;
use server::admin::{self, Tenant};

#[tokio::test(flavor = "multi_thread")]
async fn an_added_user_with_a_membership_can_sign_in_and_see_that_tenant_only() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    admin::add_user(
        &db.owner,
        "Ann@Example.com",
        "Ann",
        "a long enough password".into(),
    )
    .await
    .unwrap();
    // Same email in another case is the same user.
    assert!(
        admin::add_user(
            &db.owner,
            "ann@example.com",
            "Ann again",
            "another long password".into()
        )
        .await
        .is_err()
    );
    admin::add_member(
        &db.owner,
        "ann@example.com",
        &Tenant::Org("org-a".into()),
        "admin",
    )
    .await
    .unwrap();
    let app = app(&db);
    let mut ann = Client::new(&app);
    assert_eq!(
        ann.sign_in("ann@example.com", "a long enough password")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let me = ann.get("/api/v1/me").await.json();
    assert_eq!(me["organizations"][0]["slug"], "org-a");
    assert_eq!(
        ann.get("/api/v1/orgs/org-a/usage").await.status,
        StatusCode::OK
    );
    assert_eq!(
        ann.get("/api/v1/orgs/org-b/usage").await.status,
        StatusCode::NOT_FOUND
    );

    // Removing the membership closes the door at once, session or not.
    assert!(
        admin::remove_member(&db.owner, "ann@example.com", &Tenant::Org("org-a".into()))
            .await
            .unwrap()
    );
    assert_eq!(
        ann.get("/api/v1/orgs/org-a/usage").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !admin::remove_member(&db.owner, "ann@example.com", &Tenant::Org("org-a".into()))
            .await
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_password_reset_ends_the_users_sessions_and_only_theirs() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let app = app(&db);
    let mut alice = Client::new(&app);
    let mut bob = Client::new(&app);
    alice.sign_in("alice@a.test", common::PASSWORD).await;
    bob.sign_in("bob@b.test", common::PASSWORD).await;
    let ended = admin::reset_password(&db.owner, "alice@a.test", "a brand new password".into())
        .await
        .unwrap();
    assert_eq!(ended, 1);
    assert_eq!(
        alice.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(bob.get("/api/v1/me").await.status, StatusCode::OK);
    let mut again = Client::new(&app);
    assert_eq!(
        again.sign_in("alice@a.test", common::PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        again
            .sign_in("alice@a.test", "a brand new password")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn bad_administration_input_is_refused_with_a_reason() {
    let db = TestDb::new().await;
    two_tenants(&db.owner).await;
    let err = admin::add_user(
        &db.owner,
        "not-an-email",
        "X",
        "a long enough password".into(),
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("not an email"), "{err}");
    let err = admin::add_member(
        &db.owner,
        "alice@a.test",
        &Tenant::Org("org-a".into()),
        "boss",
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("role"), "{err}");
    let err = admin::add_member(
        &db.owner,
        "alice@a.test",
        &Tenant::Provider("nope".into()),
        "member",
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("no provider"), "{err}");
    let err = admin::reset_password(&db.owner, "ghost@x.test", "a long enough password".into())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("no user"), "{err}");
    assert!(server::auth::password::check_new_password("short").is_err());
}
