//! The post: one Markdown file with YAML front-matter per article, in the
//! format of the output contract (`sample-post.md`), and its reading back.
//!
//! Rendering is hand-written rather than left to a YAML serializer so that
//! the bytes are fixed: keys in the contract's order, every string
//! double-quoted, the date unquoted in UTC with milliseconds.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;

/// Everything a post holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub code: String,
    pub origin_url: String,
    /// Lead image URL; empty when the article has none.
    pub image: String,
    pub title: String,
    pub description: String,
    pub category: String,
    pub language: String,
    pub date: DateTime<Utc>,
    pub authors: Vec<String>,
    /// The publisher's URL of the lead image when `image` is a mirrored copy.
    pub image_origin: String,
    /// The Markdown after the front-matter, starting with `# Title`.
    pub body: String,
}

impl Post {
    /// The file's bytes: front-matter, a blank line, the body, one final newline.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.body.len() + 1024);
        out.push_str("---\nlayout: post\n");
        for (key, value) in [
            ("code", &self.code),
            ("origin_url", &self.origin_url),
            ("image", &self.image),
            ("title", &self.title),
            ("description", &self.description),
            ("category", &self.category),
            ("language", &self.language),
        ] {
            out.push_str(key);
            out.push_str(": ");
            push_quoted(&mut out, value);
            out.push('\n');
        }
        out.push_str("date: ");
        out.push_str(&format_date(self.date));
        out.push('\n');
        if !self.authors.is_empty() {
            out.push_str("authors: [");
            for (i, author) in self.authors.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_quoted(&mut out, author);
            }
            out.push_str("]\n");
        }
        if !self.image_origin.is_empty() {
            out.push_str("image_origin: ");
            push_quoted(&mut out, &self.image_origin);
            out.push('\n');
        }
        out.push_str("---\n\n");
        out.push_str(self.body.trim_end());
        out.push('\n');
        out
    }
}

/// `2024-11-16T11:56:11.660Z`: UTC, milliseconds, `Z`.
pub fn format_date(date: DateTime<Utc>) -> String {
    date.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Appends `value` as a YAML double-quoted scalar that every YAML parser reads
/// back to the same string. Printable text (non-ASCII included) stays as is
/// so the files stay readable and diffs stay small.
fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // C0/C1 controls, DEL, line/paragraph separators and the BOM are
            // not allowed (or not kept) raw in a YAML scalar.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                let code = c as u32;
                if code <= 0xFF {
                    out.push_str(&format!("\\x{code:02X}"));
                } else {
                    out.push_str(&format!("\\u{code:04X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The front-matter keys newsclip needs back from an archived post.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct FrontMatter {
    pub code: String,
    pub origin_url: String,
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub language: String,
    /// Kept as text: parsers disagree on timestamp types, and the text is exact.
    pub date: serde_yaml_date::Date,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub image_origin: String,
}

impl Post {
    /// Every image the post shows: its `image`, then each Markdown image of
    /// its body, in order (an empty `image` included as is).
    pub fn image_urls(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.image.as_str()).chain(image_targets(&self.body))
    }

    /// Reads a whole post back (to rewrite it, e.g. once its images are mirrored).
    pub fn from_text(text: &str) -> Result<Post, String> {
        let (front, body) = parse(text)?;
        Ok(Post {
            code: front.code,
            origin_url: front.origin_url,
            image: front.image,
            title: front.title,
            description: front.description,
            category: front.category,
            language: front.language,
            date: front.date.0,
            authors: front.authors,
            image_origin: front.image_origin,
            body: body.trim_end().to_string(),
        })
    }
}

/// The `date` key, which YAML parsers may hand over as a string.
pub mod serde_yaml_date {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Date(pub DateTime<Utc>);

    impl<'de> Deserialize<'de> for Date {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let text = String::deserialize(d)?;
            DateTime::parse_from_rfc3339(&text)
                .map(|t| Date(t.with_timezone(&Utc)))
                .map_err(|e| serde::de::Error::custom(format!("date {text:?}: {e}")))
        }
    }
}

/// Markdown images `![alt](target)`; the alt text may hold escaped brackets.
static IMAGE_TARGET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"!\[(?:[^\]\\]|\\.)*\]\(([^)\s]+)\)").expect("valid regex")
});

/// The targets of the Markdown images in `body`, in order.
pub fn image_targets(body: &str) -> impl Iterator<Item = &str> {
    IMAGE_TARGET
        .captures_iter(body)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
}

/// Splits a post into its front-matter (parsed) and its body.
pub fn parse(text: &str) -> Result<(FrontMatter, &str), String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("does not start with a `---` front-matter line")?;
    let end = rest
        .find("\n---\n")
        .map(|i| (i, i + 5))
        .or_else(|| rest.strip_suffix("\n---").map(|r| (r.len(), rest.len())))
        .ok_or("front-matter has no closing `---` line")?;
    let yaml = &rest[..end.0];
    let front: FrontMatter = serde_saphyr::from_str(yaml)
        .map_err(|e| format!("front-matter: {}", first_line(&e.to_string())))?;
    Ok((front, rest[end.1..].trim_start_matches('\n')))
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn post(title: &str) -> Post {
        Post {
            code: "ART2411161156PY1WBC".into(),
            origin_url: "https://example.com/a".into(),
            image: "https://example.com/i.jpg".into(),
            title: title.into(),
            description: "d".into(),
            category: "WORLD".into(),
            language: "en".into(),
            date: Utc.with_ymd_and_hms(2024, 11, 16, 11, 56, 11).unwrap()
                + chrono::Duration::milliseconds(660),
            authors: vec![],
            image_origin: String::new(),
            body: format!("# {title}\n\nText."),
        }
    }

    #[test]
    fn front_matter_has_the_contract_order_and_date_form() {
        let text = post("Iran ‘told US’").render();
        let expected = "---\nlayout: post\ncode: \"ART2411161156PY1WBC\"\norigin_url: \"https://example.com/a\"\nimage: \"https://example.com/i.jpg\"\ntitle: \"Iran ‘told US’\"\ndescription: \"d\"\ncategory: \"WORLD\"\nlanguage: \"en\"\ndate: 2024-11-16T11:56:11.660Z\n---\n\n# Iran ‘told US’\n\nText.\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn nasty_strings_round_trip_through_a_yaml_parser() {
        let nasty = [
            "He said \"no\" \\ then 'yes'",
            "line one\nline two\r\n\tindented",
            "---\n# not a heading\n: colon: {braces} [brackets] &anchor *alias !tag %dir @at `tick`",
            "control \u{0} \u{7} \u{1b} \u{7f} \u{85} sep \u{2028} \u{2029} bom \u{feff}",
            "<script>alert(1)</script> | > - ? ~ null true 1e3 0x1F",
            "Ünïcödé 中文 العربية emoji 🗞️",
            "",
            " leading and trailing spaces ",
        ];
        for s in nasty {
            let mut p = post(s);
            p.description = s.into();
            p.authors = vec![s.into(), "Plain Name".into()];
            let text = p.render();
            let (front, body) = parse(&text).unwrap_or_else(|e| panic!("{s:?}: {e}\n{text}"));
            assert_eq!(front.title, s);
            assert_eq!(front.description, s);
            assert_eq!(front.authors, vec![s.to_string(), "Plain Name".to_string()]);
            assert_eq!(front.date.0, p.date);
            assert!(body.starts_with("# "));
            p.image_origin = s.into();
            assert_eq!(Post::from_text(&p.render()), Ok(p.clone()), "{s:?}");
        }
    }

    #[test]
    fn parse_rejects_files_without_front_matter() {
        assert!(parse("# just markdown\n").is_err());
        assert!(parse("---\ncode: \"X\"\n").is_err());
        assert!(parse("---\ntitle: \"no code\"\ndate: 2024-01-01T00:00:00.000Z\n---\n").is_err());
    }
}
