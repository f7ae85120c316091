//! Per-host politeness: every request to a host waits for that host's turn,
//! so two requests to one host are never closer than its interval (the
//! configured rate, slowed further by a robots.txt Crawl-delay), and no more
//! than its connection cap are open at once, whichever feed, article or image
//! they belong to.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::robots::Robots;

/// One host's turn-taking and what its robots.txt says.
pub struct Host {
    limiter: DefaultDirectRateLimiter,
    connections: Arc<Semaphore>,
    pub robots: Robots,
    /// Why the host's robots.txt could not be read, if so: then none of its
    /// pages may be fetched (for a short while).
    pub robots_unavailable: Option<String>,
    pub interval: Duration,
}

/// Holding this is holding one of a host's connections.
pub struct Turn {
    _permit: OwnedSemaphorePermit,
}

impl Host {
    /// A host allowing `rate` requests per second and `max_connections` at
    /// once, slowed to its robots.txt Crawl-delay if that is longer. The
    /// robots.txt request itself was the host's first request, so the
    /// limiter starts with that turn used.
    pub fn new(rate: f64, max_connections: usize, robots: Robots) -> Host {
        let interval =
            Duration::from_secs_f64(1.0 / rate).max(robots.crawl_delay().unwrap_or_default());
        // A burst of one: a burst would let a fresh run open with several
        // requests at once.
        let quota = Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(NonZeroU32::MIN);
        let limiter = RateLimiter::direct(quota);
        let _ = limiter.check();
        Host {
            limiter,
            connections: Arc::new(Semaphore::new(max_connections.max(1))),
            robots,
            robots_unavailable: None,
            interval,
        }
    }

    /// Waits for a free connection, then for the host's next turn.
    pub async fn take_turn(&self) -> Turn {
        // The semaphore is never closed, so acquiring cannot fail.
        let permit = self
            .connections
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphore is never closed");
        self.limiter.until_ready().await;
        Turn { _permit: permit }
    }
}

/// Hosts are told apart with their port: two servers on one loopback address
/// are two publishers.
pub fn host_key(url: &url::Url) -> String {
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
    async fn turns_are_evenly_spaced_from_the_first() {
        let host = Host::new(20.0, 4, Robots::allow_all()); // one request per 50 ms
        let start = Instant::now();
        for _ in 0..3 {
            drop(host.take_turn().await);
        }
        // The robots.txt request took the first turn: three more need 150 ms.
        assert!(
            start.elapsed() >= Duration::from_millis(145),
            "{:?}",
            start.elapsed()
        );
        assert!(
            start.elapsed() < Duration::from_millis(400),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test]
    async fn crawl_delay_slows_the_host_down() {
        let robots = Robots::parse("User-agent: *\nCrawl-delay: 0.2\n", "newsclip");
        let host = Host::new(100.0, 1, robots);
        assert_eq!(host.interval, Duration::from_millis(200));
    }

    #[tokio::test]
    async fn connection_cap_holds() {
        let host = Arc::new(Host::new(1000.0, 1, Robots::allow_all()));
        let first = host.take_turn().await;
        let waiting = tokio::spawn({
            let host = host.clone();
            async move { drop(host.take_turn().await) }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            !waiting.is_finished(),
            "a second connection opened while the cap is 1"
        );
        drop(first);
        waiting.await.unwrap();
    }
}
