//! The binary as cron and as a service: the archive lock, SIGTERM during a
//! crawl, `run` picking up new articles, and `status`.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_newsclip");

fn newsclip(args: &[&str]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.args(args)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    cmd
}

fn sigterm(child: &tokio::process::Child) {
    let pid = child.id().unwrap().to_string();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(status.success());
}

fn no_temp_files(archive: &Path) {
    let leftovers = temp_files_under(archive);
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_crawl_is_refused_while_one_runs() {
    let site = Site::start().await;
    publish_series(&site, 3, None, Duration::from_millis(700));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "timeouts: {read: 5, total: 10}\n",
    );
    let text = std::fs::read_to_string(&config).unwrap().replacen(
        "timeouts: {connect: 2, read: 1, total: 3}\n",
        "",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let config = config.to_str().unwrap();
    let first = newsclip(&["crawl", "--config", config]).spawn().unwrap();
    // The first run holds the lock once it is fetching articles.
    wait_for(|| site.hits("/a/0") + site.hits("/a/1") + site.hits("/a/2") > 0).await;
    let second = newsclip(&["crawl", "--config", config])
        .output()
        .await
        .unwrap();
    assert_eq!(second.status.code(), Some(3));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("another newsclip run holds this archive's lock"),
        "{err}"
    );
    let first = first.wait_with_output().await.unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sigterm_mid_crawl_stops_cleanly_and_the_next_crawl_finishes() {
    let site = Site::start().await;
    publish_series(&site, 12, None, Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "concurrency: 2\nshutdown_grace: 5s\n",
    );
    let config = config.to_str().unwrap();
    let child = newsclip(&["crawl", "--config", config]).spawn().unwrap();
    let archive = dir.path().join("archive");
    wait_for(|| !posts_under(&archive).is_empty()).await;
    sigterm(&child);
    let started = std::time::Instant::now();
    let out = child.wait_with_output().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?} to stop",
        started.elapsed()
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("shutdown requested"), "{err}");
    let written = posts_under(&archive).len();
    assert!(
        written > 0 && written < 12,
        "{written} posts: the crawl was not interrupted mid-way"
    );
    no_temp_files(&archive);

    crawl_all_in_process(Path::new(config)).await;
    assert_eq!(posts_under(&archive).len(), 12);
    for i in 0..12 {
        assert_eq!(
            site.hits(&format!("/a/{i}")),
            1,
            "article {i} fetched twice"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn run_picks_up_articles_published_while_it_runs() {
    let site = Site::start().await;
    publish_series(&site, 1, None, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "schedule: {every: 1s, jitter: 0}\n",
    );
    let child = newsclip(&["run", "--config", config.to_str().unwrap()])
        .spawn()
        .unwrap();
    let archive = dir.path().join("archive");
    wait_for(|| posts_under(&archive).len() == 1).await;
    publish_series(&site, 3, None, Duration::ZERO);
    wait_for(|| posts_under(&archive).len() == 3).await;
    sigterm(&child);
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.hits("/feed.rss") >= 2);
    no_temp_files(&archive);
}

#[tokio::test(flavor = "multi_thread")]
async fn run_serves_metrics_and_health() {
    let site = Site::start().await;
    publish_series(&site, 2, None, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let addr = format!("127.0.0.1:{port}");
    let child = newsclip(&[
        "run",
        "--config",
        config.to_str().unwrap(),
        "--metrics-addr",
        &addr,
    ])
    .spawn()
    .unwrap();
    let archive = dir.path().join("archive");
    wait_for(|| posts_under(&archive).len() == 2).await;
    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    let metrics = client
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for expected in [
        "newsclip_articles_total{result=\"archived\"} 2",
        "newsclip_feed_polls_total{result=\"ok\"} 1",
        "newsclip_http_requests_total{host=\"127.0.0.1\",status=\"200\"}",
        "newsclip_fetch_duration_seconds_count",
        "newsclip_extract_duration_seconds_count 2",
        "newsclip_bytes_written_total",
        "newsclip_articles_pending 0",
    ] {
        assert!(
            metrics.contains(expected),
            "{expected} missing from:\n{metrics}"
        );
    }
    sigterm(&child);
    let out = child.wait_with_output().await.unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn wait_for(condition: impl Fn() -> bool) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("condition not met within 10 s");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_shows_feeds_and_failed_articles() {
    let site = Site::start().await;
    publish_series(&site, 1, None, Duration::ZERO);
    site.serve("/a/0", Reply::status(404));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("world", "/feed.rss", "X")], "");
    let config = config.to_str().unwrap();
    let out = newsclip(&["status", "--config", config])
        .output()
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("no state yet"));
    newsclip(&["crawl", "--config", config])
        .output()
        .await
        .unwrap();
    let out = newsclip(&["status", "--config", config])
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("world") && text.contains("ok: 1 items, 1 new"),
        "{text}"
    );
    assert!(
        text.contains(&format!("pending  {}", site.url("/a/0"))),
        "{text}"
    );
    assert!(text.contains("HTTP status 404"), "{text}");

    let out = newsclip(&["status", "--json", "--config", config])
        .output()
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["feeds"][0]["name"], "world");
    assert_eq!(json["feeds"][0]["pending"], 1);
    assert_eq!(json["failed_articles"][0]["url"], site.url("/a/0"));
    assert_eq!(json["failed_articles"][0]["given_up"], false);
}
