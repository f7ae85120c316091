//! Configuration: the YAML file is parsed (unknown keys rejected), then
//! validated, and every error names the file, line, column and key at fault.
//!
//! Parsing keeps each value's position ([`Spanned`]) only long enough to
//! report a bad value; the rest of the program sees the plain [`Config`].

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use serde_saphyr::Spanned;
use url::Url;

use crate::error::{Error, Result};

pub const DEFAULT_USER_AGENT: &str = concat!(
    "newsclip/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/newsclip/newsclip)"
);
pub const DEFAULT_RATE_PER_HOST: f64 = 1.0;
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_CONNECT_TIMEOUT_S: f64 = 10.0;
pub const DEFAULT_READ_TIMEOUT_S: f64 = 30.0;
pub const DEFAULT_TOTAL_TIMEOUT_S: f64 = 60.0;
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 10 * 1024 * 1024;
pub const DEFAULT_CODE_PREFIX: &str = "ART";
pub const DEFAULT_POSTS_DIR: &str = "_posts";

/// The validated configuration of a run.
#[derive(Debug, Clone)]
pub struct Config {
    /// Output root; relative paths are relative to the working directory.
    pub archive: PathBuf,
    /// Directory under `archive` that holds the posts (Jekyll's `_posts`).
    pub posts_dir: String,
    pub http: HttpSettings,
    /// Articles fetched at once over all hosts (politeness per host still applies).
    pub concurrency: usize,
    pub feeds: Vec<FeedConfig>,
}

/// What the HTTP client needs to know.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub user_agent: String,
    /// Requests per second per host, evenly spaced.
    pub rate_per_host: f64,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub total_timeout: Duration,
    /// Cap on a response body after decompression.
    pub max_page_bytes: u64,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            rate_per_host: DEFAULT_RATE_PER_HOST,
            connect_timeout: Duration::from_secs_f64(DEFAULT_CONNECT_TIMEOUT_S),
            read_timeout: Duration::from_secs_f64(DEFAULT_READ_TIMEOUT_S),
            total_timeout: Duration::from_secs_f64(DEFAULT_TOTAL_TIMEOUT_S),
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
        }
    }
}

/// One feed and what its posts inherit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedConfig {
    pub name: String,
    pub url: Url,
    /// Written verbatim into each post's `category`.
    pub category: String,
    /// Forced post language; `None` means detected from the page.
    pub language: Option<String>,
    /// First letters of each post's code.
    pub prefix: String,
}

impl FeedConfig {
    /// The settings used for articles that come from no configured feed (`newsclip fetch`).
    pub fn adhoc(url: Url) -> Self {
        FeedConfig {
            name: String::new(),
            url,
            category: String::new(),
            language: None,
            prefix: DEFAULT_CODE_PREFIX.to_string(),
        }
    }
}

impl Config {
    /// Reads and validates the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::parse(&text, path)
    }

    /// Parses and validates `text`; `file` is only used in error messages.
    pub fn parse(text: &str, file: &Path) -> Result<Config> {
        let raw: RawConfig = serde_saphyr::from_str(text).map_err(|e| syntax_error(file, &e))?;
        raw.validate(file)
    }

    /// The state database of this archive.
    pub fn state_path(&self) -> PathBuf {
        self.archive.join(".newsclip").join("state.db")
    }

    pub fn feed(&self, name: &str) -> Option<&FeedConfig> {
        self.feeds.iter().find(|f| f.name == name)
    }
}

fn syntax_error(file: &Path, e: &serde_saphyr::Error) -> Error {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    // The library's own rendering repeats the position and quotes the source;
    // keep its first line, which carries the message.
    let rendered = e.to_string();
    let first = rendered.lines().next().unwrap_or("invalid YAML");
    let message = strip_position_prefix(first).to_string();
    Error::Config {
        file: file.to_path_buf(),
        line,
        column,
        message,
    }
}

/// Drops the `error: line L column C: ` the library puts before its message,
/// since our own prefix already gives the position.
fn strip_position_prefix(message: &str) -> &str {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    match message
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
    {
        Some((position, rest)) if position.contains("column") => rest,
        _ => message,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    archive: Option<Spanned<String>>,
    posts_dir: Option<Spanned<String>>,
    user_agent: Option<Spanned<String>>,
    rate_per_host: Option<Spanned<f64>>,
    concurrency: Option<Spanned<usize>>,
    timeouts: Option<RawTimeouts>,
    max_page_bytes: Option<Spanned<u64>>,
    feeds: Spanned<Vec<RawFeed>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeouts {
    connect: Option<Spanned<f64>>,
    read: Option<Spanned<f64>>,
    total: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    name: Spanned<String>,
    url: Spanned<String>,
    category: Spanned<String>,
    language: Option<Spanned<String>>,
    prefix: Option<Spanned<String>>,
}

/// Builds the error for an invalid value at the position of `at`.
fn invalid<T>(file: &Path, at: &Spanned<T>, key: &str, why: &str) -> Error {
    Error::Config {
        file: file.to_path_buf(),
        line: at.referenced.line() as usize,
        column: at.referenced.column() as usize,
        message: format!("`{key}`: {why}"),
    }
}

impl RawConfig {
    fn validate(self, file: &Path) -> Result<Config> {
        let mut http = HttpSettings::default();
        if let Some(ua) = &self.user_agent {
            if ua.value.trim().is_empty() || ua.value.contains(['\r', '\n']) {
                return Err(invalid(
                    file,
                    ua,
                    "user_agent",
                    "must be one non-empty line",
                ));
            }
            http.user_agent = ua.value.clone();
        }
        if let Some(rate) = &self.rate_per_host {
            http.rate_per_host = positive(file, rate, "rate_per_host")?;
        }
        if let Some(t) = &self.timeouts {
            let seconds = |v: &Option<Spanned<f64>>, key: &str, default: Duration| match v {
                Some(s) => positive(file, s, key).map(Duration::from_secs_f64),
                None => Ok(default),
            };
            http.connect_timeout = seconds(&t.connect, "timeouts.connect", http.connect_timeout)?;
            http.read_timeout = seconds(&t.read, "timeouts.read", http.read_timeout)?;
            http.total_timeout = seconds(&t.total, "timeouts.total", http.total_timeout)?;
        }
        if let Some(max) = &self.max_page_bytes {
            if max.value == 0 {
                return Err(invalid(file, max, "max_page_bytes", "must be at least 1"));
            }
            http.max_page_bytes = max.value;
        }
        let concurrency = match &self.concurrency {
            Some(c) if c.value == 0 || c.value > 256 => {
                return Err(invalid(file, c, "concurrency", "must be between 1 and 256"))
            }
            Some(c) => c.value,
            None => DEFAULT_CONCURRENCY,
        };
        let posts_dir = match &self.posts_dir {
            Some(p) if !is_plain_relative_dir(&p.value) => {
                return Err(invalid(
                    file,
                    p,
                    "posts_dir",
                    "must be a relative directory inside the archive, without `..`",
                ))
            }
            Some(p) => p.value.clone(),
            None => DEFAULT_POSTS_DIR.to_string(),
        };
        let archive = match &self.archive {
            Some(a) if a.value.trim().is_empty() => {
                return Err(invalid(file, a, "archive", "must not be empty"))
            }
            Some(a) => PathBuf::from(&a.value),
            None => PathBuf::from("archive"),
        };
        let feeds = validate_feeds(file, &self.feeds)?;
        Ok(Config {
            archive,
            posts_dir,
            http,
            concurrency,
            feeds,
        })
    }
}

fn positive(file: &Path, v: &Spanned<f64>, key: &str) -> Result<f64> {
    if v.value.is_finite() && v.value > 0.0 {
        Ok(v.value)
    } else {
        Err(invalid(file, v, key, "must be a number greater than 0"))
    }
}

fn is_plain_relative_dir(dir: &str) -> bool {
    let path = Path::new(dir);
    !dir.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

fn validate_feeds(file: &Path, feeds: &Spanned<Vec<RawFeed>>) -> Result<Vec<FeedConfig>> {
    if feeds.value.is_empty() {
        return Err(invalid(file, feeds, "feeds", "lists no feed"));
    }
    let mut names = HashSet::new();
    feeds
        .value
        .iter()
        .enumerate()
        .map(|(i, feed)| {
            let key = |k: &str| format!("feeds[{i}].{k}");
            let name = feed.name.value.trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                return Err(invalid(
                    file,
                    &feed.name,
                    &key("name"),
                    "must be non-empty and use only letters, digits, `-`, `_` and `.`",
                ));
            }
            if !names.insert(name.to_string()) {
                return Err(invalid(
                    file,
                    &feed.name,
                    &key("name"),
                    "is used by another feed",
                ));
            }
            let url = parse_http_url(&feed.url.value)
                .map_err(|why| invalid(file, &feed.url, &key("url"), &why))?;
            if feed.category.value.contains(['\r', '\n']) {
                return Err(invalid(
                    file,
                    &feed.category,
                    &key("category"),
                    "must be one line",
                ));
            }
            let language = match &feed.language {
                Some(l) if !is_language_tag(&l.value) => {
                    return Err(invalid(
                        file,
                        l,
                        &key("language"),
                        "must be a language code such as `en` or `pt-BR`",
                    ))
                }
                Some(l) => Some(l.value.to_ascii_lowercase()),
                None => None,
            };
            let prefix = match &feed.prefix {
                Some(p) if !is_code_prefix(&p.value) => {
                    return Err(invalid(
                        file,
                        p,
                        &key("prefix"),
                        "must be 1 to 8 capital letters or digits",
                    ))
                }
                Some(p) => p.value.clone(),
                None => DEFAULT_CODE_PREFIX.to_string(),
            };
            Ok(FeedConfig {
                name: name.to_string(),
                url,
                category: feed.category.value.clone(),
                language,
                prefix,
            })
        })
        .collect()
}

/// Parses an absolute http(s) URL, or says why it is not one.
pub fn parse_http_url(text: &str) -> std::result::Result<Url, String> {
    let url = Url::parse(text.trim()).map_err(|e| format!("not a valid URL ({e})"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(url),
        "http" | "https" => Err("has no host".to_string()),
        other => Err(format!("scheme `{other}` is not http or https")),
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn is_code_prefix(prefix: &str) -> bool {
    (1..=8).contains(&prefix.len())
        && prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}
