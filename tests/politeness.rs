//! Politeness and HTTP hygiene against an in-process publisher: conditional
//! feed requests, Retry-After, per-host spacing, robots.txt, retries of
//! transient failures, pending articles, permanent feed redirects, due feeds.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use newsclip::config::Config;
use newsclip::pipeline::{Archiver, Summary};

fn open(config: &Path) -> Archiver {
    Archiver::open(Config::load(config).unwrap()).unwrap()
}

async fn crawl(config: &Path) -> Summary {
    open(config).crawl().await
}

fn page(title: &str) -> Reply {
    Reply::html(article_page(title, "2024-11-16T09:30:00Z", PARAGRAPHS))
}

/// A feed at /feed.rss listing `paths`, each served by its reply.
fn publish(site: &Site, articles: Vec<(&str, Vec<Reply>)>) {
    let paths: Vec<&str> = articles.iter().map(|(p, _)| *p).collect();
    for (path, replies) in articles {
        site.serve_in_turn(path, replies);
    }
    let entries: Vec<Entry> = paths.iter().map(|p| entry(p)).collect();
    site.serve(
        "/feed.rss",
        Reply::ok("application/rss+xml", rss(&entries)).with_etag("\"v1\""),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unchanged_feed_gets_304_and_costs_no_article_request() {
    let site = Site::start().await;
    publish(&site, vec![("/a", vec![page("First story of the day")])]);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    assert_eq!(crawl(&config).await.new, 1);
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.feeds_unchanged, summary.new, summary.skipped),
        (1, 0, 0),
        "{summary}"
    );
    assert_eq!(site.hits("/a"), 1);
    assert_eq!(site.hits("/feed.rss"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_is_waited_for() {
    let site = Site::start().await;
    let busy = Reply::status(503).header("retry-after", "1");
    publish(
        &site,
        vec![("/a", vec![busy, page("Story behind a busy server")])],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    assert_eq!(crawl(&config).await.new, 1);
    let times = site.times("/a");
    assert_eq!(times.len(), 2);
    let gap = times[1] - times[0];
    assert!(
        gap >= Duration::from_millis(990),
        "retried after {gap:?} despite Retry-After: 1"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_to_one_host_are_spaced_by_the_rate() {
    let site = Site::start().await;
    let articles: Vec<(String, Vec<Reply>)> = (0..6)
        .map(|i| {
            (
                format!("/a/{i}"),
                vec![page(&format!("Story number {i} of the day"))],
            )
        })
        .collect();
    publish(
        &site,
        articles
            .iter()
            .map(|(p, r)| (p.as_str(), r.clone()))
            .collect(),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    // write_config sets 200/s; a per-host override slows this host to 10/s.
    let host = site
        .base
        .trim_start_matches("http://")
        .split(':')
        .next()
        .unwrap()
        .to_string();
    let text = std::fs::read_to_string(&config).unwrap().replace(
        "feeds:\n",
        &format!("hosts:\n  {host}: {{rate: 10, max_connections: 4}}\nconcurrency: 8\nfeeds:\n"),
    );
    std::fs::write(&config, text).unwrap();
    assert_eq!(crawl(&config).await.new, 6);
    let log = site.log();
    assert_eq!(log.len(), 8, "robots.txt, the feed and six articles");
    let min_gap = log.windows(2).map(|w| w[1].1 - w[0].1).min().unwrap();
    assert!(
        min_gap >= Duration::from_millis(95),
        "two requests {min_gap:?} apart at 10/s"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_txt_disallow_is_obeyed_for_pages() {
    let site = Site::start().await;
    site.serve(
        "/robots.txt",
        Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"),
    );
    publish(
        &site,
        vec![
            ("/private/secret", vec![page("Secret story")]),
            ("/a", vec![page("Public story")]),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (1, 1), "{summary}");
    assert_eq!(site.hits("/private/secret"), 0);
    assert_eq!(site.hits("/robots.txt"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn transient_failures_are_retried_within_the_run() {
    let site = Site::start().await;
    let ok = |n: u32| page(&format!("Story {n} after a hiccup"));
    publish(
        &site,
        vec![
            ("/500", vec![Reply::status(500), ok(1)]),
            ("/503", vec![Reply::status(503), ok(2)]),
            (
                "/429",
                vec![Reply::status(429).header("retry-after", "0"), ok(3)],
            ),
            ("/slow", vec![ok(4).delayed(Duration::from_secs(2)), ok(4)]),
            ("/truncated", vec![ok(5).truncated(), ok(5)]),
            ("/reset", vec![Reply::status(502), ok(6)]),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (6, 0), "{summary}");
    for path in ["/500", "/503", "/429", "/slow", "/truncated", "/reset"] {
        assert_eq!(site.hits(path), 2, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_article_failing_in_one_run_is_archived_by_the_next_or_given_up() {
    let site = Site::start().await;
    publish(
        &site,
        vec![
            (
                "/flaky",
                vec![
                    Reply::status(500),
                    Reply::status(500),
                    page("Finally there"),
                ],
            ),
            ("/gone", vec![Reply::status(404)]),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "retries: {attempts: 2, base_delay: 0.05, article_runs: 2}\n",
    );
    // `retries` appears twice now: the fixture's own line must win, so drop the default one.
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text.replacen(
        "retries: {attempts: 2, base_delay: 0.05, max_delay: 2}\n",
        "",
        1,
    );
    std::fs::write(&config, text).unwrap();
    let first = crawl(&config).await;
    assert_eq!((first.new, first.failed), (0, 2), "{first}");
    let archiver = open(&config);
    let pending = archiver.state().all_pending().unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending.iter().all(|p| !p.given_up && p.attempts == 1));
    let second = archiver.crawl().await;
    assert_eq!(
        (second.new, second.failed, second.given_up),
        (1, 1, 1),
        "{second}"
    );
    let pending = archiver.state().all_pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].given_up && pending[0].last_error.contains("HTTP status 404"));
    let third = archiver.crawl().await;
    assert_eq!((third.new, third.failed), (0, 0), "{third}");
    assert_eq!(
        site.hits("/gone"),
        2,
        "a given-up article is not fetched again"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permanently_moved_feed_is_polled_at_its_new_address() {
    let site = Site::start().await;
    publish(&site, vec![("/a", vec![page("Story at the new address")])]);
    site.serve("/old.rss", Reply::redirect(301, "{{BASE}}/feed.rss"));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/old.rss", "X")], "");
    assert_eq!(crawl(&config).await.new, 1);
    assert_eq!(crawl(&config).await.feeds_ok, 1);
    assert_eq!(site.hits("/old.rss"), 1);
    assert_eq!(site.hits("/feed.rss"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_loops_fail_cleanly() {
    let site = Site::start().await;
    site.serve("/loop-a", Reply::redirect(302, "/loop-b"));
    site.serve("/loop-b", Reply::redirect(302, "/loop-a"));
    publish(
        &site,
        vec![
            ("/a", vec![Reply::redirect(307, "/loop-a")]),
            ("/b", vec![page("Fine story")]),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (1, 1), "{summary}");
    assert!(
        site.hits("/loop-a") <= 6,
        "a redirect loop is cut at 10 hops"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn crawl_due_skips_feeds_that_are_not_due() {
    let site = Site::start().await;
    publish(&site, vec![("/a", vec![page("Story of the hour")])]);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "schedule: {every: 1h, jitter: 0}\n",
    );
    let archiver = open(&config);
    let now = chrono::Utc::now();
    assert_eq!(archiver.crawl_due(now).await.unwrap().feeds_ok, 1);
    assert_eq!(archiver.crawl_due(now).await.unwrap().feeds_ok, 0);
    let later = now + chrono::Duration::minutes(61);
    assert_eq!(archiver.crawl_due(later).await.unwrap().feeds_ok, 1);
    let due = archiver.next_due().unwrap().unwrap();
    assert!(due > now + chrono::Duration::minutes(59), "{due}");
    drop(archiver);

    // A changed schedule makes the old due time void: the feed is due now.
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("every: 1h", "every: 2h");
    std::fs::write(&config, text).unwrap();
    let archiver = open(&config);
    assert_eq!(archiver.next_due().unwrap(), None);
    assert_eq!(archiver.crawl_due(later).await.unwrap().feeds_ok, 1);
}
