//! The pipeline: one pass over the feeds (`crawl`), or over given URLs
//! (`fetch`), taking each new article from fetch to written post.
//!
//! Dedupe happens at three depths, cheapest first: the feed link is looked up
//! before any fetch; the canonical URL after extraction; and the post path
//! before writing, which also covers a state that was lost or rebuilt.

pub mod compose;
pub mod reindex;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use futures_util::stream::{self, StreamExt};
use tracing::{info, warn};
use url::Url;

use crate::config::{Config, FeedConfig};
use crate::discovery::feed::{parse_feed, FeedItem};
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::fetch::{Fetched, Fetcher};
use crate::identity::normalize_url;
use crate::store::atomic::write_atomic;
use crate::store::post;
use crate::store::state::{ArchivedArticle, State};
use compose::{article_canonical, compose_post, post_path, FeedHints};

/// Feeds polled at once; each host's rate limit applies underneath.
const FEED_CONCURRENCY: usize = 4;

/// The counts a run reports at its end.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub feeds_ok: usize,
    pub feeds_failed: usize,
    pub new: usize,
    pub skipped: usize,
    pub failed: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "feeds: {} ok, {} failed; articles: {} new, {} skipped, {} failed",
            self.feeds_ok, self.feeds_failed, self.new, self.skipped, self.failed
        )
    }
}

/// What became of one article.
#[derive(Debug)]
enum Outcome {
    Archived(ArchivedArticle),
    /// Already in the archive (or taken by another feed in this run).
    Known,
}

/// An article to archive, with the feed it came from.
struct Candidate<'a> {
    url: Url,
    feed: &'a FeedConfig,
    hints: FeedHints,
}

/// A run's context: configuration, HTTP client and state.
pub struct Archiver {
    config: Config,
    fetcher: Fetcher,
    state: State,
    /// Canonical URLs being archived by this run, so two feed links that turn
    /// out to be one article are written once.
    claimed: Mutex<HashSet<String>>,
}

impl Archiver {
    /// Opens the archive's state, rebuilding it from the posts if it is new.
    pub fn open(config: Config) -> Result<Archiver> {
        let (state, created) = State::open(&config.state_path())?;
        let fetcher = Fetcher::new(&config.http)?;
        let archiver = Archiver {
            config,
            fetcher,
            state,
            claimed: Mutex::new(HashSet::new()),
        };
        if created {
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

    fn archive_root(&self) -> &Path {
        &self.config.archive
    }

    /// One pass over every configured feed: new articles only.
    pub async fn crawl(&self) -> Summary {
        let mut summary = Summary::default();
        let polls: Vec<(&FeedConfig, Result<Vec<FeedItem>>)> = stream::iter(&self.config.feeds)
            .map(|feed| async move { (feed, self.poll_feed(feed).await) })
            .buffered(FEED_CONCURRENCY)
            .collect()
            .await;
        // Feeds in config order, items in feed order: the first feed to list an
        // article gives it its category, the same way on every run.
        let mut seen = HashSet::new();
        let mut candidates = Vec::new();
        for (feed, result) in polls {
            match result {
                Ok(items) => {
                    summary.feeds_ok += 1;
                    for item in items {
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
                Err(_) => summary.feeds_failed += 1,
            }
        }
        self.archive_all(candidates, &mut summary).await;
        summary
    }

    /// Archives the given article URLs as if they came from `feed`.
    pub async fn fetch_urls(&self, urls: Vec<Url>, feed: &FeedConfig) -> Summary {
        let mut summary = Summary::default();
        let candidates = urls
            .into_iter()
            .map(|url| Candidate {
                url,
                feed,
                hints: FeedHints::default(),
            })
            .collect();
        self.archive_all(candidates, &mut summary).await;
        summary
    }

    async fn poll_feed(&self, feed: &FeedConfig) -> Result<Vec<FeedItem>> {
        let result = self.fetcher.get(&feed.url).await.and_then(|fetched| {
            parse_feed(&fetched.body, &fetched.final_url).map_err(|reason| Error::Feed {
                url: feed.url.to_string(),
                reason,
            })
        });
        let outcome = match &result {
            Ok(items) => {
                info!(feed = %feed.name, items = items.len(), "feed read");
                format!("ok: {} items", items.len())
            }
            Err(e) => {
                warn!(feed = %feed.name, "feed failed: {e}");
                format!("failed: {e}")
            }
        };
        if let Err(e) = self
            .state
            .record_feed_poll(&feed.name, feed.url.as_str(), &outcome)
        {
            warn!("{e}");
        }
        result
    }

    async fn archive_all(&self, candidates: Vec<Candidate<'_>>, summary: &mut Summary) {
        let mut outcomes = stream::iter(candidates)
            .map(|c| async move {
                let url = c.url.clone();
                (url, self.archive_one(c).await)
            })
            .buffer_unordered(self.config.concurrency);
        while let Some((url, outcome)) = outcomes.next().await {
            match outcome {
                Ok(Outcome::Archived(a)) => {
                    summary.new += 1;
                    info!(code = %a.code, url = %url, path = %a.path, "archived");
                }
                Ok(Outcome::Known) => summary.skipped += 1,
                Err(e) => {
                    summary.failed += 1;
                    // Every error names its URL already.
                    warn!("article failed: {e}");
                }
            }
        }
    }

    async fn archive_one(&self, c: Candidate<'_>) -> Result<Outcome> {
        let link = normalize_url(&c.url);
        if self.state.lookup(link.as_str())?.is_some() {
            return Ok(Outcome::Known);
        }
        let fetched = self.fetcher.get(&c.url).await?;
        ensure_html(&fetched, &c.url)?;
        let final_url = fetched.final_url.clone();
        let article =
            tokio::task::spawn_blocking(move || extract(&fetched.text(), &fetched.final_url))
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

    /// The archive path of a post given relative to the archive root.
    pub fn post_file(&self, relative: &str) -> PathBuf {
        self.archive_root().join(relative)
    }
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
