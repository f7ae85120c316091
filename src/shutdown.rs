//! Graceful shutdown: SIGTERM or SIGINT stops new work at once, lets the work
//! in flight finish within a grace period, then gives up on it. Nothing can
//! be left half-written either way, because every post and state write is
//! atomic and happens between two await points.

use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;
use tracing::{info, warn};

/// Cancels `token` on the first SIGTERM or SIGINT. Signals are handled
/// explicitly, so this works as PID 1 in a container too.
pub fn cancel_on_signal(token: CancellationToken) {
    tokio::spawn(async move {
        wait_for_signal().await;
        info!("shutdown requested: no new work, finishing what is in flight");
        token.cancel();
    });
}

#[cfg(unix)]
async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        }
        Err(e) => {
            warn!("cannot listen for SIGTERM ({e}); only SIGINT stops newsclip gracefully");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs `work` to its end, unless `token` is cancelled and `work` then takes
/// longer than `grace`: it is dropped and `None` is returned.
pub async fn with_grace<T>(
    work: impl Future<Output = T>,
    token: &CancellationToken,
    grace: Duration,
) -> Option<T> {
    let deadline = async {
        token.cancelled().await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        out = work => Some(out),
        _ = deadline => {
            warn!("grace period of {grace:?} is over: abandoning work in flight");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn work_finishing_within_grace_completes() {
        let token = CancellationToken::new();
        token.cancel();
        let work = async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            7
        };
        assert_eq!(
            with_grace(work, &token, Duration::from_secs(10)).await,
            Some(7)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn work_outliving_grace_is_dropped() {
        let token = CancellationToken::new();
        let canceller = token.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(1)).await;
            canceller.cancel();
        });
        let work = tokio::time::sleep(Duration::from_secs(3600));
        let start = tokio::time::Instant::now();
        assert_eq!(
            with_grace(work, &token, Duration::from_secs(10)).await,
            None
        );
        assert_eq!(start.elapsed().as_secs(), 11);
    }
}
