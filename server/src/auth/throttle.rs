//! Sign-in throttling with governor's keyed GCRA limiters. Every *failed* attempt spends one token
//! of its account's bucket and one of its client address's bucket; when a bucket is empty the key
//! is refused (even with the right password) until the bucket has a token again. Successful
//! sign-ins cost nothing, so signing in and out never locks anyone out, and buckets refill
//! steadily, so a real user is never locked out for long while guessing is held to a crawl.
//!
//! | key | failures allowed at once | then one more |
//! |---|---|---|
//! | account (lower-cased email) | 5 | per minute |
//! | client address | 30 | per 10 seconds |

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub account_burst: u32,
    pub account_refill: Duration,
    pub client_burst: u32,
    pub client_refill: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            account_burst: 5,
            account_refill: Duration::from_secs(60),
            client_burst: 30,
            client_refill: Duration::from_secs(10),
        }
    }
}

fn quota(burst: u32, refill: Duration) -> Quota {
    Quota::with_period(refill)
        .expect("refill period is not zero")
        .allow_burst(NonZeroU32::new(burst.max(1)).expect("burst is at least 1"))
}

pub struct Throttle {
    accounts: DefaultKeyedRateLimiter<String>,
    clients: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
    /// Keys refused until the given instant (their bucket ran dry).
    blocked: Mutex<HashMap<Key, Instant>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Client(IpAddr),
}

fn account(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Throttle {
    pub fn new(limits: Limits) -> Self {
        Throttle {
            accounts: DefaultKeyedRateLimiter::keyed(quota(
                limits.account_burst,
                limits.account_refill,
            )),
            clients: DefaultKeyedRateLimiter::keyed(quota(
                limits.client_burst,
                limits.client_refill,
            )),
            clock: DefaultClock::default(),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    fn keys(email: &str, client: Option<IpAddr>) -> Vec<Key> {
        let mut keys = vec![Key::Account(account(email))];
        keys.extend(client.map(Key::Client));
        keys
    }

    /// `Err(wait)` when the account or the client is refused right now.
    pub fn check(&self, email: &str, client: Option<IpAddr>) -> Result<(), Duration> {
        let now = Instant::now();
        let blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        let wait = Self::keys(email, client)
            .iter()
            .filter_map(|k| blocked.get(k))
            .map(|until| until.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    /// Spends a token for a failed attempt; `Err(wait)` when that emptied a bucket, after which
    /// [`check`](Self::check) refuses the key for `wait`.
    pub fn record_failure(&self, email: &str, client: Option<IpAddr>) -> Result<(), Duration> {
        let now = self.clock.now();
        let mut waits = Vec::new();
        let account = account(email);
        if let Err(not_until) = self.accounts.check_key(&account) {
            waits.push((Key::Account(account), not_until.wait_time_from(now)));
        }
        if let Some(ip) = client
            && let Err(not_until) = self.clients.check_key(&ip)
        {
            waits.push((Key::Client(ip), not_until.wait_time_from(now)));
        }
        let mut blocked = self.blocked.lock().unwrap_or_else(|e| e.into_inner());
        let mut longest = Duration::ZERO;
        for (key, wait) in waits {
            let wait = wait.max(Duration::from_secs(1));
            blocked.insert(key, Instant::now() + wait);
            longest = longest.max(wait);
        }
        if longest.is_zero() {
            Ok(())
        } else {
            Err(longest)
        }
    }

    /// Forgets buckets that have refilled and blocks that have ended, so memory stays bounded.
    pub fn prune(&self) {
        self.accounts.retain_recent();
        self.clients.retain_recent();
        let now = Instant::now();
        self.blocked
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_refused_after_its_failures_and_case_does_not_help() {
        let throttle = Throttle::new(Limits::default());
        for _ in 0..5 {
            assert!(throttle.check("a@x.test", None).is_ok());
            assert!(throttle.record_failure("a@x.test", None).is_ok());
        }
        let wait = throttle.record_failure("A@X.test", None).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));
        assert!(throttle.check("a@x.test ", None).is_err());
        // Another account is unaffected.
        assert!(throttle.check("b@x.test", None).is_ok());
    }

    #[test]
    fn checking_costs_nothing() {
        let throttle = Throttle::new(Limits::default());
        for _ in 0..100 {
            assert!(throttle.check("a@x.test", None).is_ok());
        }
    }

    #[test]
    fn a_client_address_is_refused_across_accounts() {
        let throttle = Throttle::new(Limits {
            client_burst: 3,
            ..Limits::default()
        });
        let ip: IpAddr = "127.0.0.9".parse().unwrap();
        for n in 0..3 {
            assert!(
                throttle
                    .record_failure(&format!("u{n}@x.test"), Some(ip))
                    .is_ok()
            );
        }
        assert!(throttle.record_failure("u3@x.test", Some(ip)).is_err());
        assert!(throttle.check("fresh@x.test", Some(ip)).is_err());
        assert!(
            throttle
                .check("fresh@x.test", Some("127.0.0.10".parse().unwrap()))
                .is_ok()
        );
    }
}
