//! Bad input from publishers: each failure is counted and reported, the run
//! goes on, and nothing partial reaches the archive.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use newsclip::config::Config;
use newsclip::pipeline::{Archiver, Summary};

async fn crawl(config: &Path) -> Summary {
    Archiver::open(Config::load(config).unwrap())
        .unwrap()
        .crawl()
        .await
}

/// A port on loopback where nothing listens.
async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// A site with one good article and the given bad ones in one feed.
fn site_with(site: &Site, bad: &[(&str, Reply)]) {
    serve_good_article(site);
    let mut entries = vec![entry("/good")];
    for (path, reply) in bad {
        site.serve(path, reply.clone());
        entries.push(entry(path));
    }
    site.serve("/feed.rss", Reply::ok("application/rss+xml", rss(&entries)));
}

/// Only the good article's post is in the archive, and no temporary file.
fn assert_only_good_post(dir: &Path) {
    let files = posts_under(&dir.join("archive"));
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files[0].starts_with("_posts/2024/11/2024-11-16-ART"),
        "{files:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn failing_articles_are_counted_and_leave_nothing_behind() {
    let site = Site::start().await;
    let mut huge = article_page("Huge", "2024-11-16T09:30:00Z", PARAGRAPHS);
    huge.push_str(&"<p>padding</p>".repeat(20_000));
    let no_title = "<html><body><div><p>Text with no headline anywhere on the page, long enough to be an article body of its own.</p></div></body></html>";
    site_with(
        &site,
        &[
            ("/missing", Reply::status(404)),
            ("/broken", Reply::status(500)),
            (
                "/slow",
                Reply::html(article_page("Slow", "2024-11-16T09:30:00Z", PARAGRAPHS))
                    .delayed(Duration::from_secs(3)),
            ),
            (
                "/report.pdf",
                Reply::ok("application/pdf", b"%PDF-1.4 not a page".to_vec()),
            ),
            ("/huge", Reply::html(huge)),
        ],
    );
    // An item whose feed entry has no title either, on a page without one.
    site.serve("/untitled", Reply::html(no_title));
    let feed = rss(&[
        entry("/good"),
        entry("/missing"),
        entry("/broken"),
        entry("/slow"),
        entry("/report.pdf"),
        entry("/huge"),
    ])
    .replace(
        "</channel>",
        "<item><link>{{BASE}}/untitled</link></item></channel>",
    );
    site.serve("/feed.rss", Reply::ok("application/rss+xml", feed));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "CITY")],
        "max_page_bytes: 100000\n",
    );
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.feeds_ok, summary.new, summary.failed),
        (1, 1, 6),
        "{summary}"
    );
    assert_only_good_post(dir.path());
    // Failed articles are not remembered as archived: the next run tries again.
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.new, summary.skipped, summary.failed),
        (0, 1, 6),
        "{summary}"
    );
    assert_eq!(site.hits("/missing"), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_feeds_fail_alone() {
    let site = Site::start().await;
    site_with(&site, &[]);
    site.serve(
        "/invalid.xml",
        Reply::ok("application/rss+xml", "<rss><channel><item><title>cut"),
    );
    site.serve(
        "/html-feed",
        Reply::html("<!doctype html><html><body>We moved!</body></html>"),
    );
    site.serve(
        "/slow-feed",
        Reply::ok("application/rss+xml", rss(&[])).delayed(Duration::from_secs(3)),
    );
    site.serve("/gone-feed", Reply::status(410));
    let dir = tempfile::tempdir().unwrap();
    let mut config_text = {
        let config = write_config(
            dir.path(),
            &site,
            &[
                ("good", "/feed.rss", "CITY"),
                ("invalid", "/invalid.xml", "X"),
                ("html", "/html-feed", "X"),
                ("slow", "/slow-feed", "X"),
                ("gone", "/gone-feed", "X"),
            ],
            "",
        );
        std::fs::read_to_string(config).unwrap()
    };
    let port = closed_port().await;
    config_text.push_str(&format!(
        "  - name: unreachable\n    url: http://127.0.0.1:{port}/feed.xml\n    category: X\n"
    ));
    let config = dir.path().join("feeds.yaml");
    std::fs::write(&config, config_text).unwrap();
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.feeds_ok, summary.feeds_failed, summary.new),
        (1, 5, 1),
        "{summary}"
    );
    assert_only_good_post(dir.path());
}

#[tokio::test(flavor = "multi_thread")]
async fn legacy_and_mislabelled_charsets_are_decoded() {
    let site = Site::start().await;
    let page = article_page(
        "Réforme générale de l’éducation",
        "2024-11-16T09:30:00Z",
        PARAGRAPHS,
    )
    .replace("<meta charset=\"utf-8\">", "");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    site.serve("/undeclared", Reply::ok("text/html", latin1.to_vec()));
    site.serve(
        "/lying",
        Reply::ok("text/html; charset=utf-8", latin1.to_vec()),
    );
    let entries = [entry("/undeclared"), entry("/lying")];
    site.serve("/feed.rss", Reply::ok("application/rss+xml", rss(&entries)));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "FR")], "");
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (2, 0), "{summary}");
    for file in posts_under(&dir.path().join("archive")) {
        let text = std::fs::read_to_string(dir.path().join("archive").join(file)).unwrap();
        assert!(
            text.contains("title: \"Réforme générale de l’éducation\""),
            "{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_connections_and_empty_pages_stay_pending_with_their_reason() {
    let site = Site::start().await;
    site_with(&site, &[("/empty", Reply::html(""))]);
    let port = closed_port().await;
    let feed = rss(&[entry("/good"), entry("/empty")]).replace(
        "</channel>",
        &format!(
            "<item><title>Gone</title><link>http://127.0.0.1:{port}/gone</link></item></channel>"
        ),
    );
    site.serve("/feed.rss", Reply::ok("application/rss+xml", feed));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    let archiver = Archiver::open(Config::load(&config).unwrap()).unwrap();
    let summary = archiver.crawl().await;
    assert_eq!((summary.new, summary.failed), (1, 2), "{summary}");
    let pending = archiver.state().all_pending().unwrap();
    let reason = |path: &str| {
        pending
            .iter()
            .find(|p| p.url.ends_with(path))
            .map(|p| p.last_error.clone())
            .unwrap_or_default()
    };
    assert!(reason("/gone").contains("connection failed"), "{pending:?}");
    assert!(reason("/empty").contains("no article text"), "{pending:?}");
    assert_only_good_post(dir.path());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_whose_etag_changes_without_new_items_costs_no_article_request() {
    let site = Site::start().await;
    site_with(&site, &[]);
    let feed = rss(&[entry("/good")]);
    let tagged = |tag: &str| Reply::ok("application/rss+xml", feed.clone()).with_etag(tag);
    site.serve_in_turn(
        "/feed.rss",
        vec![tagged("\"a\""), tagged("\"b\""), tagged("\"c\"")],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    for _ in 0..3 {
        let summary = crawl(&config).await;
        assert_eq!((summary.feeds_ok, summary.failed), (1, 0), "{summary}");
    }
    assert_eq!(site.hits("/feed.rss"), 3, "the feed is polled every time");
    assert_eq!(site.hits("/good"), 1, "an unchanged item is fetched once");
    assert_only_good_post(dir.path());
}
