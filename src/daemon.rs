//! The loop of `newsclip run`: a pass whenever a feed falls due, sleeping in
//! between, until shutdown. The loop owns only the waiting; what is due and
//! when comes from the pass (and the schedule it applies), which keeps the
//! loop testable on tokio's paused clock.

use std::future::Future;
use std::time::Duration;

use std::net::SocketAddr;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;
use tracing::{error, info};

use crate::error::{Error, Result};
use crate::pipeline::Archiver;

/// Shortest pause between two passes: a due time in the past never spins the loop.
const MIN_SLEEP: Duration = Duration::from_secs(1);
/// Longest sleep before looking again, so a suspended machine or a wall-clock
/// jump delays polling by minutes at most.
const MAX_SLEEP: Duration = Duration::from_secs(300);

/// `/healthz` fails when the scheduler has shown no life for this long: longer
/// than the longest sleep, and than a slow feed poll with all its retries.
pub const STUCK_AFTER: Duration = Duration::from_secs(15 * 60);

/// `newsclip run`: serves metrics on `metrics_addr` if given, then polls the
/// feeds as they fall due until the archiver's shutdown token is cancelled.
pub async fn run(archiver: &Archiver, metrics_addr: Option<SocketAddr>) -> Result<()> {
    let shutdown = archiver.shutdown_token();
    if let Some(addr) = metrics_addr {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Listen { addr, source })?;
        info!("metrics on http://{addr}/metrics, health on http://{addr}/healthz");
        tokio::spawn(crate::metrics::serve(
            listener,
            STUCK_AFTER,
            shutdown.clone(),
        ));
    }
    run_loop(&SystemClock, &shutdown, |now| async move {
        if let Err(e) = archiver.crawl_due(now).await {
            error!("{e}");
        }
        archiver.next_due().unwrap_or_else(|e| {
            error!("{e}");
            None
        })
    })
    .await;
    Ok(())
}

/// The time source of the loop.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Runs `pass(now)` whenever work is due until `shutdown` is cancelled.
/// `pass` does what is due and returns when the next work falls due (`None`
/// when it does not know, e.g. a pass cut short: the loop looks again soon).
pub async fn run_loop<F, Fut>(clock: &dyn Clock, shutdown: &CancellationToken, mut pass: F)
where
    F: FnMut(DateTime<Utc>) -> Fut,
    Fut: Future<Output = Option<DateTime<Utc>>>,
{
    while !shutdown.is_cancelled() {
        crate::metrics::METRICS.beat();
        let next = pass(clock.now()).await;
        crate::metrics::METRICS.beat();
        let wait = next
            .map(|due| (due - clock.now()).to_std().unwrap_or(Duration::ZERO))
            .unwrap_or(Duration::ZERO)
            .clamp(MIN_SLEEP, MAX_SLEEP);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown.cancelled() => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::{next_due, FeedTiming, PollOutcome, Schedule, Trigger};
    use std::sync::{Arc, Mutex};

    /// Wall time that follows tokio's (pausable) clock.
    struct TokioClock {
        base: DateTime<Utc>,
        start: tokio::time::Instant,
    }

    impl Clock for TokioClock {
        fn now(&self) -> DateTime<Utc> {
            self.base + chrono::Duration::from_std(self.start.elapsed()).unwrap()
        }
    }

    fn every(minutes: u64, max_backoff_minutes: u64) -> Schedule {
        Schedule {
            trigger: Trigger::Every(Duration::from_secs(minutes * 60)),
            jitter: Duration::ZERO,
            adaptive: None,
            max_backoff: Duration::from_secs(max_backoff_minutes * 60),
        }
    }

    /// Runs the loop for one feed whose polls go as `outcomes` says, and
    /// returns the minutes (since start) at which it was polled.
    async fn poll_minutes(schedule: Schedule, outcomes: Vec<PollOutcome>) -> Vec<i64> {
        let clock = Arc::new(TokioClock {
            base: Utc::now(),
            start: tokio::time::Instant::now(),
        });
        let base = clock.base;
        let shutdown = CancellationToken::new();
        let polls = Arc::new(Mutex::new(Vec::new()));
        let timing = Arc::new(Mutex::new(FeedTiming::default()));
        let due = Arc::new(Mutex::new(None));
        let n = outcomes.len();
        let outcomes = Arc::new(Mutex::new(outcomes.into_iter()));
        run_loop(clock.as_ref(), &shutdown.clone(), |now| {
            let (polls, timing, due, outcomes, schedule, shutdown) = (
                polls.clone(),
                timing.clone(),
                due.clone(),
                outcomes.clone(),
                schedule.clone(),
                shutdown.clone(),
            );
            async move {
                let is_due = due.lock().unwrap().is_none_or(|d| d <= now);
                if is_due {
                    polls.lock().unwrap().push((now - base).num_minutes());
                    let outcome = outcomes.lock().unwrap().next().unwrap();
                    let next = next_due(&schedule, &mut timing.lock().unwrap(), outcome, now, 0.0);
                    *due.lock().unwrap() = Some(next);
                    if polls.lock().unwrap().len() == n {
                        shutdown.cancel();
                    }
                }
                *due.lock().unwrap()
            }
        })
        .await;
        let polls = polls.lock().unwrap().clone();
        polls
    }

    #[tokio::test(start_paused = true)]
    async fn an_interval_feed_is_polled_on_time() {
        use PollOutcome::*;
        let minutes = poll_minutes(
            every(15, 60),
            vec![NewItems(3), NothingNew, NewItems(1), NothingNew],
        )
        .await;
        assert_eq!(minutes, vec![0, 15, 30, 45]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_feed_backs_off_but_is_always_polled_again() {
        use PollOutcome::*;
        let outcomes = vec![
            Failed,
            Failed,
            Failed,
            Failed,
            Failed,
            NewItems(1),
            NothingNew,
        ];
        let minutes = poll_minutes(every(15, 60), outcomes).await;
        // Waits of 15, 30, 60 (cap), 60, 60 minutes; then back to every 15.
        assert_eq!(minutes, vec![0, 15, 45, 105, 165, 225, 240]);
    }
}
