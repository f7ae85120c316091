//! Per-host politeness: every request to a host waits for that host's turn,
//! so two requests to one host are never closer than `1 / rate_per_host`
//! seconds, whichever feed or article they belong to.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use url::Url;

pub struct HostLimiter {
    limiter: DefaultKeyedRateLimiter<String>,
}

impl HostLimiter {
    /// A limiter allowing `rate` requests per second per host, with no burst:
    /// a burst would let a fresh run open with several requests at once.
    pub fn new(rate: f64) -> HostLimiter {
        let period = Duration::from_secs_f64(1.0 / rate);
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(NonZeroU32::MIN);
        HostLimiter {
            limiter: RateLimiter::keyed(quota),
        }
    }

    /// Waits until a request to `url`'s host may be sent.
    pub async fn wait_turn(&self, url: &Url) {
        self.limiter.until_key_ready(&host_key(url)).await;
    }
}

/// Hosts are told apart with their port: two servers on one loopback address
/// are two publishers.
fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or_default(),
        url.port_or_known_default().unwrap_or(0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[tokio::test]
    async fn requests_to_one_host_are_evenly_spaced_and_hosts_are_independent() {
        let limiter = HostLimiter::new(20.0); // one request per 50 ms
        let a = Url::parse("http://a.example/1").unwrap();
        let b = Url::parse("http://b.example/1").unwrap();
        let start = Instant::now();
        limiter.wait_turn(&a).await;
        limiter.wait_turn(&b).await;
        assert!(
            start.elapsed() < Duration::from_millis(40),
            "first requests must not wait"
        );
        limiter.wait_turn(&a).await;
        limiter.wait_turn(&a).await;
        assert!(
            start.elapsed() >= Duration::from_millis(95),
            "three requests to a host took only {:?}",
            start.elapsed()
        );
    }
}
