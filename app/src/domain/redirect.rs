//! Where to send a user after sign-in: only ever a path on this site.

/// The `next` target if it is a local absolute path, otherwise `/dashboard`. Rejects anything a
/// browser could read as another origin: `//host`, `/\host`, schemes, control characters.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.chars().any(|c| c.is_control() || c == '\\')
                && path.len() <= 2000 =>
        {
            path.to_owned()
        }
        _ => "/dashboard".to_owned(),
    }
}

/// Percent-encodes a query-string value (everything but unreserved characters and `/`).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `/login?next=<path>` for a page that needs a signed-in user.
pub fn login_path(next: &str) -> String {
    format!("/login?next={}", encode_query_value(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/dashboard/org/acme/credits?period=previous_month")),
            "/dashboard/org/acme/credits?period=previous_month"
        );
        for bad in [
            "https://evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "javascript:alert(1)",
            "dashboard",
            "/a\r\nSet-Cookie: x",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), "/dashboard", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/dashboard");
    }

    #[test]
    fn login_path_encodes_the_query_of_the_target() {
        assert_eq!(
            login_path("/dashboard/org/acme/credits?period=custom&from=2026-09-01"),
            "/login?next=/dashboard/org/acme/credits%3Fperiod%3Dcustom%26from%3D2026-09-01"
        );
    }
}
