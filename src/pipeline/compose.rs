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
    let date = [
        article.published.map(|d| d.with_timezone(&Utc)),
        hints.published,
    ]
    .into_iter()
    .flatten()
    .find(|d| is_plausible_date(*d, now))
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
        image: article
            .lead
            .as_ref()
            .map(|f| f.url.clone())
            .unwrap_or_default(),
        title,
        description: article
            .description
            .as_deref()
            .map(one_line)
            .unwrap_or_default(),
        category: feed.category.clone(),
        language: feed
            .language
            .clone()
            .or_else(|| article.language.clone())
            .unwrap_or_default(),
        date,
        authors: article.authors.iter().map(|a| one_line(a)).collect(),
        image_origin: String::new(),
        body,
    })
}

/// Whether `date` can be a publication time seen at `now`: not before the web
/// had news sites, and not more than two days ahead (zone mistakes happen,
/// time travel does not). Implausible dates would give absurd codes and paths.
fn is_plausible_date(date: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    let earliest = DateTime::<Utc>::from_timestamp(788_918_400, 0).unwrap_or_default(); // 1995-01-01
    date >= earliest && date <= now + chrono::Duration::days(2)
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
/// (emphasis, code, links, raw HTML, entities, a closing `#` run): the body's
/// text escaping, plus the heading's own trailing `#`.
fn escape_heading(title: &str) -> String {
    let mut out = crate::extract::escape_markdown_text(title, false);
    if out.ends_with('#') {
        out.insert(out.len() - 1, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Figure;
    use chrono::TimeZone;

    fn article(published: &str) -> Article {
        Article {
            title: Some("  A  title\nover lines ".into()),
            published: chrono::DateTime::parse_from_rfc3339(published).ok(),
            lead: Some(Figure {
                url: "https://example.com/i.jpg".into(),
                caption: None,
                credit: None,
            }),
            body_markdown: "Text.".into(),
            ..Article::default()
        }
    }

    fn compose(article: &Article, hints: &FeedHints) -> Result<Post> {
        let url = Url::parse("https://example.com/a").unwrap();
        let feed = FeedConfig::adhoc(url.clone());
        let now = Utc.with_ymd_and_hms(2024, 12, 1, 0, 0, 0).unwrap();
        compose_post(article, &url, &feed, hints, now)
    }

    #[test]
    fn implausible_page_dates_give_way_to_the_feed_date() {
        let hints = FeedHints {
            title: None,
            published: Some(Utc.with_ymd_and_hms(2024, 11, 16, 8, 30, 0).unwrap()),
        };
        for bad in [
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "2099-01-01T00:00:00Z",
        ] {
            let post = compose(&article(bad), &hints).unwrap();
            assert_eq!(post.date, hints.published.unwrap(), "{bad}");
        }
        let post = compose(&article("2024-11-16T18:56:11+07:00"), &hints).unwrap();
        assert_eq!(
            post.date,
            Utc.with_ymd_and_hms(2024, 11, 16, 11, 56, 11).unwrap()
        );
        assert_eq!(
            post_path("_posts", &post),
            format!("_posts/2024/11/2024-11-16-{}.md", post.code)
        );
    }

    #[test]
    fn title_is_one_line_and_escaped_in_the_heading() {
        let post = compose(&article("2024-11-16T00:00:00Z"), &FeedHints::default()).unwrap();
        assert_eq!(post.title, "A title over lines");
        let mut a = article("2024-11-16T00:00:00Z");
        a.title = Some("<script>*C#* [x]_y_ #".into());
        let post = compose(&a, &FeedHints::default()).unwrap();
        assert!(post.body.starts_with("# \\<script>\\*C#\\* \\[x\\]\\_y\\_ \\#\n\n![](https://example.com/i.jpg)\n\nText."), "{}", post.body);
        // A literal entity in a title stays text (a renderer would decode it).
        a.title = Some("AT&amp;T & Co".into());
        let post = compose(&a, &FeedHints::default()).unwrap();
        assert!(
            post.body.starts_with("# AT\\&amp;T & Co\n"),
            "{}",
            post.body
        );
    }

    #[test]
    fn no_title_or_no_text_is_unarchivable() {
        let mut a = article("2024-11-16T00:00:00Z");
        a.title = None;
        let err = compose(&a, &FeedHints::default()).unwrap_err();
        assert!(err.to_string().contains("no title"), "{err}");
        let hints = FeedHints {
            title: Some("From the feed".into()),
            published: None,
        };
        assert_eq!(compose(&a, &hints).unwrap().title, "From the feed");
        a.body_markdown = " \n".into();
        assert!(compose(&a, &hints)
            .unwrap_err()
            .to_string()
            .contains("no article text"));
    }
}
