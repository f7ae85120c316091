//! The `newsclip` binary: exit codes, error messages and output formats.

mod common;

use std::process::Output;

use common::*;

const BIN: &str = env!("CARGO_BIN_EXE_newsclip");

async fn newsclip(args: &[&str]) -> Output {
    tokio::process::Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "info")
        .output()
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn bad_config_exits_2_naming_file_line_and_key() {
    let out = newsclip(&[
        "crawl",
        "--config",
        "tests/fixtures/config/invalid/unknown-key.yaml",
    ])
    .await;
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("tests/fixtures/config/invalid/unknown-key.yaml:5:5")
            && err.contains("categroy"),
        "{err}"
    );
    let out = newsclip(&["crawl", "--config", "tests/fixtures/config/missing.yaml"]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read tests/fixtures/config/missing.yaml"));
}

#[tokio::test(flavor = "multi_thread")]
async fn crawl_reports_a_failed_feed_by_url_and_exits_1() {
    let site = Site::start().await;
    serve_good_article(&site);
    serve_feed(&site, &["/good"]);
    site.serve("/broken.rss", Reply::status(503));
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[
            ("good", "/feed.rss", "CITY"),
            ("broken", "/broken.rss", "X"),
        ],
        "",
    );
    let out = newsclip(&["crawl", "--config", config.to_str().unwrap()]).await;
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{}: HTTP status 503", site.url("/broken.rss"))),
        "{err}"
    );
    assert!(
        err.contains("archived") && err.contains(&site.url("/good")),
        "{err}"
    );
    assert_eq!(
        text(&out.stdout).trim(),
        "feeds: 1 ok, 1 failed; articles: 1 new, 0 skipped, 0 failed"
    );
}

#[tokio::test]
async fn extract_prints_json_or_the_post() {
    let page = "tests/fixtures/site/sample-article.html";
    let url = "https://www.bangkokpost.com/world/2903296/iran-told-us-its-not-trying-to-kill-trump";
    let out = newsclip(&["extract", page, "--url", url]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["title"],
        "Iran ‘told US it’s not trying to kill Trump’"
    );
    assert_eq!(json["date"], "2024-11-16T11:56:11.660Z");
    assert_eq!(json["language"], "en");

    let out = newsclip(&["extract", page, "--url", url, "--format", "markdown"]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let post = text(&out.stdout);
    assert!(
        post.starts_with("---\nlayout: post\ncode: \"ART2411161156"),
        "{post}"
    );
    assert!(
        post.contains("\n# Iran ‘told US it’s not trying to kill Trump’\n"),
        "{post}"
    );

    let out = newsclip(&["extract", "tests/fixtures/nope.html", "--url", url]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("tests/fixtures/nope.html"));
}

#[tokio::test]
async fn extract_batch_prints_one_line_per_manifest_entry() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::canonicalize("tests/fixtures/site/sample-article.html").unwrap();
    let manifest = dir.path().join("manifest.jsonl");
    let lines = [
        serde_json::json!({"id": "a", "path": page, "url": "https://example.com/a"}),
        serde_json::json!({"id": "b", "path": "/nonexistent.html", "url": "https://example.com/b"}),
    ];
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&manifest, body).unwrap();
    let out = newsclip(&["extract", "--batch", manifest.to_str().unwrap()]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let results: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["id"], "a");
    assert_eq!(
        results[0]["images"][0]["url"],
        "https://example.com/media/lead-1280.jpg"
    );
    assert_eq!(results[1]["id"], "b");
    assert!(results[1]["title"].is_null());
    assert!(text(&out.stderr).contains("/nonexistent.html"));
}
