//! Prometheus metrics and the health check of `newsclip run`, served on
//! `--metrics-addr` at `/metrics` (OpenMetrics text) and `/healthz`.
//!
//! One process-wide set of metrics: the pipeline and the HTTP client count
//! into it wherever the event happens, without threading a handle through
//! every call; the registry only exists to be rendered.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::LazyLock;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabel {
    pub result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub host: String,
    /// The HTTP status, or `error` when no answer came.
    pub status: String,
}

/// Every metric newsclip exports.
pub struct Metrics {
    pub feed_polls: Family<ResultLabel, Counter>,
    pub articles: Family<ResultLabel, Counter>,
    pub articles_pending: Gauge,
    pub http_requests: Family<RequestLabels, Counter>,
    pub fetch_seconds: Histogram,
    pub extract_seconds: Histogram,
    pub images_stored: Counter,
    pub bytes_written: Counter,
    /// Unix time of the scheduler's last sign of life.
    heartbeat: AtomicI64,
    registry: Registry,
}

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("newsclip");
        let feed_polls = Family::<ResultLabel, Counter>::default();
        registry.register(
            "feed_polls",
            "Feed polls by result (ok, not_modified, failed)",
            feed_polls.clone(),
        );
        let articles = Family::<ResultLabel, Counter>::default();
        registry.register(
            "articles",
            "Articles by outcome (archived, skipped, failed, given_up)",
            articles.clone(),
        );
        let articles_pending = Gauge::default();
        registry.register(
            "articles_pending",
            "Failed articles waiting for a retry",
            articles_pending.clone(),
        );
        let http_requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by host and status",
            http_requests.clone(),
        );
        // 10 ms .. ~80 s.
        let fetch_seconds = Histogram::new(exponential_buckets(0.01, 2.0, 14));
        registry.register(
            "fetch_duration_seconds",
            "Time to fetch a page, feed or image",
            fetch_seconds.clone(),
        );
        // 0.5 ms .. ~2 s.
        let extract_seconds = Histogram::new(exponential_buckets(0.0005, 2.0, 13));
        registry.register(
            "extract_duration_seconds",
            "Time to extract an article",
            extract_seconds.clone(),
        );
        let images_stored = Counter::default();
        registry.register(
            "images_stored",
            "Images newly written to the image store",
            images_stored.clone(),
        );
        let bytes_written = Counter::default();
        registry.register(
            "bytes_written",
            "Bytes of posts and images written",
            bytes_written.clone(),
        );
        Metrics {
            feed_polls,
            articles,
            articles_pending,
            http_requests,
            fetch_seconds,
            extract_seconds,
            images_stored,
            bytes_written,
            heartbeat: AtomicI64::new(chrono::Utc::now().timestamp()),
            registry,
        }
    }

    pub fn count_feed_poll(&self, result: &'static str) {
        self.feed_polls.get_or_create(&ResultLabel { result }).inc();
    }

    pub fn count_article(&self, result: &'static str) {
        self.articles.get_or_create(&ResultLabel { result }).inc();
    }

    pub fn count_request(&self, host: &str, status: Option<u16>) {
        let status = status.map_or_else(|| "error".to_string(), |s| s.to_string());
        self.http_requests
            .get_or_create(&RequestLabels {
                host: host.to_string(),
                status,
            })
            .inc();
    }

    /// The scheduler is alive: called by every loop turn and every finished article.
    pub fn beat(&self) {
        self.heartbeat
            .store(chrono::Utc::now().timestamp(), Ordering::Relaxed);
    }

    /// Healthy when the scheduler showed life within `stuck_after`.
    pub fn is_healthy(&self, stuck_after: Duration) -> bool {
        let last = self.heartbeat.load(Ordering::Relaxed);
        let age = chrono::Utc::now().timestamp().saturating_sub(last);
        age <= stuck_after.as_secs() as i64
    }

    /// The metrics in the OpenMetrics text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// Serves `/metrics` and `/healthz` on `listener` until `shutdown`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    stuck_after: Duration,
    shutdown: tokio_util::sync::CancellationToken,
) -> std::io::Result<()> {
    use axum::http::{header, StatusCode};
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/metrics",
            get(|| async {
                (
                    [(
                        header::CONTENT_TYPE,
                        "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    )],
                    METRICS.render(),
                )
            }),
        )
        .route(
            "/healthz",
            get(move || async move {
                if METRICS.is_healthy(stuck_after) {
                    (StatusCode::OK, "ok\n")
                } else {
                    (StatusCode::SERVICE_UNAVAILABLE, "scheduler stuck\n")
                }
            }),
        );
    axum::serve(listener, app)
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_show_in_the_rendered_text() {
        METRICS.count_feed_poll("ok");
        METRICS.count_request("example.com", Some(200));
        METRICS.count_request("example.com", None);
        let text = METRICS.render();
        assert!(
            text.contains("newsclip_feed_polls_total{result=\"ok\"}"),
            "{text}"
        );
        assert!(
            text.contains("newsclip_http_requests_total{host=\"example.com\",status=\"200\"}"),
            "{text}"
        );
        assert!(text.contains("status=\"error\""), "{text}");
        assert!(
            text.contains("newsclip_fetch_duration_seconds_bucket"),
            "{text}"
        );
    }

    #[test]
    fn health_follows_the_heartbeat() {
        METRICS.beat();
        assert!(METRICS.is_healthy(Duration::from_secs(60)));
        METRICS
            .heartbeat
            .store(chrono::Utc::now().timestamp() - 3600, Ordering::Relaxed);
        assert!(!METRICS.is_healthy(Duration::from_secs(60)));
        METRICS.beat();
        assert!(METRICS.is_healthy(Duration::from_secs(60)));
    }
}
