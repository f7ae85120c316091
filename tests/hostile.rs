//! Hostile input: compression bombs, enormous feeds, entity expansion, and
//! names that try to write outside the archive. Memory and time stay bounded
//! and the archive stays clean.

mod common;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use newsclip::config::Config;
use newsclip::pipeline::{Archiver, Summary};

async fn crawl(config: &Path) -> Summary {
    Archiver::open(Config::load(config).unwrap())
        .unwrap()
        .crawl()
        .await
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gzip_bomb_is_stopped_at_the_body_cap() {
    let site = Site::start().await;
    // 64 MiB of HTML that compresses to about 64 KiB.
    let mut html = article_page("Bomb", "2024-11-16T09:30:00Z", PARAGRAPHS).into_bytes();
    html.resize(64 * 1024 * 1024, b' ');
    let bomb = Reply::ok("text/html", gzip(&html)).header("content-encoding", "gzip");
    site.serve("/bomb", bomb);
    serve_feed(&site, &["/bomb"]);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "max_page_bytes: 1000000\n",
    );
    let archiver = Archiver::open(Config::load(&config).unwrap()).unwrap();
    let summary = archiver.crawl().await;
    assert_eq!((summary.new, summary.failed), (0, 1), "{summary}");
    let pending = archiver.state().all_pending().unwrap();
    assert!(
        pending[0]
            .last_error
            .contains("body larger than 1000000 bytes"),
        "{pending:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_feed_with_100k_items_is_cut_to_a_bounded_number() {
    let site = Site::start().await;
    let items: String = (0..100_000)
        .map(|i| {
            format!("<item><title>Item {i}</title><link>{{{{BASE}}}}/missing/{i}</link></item>")
        })
        .collect();
    let feed = format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Huge</title>{items}</channel></rss>");
    site.serve("/feed.rss", Reply::ok("application/rss+xml", feed));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "rate_per_host: 100000\nconcurrency: 64\nmax_connections_per_host: 64\nmax_page_bytes: 50000000\n");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replacen("rate_per_host: 200\n", "", 1);
    std::fs::write(&config, text).unwrap();
    let started = Instant::now();
    let summary = crawl(&config).await;
    assert_eq!(summary.feeds_ok, 1, "{summary}");
    assert_eq!(
        summary.failed,
        newsclip::discovery::feed::MAX_ITEMS_PER_FEED,
        "{summary}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn entity_expansion_in_a_feed_does_not_blow_up() {
    let site = Site::start().await;
    let mut dtd = String::from("<!DOCTYPE rss [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push(']');
    dtd.push('>');
    let feed = format!(
        "<?xml version=\"1.0\"?>{dtd}<rss version=\"2.0\"><channel><title>&lol9;</title>\
         <item><title>&lol9;</title><link>{{{{BASE}}}}/a</link></item></channel></rss>"
    );
    site.serve("/feed.rss", Reply::ok("application/rss+xml", feed));
    site.serve(
        "/a",
        Reply::html(article_page(
            "Laughing matter",
            "2024-11-16T09:30:00Z",
            PARAGRAPHS,
        )),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    let started = Instant::now();
    let summary = crawl(&config).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    // Either the feed is refused or it is read without expanding a billion laughs.
    assert_eq!(summary.feeds_ok + summary.feeds_failed, 1, "{summary}");
    for post in posts_under(&dir.path().join("archive")) {
        let len = std::fs::metadata(dir.path().join("archive").join(post))
            .unwrap()
            .len();
        assert!(
            len < 100_000,
            "an expanded entity reached a post ({len} bytes)"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_names_and_categories_never_write_outside_the_archive() {
    let site = Site::start().await;
    let title =
        "../../../etc/passwd\0 \"quoted\" \\ back --- <script>alert(1)</script> # not a heading";
    site.serve(
        "/a",
        Reply::html(article_page(
            &title.replace('\0', ""),
            "2024-11-16T09:30:00Z",
            PARAGRAPHS,
        )),
    );
    serve_feed(&site, &["/a"]);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "\"../../../../tmp/evil\\u0000\"")],
        "",
    );
    let summary = crawl(&config).await;
    assert_eq!(summary.new, 1, "{summary}");
    let outside: Vec<String> = files_under(dir.path())
        .into_iter()
        .filter(|f| !f.starts_with("archive/") && f != "feeds.yaml")
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    let posts = posts_under(&dir.path().join("archive"));
    assert_eq!(posts.len(), 1);
    assert!(
        posts[0].starts_with("_posts/2024/11/2024-11-16-ART"),
        "{posts:?}"
    );
    let text = std::fs::read_to_string(dir.path().join("archive").join(&posts[0])).unwrap();
    let post = newsclip::store::post::Post::from_text(&text).unwrap();
    assert_eq!(post.category, "../../../../tmp/evil\0");
    assert!(
        !post.body.contains("<script>"),
        "raw HTML reached the body: {}",
        post.body
    );
}
