//! Crashes: `kill -9` at random moments of crawls that write posts, images
//! and state, many times over. After each kill the archive verifies clean
//! (no partial post, no post showing a missing image), the state claims no
//! post that is not there, and a final crawl completes the work without
//! duplicates.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use newsclip::config::Config;
use newsclip::store::state::State;

/// Articles published before the first round; each round publishes more,
/// so every crawl has work to be interrupted in.
const FIRST: usize = 8;
const PER_ROUND: usize = 4;

/// Kill rounds: 20 in `cargo test`; `scripts/fault-suite.sh` runs many more
/// through NEWSCLIP_CRASH_ROUNDS.
fn rounds() -> usize {
    std::env::var("NEWSCLIP_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20)
}

/// Everything that must hold after any crash.
fn assert_consistent(config: &Path, archive: &Path, round: usize) {
    let loaded = Config::load(config).unwrap();
    let report = newsclip::verify::verify(&loaded).unwrap();
    assert!(report.is_clean(), "round {round}: {:?}", report.problems);
    if let Some(state) = State::open_existing(&loaded.state_path()).unwrap() {
        for article in state.articles().unwrap() {
            assert!(
                archive.join(&article.path).is_file(),
                "round {round}: state claims missing {}",
                article.path
            );
        }
    }
    for post in posts_under(archive) {
        let text = std::fs::read_to_string(archive.join(&post)).unwrap();
        newsclip::store::post::Post::from_text(&text)
            .unwrap_or_else(|e| panic!("round {round}: {post} does not parse: {e}"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_9_at_random_points_never_corrupts_and_the_next_crawl_completes() {
    let site = Site::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "concurrency: 4\nmax_connections_per_host: 4\n",
    );
    let archive = dir.path().join("archive");
    let mut rng = fastrand::Rng::with_seed(7);
    let mut interrupted = 0;
    let rounds = rounds();
    for round in 0..rounds {
        let published = FIRST + round * PER_ROUND;
        publish_series(&site, published, Some(2000), Duration::from_millis(150));
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_newsclip"))
            .args(["crawl", "--all", "--config", config.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(rng.u64(20..400))).await;
        child.start_kill().unwrap(); // SIGKILL: no cleanup runs
        child.wait().await.unwrap();
        assert_consistent(&config, &archive, round);
        interrupted += usize::from(posts_under(&archive).len() < published);
    }
    assert!(
        interrupted >= rounds / 4,
        "only {interrupted} rounds were cut mid-work"
    );
    let articles = FIRST + (rounds - 1) * PER_ROUND;
    crawl_all_in_process(&config).await;
    assert_consistent(&config, &archive, 99);
    assert!(
        temp_files_under(&archive).is_empty(),
        "{:?}",
        temp_files_under(&archive)
    );
    let mut origins: Vec<String> = posts_under(&archive)
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(archive.join(p)).unwrap();
            let post = newsclip::store::post::Post::from_text(&text).unwrap();
            format!("{} {} {p}", post.origin_url, post.date)
        })
        .collect();
    origins.sort();
    assert_eq!(
        posts_under(&archive).len(),
        articles,
        "missing or duplicate posts: {origins:#?}"
    );
    let loaded = Config::load(&config).unwrap();
    let state = State::open_existing(&loaded.state_path()).unwrap().unwrap();
    assert_eq!(state.articles().unwrap().len(), articles);
    let report = newsclip::verify::verify(&loaded).unwrap();
    println!(
        "{rounds} kill -9 rounds, {interrupted} cut mid-work, {articles} articles, zero corruption"
    );
    assert_eq!(
        report.images_checked, articles,
        "every post shows its mirrored image"
    );
}
