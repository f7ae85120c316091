//! The pipeline: one pass over the feeds (`crawl`, or each wake-up of `run`),
//! or over given URLs (`fetch`), taking each new article from fetch to
//! written post.
//!
//! Dedupe happens at three depths, cheapest first: the feed link is looked up
//! before any fetch; the canonical URL after extraction; and the post path
//! before writing, which also covers a state that was lost or rebuilt.
//! Failed articles are remembered as pending and retried by later passes
//! until they succeed or are given up.

pub mod backfill;
pub mod compose;
mod images;
mod poll;
pub mod reindex;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, StreamExt};
use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, warn};
use url::Url;

use crate::config::{Config, FeedConfig, ImageMode};
use crate::discovery::feed::FeedItem;
use crate::error::{Error, Result};
use crate::extract::{extract_with, Options as ExtractOptions};
use crate::fetch::{Fetched, Fetcher};
use crate::identity::normalize_url;
use crate::metrics::METRICS;
use crate::schedule::is_due;
use crate::store::atomic::write_atomic;
use crate::store::lock::ArchiveLock;
use crate::store::post;
use crate::store::state::{ArchivedArticle, State};
use compose::{article_canonical, compose_post, post_path, FeedHints};

/// The counts a pass reports at its end.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub feeds_ok: usize,
    pub feeds_failed: usize,
    /// Feeds that answered 304 Not Modified (counted in `feeds_ok` too).
    pub feeds_unchanged: usize,
    pub new: usize,
    pub skipped: usize,
    pub failed: usize,
    /// Failed articles that reached their last attempt in this pass.
    pub given_up: usize,
    /// Images of earlier posts mirrored by this pass (posts rewritten).
    pub images_mirrored_on_retry: usize,
    /// The pass stopped early because the archive's disk is full.
    pub disk_full: bool,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "feeds: {} ok, {} failed; articles: {} new, {} skipped, {} failed",
            self.feeds_ok, self.feeds_failed, self.new, self.skipped, self.failed
        )?;
        if self.given_up > 0 {
            write!(f, " ({} given up)", self.given_up)?;
        }
        if self.disk_full {
            write!(f, "; stopped early: the archive's disk is full")?;
        }
        Ok(())
    }
}

/// What became of one article.
#[derive(Debug)]
enum Outcome {
    Archived(ArchivedArticle),
    /// Already in the archive (or taken by another feed in this run), or given up.
    Known,
}

/// An article to archive, with the feed it came from.
struct Candidate<'a> {
    url: Url,
    feed: &'a FeedConfig,
    hints: FeedHints,
}

/// A run's context: configuration, HTTP client, state and the archive lock.
pub struct Archiver {
    config: Config,
    fetcher: Fetcher,
    state: State,
    /// Canonical URLs being archived by this run, so two feed links that turn
    /// out to be one article are written once.
    claimed: Mutex<HashSet<String>>,
    /// One lock per image URL, so articles sharing an image download it once.
    image_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Cancelled on SIGTERM/SIGINT: no new feed or article is started.
    shutdown: CancellationToken,
    _lock: ArchiveLock,
}

impl Archiver {
    /// Takes the archive's lock and opens its state, rebuilding the state
    /// from the posts if it is new.
    pub fn open(config: Config) -> Result<Archiver> {
        let lock = ArchiveLock::acquire(&config.state_dir())?;
        let (state, unindexed) = State::open(&config.state_path())?;
        crate::store::site::ensure_scaffold(&config.archive, &config.state_dir())?;
        let stale = crate::store::remove_stale_temp_files(&config.archive, &config.posts_dir)?;
        if stale > 0 {
            info!(
                files = stale,
                "removed temporary files left by an interrupted run"
            );
        }
        let fetcher = Fetcher::new(&config.http)?;
        for feed in &config.feeds {
            fetcher.trust(&feed.url);
        }
        let archiver = Archiver {
            config,
            fetcher,
            state,
            claimed: Mutex::new(HashSet::new()),
            image_locks: Mutex::new(HashMap::new()),
            shutdown: CancellationToken::new(),
            _lock: lock,
        };
        if unindexed {
            let report = archiver.reindex()?;
            if report.indexed > 0 {
                info!(
                    posts = report.indexed,
                    "state was missing: rebuilt from the archive"
                );
            }
        }
        Ok(archiver)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    /// Cancel it to stop starting new work; in-flight articles still finish.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    fn archive_root(&self) -> &Path {
        &self.config.archive
    }

    /// One pass over every configured feed.
    pub async fn crawl(&self) -> Summary {
        self.pass(self.config.feeds.iter().collect()).await
    }

    /// One pass over the feeds due at `now` (all of them on a first run).
    pub async fn crawl_due(&self, now: DateTime<Utc>) -> Result<Summary> {
        let due = self.due_feeds(now)?;
        Ok(self.pass(due).await)
    }

    fn due_feeds(&self, now: DateTime<Utc>) -> Result<Vec<&FeedConfig>> {
        let mut due = Vec::new();
        for feed in &self.config.feeds {
            if is_due(self.feed_due(feed)?, now) {
                due.push(feed);
            }
        }
        Ok(due)
    }

    /// When `feed` is due: as last computed, unless it was computed under a
    /// schedule the configuration has since changed (then: now).
    fn feed_due(&self, feed: &FeedConfig) -> Result<Option<DateTime<Utc>>> {
        let state = self.state.feed_state(&feed.name, feed.url.as_str())?;
        let current = schedule_key(feed);
        Ok(state
            .next_due
            .filter(|_| state.schedule.as_deref() == Some(current.as_str())))
    }

    /// When the next feed falls due (None: one is due now).
    pub fn next_due(&self) -> Result<Option<DateTime<Utc>>> {
        let mut next: Option<DateTime<Utc>> = None;
        for feed in &self.config.feeds {
            match self.feed_due(feed)? {
                Some(due) => next = Some(next.map_or(due, |n| n.min(due))),
                None => return Ok(None),
            }
        }
        Ok(next)
    }

    /// Polls `feeds`, then archives their new and pending articles.
    async fn pass(&self, feeds: Vec<&FeedConfig>) -> Summary {
        let mut summary = Summary::default();
        // Images that failed in earlier runs first: retrying those that just
        // failed in this pass would only wait on the same outage again.
        if self.config.images.mode == ImageMode::Mirror {
            summary.images_mirrored_on_retry = self.retry_images().await;
        }
        let polls: Vec<(&FeedConfig, Result<poll::Polled>)> = stream::iter(feeds)
            .take_until(self.shutdown.cancelled())
            .map(|feed| async move { (feed, self.poll_feed(feed).await) })
            .buffered(self.config.feed_concurrency)
            .collect()
            .await;
        // Feeds in config order, items in feed order: the first feed to list an
        // article gives it its category, the same way on every run.
        let mut seen = HashSet::new();
        let mut candidates = Vec::new();
        for (feed, result) in polls {
            let polled = match result {
                Ok(polled) => polled,
                Err(_) => {
                    summary.feeds_failed += 1;
                    continue;
                }
            };
            summary.feeds_ok += 1;
            summary.feeds_unchanged += usize::from(polled.unchanged);
            let retries = self.pending_items(feed);
            for item in polled.items.into_iter().chain(retries) {
                if seen.insert(normalize_url(&item.url)) {
                    candidates.push(Candidate {
                        url: item.url,
                        feed,
                        hints: FeedHints {
                            title: item.title,
                            published: item.published,
                        },
                    });
                }
            }
        }
        self.archive_all(candidates, &mut summary).await;
        info!("{summary}");
        summary
    }

    /// The failed articles of `feed` that are still to be retried.
    fn pending_items(&self, feed: &FeedConfig) -> Vec<FeedItem> {
        let pending = self.state.retries_of_feed(&feed.name).unwrap_or_else(|e| {
            warn!("{e}");
            Vec::new()
        });
        pending
            .into_iter()
            .filter_map(|p| {
                Some(FeedItem {
                    url: Url::parse(&p.url).ok()?,
                    title: p.title,
                    published: p.published,
                })
            })
            .collect()
    }

    /// Archives the given article URLs as if they came from `feed`.
    pub async fn fetch_urls(&self, urls: Vec<Url>, feed: &FeedConfig) -> Summary {
        let items = urls
            .into_iter()
            .inspect(|url| self.fetcher.trust(url))
            .map(|url| FeedItem {
                url,
                title: None,
                published: None,
            })
            .collect();
        self.archive_items(items, feed).await
    }

    /// Archives `items` (from any discovery route) as if `feed` listed them:
    /// the same dedupe, codes, paths and pending retries as a crawl.
    pub async fn archive_items(&self, items: Vec<FeedItem>, feed: &FeedConfig) -> Summary {
        let mut summary = Summary::default();
        let candidates = items
            .into_iter()
            .map(|item| Candidate {
                url: item.url,
                feed,
                hints: FeedHints {
                    title: item.title,
                    published: item.published,
                },
            })
            .collect();
        self.archive_all(candidates, &mut summary).await;
        summary
    }

    /// Whether the article at `url` is already archived (or given up), so a
    /// discovery route can skip it without a request.
    pub fn is_known(&self, url: &Url) -> Result<bool> {
        let link = normalize_url(url);
        Ok(self.state.lookup(link.as_str())?.is_some()
            || self
                .state
                .pending(link.as_str())?
                .is_some_and(|p| p.given_up))
    }

    async fn archive_all(&self, candidates: Vec<Candidate<'_>>, summary: &mut Summary) {
        let outcomes = stream::iter(candidates)
            .take_until(self.shutdown.cancelled())
            .map(|c| async move {
                let link = c.url.clone();
                let (feed, hints) = (c.feed, c.hints.clone());
                (link, feed, hints, self.archive_one(c).await)
            })
            .buffer_unordered(self.config.concurrency);
        let mut outcomes = std::pin::pin!(outcomes);
        while let Some((link, feed, hints, outcome)) = outcomes.next().await {
            METRICS.beat();
            match outcome {
                Ok(Outcome::Archived(a)) => {
                    summary.new += 1;
                    METRICS.count_article("archived");
                    info!(code = %a.code, url = %link, path = %a.path, "archived");
                }
                Ok(Outcome::Known) => {
                    summary.skipped += 1;
                    METRICS.count_article("skipped");
                    debug!(url = %link, "already archived");
                }
                Err(e) if e.is_disk_full() => {
                    summary.failed += 1;
                    summary.disk_full = true;
                    METRICS.count_article("failed");
                    if !self.shutdown.is_cancelled() {
                        error!("the archive's disk is full, stopping the run: {e}");
                        self.shutdown.cancel();
                    }
                }
                Err(e) => {
                    summary.failed += 1;
                    METRICS.count_article("failed");
                    let given_up = self.remember_failure(&link, feed, &hints, &e);
                    if given_up {
                        METRICS.count_article("given_up");
                    }
                    summary.given_up += usize::from(given_up);
                }
            }
        }
        if let Ok(pending) = self.state.all_pending() {
            let waiting = pending.iter().filter(|p| !p.given_up).count();
            METRICS.articles_pending.set(waiting as i64);
        }
    }

    /// Keeps a failed article pending for the next pass; true if this was its
    /// last allowed run and it is now given up.
    fn remember_failure(
        &self,
        link: &Url,
        feed: &FeedConfig,
        hints: &FeedHints,
        e: &Error,
    ) -> bool {
        let url = normalize_url(link);
        let max_runs = self.config.http.retries.article_runs;
        match self.state.record_failure(
            url.as_str(),
            &feed.name,
            hints.title.as_deref(),
            hints.published,
            &e.to_string(),
            max_runs,
        ) {
            Ok(p) if p.given_up => {
                warn!("article given up after {} runs: {e}", p.attempts);
                true
            }
            Ok(p) => {
                // Every error names its URL already.
                warn!(
                    "article failed (run {} of {max_runs}, will retry): {e}",
                    p.attempts
                );
                false
            }
            Err(state_error) => {
                warn!("article failed: {e}; and could not be remembered: {state_error}");
                false
            }
        }
    }

    async fn archive_one(&self, c: Candidate<'_>) -> Result<Outcome> {
        if self.is_known(&c.url)? {
            return Ok(Outcome::Known);
        }
        let link = normalize_url(&c.url);

        let fetched = self.fetcher.get(&c.url).await?;
        ensure_html(&fetched, &c.url)?;
        let final_url = fetched.final_url.clone();
        let options = ExtractOptions {
            max_image_width: self.config.images.max_width,
        };
        let page_url = final_url.clone();
        let article = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let article = extract_with(&fetched.into_text(), &page_url, &options);
            METRICS
                .extract_seconds
                .observe(started.elapsed().as_secs_f64());
            article
        })
        .await
        .map_err(|e| Error::Unarchivable {
            url: c.url.to_string(),
            reason: format!("extraction crashed: {e}"),
        })?;
        let canonical = article_canonical(&article, &final_url);
        let via = [link.as_str(), final_url.as_str()];
        if let Some(known) = self.state.lookup(canonical.as_str())? {
            self.state.record_archived(&known, &c.feed.name, &via)?;
            return Ok(Outcome::Known);
        }
        if !self.claim(canonical.as_str()) {
            return Ok(Outcome::Known);
        }
        let post = compose_post(&article, &canonical, c.feed, &c.hints, Utc::now())?;
        let archived = ArchivedArticle {
            origin_url: post.origin_url.clone(),
            code: post.code.clone(),
            path: post_path(&self.config.posts_dir, &post),
        };
        let file = self.archive_root().join(&archived.path);
        if self.holds_post_of(&file, &archived)? {
            self.state.record_archived(&archived, &c.feed.name, &via)?;
            return Ok(Outcome::Known);
        }
        let post = if self.config.images.mode == ImageMode::Mirror {
            self.mirror_post_images(post, &archived.path).await
        } else {
            post
        };
        write_atomic(&file, post.render().as_bytes())?;
        self.state.record_archived(&archived, &c.feed.name, &via)?;
        Ok(Outcome::Archived(archived))
    }

    /// Takes `canonical` for this run; false if another task already has it.
    fn claim(&self, canonical: &str) -> bool {
        let mut claimed = self.claimed.lock().unwrap_or_else(|p| p.into_inner());
        claimed.insert(canonical.to_string())
    }

    /// Whether `file` already holds this article's post (a lost state); an
    /// existing file of another article is a code collision.
    fn holds_post_of(&self, file: &Path, article: &ArchivedArticle) -> Result<bool> {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(source) => {
                return Err(Error::Read {
                    path: file.to_path_buf(),
                    source,
                })
            }
        };
        match post::parse(&text) {
            Ok((front, _)) if front.origin_url == article.origin_url => Ok(true),
            Ok((front, _)) => Err(Error::CodeCollision {
                path: file.to_path_buf(),
                existing: front.origin_url,
                url: article.origin_url.clone(),
            }),
            Err(message) => Err(Error::Post {
                path: file.to_path_buf(),
                message,
            }),
        }
    }
}

/// Identifies a feed's schedule in the state, to notice configuration changes.
fn schedule_key(feed: &FeedConfig) -> String {
    format!("{:?}", feed.schedule)
}

/// Refuses bodies that are not HTML: a declared non-HTML type, or no type and
/// no HTML-looking start.
fn ensure_html(fetched: &Fetched, url: &Url) -> Result<()> {
    let declared = fetched.content_type.as_deref().map(|ct| {
        ct.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let is_html = match declared.as_deref() {
        Some("text/html" | "application/xhtml+xml") => true,
        Some("") | None => looks_like_html(&fetched.body),
        Some(_) => false,
    };
    if is_html {
        Ok(())
    } else {
        Err(Error::NotHtml {
            url: url.to_string(),
            content_type: declared.unwrap_or_else(|| "missing".to_string()),
        })
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head = &body[..body.len().min(1024)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html") || head.contains("<body")
}
