//! Fetching: the HTTP client (timeouts, decompression, a body cap enforced
//! while streaming), per-host politeness (rate, connection cap, robots.txt),
//! redirects followed hop by hop, retries of transient failures, conditional
//! requests for feeds, and decoding bytes into text.

pub mod charset;
pub mod guard;
pub mod politeness;
pub mod retry;
pub mod robots;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{
    HeaderMap, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
    RETRY_AFTER,
};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use tokio::sync::OnceCell;
use tracing::debug;
use url::Url;

use crate::config::HttpSettings;
use crate::error::{Error, Result};
use crate::metrics::METRICS;
use guard::{Guard, Refused};
use politeness::{host_key, Host};

use robots::Robots;

/// Redirects followed before a fetch is abandoned.
pub const MAX_REDIRECTS: usize = 10;
/// How long a host's robots.txt is trusted before it is read again.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long an unreachable robots.txt blocks the host before it is tried again.
const ROBOTS_ERROR_TTL: Duration = Duration::from_secs(600);
/// robots.txt bodies beyond this are cut (RFC 9309 asks for at least 500 KiB).
const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// A feed's cache validators, sent back to make the next poll conditional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A successful response, body read in full.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the body really came from, after redirects.
    pub final_url: Url,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    pub validators: Validators,
    /// Set when every redirect hop was permanent (301/308): the address to
    /// use from now on.
    pub moved_to: Option<Url>,
}

impl Fetched {
    /// The body as text, decoded by BOM, header charset, `<meta>`, then
    /// detection; a UTF-8 body becomes the text without a copy.
    pub fn into_text(self) -> String {
        charset::decode_html_owned(self.body, self.content_type.as_deref())
    }
}

/// What a conditional feed request gave.
#[derive(Debug)]
pub enum FeedResponse {
    NotModified,
    Fetched(Box<Fetched>),
}

/// One logical GET, with what differs between feeds, pages and images.
struct Request<'a> {
    url: &'a Url,
    /// Pages and images obey robots.txt; feeds were chosen by the operator,
    /// who is the one to respect the publisher's wishes there.
    obey_robots: bool,
    validators: &'a Validators,
    /// Largest body accepted.
    limit: u64,
}

/// What reading a host's robots.txt gave.
struct RobotsVerdict {
    robots: Robots,
    /// How long the verdict holds.
    ttl: Duration,
    /// Why robots.txt could not be read (unreachable, 5xx, 429), if so.
    unavailable: Option<String>,
}

/// A host's politeness state, loaded once (robots.txt first) and renewed daily.
struct HostEntry {
    cell: Arc<OnceCell<(Arc<Host>, Instant, Duration)>>,
}

/// The one HTTP client of a run, shared by every feed and article fetch.
pub struct Fetcher {
    client: reqwest::Client,
    settings: HttpSettings,
    hosts: Mutex<HashMap<String, HostEntry>>,
    guard: Guard,
}

impl Fetcher {
    pub fn new(http: &HttpSettings) -> Result<Fetcher> {
        let guard = Guard::new(http.allow_private_addresses);
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(guard.clone()))
            .user_agent(http.user_agent.clone())
            .connect_timeout(http.connect_timeout)
            .read_timeout(http.read_timeout)
            .timeout(http.total_timeout)
            // Redirects are followed by hand so each hop waits for its host's turn.
            .redirect(Policy::none())
            .build()
            .map_err(|e| Error::Network {
                url: String::new(),
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            settings: http.clone(),
            hosts: Mutex::new(HashMap::new()),
            guard,
        })
    }

    /// Lets requests to `url`'s host reach internal addresses: the operator
    /// chose it (a configured feed, a URL given on the command line).
    pub fn trust(&self, url: &Url) {
        self.guard.trust(url);
    }

    /// GETs an article page (robots.txt obeyed), retrying transient failures.
    pub async fn get(&self, url: &Url) -> Result<Fetched> {
        self.get_capped(url, self.settings.max_page_bytes).await
    }

    /// GETs an image (robots.txt obeyed) of at most `limit` bytes.
    pub async fn get_image(&self, url: &Url, limit: u64) -> Result<Fetched> {
        self.get_capped(url, limit).await
    }

    async fn get_capped(&self, url: &Url, limit: u64) -> Result<Fetched> {
        let request = Request {
            url,
            obey_robots: true,
            validators: &Validators::default(),
            limit,
        };
        match self.fetch(&request).await? {
            FeedResponse::Fetched(f) => Ok(*f),
            // No validators were sent, so a 304 is the server's error.
            FeedResponse::NotModified => Err(Error::Status {
                url: url.to_string(),
                status: 304,
                retry_after: None,
            }),
        }
    }

    /// GETs a feed, conditionally when `validators` are known.
    pub async fn get_feed(&self, url: &Url, validators: &Validators) -> Result<FeedResponse> {
        let request = Request {
            url,
            obey_robots: false,
            validators,
            limit: self.settings.max_page_bytes,
        };
        self.fetch(&request).await
    }

    async fn fetch(&self, request: &Request<'_>) -> Result<FeedResponse> {
        let started = std::time::Instant::now();
        let result = self.fetch_with_retries(request).await;
        METRICS
            .fetch_seconds
            .observe(started.elapsed().as_secs_f64());
        result
    }

    async fn fetch_with_retries(&self, request: &Request<'_>) -> Result<FeedResponse> {
        let retries = &self.settings.retries;
        let mut attempt = 1;
        loop {
            let error = match self.follow_redirects(request).await {
                Ok(response) => return Ok(response),
                Err(e) if retry::is_transient(&e) && attempt < retries.attempts => e,
                Err(e) => return Err(e),
            };
            let wait = match &error {
                Error::Status {
                    retry_after: Some(wait),
                    ..
                } => *wait,
                _ => retry::backoff(retries, attempt, fastrand::f64()),
            };
            if wait > retries.max_delay {
                // Waiting that long would stall the run; the article stays
                // pending and a later run tries again.
                return Err(error);
            }
            debug!(url = %request.url, attempt, wait_ms = wait.as_millis() as u64, "retrying: {error}");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One try: follows redirects hop by hop, each hop polite to its host.
    async fn follow_redirects(&self, request: &Request<'_>) -> Result<FeedResponse> {
        let (url, validators) = (request.url, request.validators);
        let mut current = url.clone();
        let mut all_permanent = true;
        for _ in 0..=MAX_REDIRECTS {
            if let Some(reason) = self.guard.refuse_literal(&current) {
                return Err(Error::Blocked {
                    url: current.to_string(),
                    reason,
                });
            }
            let host = self.host(&current).await?;

            if let (true, Some(why)) = (request.obey_robots, &host.robots_unavailable) {
                // RFC 9309: no page of a host whose robots.txt cannot be read.
                return Err(Error::RobotsUnavailable {
                    url: current.to_string(),
                    reason: why.clone(),
                });
            }
            if request.obey_robots && !host.robots.is_url_allowed(&current) {
                return Err(Error::RobotsDisallowed {
                    url: current.to_string(),
                });
            }
            let turn = host.take_turn().await;
            let mut http = self.client.get(current.clone());
            if let Some(etag) = &validators.etag {
                http = http.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &validators.last_modified {
                http = http.header(IF_MODIFIED_SINCE, lm);
            }
            let host_name = current.host_str().unwrap_or_default();
            let response = match http.send().await {
                Ok(response) => response,
                Err(e) => {
                    METRICS.count_request(host_name, None);
                    return Err(network_error(&current, &e));
                }
            };
            let status = response.status();
            METRICS.count_request(host_name, Some(status.as_u16()));
            if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
                all_permanent &= matches!(
                    status,
                    StatusCode::MOVED_PERMANENTLY | StatusCode::PERMANENT_REDIRECT
                );
                current = redirect_target(&current, response.headers())?;
                continue;
            }
            if status == StatusCode::NOT_MODIFIED {
                return Ok(FeedResponse::NotModified);
            }
            if !status.is_success() {
                return Err(Error::Status {
                    url: current.to_string(),
                    status: status.as_u16(),
                    retry_after: header(response.headers(), RETRY_AFTER.as_str())
                        .and_then(|v| retry::parse_retry_after(&v, chrono::Utc::now())),
                });
            }
            let headers = response.headers().clone();
            let body = read_capped(response, &current, request.limit).await?;
            drop(turn);
            let moved_to = (all_permanent && current != *url).then(|| current.clone());
            return Ok(FeedResponse::Fetched(Box::new(Fetched {
                final_url: current,
                content_type: header(&headers, CONTENT_TYPE.as_str()),
                body,
                validators: Validators {
                    etag: header(&headers, ETAG.as_str()),
                    last_modified: header(&headers, LAST_MODIFIED.as_str()),
                },
                moved_to,
            })));
        }
        Err(Error::Redirect {
            url: url.to_string(),
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    /// The politeness state of `url`'s host, reading its robots.txt first
    /// when the host is new (or its robots.txt is stale).
    async fn host(&self, url: &Url) -> Result<Arc<Host>> {
        let key = host_key(url);
        let cell = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            let entry = hosts.entry(key).or_insert_with(|| HostEntry {
                cell: Arc::new(OnceCell::new()),
            });
            if let Some((_, loaded, ttl)) = entry.cell.get() {
                if loaded.elapsed() > *ttl {
                    entry.cell = Arc::new(OnceCell::new());
                }
            }
            entry.cell.clone()
        };
        let (host, _, _) = cell
            .get_or_try_init(|| async {
                let verdict = self.load_robots(url).await?;
                let (rate, connections) = self.settings.host(url.host_str().unwrap_or_default());
                let mut host = Host::new(rate, connections, verdict.robots);
                host.robots_unavailable = verdict.unavailable;
                Ok::<_, Error>((Arc::new(host), Instant::now(), verdict.ttl))
            })
            .await?;
        Ok(host.clone())
    }

    /// Reads a host's robots.txt (RFC 9309), following up to five redirects.
    /// A verdict of "unreachable" (disallow all) is kept only briefly. A host
    /// the network guard refuses is an error: no verdict is kept for it.
    async fn load_robots(&self, url: &Url) -> Result<RobotsVerdict> {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let mut status = None;
        let mut failure = None;
        let mut body = Vec::new();
        for _ in 0..5 {
            let response = match self.client.get(robots_url.clone()).send().await {
                Ok(r) => r,
                Err(e) => match network_error(url, &e) {
                    blocked @ Error::Blocked { .. } => return Err(blocked),
                    other => {
                        debug!(url = %robots_url, "robots.txt unreachable: {other}");
                        failure = Some(other.to_string());
                        break;
                    }
                },
            };
            status = Some(response.status().as_u16());
            if !response.status().is_redirection() {
                if response.status().is_success() {
                    body = read_capped_lossy(response, ROBOTS_MAX_BYTES).await;
                }
                break;
            }
            match redirect_target(&robots_url, response.headers()) {
                Ok(next) => robots_url = next,
                Err(_) => break,
            }
        }
        let text = String::from_utf8_lossy(&body);
        let robots = Robots::from_fetch(status, &text, &self.settings.robots_agent);
        let unavailable = match status {
            Some(s) if s < 500 && s != 429 => None,
            Some(s) => Some(format!("{robots_url}: HTTP status {s}")),
            None => failure.or_else(|| Some(format!("{robots_url}: too many redirects"))),
        };
        let ttl = if unavailable.is_some() {
            ROBOTS_ERROR_TTL
        } else {
            ROBOTS_TTL
        };
        Ok(RobotsVerdict {
            robots,
            ttl,
            unavailable,
        })
    }

    /// The `Sitemap:` URLs the robots.txt of `url`'s host lists (read once
    /// per host, like its rules).
    pub async fn robots_sitemaps(&self, url: &Url) -> Vec<String> {
        // A host the network guard refuses has no sitemaps to offer.
        self.host(url)
            .await
            .map(|h| h.robots.sitemaps().to_vec())
            .unwrap_or_default()
    }

    /// Whether `url`'s host robots.txt lets newsclip fetch it.
    pub async fn robots_allow(&self, url: &Url) -> bool {
        self.host(url)
            .await
            .is_ok_and(|h| h.robots.is_url_allowed(url))
    }
}

/// The absolute http(s) URL a redirect points to.
fn redirect_target(from: &Url, headers: &HeaderMap) -> Result<Url> {
    let redirect_error = |reason: String| Error::Redirect {
        url: from.to_string(),
        reason,
    };
    let location = header(headers, LOCATION.as_str())
        .ok_or_else(|| redirect_error("redirect without a Location header".into()))?;
    let target = from
        .join(&location)
        .map_err(|e| redirect_error(format!("redirect to an invalid URL {location:?}: {e}")))?;
    if !matches!(target.scheme(), "http" | "https") {
        return Err(redirect_error(format!(
            "redirect to a non-http URL {target}"
        )));
    }
    Ok(target)
}

/// Reads the body, refusing it as soon as it outgrows `limit` (counted after
/// decompression, so a compression bomb is stopped early).
async fn read_capped(mut response: reqwest::Response, url: &Url, limit: u64) -> Result<Vec<u8>> {
    let too_large = || Error::TooLarge {
        url: url.to_string(),
        limit,
    };
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| network_error(url, &e))? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Reads at most `limit` bytes of the body and keeps what arrived.
async fn read_capped_lossy(mut response: reqwest::Response, limit: u64) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = (limit as usize).saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() as u64 >= limit {
            break;
        }
    }
    body
}

fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The error of a request that got no (complete) answer, with the innermost
/// cause, which is the informative one ("connection refused", "dns error").
/// A refusal of the network guard is not a network failure: it is final.
fn network_error(url: &Url, e: &reqwest::Error) -> Error {
    let mut cause: Option<&dyn std::error::Error> = Some(e);
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<Refused>() {
            return Error::Blocked {
                url: url.to_string(),
                reason: refused.0.clone(),
            };
        }
        cause = c.source();
    }

    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "body could not be read"
    } else {
        "request failed"
    };
    let mut root: &dyn std::error::Error = e;
    while let Some(next) = root.source() {
        root = next;
    }
    Error::Network {
        url: url.to_string(),
        reason: format!("{kind}: {root}"),
    }
}
