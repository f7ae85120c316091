//! Configuration: the YAML file is parsed (unknown keys rejected), then
//! validated, and every error names the file, line, column and key at fault.
//!
//! Parsing keeps each value's position ([`Spanned`]) only long enough to
//! report a bad value; the rest of the program sees the plain [`Config`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;
use url::Url;

use crate::error::{Error, Result};
use crate::schedule::{parse_duration, Adaptive, Schedule, Trigger};

pub const PRODUCT: &str = "newsclip";
pub const DEFAULT_CONTACT: &str = "https://github.com/newsclip/newsclip";
pub const DEFAULT_RATE_PER_HOST: f64 = 1.0;
pub const DEFAULT_MAX_CONNECTIONS_PER_HOST: usize = 2;
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_MAX_PAGE_BYTES: u64 = 10 * 1024 * 1024;
pub const DEFAULT_CODE_PREFIX: &str = "ART";
pub const DEFAULT_POSTS_DIR: &str = "_posts";
pub const DEFAULT_EVERY: Duration = Duration::from_secs(15 * 60);
pub const DEFAULT_JITTER: Duration = Duration::from_secs(60);
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(6 * 3600);
pub const DEFAULT_FEED_CONCURRENCY: usize = 4;
pub const DEFAULT_ATTEMPTS: u32 = 4;
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_secs(1);
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(120);
pub const DEFAULT_ARTICLE_RUNS: u32 = 5;
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
pub const DEFAULT_IMAGE_BASE_URL: &str = "/assets/img";
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;

/// The user agent newsclip sends when the configuration names none.
pub fn default_user_agent(contact: &str) -> String {
    format!("{PRODUCT}/{} (+{contact})", env!("CARGO_PKG_VERSION"))
}

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
    /// Feeds polled at once.
    pub feed_concurrency: usize,
    /// How long in-flight work may go on after SIGTERM/SIGINT.
    pub shutdown_grace: Duration,
    pub images: ImageSettings,
    pub feeds: Vec<FeedConfig>,
}

/// Whether posts show mirrored copies of their images or the publisher's URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageMode {
    Mirror,
    Remote,
}

/// The image mirror.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    pub mode: ImageMode,
    /// Prefix of mirrored image URLs in posts: a site-root path or a CDN URL.
    pub base_url: String,
    /// Largest image kept.
    pub max_bytes: u64,
    /// Widest srcset candidate chosen for a figure.
    pub max_width: u32,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            mode: ImageMode::Mirror,
            base_url: DEFAULT_IMAGE_BASE_URL.to_string(),
            max_bytes: DEFAULT_MAX_IMAGE_BYTES,
            max_width: crate::extract::DEFAULT_MAX_IMAGE_WIDTH,
        }
    }
}

/// What the HTTP client needs to know.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    pub user_agent: String,
    /// The token robots.txt groups are matched against.
    pub robots_agent: String,
    /// Requests per second per host, evenly spaced.
    pub rate_per_host: f64,
    pub max_connections_per_host: usize,
    /// Per-host overrides, keyed by lowercase host name.
    pub hosts: HashMap<String, HostSettings>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    pub total_timeout: Duration,
    /// Cap on a response body after decompression.
    pub max_page_bytes: u64,
    pub retries: RetrySettings,
    /// Lets any request reach loopback, private and link-local addresses.
    pub allow_private_addresses: bool,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            user_agent: default_user_agent(DEFAULT_CONTACT),
            robots_agent: PRODUCT.to_string(),
            rate_per_host: DEFAULT_RATE_PER_HOST,
            max_connections_per_host: DEFAULT_MAX_CONNECTIONS_PER_HOST,
            hosts: HashMap::new(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            retries: RetrySettings::default(),
            allow_private_addresses: false,
        }
    }
}

impl HttpSettings {
    /// The request rate and connection cap for `host`.
    pub fn host(&self, host: &str) -> (f64, usize) {
        let own = self.hosts.get(&host.to_ascii_lowercase());
        (
            own.and_then(|h| h.rate).unwrap_or(self.rate_per_host),
            own.and_then(|h| h.max_connections)
                .unwrap_or(self.max_connections_per_host),
        )
    }
}

/// Politeness overrides for one host.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HostSettings {
    pub rate: Option<f64>,
    pub max_connections: Option<usize>,
}

/// How transient failures are retried.
#[derive(Debug, Clone, PartialEq)]
pub struct RetrySettings {
    /// Tries of one request within a run (timeouts, resets, 5xx, 429).
    pub attempts: u32,
    /// First wait between tries; doubled each time, with jitter.
    pub base_delay: Duration,
    /// Longest wait inside a run (Retry-After included); a longer one ends the
    /// run's tries and leaves the article pending.
    pub max_delay: Duration,
    /// Runs in which a failing article is tried before it is given up.
    pub article_runs: u32,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            attempts: DEFAULT_ATTEMPTS,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            article_runs: DEFAULT_ARTICLE_RUNS,
        }
    }
}

/// One feed and what its posts inherit.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    pub name: String,
    pub url: Url,
    /// Written verbatim into each post's `category`.
    pub category: String,
    /// Forced post language; `None` means detected from the page.
    pub language: Option<String>,
    /// First letters of each post's code.
    pub prefix: String,
    /// When the feed is polled by `run` (and considered due by `crawl`).
    pub schedule: Schedule,
    /// Sitemaps (or sitemap indexes) `backfill --sitemap` reads by default.
    pub sitemaps: Vec<Url>,
    /// A backfill keeps only article URLs matching one of these (all if none).
    pub include: Vec<regex::Regex>,
    /// A backfill drops article URLs matching any of these.
    pub exclude: Vec<regex::Regex>,
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
            schedule: default_schedule(),
            sitemaps: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }
}

fn default_schedule() -> Schedule {
    Schedule {
        trigger: Trigger::Every(DEFAULT_EVERY),
        jitter: DEFAULT_JITTER,
        adaptive: None,
        max_backoff: DEFAULT_MAX_BACKOFF,
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
        Validator { file }.config(raw)
    }

    /// The directory of newsclip's own files inside the archive (state, lock).
    pub fn state_dir(&self) -> PathBuf {
        self.archive.join(".newsclip")
    }

    /// The state database of this archive.
    pub fn state_path(&self) -> PathBuf {
        self.state_dir().join("state.db")
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

/// A duration as written: `30s`, `15m`, `2h`, `1h30m`, or a number of seconds.
struct DurationText(String);

impl<'de> Deserialize<'de> for DurationText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DurationText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a duration such as 30s, 15m, 2h or a number of seconds")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<DurationText, E> {
                Ok(DurationText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<DurationText, E> {
                Ok(DurationText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<DurationText, E> {
                Ok(DurationText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<DurationText, E> {
                Ok(DurationText(format!("{}ms", (v * 1000.0).round() as i64)))
            }
        }
        d.deserialize_any(V)
    }
}

type SpannedDuration = Spanned<DurationText>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    archive: Option<Spanned<String>>,
    posts_dir: Option<Spanned<String>>,
    user_agent: Option<Spanned<String>>,
    contact: Option<Spanned<String>>,
    rate_per_host: Option<Spanned<f64>>,
    max_connections_per_host: Option<Spanned<u32>>,
    hosts: Option<BTreeMap<String, Spanned<RawHost>>>,
    concurrency: Option<Spanned<u32>>,
    timeouts: Option<RawTimeouts>,
    max_page_bytes: Option<Spanned<u64>>,
    allow_private_addresses: Option<bool>,
    retries: Option<RawRetries>,
    schedule: Option<RawSchedule>,
    shutdown_grace: Option<SpannedDuration>,
    images: Option<Spanned<String>>,
    image_base_url: Option<Spanned<String>>,
    max_image_bytes: Option<Spanned<u64>>,
    max_image_width: Option<Spanned<u32>>,
    feeds: Spanned<Vec<RawFeed>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHost {
    rate: Option<Spanned<f64>>,
    max_connections: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeouts {
    connect: Option<SpannedDuration>,
    read: Option<SpannedDuration>,
    total: Option<SpannedDuration>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetries {
    attempts: Option<Spanned<u32>>,
    base_delay: Option<SpannedDuration>,
    max_delay: Option<SpannedDuration>,
    article_runs: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    every: Option<SpannedDuration>,
    jitter: Option<SpannedDuration>,
    adaptive: Option<RawAdaptive>,
    max_backoff: Option<SpannedDuration>,
    max_concurrent_feeds: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdaptive {
    min: SpannedDuration,
    max: SpannedDuration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeed {
    name: Spanned<String>,
    url: Spanned<String>,
    category: Spanned<String>,
    language: Option<Spanned<String>>,
    prefix: Option<Spanned<String>>,
    every: Option<SpannedDuration>,
    cron: Option<Spanned<String>>,
    sitemaps: Option<Vec<Spanned<String>>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
}

/// Turns the raw, positioned values into a [`Config`], or an error at the
/// position of the first bad value.
struct Validator<'a> {
    file: &'a Path,
}

impl Validator<'_> {
    /// The error for an invalid value at the position of `at`.
    fn invalid<T>(&self, at: &Spanned<T>, key: &str, why: &str) -> Error {
        Error::Config {
            file: self.file.to_path_buf(),
            line: at.referenced.line() as usize,
            column: at.referenced.column() as usize,
            message: format!("`{key}`: {why}"),
        }
    }

    fn config(&self, raw: RawConfig) -> Result<Config> {
        let http = self.http(&raw)?;
        let concurrency =
            self.count(raw.concurrency.as_ref(), "concurrency", DEFAULT_CONCURRENCY)?;
        let (default_schedule, feed_concurrency) = self.schedule(raw.schedule.as_ref())?;
        let shutdown_grace = self.duration_or(
            raw.shutdown_grace.as_ref(),
            "shutdown_grace",
            DEFAULT_SHUTDOWN_GRACE,
        )?;
        let posts_dir = match &raw.posts_dir {
            Some(p) if !is_plain_relative_dir(&p.value) => {
                return Err(self.invalid(
                    p,
                    "posts_dir",
                    "must be a relative directory inside the archive, without `..`",
                ))
            }
            Some(p) => p.value.clone(),
            None => DEFAULT_POSTS_DIR.to_string(),
        };
        let archive = match &raw.archive {
            Some(a) if a.value.trim().is_empty() => {
                return Err(self.invalid(a, "archive", "must not be empty"))
            }
            Some(a) => PathBuf::from(&a.value),
            None => PathBuf::from("archive"),
        };
        let images = self.images(&raw)?;
        let feeds = self.feeds(&raw.feeds, &default_schedule)?;
        Ok(Config {
            images,
            archive,
            posts_dir,
            http,
            concurrency,
            feed_concurrency,
            shutdown_grace,
            feeds,
        })
    }

    fn http(&self, raw: &RawConfig) -> Result<HttpSettings> {
        let mut http = HttpSettings::default();
        let one_line = |s: &Spanned<String>, key: &str| {
            if s.value.trim().is_empty() || s.value.contains(['\r', '\n']) {
                Err(self.invalid(s, key, "must be one non-empty line"))
            } else {
                Ok(s.value.trim().to_string())
            }
        };
        if let Some(contact) = &raw.contact {
            http.user_agent = default_user_agent(&one_line(contact, "contact")?);
        }
        if let Some(ua) = &raw.user_agent {
            http.user_agent = one_line(ua, "user_agent")?;
            http.robots_agent = robots_token(&http.user_agent);
        }
        if let Some(rate) = &raw.rate_per_host {
            http.rate_per_host = self.positive(rate, "rate_per_host")?;
        }
        http.max_connections_per_host = self.count(
            raw.max_connections_per_host.as_ref(),
            "max_connections_per_host",
            DEFAULT_MAX_CONNECTIONS_PER_HOST,
        )?;
        for (name, host) in raw.hosts.iter().flatten() {
            let key = |k: &str| format!("hosts.{name}.{k}");
            let settings = HostSettings {
                rate: match &host.value.rate {
                    Some(r) => Some(self.positive(r, &key("rate"))?),
                    None => None,
                },
                max_connections: match &host.value.max_connections {
                    Some(c) => Some(self.count(Some(c), &key("max_connections"), 0)?),
                    None => None,
                },
            };
            http.hosts.insert(name.to_ascii_lowercase(), settings);
        }
        if let Some(t) = &raw.timeouts {
            http.connect_timeout =
                self.duration_or(t.connect.as_ref(), "timeouts.connect", http.connect_timeout)?;
            http.read_timeout =
                self.duration_or(t.read.as_ref(), "timeouts.read", http.read_timeout)?;
            http.total_timeout =
                self.duration_or(t.total.as_ref(), "timeouts.total", http.total_timeout)?;
        }
        if let Some(max) = &raw.max_page_bytes {
            if max.value == 0 {
                return Err(self.invalid(max, "max_page_bytes", "must be at least 1"));
            }
            http.max_page_bytes = max.value;
        }
        http.allow_private_addresses = raw.allow_private_addresses.unwrap_or(false);
        if let Some(r) = &raw.retries {
            let retries = &mut http.retries;
            retries.attempts = self.count(
                r.attempts.as_ref(),
                "retries.attempts",
                retries.attempts as usize,
            )? as u32;
            retries.base_delay = self.duration_or(
                r.base_delay.as_ref(),
                "retries.base_delay",
                retries.base_delay,
            )?;
            retries.max_delay =
                self.duration_or(r.max_delay.as_ref(), "retries.max_delay", retries.max_delay)?;
            retries.article_runs = self.count(
                r.article_runs.as_ref(),
                "retries.article_runs",
                retries.article_runs as usize,
            )? as u32;
        }
        Ok(http)
    }

    fn images(&self, raw: &RawConfig) -> Result<ImageSettings> {
        let mut images = ImageSettings::default();
        if let Some(mode) = &raw.images {
            images.mode = match mode.value.as_str() {
                "mirror" => ImageMode::Mirror,
                "remote" => ImageMode::Remote,
                _ => return Err(self.invalid(mode, "images", "must be `mirror` or `remote`")),
            };
        }
        if let Some(base) = &raw.image_base_url {
            let value = base.value.trim_end_matches('/');
            let usable = (value.starts_with('/') || parse_http_url(value).is_ok())
                && !value.contains(|c: char| c.is_whitespace() || "\"'()<>\\".contains(c));
            if !usable {
                return Err(self.invalid(
                    base,
                    "image_base_url",
                    "must be a site-root path like `/assets/img` or an http(s) URL, without spaces, quotes or parentheses",
                ));
            }
            images.base_url = value.to_string();
        }
        if let Some(max) = &raw.max_image_bytes {
            if max.value == 0 {
                return Err(self.invalid(max, "max_image_bytes", "must be at least 1"));
            }
            images.max_bytes = max.value;
        }
        if let Some(width) = &raw.max_image_width {
            if width.value < 16 {
                return Err(self.invalid(width, "max_image_width", "must be at least 16 (pixels)"));
            }
            images.max_width = width.value;
        }
        Ok(images)
    }

    /// The default schedule of feeds, and how many feeds are polled at once.
    fn schedule(&self, raw: Option<&RawSchedule>) -> Result<(Schedule, usize)> {
        let mut schedule = default_schedule();
        let Some(raw) = raw else {
            return Ok((schedule, DEFAULT_FEED_CONCURRENCY));
        };
        if let Some(every) = &raw.every {
            schedule.trigger = Trigger::Every(self.duration(every, "schedule.every")?);
        }
        if let Some(jitter) = &raw.jitter {
            // Zero is a valid jitter: feeds then fire exactly on time.
            schedule.jitter = parse_duration(&jitter.value.0)
                .map_err(|why| self.invalid(jitter, "schedule.jitter", &why))?;
        }
        schedule.max_backoff = self.duration_or(
            raw.max_backoff.as_ref(),
            "schedule.max_backoff",
            schedule.max_backoff,
        )?;
        if let Some(a) = &raw.adaptive {
            let min = self.duration(&a.min, "schedule.adaptive.min")?;
            let max = self.duration(&a.max, "schedule.adaptive.max")?;
            if max < min {
                return Err(self.invalid(
                    &a.max,
                    "schedule.adaptive.max",
                    "must not be below `min`",
                ));
            }
            schedule.adaptive = Some(Adaptive { min, max });
        }
        let feeds = self.count(
            raw.max_concurrent_feeds.as_ref(),
            "schedule.max_concurrent_feeds",
            DEFAULT_FEED_CONCURRENCY,
        )?;
        Ok((schedule, feeds))
    }

    fn feeds(&self, feeds: &Spanned<Vec<RawFeed>>, schedule: &Schedule) -> Result<Vec<FeedConfig>> {
        if feeds.value.is_empty() {
            return Err(self.invalid(feeds, "feeds", "lists no feed"));
        }
        let mut names = HashSet::new();
        feeds
            .value
            .iter()
            .enumerate()
            .map(|(i, feed)| {
                let feed = self.feed(i, feed, schedule)?;
                if !names.insert(feed.name.clone()) {
                    let at = &feeds.value[i].name;
                    return Err(self.invalid(
                        at,
                        &format!("feeds[{i}].name"),
                        "is used by another feed",
                    ));
                }
                Ok(feed)
            })
            .collect()
    }

    fn feed(&self, i: usize, feed: &RawFeed, schedule: &Schedule) -> Result<FeedConfig> {
        let key = |k: &str| format!("feeds[{i}].{k}");
        let name = feed.name.value.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(self.invalid(
                &feed.name,
                &key("name"),
                "must be non-empty and use only letters, digits, `-`, `_` and `.`",
            ));
        }
        let url = parse_http_url(&feed.url.value)
            .map_err(|why| self.invalid(&feed.url, &key("url"), &why))?;
        if feed.category.value.contains(['\r', '\n']) {
            return Err(self.invalid(&feed.category, &key("category"), "must be one line"));
        }
        let language = match &feed.language {
            Some(l) if !is_language_tag(&l.value) => {
                return Err(self.invalid(
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
                return Err(self.invalid(
                    p,
                    &key("prefix"),
                    "must be 1 to 8 capital letters or digits",
                ))
            }
            Some(p) => p.value.clone(),
            None => DEFAULT_CODE_PREFIX.to_string(),
        };
        let mut schedule = schedule.clone();
        match (&feed.every, &feed.cron) {
            (Some(_), Some(cron)) => {
                return Err(self.invalid(
                    cron,
                    &key("cron"),
                    "give either `every` or `cron`, not both",
                ))
            }
            (Some(every), None) => {
                schedule.trigger = Trigger::Every(self.duration(every, &key("every"))?)
            }
            (None, Some(cron)) => {
                schedule.trigger = Trigger::cron(&cron.value)
                    .map_err(|why| self.invalid(cron, &key("cron"), &why))?
            }
            (None, None) => {}
        }
        let mut sitemaps = Vec::new();
        for (j, sitemap) in feed.sitemaps.iter().flatten().enumerate() {
            sitemaps.push(
                parse_http_url(&sitemap.value)
                    .map_err(|why| self.invalid(sitemap, &key(&format!("sitemaps[{j}]")), &why))?,
            );
        }
        let patterns = |list: &Option<Vec<Spanned<String>>>, name: &str| {
            list.iter()
                .flatten()
                .enumerate()
                .map(|(j, p)| {
                    regex::Regex::new(&p.value).map_err(|e| {
                        // The library's message quotes the pattern over several
                        // lines; its last line says what is wrong.
                        let text = e.to_string();
                        let last = text.lines().rev().map(str::trim).find(|l| !l.is_empty());
                        let why = format!(
                            "not a valid regular expression: {}",
                            last.unwrap_or("").trim_start_matches("error: ")
                        );
                        self.invalid(p, &key(&format!("{name}[{j}]")), &why)
                    })
                })
                .collect::<Result<Vec<_>>>()
        };
        Ok(FeedConfig {
            name: name.to_string(),
            url,
            category: feed.category.value.clone(),
            language,
            prefix,
            schedule,
            sitemaps,
            include: patterns(&feed.include, "include")?,
            exclude: patterns(&feed.exclude, "exclude")?,
        })
    }

    fn positive(&self, v: &Spanned<f64>, key: &str) -> Result<f64> {
        if v.value.is_finite() && v.value > 0.0 {
            Ok(v.value)
        } else {
            Err(self.invalid(v, key, "must be a number greater than 0"))
        }
    }

    /// A count between 1 and 256, or `default` when absent.
    fn count<T: Copy + Into<u64>>(
        &self,
        v: Option<&Spanned<T>>,
        key: &str,
        default: usize,
    ) -> Result<usize> {
        match v {
            Some(s) if !(1..=256).contains(&s.value.into()) => {
                Err(self.invalid(s, key, "must be between 1 and 256"))
            }
            Some(s) => Ok(s.value.into() as usize),
            None => Ok(default),
        }
    }

    fn duration(&self, v: &SpannedDuration, key: &str) -> Result<Duration> {
        match parse_duration(&v.value.0) {
            Ok(d) if !d.is_zero() => Ok(d),
            Ok(_) => Err(self.invalid(v, key, "must be longer than 0")),
            Err(why) => Err(self.invalid(v, key, &why)),
        }
    }

    fn duration_or(
        &self,
        v: Option<&SpannedDuration>,
        key: &str,
        default: Duration,
    ) -> Result<Duration> {
        v.map_or(Ok(default), |v| self.duration(v, key))
    }
}

/// The product token of a user agent (`newsclip` in `newsclip/0.1 (+url)`),
/// which robots.txt groups name.
fn robots_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .filter(|t| !t.is_empty())
        .unwrap_or(PRODUCT)
        .to_string()
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

fn is_plain_relative_dir(dir: &str) -> bool {
    let path = Path::new(dir);
    !dir.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
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
