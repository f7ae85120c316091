//! Sitemaps (sitemaps.org 0.9): URL sets, sitemap indexes, gzip-compressed
//! files, Google News extensions (`news:publication_date`, `news:title`) and
//! plain-text sitemaps (one URL per line).
//!
//! A sitemap may list 50,000 URLs, so it is read as a stream: a
//! [`SitemapReader`] yields one entry at a time from the (possibly gzipped)
//! body, and never builds the list. Decompression is streamed too and capped.

use std::io::{BufRead, BufReader, Cursor, Read};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use quick_xml::events::Event;
use quick_xml::Reader;
use url::Url;

/// Largest decompressed sitemap read (the protocol allows 50 MB).
pub const MAX_DECOMPRESSED_BYTES: u64 = 64 * 1024 * 1024;

/// Deeper elements than this are not tracked (no sitemap nests that deep).
const MAX_DEPTH: usize = 32;

/// One entry of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SitemapEntry {
    /// A child sitemap listed by a sitemap index.
    Sitemap {
        loc: Url,
        lastmod: Option<DateTime<Utc>>,
    },
    /// A page listed by a URL set.
    Page {
        loc: Url,
        lastmod: Option<DateTime<Utc>>,
        /// `news:publication_date` of a Google News sitemap.
        published: Option<DateTime<Utc>>,
        /// `news:title` of a Google News sitemap.
        title: Option<String>,
    },
}

impl SitemapEntry {
    pub fn loc(&self) -> &Url {
        match self {
            SitemapEntry::Sitemap { loc, .. } | SitemapEntry::Page { loc, .. } => loc,
        }
    }

    /// The date a date range is checked against: the publication date of a
    /// news entry, else the last modification.
    pub fn date(&self) -> Option<DateTime<Utc>> {
        match self {
            SitemapEntry::Sitemap { lastmod, .. } => *lastmod,
            SitemapEntry::Page {
                lastmod, published, ..
            } => published.or(*lastmod),
        }
    }
}

/// What a sitemap turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SitemapKind {
    /// Not known yet (nothing read).
    Unknown,
    Index,
    UrlSet,
    Text,
}

/// The fields of the entry being read.
#[derive(Default)]
struct Partial {
    loc: String,
    lastmod: String,
    published: String,
    title: String,
}

struct XmlInput {
    reader: Reader<Box<dyn BufRead + Send>>,
    buf: Vec<u8>,
    /// Local names of the open elements.
    stack: Vec<Vec<u8>>,
    partial: Partial,
}

enum Mode {
    Xml(Box<XmlInput>),
    Text(Box<dyn BufRead + Send>),
}

/// Streams the entries of one sitemap document.
pub struct SitemapReader {
    mode: Mode,
    base: Url,
    kind: SitemapKind,
    /// `<loc>`s that were not usable http(s) URLs.
    pub invalid: usize,
}

impl SitemapReader {
    /// Reads `body`, fetched from `base`; a gzip body (by its magic bytes,
    /// whatever the URL or content type say) is decompressed on the fly.
    pub fn new(body: Vec<u8>, base: &Url) -> SitemapReader {
        let raw: Box<dyn Read + Send> = if body.starts_with(&[0x1f, 0x8b]) {
            Box::new(flate2::read::MultiGzDecoder::new(Cursor::new(body)))
        } else {
            Box::new(Cursor::new(body))
        };
        let mut input: Box<dyn BufRead + Send> =
            Box::new(BufReader::new(raw.take(MAX_DECOMPRESSED_BYTES)));
        let mode = if starts_like_xml(&mut input) {
            // Text is not trimmed per event: `Tom &amp; Jerry` comes as three
            // events, and their spaces matter. Fields are trimmed when used.
            let reader = Reader::from_reader(input);
            Mode::Xml(Box::new(XmlInput {
                reader,
                buf: Vec::new(),
                stack: Vec::new(),
                partial: Partial::default(),
            }))
        } else {
            Mode::Text(input)
        };
        SitemapReader {
            mode,
            base: base.clone(),
            kind: SitemapKind::Unknown,
            invalid: 0,
        }
    }

    /// What the document is, as far as it has been read.
    pub fn kind(&self) -> SitemapKind {
        self.kind
    }

    /// The next entry, `None` at the end; an error if the document is not a
    /// sitemap or breaks off (entries before the break were already given).
    pub fn next_entry(&mut self) -> Result<Option<SitemapEntry>, String> {
        loop {
            let step = match &mut self.mode {
                Mode::Text(input) => next_text_line(input, &mut self.kind)?,
                Mode::Xml(x) => next_xml_entry(
                    &mut x.reader,
                    &mut x.buf,
                    &mut x.stack,
                    &mut x.partial,
                    &mut self.kind,
                )?,
            };
            let Some(raw) = step else {
                return Ok(None);
            };
            match raw.into_entry(&self.base) {
                Some(entry) => return Ok(Some(entry)),
                None => self.invalid += 1,
            }
        }
    }
}

/// Whether the first non-blank byte (after a BOM) is `<`.
fn starts_like_xml(input: &mut Box<dyn BufRead + Send>) -> bool {
    loop {
        let buf = match input.fill_buf() {
            Ok(buf) if !buf.is_empty() => buf,
            _ => return true, // empty or unreadable: let the XML reader report it
        };
        let skip = buf
            .iter()
            .take_while(|b| b.is_ascii_whitespace() || matches!(b, 0xef | 0xbb | 0xbf))
            .count();
        if skip < buf.len() {
            let first = buf[skip];
            input.consume(skip);
            return first == b'<';
        }
        let n = buf.len();
        input.consume(n);
    }
}

/// An entry as written, before its URL and dates are checked.
enum RawEntry {
    Sitemap(Partial),
    Page(Partial),
}

impl RawEntry {
    fn into_entry(self, base: &Url) -> Option<SitemapEntry> {
        let (is_index, p) = match self {
            RawEntry::Sitemap(p) => (true, p),
            RawEntry::Page(p) => (false, p),
        };
        let loc = base
            .join(p.loc.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())?;
        let lastmod = parse_w3c_date(&p.lastmod);
        Some(if is_index {
            SitemapEntry::Sitemap { loc, lastmod }
        } else {
            let title = p.title.split_whitespace().collect::<Vec<_>>().join(" ");
            SitemapEntry::Page {
                loc,
                lastmod,
                published: parse_w3c_date(&p.published),
                title: (!title.is_empty()).then_some(title),
            }
        })
    }
}

fn next_text_line(
    input: &mut Box<dyn BufRead + Send>,
    kind: &mut SitemapKind,
) -> Result<Option<RawEntry>, String> {
    *kind = SitemapKind::Text;
    let mut line = String::new();
    loop {
        line.clear();
        // A line longer than any URL is junk: stop reading it at 64 KiB.
        let n = input
            .by_ref()
            .take(64 * 1024)
            .read_line(&mut line)
            .map_err(|e| format!("unreadable text sitemap: {e}"))?;
        if n == 0 {
            return Ok(None);
        }
        let url = line.trim();
        if !url.is_empty() && !url.starts_with('#') {
            return Ok(Some(RawEntry::Page(Partial {
                loc: url.to_string(),
                ..Partial::default()
            })));
        }
    }
}

/// Which field of an entry the open elements point at.
#[derive(Clone, Copy)]
enum Field {
    Loc,
    Lastmod,
    Published,
    Title,
}

fn field_of(stack: &[Vec<u8>]) -> Option<Field> {
    let names: Vec<&[u8]> = stack.iter().map(Vec::as_slice).collect();
    match names.as_slice() {
        [_, b"url" | b"sitemap", b"loc"] => Some(Field::Loc),
        [_, b"url" | b"sitemap", b"lastmod"] => Some(Field::Lastmod),
        [_, b"url", b"news", b"publication_date"] => Some(Field::Published),
        [_, b"url", b"news", b"title"] => Some(Field::Title),
        _ => None,
    }
}

fn push_field(partial: &mut Partial, field: Field, text: &str) {
    let target = match field {
        Field::Loc => &mut partial.loc,
        Field::Lastmod => &mut partial.lastmod,
        Field::Published => &mut partial.published,
        Field::Title => &mut partial.title,
    };
    // A field far longer than any URL or title is junk: stop growing it.
    if target.len() < 16 * 1024 {
        target.push_str(text);
    }
}

fn next_xml_entry(
    reader: &mut Reader<Box<dyn BufRead + Send>>,
    buf: &mut Vec<u8>,
    stack: &mut Vec<Vec<u8>>,
    partial: &mut Partial,
    kind: &mut SitemapKind,
) -> Result<Option<RawEntry>, String> {
    loop {
        buf.clear();
        let event = reader
            .read_event_into(buf)
            .map_err(|e| format!("broken sitemap XML: {e}"))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_vec();
                if stack.is_empty() {
                    *kind = match name.as_slice() {
                        b"sitemapindex" => SitemapKind::Index,
                        b"urlset" => SitemapKind::UrlSet,
                        other => {
                            return Err(format!(
                                "not a sitemap (root element <{}>)",
                                String::from_utf8_lossy(other)
                            ))
                        }
                    };
                }
                if stack.len() == 1 {
                    *partial = Partial::default();
                }
                if stack.len() < MAX_DEPTH {
                    stack.push(name);
                } else {
                    return Err("sitemap XML nested too deep".to_string());
                }
            }
            Event::Empty(e) if stack.is_empty() => {
                // `<urlset/>`: an empty but valid sitemap.
                *kind = match e.local_name().as_ref() {
                    b"sitemapindex" => SitemapKind::Index,
                    b"urlset" => SitemapKind::UrlSet,
                    _ => return Err("not a sitemap".to_string()),
                };
            }
            Event::End(_) => {
                let closed = stack.pop();
                if stack.len() == 1 {
                    let p = std::mem::take(partial);
                    match closed.as_deref() {
                        Some(b"url") => return Ok(Some(RawEntry::Page(p))),
                        Some(b"sitemap") => return Ok(Some(RawEntry::Sitemap(p))),
                        _ => {}
                    }
                }
            }
            Event::Text(t) => {
                if let Some(field) = field_of(stack) {
                    let text = t.decode().map_err(|e| format!("sitemap text: {e}"))?;
                    push_field(partial, field, &text);
                }
            }
            Event::CData(t) => {
                if let Some(field) = field_of(stack) {
                    let text = t.decode().map_err(|e| format!("sitemap text: {e}"))?;
                    push_field(partial, field, &text);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(field) = field_of(stack) {
                    let text = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = r.decode().unwrap_or_default();
                            predefined_entity(&name).unwrap_or_default().to_string()
                        }
                    };
                    push_field(partial, field, &text);
                }
            }
            Event::Eof => {
                if *kind == SitemapKind::Unknown {
                    return Err("empty document, not a sitemap".to_string());
                }
                if !stack.is_empty() {
                    return Err("sitemap XML ends before its last element closes".to_string());
                }
                return Ok(None);
            }
            _ => {}
        }
    }
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}

/// A W3C datetime as sitemaps write it (`2024-11-16`, `2024-11-16T11:56Z`,
/// `2024-11-16T11:56:11.660+07:00`...); no zone means UTC. Junk gives `None`.
pub fn parse_w3c_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    let zoned = if let Some(stripped) = text.strip_suffix(['Z', 'z']) {
        format!("{stripped}+00:00")
    } else {
        text.to_string()
    };
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&zoned, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.and_utc());
        }
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(&format!("{text}-01-01"), "%Y-%m-%d"))
        .ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn base() -> Url {
        Url::parse("https://news.example/sitemap.xml").unwrap()
    }

    fn all(body: &[u8]) -> (Vec<SitemapEntry>, SitemapKind) {
        let mut reader = SitemapReader::new(body.to_vec(), &base());
        let mut out = Vec::new();
        while let Some(e) = reader.next_entry().unwrap() {
            out.push(e);
        }
        (out, reader.kind())
    }

    #[test]
    fn urlset_with_news_and_images() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>https://news.example/a/1?x=1&amp;y=2</loc><lastmod>2024-11-16</lastmod>
    <image:image><image:loc>https://cdn.example/1.jpg</image:loc></image:image>
    <news:news><news:publication><news:name>N</news:name></news:publication>
      <news:publication_date>2024-11-15T10:00:00+07:00</news:publication_date>
      <news:title>Tom &amp; <![CDATA[Jerry]]>  return</news:title></news:news></url>
  <url><loc> /a/2 </loc></url>
  <url><loc>ftp://news.example/x</loc></url>
</urlset>"#;
        let (entries, kind) = all(xml);
        assert_eq!(kind, SitemapKind::UrlSet);
        assert_eq!(entries.len(), 2);
        let SitemapEntry::Page {
            loc,
            lastmod,
            published,
            title,
        } = &entries[0]
        else {
            panic!("{entries:?}")
        };
        assert_eq!(loc.as_str(), "https://news.example/a/1?x=1&y=2");
        assert_eq!(lastmod.unwrap().to_rfc3339(), "2024-11-16T00:00:00+00:00");
        assert_eq!(published.unwrap().to_rfc3339(), "2024-11-15T03:00:00+00:00");
        assert_eq!(title.as_deref(), Some("Tom & Jerry return"));
        assert_eq!(entries[0].date(), *published);
        assert_eq!(entries[1].loc().as_str(), "https://news.example/a/2");
        assert_eq!(entries[1].date(), None);
    }

    #[test]
    fn index_of_sitemaps() {
        let xml = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://news.example/s/1.xml.gz</loc><lastmod>2024-11-01T08:00Z</lastmod></sitemap>
          <sitemap><loc>https://news.example/s/2.xml</loc></sitemap></sitemapindex>"#;
        let (entries, kind) = all(xml);
        assert_eq!(kind, SitemapKind::Index);
        assert_eq!(
            entries[0],
            SitemapEntry::Sitemap {
                loc: Url::parse("https://news.example/s/1.xml.gz").unwrap(),
                lastmod: parse_w3c_date("2024-11-01T08:00:00Z"),
            }
        );
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn gzip_and_text_sitemaps() {
        let xml = b"<urlset><url><loc>https://news.example/a/1</loc></url></urlset>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(xml).unwrap();
        let (entries, _) = all(&gz.finish().unwrap());
        assert_eq!(entries.len(), 1);

        let (entries, kind) =
            all(b"\xef\xbb\xbf\n# comment\nhttps://news.example/a/1\n\nhttps://news.example/a/2");
        assert_eq!(kind, SitemapKind::Text);
        assert_eq!(entries.len(), 2);
    }

    #[test]
    fn html_and_broken_documents_are_errors() {
        let mut r = SitemapReader::new(
            b"<!DOCTYPE html><html><body>x</body></html>".to_vec(),
            &base(),
        );
        assert!(r.next_entry().is_err());
        let mut r = SitemapReader::new(
            b"<urlset><url><loc>https://news.example/a/1</loc></url><url><loc>https://news"
                .to_vec(),
            &base(),
        );
        assert!(
            r.next_entry().unwrap().is_some(),
            "entries before the break are kept"
        );
        assert!(r.next_entry().is_err());
        assert!(SitemapReader::new(Vec::new(), &base())
            .next_entry()
            .is_err());
    }

    #[test]
    fn w3c_dates() {
        let utc = |s: &str| parse_w3c_date(s).map(|d| d.to_rfc3339());
        assert_eq!(utc("2024"), Some("2024-01-01T00:00:00+00:00".into()));
        assert_eq!(utc("2024-11"), Some("2024-11-01T00:00:00+00:00".into()));
        assert_eq!(
            utc("2024-11-16T11:56+07:00"),
            Some("2024-11-16T04:56:00+00:00".into())
        );
        assert_eq!(
            utc("2024-11-16T11:56:11"),
            Some("2024-11-16T11:56:11+00:00".into())
        );
        assert_eq!(
            utc("2024-11-16T11:56:11.5+0100"),
            Some("2024-11-16T10:56:11.500+00:00".into())
        );
        assert_eq!(utc("yesterday"), None);
        assert_eq!(utc(""), None);
    }
}
