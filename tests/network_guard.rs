//! SSRF: a feed's items, a page's images and redirects may not lead into the
//! operator's network, unless they stay on a configured feed's host or
//! `allow_private_addresses` is set.

mod common;

use std::path::Path;

use common::*;
use newsclip::config::Config;
use newsclip::pipeline::{Archiver, Summary};

async fn crawl(config: &Path) -> Summary {
    Archiver::open(Config::load(config).unwrap())
        .unwrap()
        .crawl()
        .await
}

/// A publisher whose feed points at an "internal" server on another loopback
/// name, directly, through a redirect, and as an image.
async fn setup(extra: &str) -> (Site, Site, tempfile::TempDir, std::path::PathBuf) {
    let publisher = Site::start().await;
    let internal = Site::start().await;
    let internal_page = article_page("Internal admin page", "2024-11-16T09:30:00Z", PARAGRAPHS);
    internal.serve("/admin", Reply::html(internal_page));
    internal.serve(
        "/secret.png",
        Reply::ok("image/png", b"\x89PNG\r\n\x1a\nsecret".to_vec()),
    );
    // The same loopback address under another name: not the configured host.
    let internal_base = internal.base.replace("127.0.0.1", "localhost");
    let page = article_page("A story with a sneaky picture", "2024-11-16T09:30:00Z", PARAGRAPHS).replace(
        "<p>",
        &format!("<figure><img src=\"{internal_base}/secret.png\"><figcaption>A caption for the sneaky picture.</figcaption></figure><p>"),
    );
    publisher.serve("/story", Reply::html(page));
    publisher.serve(
        "/jump",
        Reply::redirect(302, &format!("{internal_base}/admin")),
    );
    let feed = rss(&[entry("/story"), entry("/jump")]).replace(
        "</channel>",
        &format!("<item><title>x</title><link>{internal_base}/admin</link></item></channel>"),
    );
    publisher.serve("/feed.rss", Reply::ok("application/rss+xml", feed));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &publisher, &[("f", "/feed.rss", "X")], extra);
    (publisher, internal, dir, config)
}

#[tokio::test(flavor = "multi_thread")]
async fn internet_content_cannot_reach_internal_hosts() {
    let (_publisher, internal, dir, config) = setup("").await;
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (1, 2), "{summary}");
    assert_eq!(
        internal.hits("/admin"),
        0,
        "an item or redirect reached the internal host"
    );
    assert_eq!(
        internal.hits("/secret.png"),
        0,
        "an image reached the internal host"
    );
    assert_eq!(internal.hits("/robots.txt"), 0);
    let archiver = Archiver::open(Config::load(&config).unwrap()).unwrap();
    let pending = archiver.state().all_pending().unwrap();
    assert_eq!(pending.len(), 2);
    assert!(
        pending.iter().all(|p| p.last_error.contains("blocked")),
        "{pending:?}"
    );
    assert!(pending
        .iter()
        .all(|p| p.last_error.contains("allow_private_addresses")));
    assert!(files_under(&dir.path().join("archive/assets")).is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn allow_private_addresses_lifts_the_rule() {
    let (_publisher, internal, _dir, config) = setup("allow_private_addresses: true\n").await;
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (2, 0), "{summary}");
    assert_eq!(internal.hits("/secret.png"), 1);
}
