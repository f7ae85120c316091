//! Composition: an extracted article, plus what its feed says, becomes a
//! [`Post`] with its canonical URL, code and path decided.

use chrono::{DateTime, Datelike, Utc};
use url::Url;

use crate::config::FeedConfig;
use crate::error::{Error, Result};
use crate::extract::Article;
use crate::identity::{article_code, canonical_url};
use crate::store::post::Post;

/// What the feed said about an article, used where the page is silent.
#[derive(Debug, Clone, Default)]
pub struct FeedHints {
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
}

/// The canonical URL of an article extracted from a page fetched at `final_url`.
pub fn article_canonical(article: &Article, final_url: &Url) -> Url {
    canonical_url(final_url, article.canonical_url.as_deref())
}

/// Builds the post of `article`. `now` dates articles that neither the page
/// nor the feed dates; it is passed in so the caller owns the clock.
pub fn compose_post(
    article: &Article,
    canonical: &Url,
    feed: &FeedConfig,
    hints: &FeedHints,
    now: DateTime<Utc>,
) -> Result<Post> {
    let unarchivable = |reason: &str| Error::Unarchivable {
        url: canonical.to_string(),
        reason: reason.to_string(),
    };
    let title = article
        .title
        .as_deref()
        .or(hints.title.as_deref())
        .map(one_line)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| unarchivable("no title found in the page or its feed entry"))?;
    if article.body_markdown.trim().is_empty() {
        return Err(unarchivable("no article text found in the page"));
    }
    let date = article
        .published
        .map(|d| d.with_timezone(&Utc))
        .or(hints.published)
        .unwrap_or(now);
    let mut body = format!("# {}\n\n", escape_heading(&title));
    if let Some(lead) = &article.lead {
        body.push_str(&lead.to_markdown());
        body.push_str("\n\n");
    }
    body.push_str(article.body_markdown.trim());
    Ok(Post {
        code: article_code(&feed.prefix, date, canonical.as_str()),
        origin_url: canonical.to_string(),
        image: article.lead.as_ref().map(|f| f.url.clone()).unwrap_or_default(),
        title,
        description: article.description.as_deref().map(one_line).unwrap_or_default(),
        category: feed.category.clone(),
        language: feed
            .language
            .clone()
            .or_else(|| article.language.clone())
            .unwrap_or_default(),
        date,
        authors: article.authors.iter().map(|a| one_line(a)).collect(),
        body,
    })
}

/// Where a post lives under the archive root: `<posts_dir>/YYYY/MM/YYYY-MM-DD-<code>.md`,
/// Jekyll's post naming, dated by the code's (UTC) publication day.
pub fn post_path(posts_dir: &str, post: &Post) -> String {
    let d = post.date;
    format!(
        "{posts_dir}/{:04}/{:02}/{:04}-{:02}-{:02}-{}.md",
        d.year(),
        d.month(),
        d.year(),
        d.month(),
        d.day(),
        post.code
    )
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes what would make the title render as something else than its text
/// (emphasis, code, links, raw HTML, a closing `#` run).
fn escape_heading(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.ends_with('#') {
        out.insert(out.len() - 1, '\\');
    }
    out
}
