//! Extraction: turns one article page (HTML text + its URL) into an [`Article`].
//!
//! Pure and offline: no network, no clock, no randomness, so the same page
//! always yields the same article (the archive's determinism starts here).
//! Submodules own one concern each: metadata (JSON-LD, Open Graph, meta tags),
//! dates, the main-content choice, figures, Markdown rendering, language.

pub mod batch;
mod content;
mod credit;
pub mod date;
mod dom;
pub mod figures;
pub mod language;
pub mod markdown;
pub mod metadata;
mod prescan;
mod select;
mod table;

use chrono::{DateTime, FixedOffset};
use url::Url;

pub use markdown::escape_markdown_text;

/// An image of the article, with the caption and credit the page gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Absolute URL of the best candidate (widest srcset entry within the limit, lazy `data-src`, ...).
    pub url: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// Everything newsclip keeps of an article page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    /// The visible headline, cleaned of site-name suffixes.
    pub title: Option<String>,
    pub description: Option<String>,
    /// `<link rel=canonical>` or og:url, made absolute; identity decides whether to trust it.
    pub canonical_url: Option<String>,
    /// Publication instant with the zone the page gave (published preferred over modified).
    pub published: Option<DateTime<FixedOffset>>,
    /// Primary language subtag, lowercase (`en`, `pt`, `zh`).
    pub language: Option<String>,
    pub authors: Vec<String>,
    /// The lead figure: the article's top image with its caption, else the
    /// share image (unless the page never shows it and has figures of its own).
    pub lead: Option<Figure>,
    /// In-body figures in document order, the lead figure excluded.
    pub figures: Vec<Figure>,
    /// The article body as Markdown (paragraphs, headings, links, emphasis,
    /// lists, quotes, in-body figures); no title and no lead figure.
    pub body_markdown: String,
    /// The article body as plain text, paragraphs separated by blank lines.
    pub text: String,
}

/// Widest image kept from a srcset unless configured otherwise: sharp on a
/// high-density screen at a typical article width, without the 4000 px originals.
pub const DEFAULT_MAX_IMAGE_WIDTH: u32 = 2048;

/// How extraction chooses among what the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The widest srcset candidate taken (`w` descriptors); see [`figures::best_srcset`].
    pub max_image_width: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_image_width: DEFAULT_MAX_IMAGE_WIDTH,
        }
    }
}

/// Extracts the article from `html`, fetched from (or claimed to be at) `page_url`,
/// with the default [`Options`].
pub fn extract(html: &str, page_url: &Url) -> Article {
    extract_with(html, page_url, &Options::default())
}

/// Extracts the article from `html` as [`extract`] does, choosing by `options`.
pub fn extract_with(html: &str, page_url: &Url, options: &Options) -> Article {
    let article = select::extract_article(html, page_url, options);
    if article.text.is_empty() && article.title.is_none() {
        tracing::warn!(url = %page_url, bytes = html.len(), "no article found on the page (empty result)");
    }
    article
}
