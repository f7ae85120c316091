//! `newsclip status`: what the state says about each feed (last poll, result,
//! next due time) and about articles that failed, as text for people or
//! JSON for scripts. Read-only: it takes no lock, so it works while a crawl
//! or the daemon runs.

use std::fmt::Write;

use serde::Serialize;

use crate::config::Config;
use crate::error::Result;
use crate::store::post::format_date;
use crate::store::state::{PendingArticle, State};

/// The whole report.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    /// False when newsclip has never run on this archive.
    pub initialized: bool,
    pub archived_articles: u64,
    pub feeds: Vec<FeedStatus>,
    pub failed_articles: Vec<FailedArticle>,
    pub images: ImageStatus,
}

/// The image mirror: what is stored, and what is still shown from the publisher.
#[derive(Debug, Default, Serialize)]
pub struct ImageStatus {
    /// Distinct files in the store, and their bytes.
    pub stored: u64,
    pub bytes: u64,
    /// Image URLs served by a file another URL already brought.
    pub shared_urls: u64,
    /// Post images still shown remotely: to be retried, and given up.
    pub waiting: u64,
    pub given_up: u64,
}

#[derive(Debug, Serialize)]
pub struct FeedStatus {
    pub name: String,
    pub url: String,
    pub last_poll: Option<String>,
    pub last_result: Option<String>,
    /// None: due now (never polled, or its schedule changed).
    pub next_due: Option<String>,
    pub pending: usize,
    pub given_up: usize,
}

#[derive(Debug, Serialize)]
pub struct FailedArticle {
    pub url: String,
    pub feed: String,
    pub runs: u32,
    pub given_up: bool,
    pub last_error: String,
    pub last_try: String,
}

/// Reads the report from the state of `config`'s archive.
pub fn report(config: &Config) -> Result<StatusReport> {
    let Some(state) = State::open_existing(&config.state_path())? else {
        return Ok(StatusReport {
            initialized: false,
            archived_articles: 0,
            feeds: Vec::new(),
            failed_articles: Vec::new(),
            images: ImageStatus::default(),
        });
    };
    let pending = state.all_pending()?;
    let mut feeds = Vec::new();
    for feed in &config.feeds {
        let fs = state.feed_state(&feed.name, feed.url.as_str())?;
        let of_feed = || pending.iter().filter(|p| p.feed == feed.name);
        feeds.push(FeedStatus {
            name: feed.name.clone(),
            url: feed.url.to_string(),
            last_poll: fs.last_poll.map(format_date),
            last_result: fs.last_result,
            next_due: fs.next_due.map(format_date),
            pending: of_feed().filter(|p| !p.given_up).count(),
            given_up: of_feed().filter(|p| p.given_up).count(),
        });
    }
    let (stored, bytes, shared_urls) = state.image_stats()?;
    let (waiting, given_up) = state.image_failure_counts()?;
    Ok(StatusReport {
        initialized: true,
        images: ImageStatus {
            stored,
            bytes,
            shared_urls,
            waiting,
            given_up,
        },
        archived_articles: state.article_count()?,
        feeds,
        failed_articles: pending.into_iter().map(failed_article).collect(),
    })
}

fn failed_article(p: PendingArticle) -> FailedArticle {
    FailedArticle {
        url: p.url,
        feed: p.feed,
        runs: p.attempts,
        given_up: p.given_up,
        last_error: p.last_error,
        last_try: format_date(p.last_try),
    }
}

impl StatusReport {
    /// The report as aligned text.
    pub fn to_text(&self, config: &Config) -> String {
        if !self.initialized {
            return format!(
                "{}: no state yet (newsclip has not run on this archive)\n",
                config.state_path().display()
            );
        }
        let mut out = String::new();
        let _ = writeln!(out, "archived articles: {}", self.archived_articles);
        let _ = writeln!(
            out,
            "{:<24} {:<25} {:<25} {:>7} {:>8}  last result",
            "feed", "last poll", "next due", "pending", "given up"
        );
        for f in &self.feeds {
            let _ = writeln!(
                out,
                "{:<24} {:<25} {:<25} {:>7} {:>8}  {}",
                f.name,
                f.last_poll.as_deref().unwrap_or("-"),
                f.next_due.as_deref().unwrap_or("now"),
                f.pending,
                f.given_up,
                f.last_result.as_deref().unwrap_or("-"),
            );
        }
        let i = &self.images;
        let _ = writeln!(
            out,
            "\nimages: {} stored ({} bytes, {} URLs sharing a file); {} waiting for a retry, {} given up (shown remotely)",
            i.stored, i.bytes, i.shared_urls, i.waiting, i.given_up
        );
        if !self.failed_articles.is_empty() {
            let _ = writeln!(out, "\nfailed articles:");
            for a in &self.failed_articles {
                let _ = writeln!(
                    out,
                    "  {} {} [{}] after {} run(s): {}",
                    if a.given_up { "GIVEN UP" } else { "pending " },
                    a.url,
                    a.feed,
                    a.runs,
                    a.last_error
                );
            }
        }
        out
    }
}
