//! Backfill against an in-process publisher: sitemap indexes, gzip and news
//! sitemaps, RFC 5005 archive chains, paged feeds (Atom `next`, WordPress
//! `?paged=N`) and URL lists; date ranges and URL patterns; resuming an
//! interrupted run without refetching; and a crawl after a backfill writing
//! no duplicate.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use newsclip::config::Config;
use newsclip::discovery::urls::UrlList;
use newsclip::pipeline::backfill::{
    parse_date_bound, BackfillArgs, BackfillOptions, BackfillReport, Source,
};
use newsclip::pipeline::Archiver;

const FIXTURES: &str = "tests/fixtures/backfill";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

fn gzip(text: &str) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap()
}

/// World story `n`, published on 2024-11-`n` at 10:00 UTC.
fn world_date(n: u32) -> String {
    format!("2024-11-{n:02}T10:00:00Z")
}

/// A publisher with 12 world stories, 2 sport stories and a live blog, its
/// robots.txt announcing a sitemap index (news sitemap + gzip sitemap).
async fn publisher() -> Site {
    let site = Site::start().await;
    for n in 1..=12 {
        let title = format!("World story {n}");
        site.serve(
            &format!("/news/world/{n}"),
            Reply::html(article_page(&title, &world_date(n), PARAGRAPHS)),
        );
    }
    // The sitemap lists story 11 with a tracking tag; the server ignores it.
    site.serve(
        "/news/world/11?utm_source=sitemap",
        Reply::html(article_page("World story 11", &world_date(11), PARAGRAPHS)),
    );
    for n in 1..=2 {
        let title = format!("Sport story {n}");
        site.serve(
            &format!("/sport/{n}"),
            Reply::html(article_page(&title, &world_date(n + 6), PARAGRAPHS)),
        );
    }
    site.serve(
        "/news/world/live-blog",
        Reply::html(article_page("Live", &world_date(9), PARAGRAPHS)),
    );
    site.serve(
        "/private/news/world/secret",
        Reply::html(article_page("Secret", &world_date(9), PARAGRAPHS)),
    );
    site.serve(
        "/robots.txt",
        Reply::ok("text/plain", fixture("robots.txt")),
    );
    site.serve(
        "/sitemap_index.xml",
        Reply::ok("application/xml", fixture("sitemap_index.xml")),
    );
    site.serve(
        "/sitemaps/news.xml",
        Reply::ok("application/xml", fixture("news.xml")),
    );
    let old = fixture("2024-11-a.xml").replace("{{BASE}}", &site.base);
    site.serve(
        "/sitemaps/2024-11-a.xml.gz",
        Reply::ok("application/x-gzip", gzip(&old)),
    );
    // The feed today shows the newest three stories.
    site.serve(
        "/rss/world.xml",
        Reply::ok("application/rss+xml", rss(&world_entries(&[12, 11, 10]))),
    );
    site
}

fn world_entries(numbers: &[u32]) -> Vec<Entry<'static>> {
    numbers
        .iter()
        .map(|&n| Entry {
            path: Box::leak(format!("/news/world/{n}").into_boxed_str()),
            title: Box::leak(format!("World story {n}").into_boxed_str()),
            date: Box::leak(world_date(n).into_boxed_str()),
        })
        .collect()
}

/// A configuration with one feed `world` at `feed_path`; `feed_extra` is
/// added to the feed's keys (indented by four spaces).
fn write_feed_config(dir: &Path, site: &Site, feed_path: &str, feed_extra: &str) -> PathBuf {
    let yaml = format!(
        "archive: {}\nrate_per_host: 500\ntimeouts: {{connect: 2, read: 1, total: 3}}\n\
         retries: {{attempts: 2, base_delay: 0.05, max_delay: 2}}\nfeeds:\n\
         \x20 - name: world\n    url: {}\n    category: WORLD\n{feed_extra}",
        dir.join("archive").display(),
        site.url(feed_path)
    );
    let file = dir.join("feeds.yaml");
    std::fs::write(&file, yaml).unwrap();
    file
}

const WORLD_ONLY: &str = "    include: ['/news/world/\\d+$']\n";

fn open(config: &Path) -> Archiver {
    Archiver::open(Config::load(config).unwrap()).unwrap()
}

async fn backfill(config: &Path, options: &BackfillOptions) -> (BackfillReport, Vec<String>) {
    let archiver = open(config);
    let feed = archiver.config().feed("world").unwrap().clone();
    let mut out = Vec::new();
    let report = archiver.backfill(&feed, options, &mut out).await.unwrap();
    let listed = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    (report, listed)
}

fn options(sources: Vec<Source>) -> BackfillOptions {
    BackfillOptions::new(sources)
}

/// Requests for each world story (story 11 under either of its URLs).
fn world_hits(site: &Site) -> Vec<usize> {
    (1..=12)
        .map(|n| {
            site.hits(&format!("/news/world/{n}"))
                + site.hits(&format!("/news/world/{n}?utm_source=sitemap"))
        })
        .collect()
}

fn posts(dir: &Path) -> Vec<String> {
    posts_under(&dir.join("archive"))
}

fn post_text(dir: &Path) -> String {
    posts(dir)
        .iter()
        .map(|p| std::fs::read_to_string(dir.join("archive").join(p)).unwrap())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_sitemaps_index_gzip_and_news_with_patterns() {
    let site = publisher().await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/rss/world.xml", WORLD_ONLY);
    let (report, _) = backfill(&config, &options(vec![Source::DefaultSitemaps])).await;
    assert_eq!(
        (report.archived, report.failed, report.document_errors),
        (12, 0, 0),
        "{report}"
    );
    assert_eq!(posts(dir.path()).len(), 12);
    assert_eq!(world_hits(&site), vec![1; 12]);
    for other in ["/sport/1", "/sport/2", "/news/world/live-blog"] {
        assert_eq!(site.hits(other), 0, "{other} is outside the pattern");
    }
    assert_eq!(site.hits("/private/news/world/secret"), 0, "robots.txt");
    assert_eq!(site.hits("/img/8.jpg"), 0, "image:loc is not a page");
    let text = post_text(dir.path());
    assert_eq!(text.matches("category: \"WORLD\"").count(), 12);
    // news:title is the feed hint; the page's own title wins, as in crawling.
    assert!(text.contains("title: \"World story 7\""));
    assert!(
        !text.contains("utm_source"),
        "tracking parameters are normalised away"
    );

    // A second backfill: the index is read again, the finished sitemaps are
    // not, and nothing is fetched or written.
    let before = snapshot(&dir.path().join("archive"));
    let (again, _) = backfill(&config, &options(vec![Source::DefaultSitemaps])).await;
    assert_eq!((again.archived, again.fetched), (0, 0), "{again}");
    assert_eq!(again.documents_skipped, 2, "{again}");
    assert_eq!(site.hits("/sitemaps/news.xml"), 1);
    assert_eq!(site.hits("/sitemaps/2024-11-a.xml.gz"), 1);
    assert_eq!(world_hits(&site), vec![1; 12]);
    assert_eq!(snapshot(&dir.path().join("archive")), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn date_range_limit_and_exclude_in_a_dry_run() {
    let site = publisher().await;
    let dir = tempfile::tempdir().unwrap();
    let extra = "    include: ['/news/world/']\n    exclude: ['live-blog', '/world/5$']\n";
    let config = write_feed_config(dir.path(), &site, "/rss/world.xml", extra);
    let index = site.url("/sitemap_index.xml");
    let args = BackfillArgs {
        sitemaps: vec![index.clone()],
        since: Some("2024-11-04".into()),
        until: Some("2024-11-09".into()),
        dry_run: true,
        ..BackfillArgs::default()
    };
    let feed = Config::load(&config).unwrap().feeds[0].clone();
    let opts = BackfillOptions::from_args(&args, &feed).unwrap();
    let (report, mut listed) = backfill(&config, &opts).await;
    listed.sort();
    let want: Vec<String> = [4, 6, 7, 8, 9]
        .iter()
        .map(|n| site.url(&format!("/news/world/{n}")))
        .collect();
    assert_eq!(listed, want, "{report}");
    assert_eq!(report.fetched, 5);
    assert_eq!(
        world_hits(&site),
        vec![0; 12],
        "a dry run fetches no article"
    );
    assert!(posts(dir.path()).is_empty());

    // A sitemap the index says was last modified before --since is not read.
    let args = BackfillArgs {
        since: Some("2024-11-06T00:00:00Z".into()),
        ..args
    };
    let opts = BackfillOptions::from_args(&args, &feed).unwrap();
    let (report, listed) = backfill(&config, &opts).await;
    assert_eq!(site.hits("/sitemaps/2024-11-a.xml.gz"), 1, "{report}");
    assert_eq!(listed.len(), 3, "{listed:?}"); // 7, 8, 9: 6 is in the skipped file
    assert_eq!(report.documents_skipped, 1);

    // --limit: at most N articles fetched.
    let mut opts = options(vec![Source::Sitemap(index.parse().unwrap())]);
    opts.limit = Some(3);
    let (report, _) = backfill(&config, &opts).await;
    assert_eq!((report.archived, report.fetched), (3, 3), "{report}");
    assert_eq!(posts(dir.path()).len(), 3);
}

/// An Atom document with `entries` and feed-level `links` (rel, href).
fn atom_page(numbers: &[u32], links: &[(&str, &str)], archive: bool) -> String {
    let links: String = links
        .iter()
        .map(|(rel, href)| format!("<link rel=\"{rel}\" href=\"{{{{BASE}}}}{href}\"/>"))
        .collect();
    let entries: String = numbers
        .iter()
        .map(|n| {
            format!(
                "<entry><title>World story {n}</title><id>{{{{BASE}}}}/news/world/{n}</id>\
                 <link href=\"{{{{BASE}}}}/news/world/{n}\"/><updated>{}</updated></entry>",
                world_date(*n)
            )
        })
        .collect();
    let fh = if archive { "<fh:archive/>" } else { "" };
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" \
         xmlns:fh=\"http://purl.org/syndication/history/1.0\">{fh}<title>World</title><id>urn:world</id>\
         <updated>2024-11-30T00:00:00Z</updated>{links}{entries}</feed>"
    )
}

fn serve_archive_chain(site: &Site) {
    let atom = |body: String| Reply::ok("application/atom+xml", body);
    site.serve(
        "/feeds/world.atom",
        atom(atom_page(
            &[12, 11, 10],
            &[
                ("self", "/feeds/world.atom"),
                ("prev-archive", "/archive/3.atom"),
            ],
            false,
        )),
    );
    site.serve(
        "/archive/3.atom",
        atom(atom_page(
            &[9, 8, 7],
            &[
                ("current", "/feeds/world.atom"),
                ("prev-archive", "/archive/2.atom"),
            ],
            true,
        )),
    );
    site.serve(
        "/archive/2.atom",
        atom(atom_page(
            &[6, 5, 4],
            &[
                ("next-archive", "/archive/3.atom"),
                ("prev-archive", "/archive/1.atom"),
            ],
            true,
        )),
    );
    site.serve(
        "/archive/1.atom",
        atom(atom_page(
            &[3, 2, 1],
            &[("next-archive", "/archive/2.atom")],
            true,
        )),
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rfc5005_archive_chain_then_resume_skips_finished_pages() {
    let site = publisher().await;
    serve_archive_chain(&site);
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/feeds/world.atom", "");
    let (report, _) = backfill(&config, &options(vec![Source::Archive])).await;
    assert_eq!((report.archived, report.failed), (12, 0), "{report}");
    assert_eq!(report.documents, 4);
    assert_eq!(world_hits(&site), vec![1; 12]);

    let (again, _) = backfill(&config, &options(vec![Source::Archive])).await;
    assert_eq!((again.archived, again.fetched), (0, 0), "{again}");
    assert_eq!(
        site.hits("/feeds/world.atom"),
        2,
        "the live feed is read again"
    );
    for page in ["/archive/3.atom", "/archive/2.atom", "/archive/1.atom"] {
        assert_eq!(
            site.hits(page),
            1,
            "{page}: archive documents are read once"
        );
    }
    assert_eq!(world_hits(&site), vec![1; 12]);
}

#[tokio::test(flavor = "multi_thread")]
async fn archive_chain_stops_once_older_than_since() {
    let site = publisher().await;
    serve_archive_chain(&site);
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/feeds/world.atom", "");
    let mut opts = options(vec![Source::Archive]);
    opts.since = Some(parse_date_bound("2024-11-08", false).unwrap());
    let (report, _) = backfill(&config, &opts).await;
    assert_eq!(report.archived, 5, "{report}"); // 8..12
    assert_eq!(site.hits("/archive/2.atom"), 1, "read: it holds 6, 5, 4");
    assert_eq!(site.hits("/archive/1.atom"), 0, "older than --since");
    assert_eq!(world_hits(&site), vec![0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
}

#[tokio::test(flavor = "multi_thread")]
async fn paged_feeds_atom_next_and_wordpress_paged() {
    let site = publisher().await;
    let atom = |body: String| Reply::ok("application/atom+xml", body);
    site.serve(
        "/paged.atom",
        atom(atom_page(
            &[12, 11],
            &[("next", "/paged.atom?page=2")],
            false,
        )),
    );
    site.serve(
        "/paged.atom?page=2",
        atom(atom_page(
            &[10, 9],
            &[("previous", "/paged.atom"), ("next", "/paged.atom?page=3")],
            false,
        )),
    );
    site.serve("/paged.atom?page=3", atom(atom_page(&[8, 7], &[], false)));
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/paged.atom", "");
    let (report, _) = backfill(&config, &options(vec![Source::Archive])).await;
    assert_eq!(report.archived, 6, "{report}");
    assert_eq!(site.hits("/paged.atom?page=3"), 1);
    // The feed has links of its own: WordPress paging is not tried.
    assert_eq!(site.hits("/paged.atom?paged=2"), 0);

    // WordPress: /feed/?paged=N until a 404.
    let rss_page = |numbers: &[u32]| Reply::ok("application/rss+xml", rss(&world_entries(numbers)));
    site.serve("/wp/feed/", rss_page(&[6, 5]));
    site.serve("/wp/feed/?paged=2", rss_page(&[4, 3]));
    site.serve("/wp/feed/?paged=3", rss_page(&[2, 1]));
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/wp/feed/", "");
    let (report, _) = backfill(&config, &options(vec![Source::Archive])).await;
    assert_eq!(
        (report.archived, report.document_errors),
        (6, 0),
        "{report}"
    );
    assert_eq!(site.hits("/wp/feed/?paged=4"), 1, "the 404 ends the walk");

    // A plain feed that ignores `paged`: one probe, then stop.
    site.serve("/plain.rss", rss_page(&[12, 11]));
    site.serve("/plain.rss?paged=2", rss_page(&[12, 11]));
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/plain.rss", "");
    let (report, _) = backfill(&config, &options(vec![Source::Archive])).await;
    assert_eq!((report.archived, report.documents), (2, 2), "{report}");
    assert_eq!(site.hits("/plain.rss?paged=3"), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn url_list_from_a_file() {
    let site = publisher().await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    std::fs::write(&list, fixture("urls.txt").replace("{{BASE}}", &site.base)).unwrap();
    let config = write_feed_config(dir.path(), &site, "/rss/world.xml", "");
    let (report, _) = backfill(&config, &options(vec![Source::Urls(UrlList::File(list))])).await;
    assert_eq!(
        (report.archived, report.filtered, report.known),
        (3, 1, 1),
        "{report}"
    );
    assert_eq!(site.hits("/news/world/2"), 1, "listed twice, fetched once");
    assert_eq!(site.hits("/news/world/5"), 1);
    assert_eq!(site.hits("/sport/1"), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn interrupted_backfill_resumes_without_refetching() {
    let site = publisher().await;
    // Slow pages, so the interruption lands halfway.
    for n in 1..=12 {
        let title = format!("World story {n}");
        site.serve(
            &format!("/news/world/{n}"),
            Reply::html(article_page(&title, &world_date(n), PARAGRAPHS))
                .delayed(Duration::from_millis(60)),
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/rss/world.xml", WORLD_ONLY);
    let mut opts = options(vec![Source::DefaultSitemaps]);
    opts.batch_size = 2;

    let archiver = open(&config);
    let feed = archiver.config().feed("world").unwrap().clone();
    let token = archiver.shutdown_token();
    let watcher = site.clone();
    tokio::spawn(async move {
        while watcher.hits("/news/world/2") + watcher.hits("/news/world/8") == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        token.cancel(); // as SIGTERM does
    });
    let mut out = Vec::new();
    let first = archiver.backfill(&feed, &opts, &mut out).await.unwrap();
    drop(archiver);
    assert!(first.interrupted, "{first}");
    assert!(
        first.archived > 0 && first.archived < 12,
        "halfway: {first}"
    );

    let (second, _) = backfill(&config, &opts).await;
    assert!(!second.interrupted);
    assert_eq!(first.archived + second.archived, 12, "{first} / {second}");
    assert_eq!(world_hits(&site), vec![1; 12], "no article fetched twice");
    assert_eq!(posts(dir.path()).len(), 12);
}

#[tokio::test(flavor = "multi_thread")]
async fn crawl_after_backfill_writes_no_duplicate() {
    let site = publisher().await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/rss/world.xml", WORLD_ONLY);
    let (report, _) = backfill(&config, &options(vec![Source::DefaultSitemaps])).await;
    assert_eq!(report.archived, 12, "{report}");
    let before = snapshot(&dir.path().join("archive"));
    let summary = open(&config).crawl().await;
    assert_eq!((summary.new, summary.skipped), (0, 3), "{summary}");
    assert_eq!(world_hits(&site), vec![1; 12]);
    assert_eq!(snapshot(&dir.path().join("archive")), before);
}

#[test]
fn command_line_options() {
    let feed = Config::parse(
        "feeds:\n  - name: w\n    url: https://news.example/rss\n    category: W\n",
        Path::new("t.yaml"),
    )
    .unwrap()
    .feeds[0]
        .clone();
    let err = BackfillOptions::from_args(&BackfillArgs::default(), &feed).unwrap_err();
    assert!(err.contains("--archive"), "{err}");
    let args = BackfillArgs {
        sitemaps: vec![String::new(), "https://news.example/s.xml".into()],
        archive: true,
        urls: Some("-".into()),
        until: Some("2024-11-09".into()),
        ..BackfillArgs::default()
    };
    let opts = BackfillOptions::from_args(&args, &feed).unwrap();
    assert_eq!(
        opts.sources,
        vec![
            Source::DefaultSitemaps,
            Source::Sitemap("https://news.example/s.xml".parse().unwrap()),
            Source::Archive,
            Source::Urls(UrlList::Stdin),
        ]
    );
    assert_eq!(
        opts.until.unwrap().to_rfc3339(),
        "2024-11-09T23:59:59.999+00:00"
    );
    let bad = BackfillArgs {
        since: Some("2024-11-10".into()),
        until: Some("2024-11-09".into()),
        archive: true,
        ..BackfillArgs::default()
    };
    assert!(BackfillOptions::from_args(&bad, &feed).is_err());
    let bad = BackfillArgs {
        since: Some("last week".into()),
        archive: true,
        ..BackfillArgs::default()
    };
    assert!(BackfillOptions::from_args(&bad, &feed).is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn command_line_dry_run_from_stdin_then_real_run() {
    use std::process::Stdio;
    use tokio::io::AsyncWriteExt;
    let site = publisher().await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_feed_config(dir.path(), &site, "/rss/world.xml", "");
    let config = config.to_str().unwrap();
    let list = format!(
        "{}\n# a comment\n{}\n",
        site.url("/news/world/1"),
        site.url("/news/world/2")
    );
    let run = |extra: &[&str]| {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_newsclip"))
            .args([
                "backfill", "--config", config, "--feed", "world", "--urls", "-",
            ])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let list = list.clone();
        async move {
            stdin.write_all(list.as_bytes()).await.unwrap();
            drop(stdin);
            child.wait_with_output().await.unwrap()
        }
    };
    let out = run(&["--dry-run"]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        vec![site.url("/news/world/1"), site.url("/news/world/2")]
    );
    assert!(stderr.contains("backfill (dry run)"), "{stderr}");
    assert_eq!(world_hits(&site)[..2], [0, 0]);

    let out = run(&[]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.starts_with("backfill: 2 URLs discovered, 0 filtered out; articles: 2 new"),
        "{stdout}"
    );
    assert_eq!(posts(dir.path()).len(), 2);

    // No source at all is a usage error.
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_newsclip"))
        .args(["backfill", "--config", config, "--feed", "world"])
        .output()
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--archive"));
}
