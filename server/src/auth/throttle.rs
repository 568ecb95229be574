//! Sign-in throttling with governor's keyed GCRA limiters: every attempt spends one token of its
//! account's bucket and one of its client address's bucket. Buckets refill steadily, so a real
//! user is never locked out for long, while guessing is held to a crawl.
//!
//! | key | burst | refill |
//! |---|---|---|
//! | account (lower-cased email) | 5 attempts | 1 per minute |
//! | client address | 30 attempts | 1 per 10 seconds |

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

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
        }
    }

    /// Spends one attempt for the account and the client; `Err(wait)` when either is used up.
    pub fn attempt(&self, email: &str, client: Option<IpAddr>) -> Result<(), Duration> {
        let now = self.clock.now();
        let mut wait = Duration::ZERO;
        if let Some(ip) = client
            && let Err(not_until) = self.clients.check_key(&ip)
        {
            wait = wait.max(not_until.wait_time_from(now));
        }
        if let Err(not_until) = self.accounts.check_key(&email.trim().to_lowercase()) {
            wait = wait.max(not_until.wait_time_from(now));
        }
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    /// Forgets buckets that have refilled completely, so memory stays bounded.
    pub fn prune(&self) {
        self.accounts.retain_recent();
        self.clients.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_throttled_after_its_burst_and_case_does_not_help() {
        let throttle = Throttle::new(Limits::default());
        for _ in 0..5 {
            assert!(throttle.attempt("a@x.test", None).is_ok());
        }
        let wait = throttle.attempt("A@X.test", None).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));
        // Another account is unaffected.
        assert!(throttle.attempt("b@x.test", None).is_ok());
    }

    #[test]
    fn a_client_address_is_throttled_across_accounts() {
        let throttle = Throttle::new(Limits {
            client_burst: 3,
            ..Limits::default()
        });
        let ip: IpAddr = "127.0.0.9".parse().unwrap();
        for n in 0..3 {
            assert!(throttle.attempt(&format!("u{n}@x.test"), Some(ip)).is_ok());
        }
        assert!(throttle.attempt("fresh@x.test", Some(ip)).is_err());
        assert!(
            throttle
                .attempt("fresh2@x.test", Some("127.0.0.10".parse().unwrap()))
                .is_ok()
        );
    }
}
