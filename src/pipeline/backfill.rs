//! Backfill: archive a publisher's past, beyond what its feed shows today.
//!
//! Discovery routes (sitemaps and sitemap indexes, a feed's RFC 5005 archive
//! or paged chain, a list of URLs) are read as streams: one document at a
//! time, each entry filtered (date range, include/exclude patterns), looked
//! up in the state (an archived article costs no request), and the rest
//! handed to [`Archiver::archive_items`] in bounded batches, so a backfilled
//! article is written exactly as a crawled one would be, and memory stays
//! flat however many URLs there are.
//!
//! Progress is kept in the state: a sitemap or archive page whose articles
//! were all handled is recorded for the backfill's scope (feed, route, date
//! range, patterns), and the next run with the same scope skips it without
//! a request. Every request goes through the run's [`Fetcher`](crate::fetch::Fetcher),
//! so per-host rates and robots.txt hold as in crawling.

use std::collections::HashSet;
use std::io::Write;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing::{debug, info, warn};
use url::Url;

use super::Archiver;
use crate::config::FeedConfig;
use crate::discovery::archive::{paged_url, parse_page, FeedPage};
use crate::discovery::feed::FeedItem;
use crate::discovery::sitemap::{parse_w3c_date, SitemapEntry, SitemapKind, SitemapReader};
use crate::discovery::urls::{read_list, UrlLine, UrlList};
use crate::error::{Error, Result};
use crate::fetch::{FeedResponse, Validators};
use crate::identity::normalize_url;
use crate::store::state::BackfillDoc;

/// Articles handed to the pipeline at once.
pub const DEFAULT_BATCH_SIZE: usize = 100;
/// Sitemap indexes nested deeper than this are not followed (the protocol
/// allows none; some sites use one level).
const MAX_SITEMAP_DEPTH: usize = 3;
/// How often progress is logged when there is no terminal.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// A route to a publisher's past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// This sitemap or sitemap index.
    Sitemap(Url),
    /// The feed's configured `sitemaps`; without any, the ones its host's
    /// robots.txt announces; without any, `/sitemap.xml` of its host.
    DefaultSitemaps,
    /// The feed's RFC 5005 archive chain or paged feed.
    Archive,
    /// A list of article URLs.
    Urls(UrlList),
}

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMode {
    /// An indicatif bar on stderr (for a terminal).
    Bar,
    /// A log line every ten seconds.
    Log,
    Quiet,
}

/// What a backfill reads and how.
#[derive(Debug, Clone)]
pub struct BackfillOptions {
    /// Read in this order.
    pub sources: Vec<Source>,
    /// Entries dated before this are skipped (undated entries are kept).
    pub since: Option<DateTime<Utc>>,
    /// Entries dated after this are skipped (undated entries are kept).
    pub until: Option<DateTime<Utc>>,
    /// At most this many articles are fetched (listed, in a dry run).
    pub limit: Option<usize>,
    /// List the article URLs that would be fetched, one per line, and fetch none.
    pub dry_run: bool,
    pub progress: ProgressMode,
    pub batch_size: usize,
}

impl BackfillOptions {
    pub fn new(sources: Vec<Source>) -> BackfillOptions {
        BackfillOptions {
            sources,
            since: None,
            until: None,
            limit: None,
            dry_run: false,
            progress: ProgressMode::Quiet,
            batch_size: DEFAULT_BATCH_SIZE,
        }
    }
}

/// The counts of a backfill.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BackfillReport {
    /// Sitemaps and feed pages read.
    pub documents: usize,
    /// Sitemaps and archive pages not read: finished by an earlier run of
    /// the same scope, or (sitemaps) not modified since `--since`.
    pub documents_skipped: usize,
    /// Sitemaps and feed pages that could not be read.
    pub document_errors: usize,
    /// Article URLs found.
    pub discovered: usize,
    /// Out of the date range, excluded by a pattern or robots.txt, or not a URL.
    pub filtered: usize,
    /// Already archived (or given up, or twice in one batch): skipped without a request.
    pub known: usize,
    /// Handed to the pipeline (listed, in a dry run).
    pub fetched: usize,
    pub archived: usize,
    /// Fetched, then found to be an article already archived (by its canonical URL).
    pub skipped: usize,
    pub failed: usize,
    pub given_up: usize,
    /// Stopped by SIGTERM/SIGINT: the next run resumes.
    pub interrupted: bool,
    pub dry_run: bool,
}

impl BackfillReport {
    /// URLs in range, and how many of them are dealt with.
    fn progress(&self) -> (usize, usize) {
        (
            self.discovered - self.filtered,
            self.known + self.archived + self.skipped + self.failed,
        )
    }
}

impl std::fmt::Display for BackfillReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.dry_run {
            write!(
                f,
                "backfill (dry run): {} URLs discovered, {} filtered out, {} already archived, {} to fetch",
                self.discovered, self.filtered, self.known, self.fetched
            )?;
        } else {
            write!(
                f,
                "backfill: {} URLs discovered, {} filtered out; articles: {} new, {} skipped, {} failed",
                self.discovered,
                self.filtered,
                self.archived,
                self.known + self.skipped,
                self.failed
            )?;
            if self.given_up > 0 {
                write!(f, " ({} given up)", self.given_up)?;
            }
        }
        write!(
            f,
            "; documents: {} read, {} skipped, {} unreadable",
            self.documents, self.documents_skipped, self.document_errors
        )?;
        if self.interrupted {
            write!(f, "; interrupted, run again to resume")?;
        }
        Ok(())
    }
}

/// Parses a `--since`/`--until` date: RFC 3339 or a W3C date such as
/// `2024-11-01`; a bare day given as an upper bound means its end.
pub fn parse_date_bound(text: &str, upper: bool) -> std::result::Result<DateTime<Utc>, String> {
    let date = parse_w3c_date(text).ok_or_else(|| {
        format!("{text:?} is not a date (use 2024-11-01 or 2024-11-01T12:00:00Z)")
    })?;
    let bare_day = text.trim().len() <= 10;
    Ok(if upper && bare_day {
        date + chrono::Duration::days(1) - chrono::Duration::milliseconds(1)
    } else {
        date
    })
}

impl Archiver {
    /// Backfills `feed` from `options.sources`: the articles found are
    /// archived with the feed's category, language and prefix. A dry run
    /// writes the URLs it would fetch to `out`. Unreadable sources are
    /// reported in the counts; only a state failure is an error.
    pub async fn backfill(
        &self,
        feed: &FeedConfig,
        options: &BackfillOptions,
        out: &mut (dyn Write + Send),
    ) -> Result<BackfillReport> {
        let mut run = Run {
            archiver: self,
            feed,
            options,
            out,
            batch: Vec::new(),
            batch_keys: HashSet::new(),
            report: BackfillReport {
                dry_run: options.dry_run,
                ..BackfillReport::default()
            },
            progress: Progress::new(options.progress),
            limit_reached: false,
        };
        for source in &options.sources {
            if run.should_stop() {
                break;
            }
            info!(feed = %feed.name, "backfill from {}", describe(source));
            match source {
                Source::Sitemap(url) => {
                    // The operator named it: its host may be a private one.
                    self.fetcher.trust(url);
                    run.sitemaps(vec![url.clone()]).await?
                }
                Source::DefaultSitemaps => {
                    let roots = run.default_sitemaps().await;
                    run.sitemaps(roots).await?
                }
                Source::Archive => run.archive().await?,
                Source::Urls(list) => run.url_list(list).await?,
            }
            run.flush().await;
        }
        run.flush().await;
        run.should_stop();
        run.progress.finish(&run.report);
        info!("{}", run.report);
        Ok(run.report)
    }
}

fn describe(source: &Source) -> String {
    match source {
        Source::Sitemap(url) => format!("sitemap {url}"),
        Source::DefaultSitemaps => "the feed's sitemaps".to_string(),
        Source::Archive => "the feed's archive".to_string(),
        Source::Urls(list) => format!("the URLs in {list}"),
    }
}

/// One backfill in progress.
struct Run<'a> {
    archiver: &'a Archiver,
    feed: &'a FeedConfig,
    options: &'a BackfillOptions,
    out: &'a mut (dyn Write + Send),
    /// Articles waiting to be handed to the pipeline.
    batch: Vec<FeedItem>,
    /// Their normalised URLs (the state knows the earlier batches).
    batch_keys: HashSet<String>,
    report: BackfillReport,
    progress: Progress,
    limit_reached: bool,
}

/// A sitemap being read.
struct OpenSitemap {
    url: Url,
    reader: SitemapReader,
    depth: usize,
    /// The `lastmod` the index gave, recorded with the finished sitemap.
    lastmod: Option<String>,
    failed_before: usize,
}

impl Run<'_> {
    /// Whether to stop: a shutdown was asked for, or the limit is reached.
    fn should_stop(&mut self) -> bool {
        if self.archiver.shutdown.is_cancelled() {
            self.report.interrupted = true;
        }
        self.report.interrupted || self.limit_reached
    }

    /// The key progress is recorded under: a different feed, route, range
    /// or pattern set starts afresh.
    fn scope(&self, route: &str) -> String {
        let date = |d: Option<DateTime<Utc>>| d.map(|d| d.to_rfc3339()).unwrap_or_default();
        let patterns = |list: &[regex::Regex]| {
            list.iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join("\u{1f}")
        };
        format!(
            "{}|{route}|since={}|until={}|include={}|exclude={}",
            self.feed.name,
            date(self.options.since),
            date(self.options.until),
            patterns(&self.feed.include),
            patterns(&self.feed.exclude),
        )
    }

    fn in_range(&self, date: Option<DateTime<Utc>>) -> bool {
        let Some(date) = date else {
            return true;
        };
        self.options.since.is_none_or(|s| date >= s) && self.options.until.is_none_or(|u| date <= u)
    }

    /// Whether the include/exclude patterns keep `url` (normalised: no
    /// fragment, default port or tracking parameters).
    fn wanted(&self, url: &Url) -> bool {
        let url = normalize_url(url);
        let url = url.as_str();
        (self.feed.include.is_empty() || self.feed.include.iter().any(|r| r.is_match(url)))
            && !self.feed.exclude.iter().any(|r| r.is_match(url))
    }

    /// Takes one discovered article: filtered, looked up, then queued (or
    /// listed, in a dry run).
    async fn offer(&mut self, item: FeedItem, date: Option<DateTime<Utc>>) -> Result<()> {
        self.report.discovered += 1;
        if !self.in_range(date) || !self.wanted(&item.url) {
            self.report.filtered += 1;
            return Ok(());
        }
        let key = normalize_url(&item.url).to_string();
        if self.batch_keys.contains(&key) || self.archiver.is_known(&item.url)? {
            self.report.known += 1;
            self.progress.update(&self.report);
            return Ok(());
        }
        if !self.archiver.fetcher.robots_allow(&item.url).await {
            debug!(url = %item.url, "disallowed by robots.txt: not fetched");
            self.report.filtered += 1;
            return Ok(());
        }
        self.report.fetched += 1;
        if self.options.limit == Some(self.report.fetched) {
            self.limit_reached = true;
        }
        self.batch_keys.insert(key);
        if self.options.dry_run {
            if writeln!(self.out, "{}", item.url).is_err() {
                // Nobody reads the list any more (a closed pipe): stop.
                self.limit_reached = true;
            }
            if self.batch_keys.len() >= self.options.batch_size {
                self.batch_keys.clear();
            }
        } else {
            self.batch.push(item);
            if self.batch.len() >= self.options.batch_size {
                self.flush().await;
            }
        }
        self.progress.update(&self.report);
        Ok(())
    }

    /// Hands the queued articles to the pipeline.
    async fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.batch);
        self.batch_keys.clear();
        let summary = self.archiver.archive_items(items, self.feed).await;
        self.report.archived += summary.new;
        self.report.skipped += summary.skipped;
        self.report.failed += summary.failed;
        self.report.given_up += summary.given_up;
        self.progress.update(&self.report);
    }

    // ---- sitemaps ----

    /// The feed's configured sitemaps, else its host's robots.txt ones,
    /// else `/sitemap.xml`.
    async fn default_sitemaps(&mut self) -> Vec<Url> {
        if !self.feed.sitemaps.is_empty() {
            for url in &self.feed.sitemaps {
                self.archiver.fetcher.trust(url);
            }
            return self.feed.sitemaps.clone();
        }
        let announced: Vec<Url> = self
            .archiver
            .fetcher
            .robots_sitemaps(&self.feed.url)
            .await
            .iter()
            .filter_map(|s| Url::parse(s).ok())
            .collect();
        if !announced.is_empty() {
            info!(feed = %self.feed.name, "robots.txt announces {} sitemaps", announced.len());
            return announced;
        }
        let mut fallback = self.feed.url.clone();
        fallback.set_path("/sitemap.xml");
        fallback.set_query(None);
        fallback.set_fragment(None);
        info!(feed = %self.feed.name, "robots.txt announces no sitemap: trying {fallback}");
        vec![fallback]
    }

    /// Reads `roots` and the sitemaps they index, depth first, one open
    /// document per level.
    async fn sitemaps(&mut self, roots: Vec<Url>) -> Result<()> {
        let scope = self.scope("sitemap");
        let mut visited = HashSet::new();
        for root in roots {
            if self.should_stop() {
                break;
            }
            let mut stack: Vec<OpenSitemap> = Vec::new();
            if let Some(open) = self
                .open_sitemap(&scope, root, None, 0, &mut visited)
                .await?
            {
                stack.push(open);
            }
            while let Some(top) = stack.last_mut() {
                if self.should_stop() {
                    break;
                }
                let depth = top.depth;
                match top.reader.next_entry() {
                    Ok(Some(SitemapEntry::Page {
                        loc,
                        lastmod,
                        published,
                        title,
                    })) => {
                        let item = FeedItem {
                            url: loc,
                            title,
                            published,
                        };
                        self.offer(item, published.or(lastmod)).await?;
                    }
                    Ok(Some(SitemapEntry::Sitemap { loc, lastmod })) => {
                        if depth + 1 >= MAX_SITEMAP_DEPTH {
                            warn!(url = %loc, "sitemap index nested too deep: not followed");
                            continue;
                        }
                        if lastmod.is_some_and(|m| self.options.since.is_some_and(|s| m < s)) {
                            // Not modified since the range began: nothing in it is newer.
                            self.report.documents_skipped += 1;
                            continue;
                        }
                        let label = lastmod.map(|m| m.to_rfc3339());
                        if let Some(open) = self
                            .open_sitemap(&scope, loc, label, depth + 1, &mut visited)
                            .await?
                        {
                            stack.push(open);
                        }
                    }
                    Ok(None) => {
                        let done = stack.pop().expect("the stack has a top");
                        self.finish_sitemap(&scope, done).await?;
                    }
                    Err(why) => {
                        let broken = stack.pop().expect("the stack has a top");
                        warn!(url = %broken.url, "sitemap unreadable: {why}");
                        self.report.document_errors += 1;
                        // What it listed before the break is still handled.
                        self.flush().await;
                    }
                }
            }
        }
        Ok(())
    }

    /// Fetches a sitemap, unless it was seen in this run or finished by an
    /// earlier one (with the same `lastmod`).
    async fn open_sitemap(
        &mut self,
        scope: &str,
        url: Url,
        lastmod: Option<String>,
        depth: usize,
        visited: &mut HashSet<String>,
    ) -> Result<Option<OpenSitemap>> {
        if !visited.insert(url.to_string()) {
            return Ok(None);
        }
        let state = &self.archiver.state;
        if let Some(done) = state.backfill_doc(scope, url.as_str())? {
            if lastmod.is_none() || done.lastmod == lastmod {
                debug!(url = %url, "sitemap finished by an earlier backfill");
                self.report.documents_skipped += 1;
                return Ok(None);
            }
        }
        let fetched = match self.archiver.fetcher.get(&url).await {
            Ok(fetched) => fetched,
            Err(e) => {
                warn!("sitemap not read: {e}");
                self.report.document_errors += 1;
                return Ok(None);
            }
        };
        self.report.documents += 1;
        let reader = SitemapReader::new(fetched.body, &fetched.final_url);
        Ok(Some(OpenSitemap {
            url,
            reader,
            depth,
            lastmod,
            failed_before: self.report.failed,
        }))
    }

    /// A sitemap was read to its end: its articles are handled, and it is
    /// recorded unless some failed or the run is stopping. Indexes are
    /// never recorded: they gain entries, and their children are recorded.
    async fn finish_sitemap(&mut self, scope: &str, done: OpenSitemap) -> Result<()> {
        self.flush().await;
        if done.reader.invalid > 0 {
            debug!(url = %done.url, "{} entries without a usable URL", done.reader.invalid);
            self.report.discovered += done.reader.invalid;
            self.report.filtered += done.reader.invalid;
        }
        let complete = !self.should_stop() && self.report.failed == done.failed_before;
        if complete && done.reader.kind() != SitemapKind::Index && !self.options.dry_run {
            let record = BackfillDoc {
                next_url: None,
                lastmod: done.lastmod,
            };
            self.archiver
                .state
                .record_backfill_doc(scope, done.url.as_str(), &record)?;
        }
        Ok(())
    }

    // ---- archive chains and paged feeds ----

    /// Walks the feed's history from its current document to older pages:
    /// `prev-archive` links, else `next` links, else `?paged=2, 3...`, until
    /// the chain ends or a page is older than `since`. Archive documents
    /// (reached by `prev-archive`) do not change, so a finished one is
    /// recorded with its link and skipped by the next run without a request.
    async fn archive(&mut self) -> Result<()> {
        let scope = self.scope("archive");
        let feed = self.feed;
        let state = self
            .archiver
            .state
            .feed_state(&feed.name, feed.url.as_str())?;
        let head_url = state
            .moved_to
            .and_then(|u| Url::parse(&u).ok())
            .unwrap_or_else(|| feed.url.clone());
        let fetched = self
            .archiver
            .fetcher
            .get_feed(&head_url, &Validators::default())
            .await;
        let head = match fetched {
            Ok(FeedResponse::Fetched(f)) => *f,
            Ok(FeedResponse::NotModified) => {
                warn!(url = %head_url, "feed answered 304 to an unconditional request");
                self.report.document_errors += 1;
                return Ok(());
            }
            Err(e) => {
                warn!("feed not read: {e}");
                self.report.document_errors += 1;
                return Ok(());
            }
        };
        self.report.documents += 1;
        let page = match parse_page(&head.body, &head.final_url) {
            Ok(page) => page,
            Err(why) => {
                warn!(url = %head.final_url, "feed not readable: {why}");
                self.report.document_errors += 1;
                return Ok(());
            }
        };
        let base = head.final_url.clone();
        let mut visited: HashSet<String> = HashSet::from([base.to_string()]);
        // The page number while probing WordPress-style `?paged=N`.
        let mut paged: Option<u32> = None;
        // The article URLs of the last page, to notice a server ignoring `paged`.
        let mut last_page: HashSet<String> = HashSet::new();
        let (mut next, covered) = self.handle_page(page, &mut last_page).await?;
        if covered {
            return Ok(());
        }
        if next.is_none() {
            next = Some((paged_url(&base, 2), false));
            paged = Some(2);
        }
        while let Some((url, stable)) = next.take() {
            if self.should_stop() || !visited.insert(url.to_string()) {
                break;
            }
            if stable {
                if let Some(done) = self.archiver.state.backfill_doc(&scope, url.as_str())? {
                    self.report.documents_skipped += 1;
                    next = done
                        .next_url
                        .and_then(|u| Url::parse(&u).ok())
                        .map(|u| (u, true));
                    continue;
                }
            }
            let fetched = match self.archiver.fetcher.get(&url).await {
                Ok(fetched) => fetched,
                // Past the last page.
                Err(Error::Status {
                    status: 404 | 410, ..
                }) if paged.is_some() => break,
                Err(e) => {
                    warn!("feed page not read: {e}");
                    self.report.document_errors += 1;
                    break;
                }
            };
            let page = match parse_page(&fetched.body, &fetched.final_url) {
                Ok(page) => page,
                Err(_) if paged.is_some() => break,
                Err(why) => {
                    warn!(url = %fetched.final_url, "feed page not readable: {why}");
                    self.report.document_errors += 1;
                    break;
                }
            };
            self.report.documents += 1;
            if let Some(n) = paged {
                let fresh = page
                    .items
                    .iter()
                    .any(|i| !last_page.contains(&normalize_url(&i.url).to_string()));
                if !fresh {
                    // The server ignores `paged`, or the pages ran out.
                    break;
                }
                paged = Some(n + 1);
            }
            let failed_before = self.report.failed;
            let (older, covered) = self.handle_page(page, &mut last_page).await?;
            next = match (older, paged) {
                (Some(older), _) => Some(older),
                (None, Some(n)) => Some((paged_url(&base, n), false)),
                (None, None) => None,
            };
            let complete = !self.should_stop() && self.report.failed == failed_before;
            if stable && complete && !self.options.dry_run {
                let record = BackfillDoc {
                    next_url: next.as_ref().map(|(u, _)| u.to_string()),
                    lastmod: None,
                };
                self.archiver
                    .state
                    .record_backfill_doc(&scope, url.as_str(), &record)?;
            }
            if covered {
                break;
            }
        }
        Ok(())
    }

    /// Offers a page's articles and hands them to the pipeline. Returns the
    /// older page it links to, and whether it is wholly older than `since`
    /// (then the walk ends: older pages hold older entries).
    async fn handle_page(
        &mut self,
        page: FeedPage,
        last_page: &mut HashSet<String>,
    ) -> Result<(Option<(Url, bool)>, bool)> {
        let newest = page.items.iter().filter_map(|i| i.published).max();
        let covered = match (self.options.since, newest) {
            (Some(since), Some(newest)) => newest < since,
            _ => false,
        };
        last_page.clear();
        for item in page.items {
            last_page.insert(normalize_url(&item.url).to_string());
            let date = item.published;
            self.offer(item, date).await?;
            if self.should_stop() {
                break;
            }
        }
        self.flush().await;
        Ok((page.links.older(), covered))
    }

    // ---- URL lists ----

    async fn url_list(&mut self, list: &UrlList) -> Result<()> {
        let mut lines = match read_list(list, 1024) {
            Ok(lines) => lines,
            Err(e) => {
                warn!("URL list {list} not read: {e}");
                self.report.document_errors += 1;
                return Ok(());
            }
        };
        self.report.documents += 1;
        while let Some(line) = lines.recv().await {
            match line {
                UrlLine::Url(url) => {
                    // Listed by the operator, as `newsclip fetch` URLs are.
                    self.archiver.fetcher.trust(&url);
                    let item = FeedItem {
                        url,
                        title: None,
                        published: None,
                    };
                    self.offer(item, None).await?;
                }
                UrlLine::Invalid { line, why } => {
                    warn!("{list}:{line}: not an article URL: {why}");
                    self.report.discovered += 1;
                    self.report.filtered += 1;
                }
                UrlLine::Error(e) => {
                    warn!("URL list {list} not read to its end: {e}");
                    self.report.document_errors += 1;
                    break;
                }
            }
            if self.should_stop() {
                break;
            }
        }
        Ok(())
    }
}

/// Shows progress: a bar on a terminal, a log line now and then otherwise.
struct Progress {
    mode: ProgressMode,
    bar: Option<ProgressBar>,
    started: Instant,
    last_log: Instant,
}

impl Progress {
    fn new(mode: ProgressMode) -> Progress {
        let bar = (mode == ProgressMode::Bar).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} {elapsed_precise} [{wide_bar}] {pos}/{len} ETA {eta} | {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            mode,
            bar,
            started: Instant::now(),
            last_log: Instant::now(),
        }
    }

    fn update(&mut self, report: &BackfillReport) {
        let (total, handled) = report.progress();
        match self.mode {
            ProgressMode::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_length(total as u64);
                    bar.set_position(handled as u64);
                    let rate = handled as f64 / self.started.elapsed().as_secs_f64().max(0.001);
                    bar.set_message(format!(
                        "{rate:.1}/s, fetched {}, archived {}, skipped {}, failed {}",
                        report.fetched,
                        report.archived,
                        report.known + report.skipped,
                        report.failed
                    ));
                }
            }
            ProgressMode::Log if self.last_log.elapsed() >= LOG_EVERY => {
                self.last_log = Instant::now();
                let rate = handled as f64 / self.started.elapsed().as_secs_f64().max(0.001);
                info!(
                    discovered = report.discovered,
                    fetched = report.fetched,
                    archived = report.archived,
                    skipped = report.known + report.skipped,
                    failed = report.failed,
                    "backfill progress: {handled}/{total} URLs handled, {rate:.1}/s"
                );
            }
            _ => {}
        }
    }

    fn finish(&mut self, report: &BackfillReport) {
        self.update(report);
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The `backfill` command line, as given.
#[derive(Debug, Clone, Default)]
pub struct BackfillArgs {
    /// `--archive`: follow the feed's archive or paged chain.
    pub archive: bool,
    /// `--sitemap [URL]`, repeated; an empty string is a bare `--sitemap`.
    pub sitemaps: Vec<String>,
    /// `--urls FILE`, or `-` for standard input.
    pub urls: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub limit: Option<usize>,
    pub dry_run: bool,
}

impl BackfillOptions {
    /// The options the command line asks for, for `feed`; with no source
    /// named, the feed's configured sitemaps.
    pub fn from_args(
        args: &BackfillArgs,
        feed: &FeedConfig,
    ) -> std::result::Result<BackfillOptions, String> {
        let mut sources = Vec::new();
        for sitemap in &args.sitemaps {
            if sitemap.trim().is_empty() {
                sources.push(Source::DefaultSitemaps);
            } else {
                let url = crate::config::parse_http_url(sitemap)
                    .map_err(|why| format!("--sitemap {sitemap}: {why}"))?;
                sources.push(Source::Sitemap(url));
            }
        }
        if args.archive {
            sources.push(Source::Archive);
        }
        match args.urls.as_deref() {
            Some("-") => sources.push(Source::Urls(UrlList::Stdin)),
            Some(path) => sources.push(Source::Urls(UrlList::File(path.into()))),
            None => {}
        }
        if sources.is_empty() {
            if feed.sitemaps.is_empty() {
                return Err(format!(
                    "nothing to backfill feed `{}` from: give --archive, --sitemap [URL] or --urls FILE \
                     (or list `sitemaps` for the feed in the configuration)",
                    feed.name
                ));
            }
            sources.push(Source::DefaultSitemaps);
        }
        let since = args
            .since
            .as_deref()
            .map(|s| parse_date_bound(s, false).map_err(|why| format!("--since: {why}")))
            .transpose()?;
        let until = args
            .until
            .as_deref()
            .map(|s| parse_date_bound(s, true).map_err(|why| format!("--until: {why}")))
            .transpose()?;
        if let (Some(since), Some(until)) = (since, until) {
            if since > until {
                return Err("--since is after --until".to_string());
            }
        }
        if args.limit == Some(0) {
            return Err("--limit must be at least 1".to_string());
        }
        Ok(BackfillOptions {
            since,
            until,
            limit: args.limit,
            dry_run: args.dry_run,
            ..BackfillOptions::new(sources)
        })
    }
}
