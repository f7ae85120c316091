//! End-to-end runs of the pipeline against an in-process publisher:
//! the golden post, idempotence, lost state, dedupe across feeds.

mod common;

use std::path::Path;

use common::*;
use newsclip::config::Config;
use newsclip::identity::article_code;
use newsclip::pipeline::{Archiver, Summary};

const SAMPLE_PATH: &str = "/world/2903296/iran-told-us-its-not-trying-to-kill-trump";

fn open(config: &Path) -> Archiver {
    Archiver::open(Config::load(config).unwrap()).unwrap()
}

async fn crawl(config: &Path) -> Summary {
    open(config).crawl().await
}

fn sample_site(site: &Site) {
    let page = std::fs::read_to_string("tests/fixtures/site/sample-article.html").unwrap();
    site.serve(SAMPLE_PATH, Reply::html(page));
    let entries = [Entry {
        path: SAMPLE_PATH,
        title: "Iran told US",
        date: "2024-11-16T11:50:00Z",
    }];
    site.serve(
        "/rss/world.xml",
        Reply::ok("application/rss+xml", rss(&entries)),
    );
}

/// The sample publisher and a configuration archiving its feed into a temporary directory.
async fn sample_archive() -> (Site, tempfile::TempDir, std::path::PathBuf) {
    let site = Site::start().await;
    sample_site(&site);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("bkk-world", "/rss/world.xml", "WORLD")],
        "",
    );
    (site, dir, config)
}

#[tokio::test(flavor = "multi_thread")]
async fn golden_post_matches_the_contract_byte_for_byte() {
    let (site, dir, config) = sample_archive().await;
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.feeds_ok, summary.new, summary.failed),
        (1, 1, 0),
        "{summary}"
    );

    let canonical = site.url(SAMPLE_PATH);
    let date = chrono::DateTime::parse_from_rfc3339("2024-11-16T11:56:11.660Z").unwrap();
    let code = article_code("ART", date.into(), &canonical);
    let expected = std::fs::read_to_string("tests/fixtures/golden/sample-post.md")
        .unwrap()
        .replace("{{BASE}}", &site.base)
        .replace("{{CODE}}", &code);
    let archive = dir.path().join("archive");
    let post_file = format!("_posts/2024/11/2024-11-16-{code}.md");
    assert_eq!(posts_under(&archive), vec![post_file.clone()]);
    let written = std::fs::read_to_string(archive.join(&post_file)).unwrap();
    assert_eq!(written, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn second_crawl_fetches_and_writes_nothing() {
    let (site, dir, config) = sample_archive().await;
    assert_eq!(crawl(&config).await.new, 1);
    let before = snapshot(&dir.path().join("archive"));
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.new, summary.skipped, summary.failed),
        (0, 1, 0),
        "{summary}"
    );
    assert_eq!(
        site.hits(SAMPLE_PATH),
        1,
        "a known article was fetched again"
    );
    assert_eq!(snapshot(&dir.path().join("archive")), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn deleted_state_is_rebuilt_and_nothing_is_rewritten() {
    let (site, dir, config) = sample_archive().await;
    assert_eq!(crawl(&config).await.new, 1);
    let archive = dir.path().join("archive");
    let before = snapshot(&archive);
    std::fs::remove_dir_all(archive.join(".newsclip")).unwrap();
    let summary = crawl(&config).await;
    assert_eq!((summary.new, summary.failed), (0, 0), "{summary}");
    assert_eq!(snapshot(&archive), before);
    assert_eq!(
        site.hits(SAMPLE_PATH),
        1,
        "the rebuilt state did not recognise the feed link"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reindex_rebuilds_the_state_from_the_posts() {
    let (site, _dir, config) = sample_archive().await;
    let archiver = open(&config);
    assert_eq!(archiver.crawl().await.new, 1);
    let report = archiver.reindex().unwrap();
    assert_eq!((report.indexed, report.unreadable.len()), (1, 0));
    assert_eq!(archiver.state().article_count().unwrap(), 1);
    assert!(archiver
        .state()
        .lookup(&site.url(SAMPLE_PATH))
        .unwrap()
        .is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn same_article_in_three_feed_formats_is_archived_once() {
    let site = Site::start().await;
    let page = article_page(
        "Tram line extended north",
        "2024-11-16T09:30:00+01:00",
        PARAGRAPHS,
    );
    site.serve("/news/tram", Reply::html(page));
    let other = article_page(
        "Library reopens after repairs",
        "2024-11-15T08:00:00Z",
        PARAGRAPHS,
    );
    site.serve("/news/library", Reply::html(other));
    let tram = |path| Entry {
        path,
        title: "Tram",
        date: "2024-11-16T08:30:00Z",
    };
    site.serve(
        "/feed.rss",
        Reply::ok("application/rss+xml", rss(&[tram("/news/tram")])),
    );
    site.serve(
        "/feed.atom",
        Reply::ok(
            "application/atom+xml",
            atom(&[
                tram("/news/tram?utm_source=atom&amp;utm_medium=feed"),
                Entry {
                    path: "/news/library",
                    title: "Library",
                    date: "2024-11-15T08:00:00Z",
                },
            ]),
        ),
    );
    site.serve(
        "/feed.json",
        Reply::ok(
            "application/feed+json",
            json_feed(&[tram("/news/tram#comments")]),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[
            ("rss", "/feed.rss", "CITY"),
            ("atom", "/feed.atom", "LOCAL"),
            ("json", "/feed.json", "OTHER"),
        ],
        "",
    );
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.feeds_ok, summary.new, summary.failed),
        (3, 2, 0),
        "{summary}"
    );
    let posts = posts_under(&dir.path().join("archive"));
    assert_eq!(posts.len(), 2, "{posts:?}");
    let tram_post = posts.iter().find(|p| p.contains("2024-11-16-")).unwrap();
    let text = std::fs::read_to_string(dir.path().join("archive").join(tram_post)).unwrap();
    assert!(
        text.contains("category: \"CITY\""),
        "the first feed in config order names the category"
    );
    assert!(text.contains("date: 2024-11-16T08:30:00.000Z"));
    assert!(text.contains(&format!("origin_url: \"{}/news/tram\"", site.base)));
    assert_eq!(site.hits("/news/tram"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn fetch_archives_given_urls_with_a_feeds_settings() {
    let site = Site::start().await;
    let page = article_page(
        "Tram line extended north",
        "2024-11-16T09:30:00+01:00",
        PARAGRAPHS,
    );
    site.serve("/news/tram", Reply::html(page));
    site.serve("/feed.rss", Reply::ok("application/rss+xml", rss(&[])));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("city", "/feed.rss", "CITY")], "");
    let archiver = open(&config);
    let feed = archiver.config().feed("city").unwrap().clone();
    let url = url::Url::parse(&site.url("/news/tram")).unwrap();
    let summary = archiver.fetch_urls(vec![url.clone(), url], &feed).await;
    assert_eq!((summary.new, summary.skipped), (1, 1), "{summary}");
}
