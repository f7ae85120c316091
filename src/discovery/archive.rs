//! A feed's past: RFC 5005 archived feeds (`prev-archive` chains from the
//! subscription document back through older archive documents), paged feeds
//! (`rel="next"` in Atom or in RSS `atom:link`, JSON Feed `next_url`), and
//! WordPress-style `?paged=N` pages.
//!
//! This module only reads one page at a time and says where the next (older)
//! one is; the backfill driver fetches and walks the chain.

use quick_xml::events::Event;
use quick_xml::Reader;
use url::Url;

use super::feed::{parse_feed, FeedItem};

/// One page of a feed's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    pub links: PageLinks,
}

/// The feed-level links that lead to older entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// RFC 5005 §4: the next older archive document.
    pub prev_archive: Option<Url>,
    /// RFC 5005 §3 paged feeds (and JSON Feed `next_url`): the next page.
    pub next: Option<Url>,
}

impl PageLinks {
    /// The page to read after this one, and whether it is an archive
    /// document (which, per RFC 5005, does not change once published).
    pub fn older(&self) -> Option<(Url, bool)> {
        self.prev_archive
            .clone()
            .map(|u| (u, true))
            .or_else(|| self.next.clone().map(|u| (u, false)))
    }
}

/// Parses a feed page fetched from `url`: its items and its paging links.
pub fn parse_page(body: &[u8], url: &Url) -> Result<FeedPage, String> {
    let items = parse_feed(body, url)?;
    Ok(FeedPage {
        items,
        links: page_links(body, url),
    })
}

/// The paging links of a feed document (Atom, RSS with `atom:link`, or JSON
/// Feed); links inside entries/items are not the feed's and are ignored.
pub fn page_links(body: &[u8], url: &Url) -> PageLinks {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xef | 0xbb | 0xbf));
    match start.map(|i| body[i]) {
        Some(b'{') => json_links(body, url),
        Some(_) => xml_links(body, url),
        None => PageLinks::default(),
    }
}

fn json_links(body: &[u8], url: &Url) -> PageLinks {
    let next = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("next_url")?.as_str().map(str::to_string))
        .and_then(|n| resolve(url, &n));
    PageLinks {
        prev_archive: None,
        next,
    }
}

fn xml_links(body: &[u8], url: &Url) -> PageLinks {
    let mut links = PageLinks::default();
    let mut reader = Reader::from_reader(body);
    // Depth inside an entry/item: links there belong to the entry.
    let mut in_entry = 0usize;
    loop {
        let (start, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (Some(e), false),
            Ok(Event::Empty(e)) => (Some(e), true),
            Ok(Event::End(_)) => {
                in_entry = in_entry.saturating_sub(1);
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => (None, false),
        };
        let Some(e) = start else { continue };
        let name = e.local_name();
        if in_entry > 0 {
            if !empty {
                in_entry += 1;
            }
            continue;
        }
        if matches!(name.as_ref(), b"entry" | b"item") {
            if !empty {
                in_entry = 1;
            }
            continue;
        }
        if name.as_ref() != b"link" {
            continue;
        }
        let attr = |key: &[u8]| {
            e.attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == key)
                .and_then(|a| {
                    a.decoded_and_normalized_value(
                        quick_xml::XmlVersion::Implicit1_0,
                        reader.decoder(),
                    )
                    .ok()
                    .map(|v| v.trim().to_string())
                })
        };
        let (Some(rel), Some(href)) = (attr(b"rel"), attr(b"href")) else {
            continue;
        };
        for rel in rel.split_ascii_whitespace() {
            let slot = match rel.to_ascii_lowercase().as_str() {
                "prev-archive" => &mut links.prev_archive,
                "next" => &mut links.next,
                _ => continue,
            };
            if slot.is_none() {
                *slot = resolve(url, &href);
            }
        }
    }
    links
}

fn resolve(base: &Url, href: &str) -> Option<Url> {
    base.join(href)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
}

/// The WordPress-style page `n` (from 2) of the feed at `feed_url`: its
/// `paged` query parameter set to `n`.
pub fn paged_url(feed_url: &Url, n: u32) -> Url {
    let mut url = feed_url.clone();
    let kept: Vec<(String, String)> = feed_url
        .query_pairs()
        .filter(|(k, _)| k != "paged")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("paged", &n.to_string());
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example/feeds/world.atom").unwrap()
    }

    #[test]
    fn rfc5005_archive_links_of_the_feed_not_of_entries() {
        let atom = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:fh="http://purl.org/syndication/history/1.0">
          <fh:archive/><title>t</title><id>x</id><updated>2024-11-16T00:00:00Z</updated>
          <link rel="current" href="/feeds/world.atom"/>
          <link rel="next-archive" href="/archive/3.atom"/>
          <entry><title>A</title><id>urn:1</id><updated>2024-11-16T10:00:00Z</updated>
            <link rel="next" href="/not-this"/><link href="https://news.example/a/1"/></entry>
          <link rel="prev-archive" href="/archive/1.atom"/>
        </feed>"#;
        let page = parse_page(atom, &base()).unwrap();
        assert_eq!(page.items.len(), 1);
        assert_eq!(
            page.links.prev_archive.as_ref().map(Url::as_str),
            Some("https://news.example/archive/1.atom")
        );
        assert_eq!(page.links.next, None);
        assert!(page.links.older().unwrap().1);
    }

    #[test]
    fn paged_atom_rss_and_json() {
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2024-11-16T00:00:00Z</updated>
          <link rel="self" href="?page=1"/><link rel="next" href="?page=2"/></feed>"#;
        let links = page_links(atom, &base());
        assert_eq!(
            links.older(),
            Some((
                Url::parse("https://news.example/feeds/world.atom?page=2").unwrap(),
                false
            ))
        );
        let rss = br#"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
          <link>https://news.example/</link><atom:link rel="next" href="https://news.example/feed?paged=2"/>
          <item><link>https://news.example/a/1</link></item></channel></rss>"#;
        assert_eq!(
            page_links(rss, &base()).next.unwrap().as_str(),
            "https://news.example/feed?paged=2"
        );
        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[],"next_url":"/feeds/world.json?page=2"}"#;
        assert_eq!(
            page_links(json, &base()).next.unwrap().as_str(),
            "https://news.example/feeds/world.json?page=2"
        );
    }

    #[test]
    fn wordpress_paged_urls() {
        let feed = Url::parse("https://blog.example/feed/?cat=3&paged=7").unwrap();
        assert_eq!(
            paged_url(&feed, 2).as_str(),
            "https://blog.example/feed/?cat=3&paged=2"
        );
        let feed = Url::parse("https://blog.example/feed/").unwrap();
        assert_eq!(
            paged_url(&feed, 3).as_str(),
            "https://blog.example/feed/?paged=3"
        );
    }
}
