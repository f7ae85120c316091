//! Configuration loading: the shipped example is valid, and every file in
//! `tests/fixtures/config/invalid` fails with the message its first line expects.

use std::path::Path;

use newsclip::config::Config;

#[test]
fn shipped_example_config_is_valid() {
    let config = Config::load(Path::new("config/feeds.yaml")).expect("config/feeds.yaml loads");
    assert!(config.feed("bangkokpost-world").is_some());
    assert_eq!(config.http.rate_per_host, 1.0);
}

#[test]
fn minimal_config_gets_documented_defaults() {
    let text = "feeds:\n  - name: w\n    url: https://example.com/rss\n    category: WORLD\n";
    let config = Config::parse(text, Path::new("mini.yaml")).unwrap();
    assert_eq!(config.archive, Path::new("archive"));
    assert_eq!(config.posts_dir, "_posts");
    assert_eq!(config.concurrency, 8);
    assert_eq!(config.http.max_page_bytes, 10 * 1024 * 1024);
    let feed = &config.feeds[0];
    assert_eq!(
        (feed.prefix.as_str(), feed.language.as_deref()),
        ("ART", None)
    );
}

#[test]
fn invalid_configs_name_file_line_and_key() {
    let dir = Path::new("tests/fixtures/config/invalid");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "the invalid-config fixtures are missing");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{}: first line must be `# expect: ...`", path.display()));
        let err = Config::load(&path).expect_err(&format!("{} must be rejected", path.display()));
        let message = err.to_string();
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message} does not name the file"
        );
        assert!(
            message.contains(expected),
            "{}: got {message:?}, want {expected:?}",
            path.display()
        );
    }
}
