//! A full disk: the archive on a 1 MiB tmpfs fills up mid-crawl. The run
//! stops with a clear error naming the file it could not write, exits 1,
//! and leaves a clean archive (no partial post, no temporary file, every
//! post parses). Needs root (it mounts a tmpfs), so it is ignored by a plain
//! `cargo test`; `.ci/run` runs it as root with `--ignored`.

mod common;

use std::process::Command;
use std::time::Duration;

use common::*;

struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(dir: &std::path::Path, size: &str) -> Tmpfs {
        std::fs::create_dir_all(dir).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .expect("mount(8) must exist");
        assert!(
            status.success(),
            "mounting a tmpfs needs root: run this test as root"
        );
        Tmpfs(dir.to_path_buf())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs root to mount a tmpfs; .ci/run runs it"]
async fn a_full_disk_stops_the_run_cleanly() {
    let site = Site::start().await;
    publish_series(&site, 40, Some(60_000), Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(
        dir.path(),
        &site,
        &[("f", "/feed.rss", "X")],
        "concurrency: 2\n",
    );
    let archive = dir.path().join("archive");
    let _tmpfs = Tmpfs::mount(&archive, "1m");

    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_newsclip"))
        .args(["crawl", "--config", config.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("disk is full") && stderr.contains("No space left on device"),
        "{stderr}"
    );
    assert!(
        stdout.contains("stopped early: the archive's disk is full"),
        "{stdout}"
    );
    let written = posts_under(&archive).len();
    assert!(
        written > 0 && written < 40,
        "{written} posts: the disk did not fill mid-run"
    );
    assert!(
        temp_files_under(&archive).is_empty(),
        "{:?}",
        temp_files_under(&archive)
    );
    let loaded = newsclip::config::Config::load(&config).unwrap();
    let report = newsclip::verify::verify(&loaded).unwrap();
    assert!(report.is_clean(), "{:?}", report.problems);
}
