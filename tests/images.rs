//! Image mirroring: content-addressed storage, the srcset choice, failed
//! images retried later with the post rewritten, refusals, and `verify`.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use newsclip::config::Config;
use newsclip::pipeline::{Archiver, Summary};

async fn crawl(config: &Path) -> Summary {
    Archiver::open(Config::load(config).unwrap())
        .unwrap()
        .crawl()
        .await
}

/// Serves each (path, page) and a feed listing them.
fn publish(site: &Site, pages: &[(&str, String)]) {
    for (path, html) in pages {
        site.serve(path, Reply::html(html.clone()));
    }
    let paths: Vec<&str> = pages.iter().map(|(p, _)| *p).collect();
    serve_feed(site, &paths);
}

fn posts(dir: &Path) -> Vec<String> {
    posts_under(&dir.join("archive"))
        .into_iter()
        .map(|f| std::fs::read_to_string(dir.join("archive").join(f)).unwrap())
        .collect()
}

fn stored_images(dir: &Path) -> Vec<PathBuf> {
    newsclip::store::images::all_files(&dir.join("archive"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_image_in_two_articles_is_stored_once() {
    let site = Site::start().await;
    site.serve("/img/shared.png", Reply::ok("image/png", png(1, 300)));
    let img = "<img src=\"/img/shared.png\" alt=\"x\">";
    publish(
        &site,
        &[
            ("/a", page_with_figure("First article with a picture", img)),
            (
                "/b",
                page_with_figure("Second article with the same picture", img),
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    assert_eq!(crawl(&config).await.new, 2);
    let files = stored_images(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(
        site.hits("/img/shared.png"),
        1,
        "a mirrored image is not downloaded again"
    );
    let sha = files[0].file_stem().unwrap().to_string_lossy().to_string();
    let local = format!("/assets/img/{}/{sha}.png", &sha[..2]);
    for post in posts(dir.path()) {
        assert!(post.contains(&format!("image: \"{local}\"")), "{post}");
        assert!(
            post.contains(&format!(
                "image_origin: \"{}\"",
                site.url("/img/shared.png")
            )),
            "{post}"
        );
        assert!(post.contains(&format!("]({local})")), "{post}");
        assert!(!post.contains("/img/shared.png)"), "{post}");
    }
    let archiver = Archiver::open(Config::load(&config).unwrap()).unwrap();
    assert_eq!(archiver.state().image_stats().unwrap(), (1, 300, 0));
}

/// Crawls one article whose picture offers 400, 800, 1600 and 3200 px
/// candidates, with `extra` config; returns the widths downloaded.
async fn srcset_widths_fetched(extra: &str) -> Vec<u32> {
    let site = Site::start().await;
    let widths = [400, 800, 1600, 3200];
    for (seed, w) in widths.iter().enumerate() {
        site.serve(
            &format!("/img/p-{w}.png"),
            Reply::ok("image/png", png(seed + 1, 100)),
        );
    }
    let img = "<img src=\"/img/p-400.png\" srcset=\"/img/p-400.png 400w, /img/p-3200.png 3200w, /img/p-1600.png 1600w, /img/p-800.png 800w\" alt=\"x\">";
    publish(
        &site,
        &[(
            "/a",
            page_with_figure("An article with a responsive picture", img),
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], extra);
    assert_eq!(crawl(&config).await.new, 1);
    assert_eq!(stored_images(dir.path()).len(), 1);
    widths
        .into_iter()
        .filter(|w| site.hits(&format!("/img/p-{w}.png")) > 0)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_largest_srcset_candidate_within_the_default_width_is_mirrored() {
    assert_eq!(srcset_widths_fetched("").await, vec![1600]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_srcset_choice_follows_the_configured_maximum_width() {
    assert_eq!(
        srcset_widths_fetched("max_image_width: 1000\n").await,
        vec![800]
    );
    assert_eq!(
        srcset_widths_fetched("max_image_width: 4000\n").await,
        vec![3200]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_image_is_retried_later_and_the_post_rewritten() {
    let site = Site::start().await;
    site.serve_in_turn(
        "/img/late.png",
        vec![Reply::status(404), Reply::ok("image/png", png(7, 200))],
    );
    let img = "<img src=\"/img/late.png\" alt=\"x\">";
    publish(
        &site,
        &[(
            "/a",
            page_with_figure("An article whose picture comes late", img),
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    assert_eq!(crawl(&config).await.new, 1);
    let remote = site.url("/img/late.png");
    let first = posts(dir.path()).remove(0);
    assert!(first.contains(&format!("image: \"{remote}\"")), "{first}");
    assert!(stored_images(dir.path()).is_empty());
    let images_status = || {
        let report = newsclip::status::report(&Config::load(&config).unwrap()).unwrap();
        (report.images.stored, report.images.waiting)
    };
    assert_eq!(images_status(), (0, 1));

    let summary = crawl(&config).await;
    assert_eq!(
        (summary.new, summary.images_mirrored_on_retry),
        (0, 1),
        "{summary:?}"
    );
    let second = posts(dir.path()).remove(0);
    assert!(second.contains("image: \"/assets/img/"), "{second}");
    assert!(
        second.contains(&format!("image_origin: \"{remote}\"")),
        "{second}"
    );
    assert!(!second.contains(&format!("]({remote})")), "{second}");
    assert_eq!(stored_images(dir.path()).len(), 1);
    assert_eq!(images_status(), (1, 0));
    // Only the image moved: the rest of the post is byte for byte the same.
    let local = second.lines().find(|l| l.starts_with("image: ")).unwrap()[8..]
        .trim_end_matches('"')
        .to_string();
    let rewound = second
        .replace(&format!("image_origin: \"{remote}\"\n"), "")
        .replace(&local, &remote);
    assert_eq!(rewound, first);
    assert_eq!(crawl(&config).await.images_mirrored_on_retry, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn non_images_and_oversized_images_are_refused() {
    let site = Site::start().await;
    site.serve(
        "/img/fake.jpg",
        Reply::ok("image/jpeg", "<!doctype html><html>Not found</html>"),
    );
    site.serve("/img/huge.png", Reply::ok("image/png", png(9, 5000)));
    publish(
        &site,
        &[
            (
                "/a",
                page_with_figure(
                    "An article with a fake picture",
                    "<img src=\"/img/fake.jpg\" alt=\"x\">",
                ),
            ),
            (
                "/b",
                page_with_figure(
                    "An article with a huge picture",
                    "<img src=\"/img/huge.png\" alt=\"x\">",
                ),
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "max_image_bytes: 1000\n",
    );
    let summary = crawl(&config).await;
    assert_eq!(
        (summary.new, summary.failed),
        (2, 0),
        "a failed image never blocks its post"
    );
    assert!(stored_images(dir.path()).is_empty());
    let posts = posts(dir.path());
    assert!(posts
        .iter()
        .any(|p| p.contains(&format!("image: \"{}\"", site.url("/img/fake.jpg")))));
    assert!(posts
        .iter()
        .any(|p| p.contains(&format!("image: \"{}\"", site.url("/img/huge.png")))));
}

#[tokio::test(flavor = "multi_thread")]
async fn remote_mode_downloads_no_image() {
    let site = Site::start().await;
    site.serve("/img/x.png", Reply::ok("image/png", png(1, 100)));
    publish(
        &site,
        &[(
            "/a",
            page_with_figure(
                "An article in remote mode",
                "<img src=\"/img/x.png\" alt=\"x\">",
            ),
        )],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "images: remote\n",
    );
    assert_eq!(crawl(&config).await.new, 1);
    assert_eq!(site.hits("/img/x.png"), 0);
    assert!(posts(dir.path())[0].contains(&format!("image: \"{}\"", site.url("/img/x.png"))));
}

#[tokio::test(flavor = "multi_thread")]
async fn verify_finds_deleted_and_corrupted_images_and_orphans() {
    let site = Site::start().await;
    site.serve("/img/1.png", Reply::ok("image/png", png(1, 100)));
    site.serve("/img/2.png", Reply::ok("image/png", png(2, 100)));
    publish(
        &site,
        &[
            (
                "/a",
                page_with_figure(
                    "First article for verify",
                    "<img src=\"/img/1.png\" alt=\"x\">",
                ),
            ),
            (
                "/b",
                page_with_figure(
                    "Second article for verify",
                    "<img src=\"/img/2.png\" alt=\"x\">",
                ),
            ),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), &site, &[("f", "/feed.rss", "X")], "");
    assert_eq!(crawl(&config).await.new, 2);
    let loaded = Config::load(&config).unwrap();
    let clean = newsclip::verify::verify(&loaded).unwrap();
    assert!(clean.is_clean(), "{:?}", clean.problems);
    assert_eq!(
        (clean.posts, clean.images_checked, clean.orphans.len()),
        (2, 2, 0)
    );

    let files = stored_images(dir.path());
    std::fs::remove_file(&files[0]).unwrap();
    std::fs::write(&files[1], b"\x89PNG\r\n\x1a\ncorrupted").unwrap();
    let orphan = dir.path().join("archive/assets/img/00/00aa.png");
    std::fs::create_dir_all(orphan.parent().unwrap()).unwrap();
    std::fs::write(&orphan, png(3, 10)).unwrap();
    let report = newsclip::verify::verify(&loaded).unwrap();
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    assert!(report.problems.iter().any(|p| p.contains("cannot be read")));
    assert!(report.problems.iter().any(|p| p.contains("corrupted")));
    assert_eq!(report.orphans, vec![orphan]);

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsclip"))
        .args(["verify", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 posts, 2 images checked: 2 problems, 1 orphan images"),
        "{text}"
    );
}
