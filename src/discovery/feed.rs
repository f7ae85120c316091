//! Feeds: RSS 0.9x/1.0/2.0, Atom and JSON Feed, read with feed-rs into the
//! list of article links they announce, with the title and date the feed
//! gives (used when the page itself lacks them).

use chrono::{DateTime, Utc};
use url::Url;

/// One article a feed announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// Absolute http(s) URL of the article page.
    pub url: Url,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// Items read from one feed document at most: real feeds list 10 to 100; a
/// feed listing 100,000 would otherwise queue a day of page fetches.
pub const MAX_ITEMS_PER_FEED: usize = 1000;

/// Parses a feed document fetched from `feed_url`. Items without a usable
/// http(s) link are dropped (and counted in the error only if none is left
/// of a non-empty feed, which then is not a feed of articles).
pub fn parse_feed(body: &[u8], feed_url: &Url) -> Result<Vec<FeedItem>, String> {
    let feed = feed_rs::parser::Builder::new()
        .base_uri(Some(feed_url.as_str()))
        .build()
        .parse(body)
        .map_err(|e| first_line(&e.to_string()))?;
    let total = feed.entries.len();
    if total > MAX_ITEMS_PER_FEED {
        tracing::warn!(
            "{feed_url}: lists {total} entries; only the first {MAX_ITEMS_PER_FEED} are read"
        );
    }
    let items: Vec<FeedItem> = feed
        .entries
        .into_iter()
        .take(MAX_ITEMS_PER_FEED)
        .filter_map(|entry| item_of(entry, feed_url))
        .collect();
    if items.is_empty() && total > 0 {
        return Err(format!(
            "none of its {total} entries links to an http(s) page"
        ));
    }
    Ok(items)
}

fn item_of(entry: feed_rs::model::Entry, feed_url: &Url) -> Option<FeedItem> {
    let url = article_link(&entry, feed_url)?;
    let title = entry
        .title
        .map(|t| collapse_whitespace(&t.content))
        .filter(|t| !t.is_empty());
    Some(FeedItem {
        url,
        title,
        published: entry.published.or(entry.updated),
    })
}

/// The entry's link to its page: the `alternate` (or unqualified) link first,
/// then any link, then an id that is itself an absolute URL (RSS permalink
/// guids; a relative id is an opaque token, not a link).
fn article_link(entry: &feed_rs::model::Entry, feed_url: &Url) -> Option<Url> {
    let is_alternate =
        |l: &&feed_rs::model::Link| l.rel.as_deref().is_none_or(|r| r == "alternate");
    let links = entry
        .links
        .iter()
        .filter(is_alternate)
        .chain(entry.links.iter());
    links
        .filter_map(|l| feed_url.join(l.href.trim()).ok())
        .chain(Url::parse(entry.id.trim()).ok())
        .find(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example/feeds/world.xml").unwrap()
    }

    #[test]
    fn rss_items_with_relative_links_and_dates() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>  One
              story </title><link>/a/1</link><pubDate>Sat, 16 Nov 2024 11:56:11 +0700</pubDate></item>
            <item><title>No link</title><guid isPermaLink="false">abc</guid></item>
            <item><guid>https://news.example/a/2</guid></item>
            </channel></rss>"#;
        let items = parse_feed(rss, &base()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].url.as_str(), "https://news.example/a/1");
        assert_eq!(items[0].title.as_deref(), Some("One story"));
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2024-11-16T04:56:11+00:00"
        );
        assert_eq!(items[1].url.as_str(), "https://news.example/a/2");
    }

    #[test]
    fn atom_prefers_the_alternate_link() {
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2024-11-16T00:00:00Z</updated>
            <entry><title>A</title><id>urn:1</id><updated>2024-11-16T10:00:00Z</updated>
              <link rel="enclosure" href="https://cdn.example/a.mp3"/>
              <link rel="alternate" href="https://news.example/a/1"/></entry></feed>"#;
        let items = parse_feed(atom, &base()).unwrap();
        assert_eq!(items[0].url.as_str(), "https://news.example/a/1");
    }

    #[test]
    fn json_feed_items() {
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[
            {"id":"1","url":"https://news.example/a/1","title":"A","date_published":"2024-11-16T11:56:11+07:00"}]}"#;
        let items = parse_feed(json, &base()).unwrap();
        assert_eq!(items[0].url.as_str(), "https://news.example/a/1");
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2024-11-16T04:56:11+00:00"
        );
    }

    #[test]
    fn html_and_garbage_are_not_feeds() {
        assert!(parse_feed(b"<!doctype html><html><body>Oops</body></html>", &base()).is_err());
        assert!(parse_feed(b"", &base()).is_err());
        assert!(parse_feed(b"<rss><channel><item><title>x", &base()).is_err());
    }
}
