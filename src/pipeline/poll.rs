//! Polling one feed: a conditional request with the validators of the last
//! poll, permanent redirects remembered, and the next due time computed from
//! the feed's schedule and how this poll went.

use chrono::Utc;
use tracing::{info, warn};
use url::Url;

use super::Archiver;
use crate::config::FeedConfig;
use crate::discovery::feed::{parse_feed, FeedItem};
use crate::error::{Error, Result};
use crate::fetch::FeedResponse;
use crate::identity::normalize_url;
use crate::metrics::METRICS;
use crate::schedule::{next_due, PollOutcome};
use crate::store::state::FeedState;

/// What a successful poll found.
pub(super) struct Polled {
    pub items: Vec<FeedItem>,
    /// The server answered 304 Not Modified.
    pub unchanged: bool,
}

impl Archiver {
    pub(super) async fn poll_feed(&self, feed: &FeedConfig) -> Result<Polled> {
        let mut state = self.state.feed_state(&feed.name, feed.url.as_str())?;
        let url = state
            .moved_to
            .as_deref()
            .and_then(|u| Url::parse(u).ok())
            .unwrap_or_else(|| feed.url.clone());
        let result = self.request_feed(&url, &mut state).await;
        let outcome = match &result {
            Ok(polled) if polled.unchanged => {
                info!(feed = %feed.name, "feed not modified");
                state.last_result = Some("not modified".into());
                METRICS.count_feed_poll("not_modified");
                PollOutcome::NothingNew
            }
            Ok(polled) => {
                METRICS.count_feed_poll("ok");
                let new = self.count_unknown(&polled.items);
                info!(feed = %feed.name, items = polled.items.len(), new, "feed read");
                state.last_result = Some(format!("ok: {} items, {new} new", polled.items.len()));
                if new > 0 {
                    PollOutcome::NewItems(new)
                } else {
                    PollOutcome::NothingNew
                }
            }
            Err(e) => {
                warn!(feed = %feed.name, "feed failed: {e}");
                state.last_result = Some(format!("failed: {e}"));
                METRICS.count_feed_poll("failed");
                PollOutcome::Failed
            }
        };
        let now = Utc::now();
        state.last_poll = Some(now);
        state.schedule = Some(super::schedule_key(feed));
        state.next_due = Some(next_due(
            &feed.schedule,
            &mut state.timing,
            outcome,
            now,
            fastrand::f64(),
        ));
        self.state
            .save_feed_state(&feed.name, feed.url.as_str(), &state)?;
        result
    }

    /// Fetches and parses the feed, updating validators and a permanent move.
    async fn request_feed(&self, url: &Url, state: &mut FeedState) -> Result<Polled> {
        let fetched = match self.fetcher.get_feed(url, &state.validators).await? {
            FeedResponse::NotModified => {
                return Ok(Polled {
                    items: Vec::new(),
                    unchanged: true,
                })
            }
            FeedResponse::Fetched(fetched) => fetched,
        };
        let items =
            parse_feed(&fetched.body, &fetched.final_url).map_err(|reason| Error::Feed {
                url: url.to_string(),
                reason,
            })?;
        if let Some(moved) = &fetched.moved_to {
            info!(from = %url, to = %moved, "feed moved permanently: using its new address from now on");
            state.moved_to = Some(moved.to_string());
        }
        state.validators = fetched.validators;
        Ok(Polled {
            items,
            unchanged: false,
        })
    }

    /// How many of `items` the archive does not know yet.
    fn count_unknown(&self, items: &[FeedItem]) -> usize {
        items
            .iter()
            .filter(|i| {
                let link = normalize_url(&i.url);
                !matches!(self.state.lookup(link.as_str()), Ok(Some(_)))
            })
            .count()
    }
}
