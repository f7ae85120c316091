//! `newsclip status`: what the state says about each feed (last poll, result,
//! next due time) and about articles that failed. Read-only: it takes no
//! lock, so it works while a crawl or the daemon runs.

use std::fmt::Write;

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::error::Result;
use crate::store::post::format_date;
use crate::store::state::{FeedState, PendingArticle, State};

/// The status report as text.
pub fn render(config: &Config) -> Result<String> {
    let Some(state) = State::open_existing(&config.state_path())? else {
        return Ok(format!(
            "{}: no state yet (newsclip has not run on this archive)\n",
            config.state_path().display()
        ));
    };
    let pending = state.all_pending()?;
    let mut out = String::new();
    let _ = writeln!(out, "archived articles: {}", state.article_count()?);
    let _ = writeln!(
        out,
        "{:<24} {:<25} {:<25} {:>7} {:>8}  last result",
        "feed", "last poll", "next due", "pending", "given up"
    );
    for feed in &config.feeds {
        let fs = state.feed_state(&feed.name, feed.url.as_str())?;
        let (waiting, given_up) = counts(&pending, &feed.name);
        let _ = writeln!(
            out,
            "{:<24} {:<25} {:<25} {:>7} {:>8}  {}",
            feed.name,
            time(fs.last_poll),
            next_due_text(&fs),
            waiting,
            given_up,
            fs.last_result.as_deref().unwrap_or("-"),
        );
    }
    let failed: Vec<&PendingArticle> = pending.iter().collect();
    if !failed.is_empty() {
        let _ = writeln!(out, "\nfailed articles:");
        for p in failed {
            let _ = writeln!(
                out,
                "  {} {} [{}] after {} run(s): {}",
                if p.given_up { "GIVEN UP" } else { "pending " },
                p.url,
                p.feed,
                p.attempts,
                p.last_error
            );
        }
    }
    Ok(out)
}

fn counts(pending: &[PendingArticle], feed: &str) -> (usize, usize) {
    let of_feed = pending.iter().filter(|p| p.feed == feed);
    let given_up = of_feed.clone().filter(|p| p.given_up).count();
    (of_feed.count() - given_up, given_up)
}

fn next_due_text(fs: &FeedState) -> String {
    match fs.next_due {
        None => "now (never polled)".to_string(),
        Some(due) => time(Some(due)),
    }
}

fn time(t: Option<DateTime<Utc>>) -> String {
    t.map(format_date).unwrap_or_else(|| "-".to_string())
}
