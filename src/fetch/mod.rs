//! Fetching: the HTTP client (timeouts, decompression, a body cap enforced
//! while streaming), per-host politeness, and decoding bytes into text.

pub mod charset;
pub mod politeness;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::redirect::Policy;
use url::Url;

use crate::config::HttpSettings;
use crate::error::{Error, Result};
use politeness::HostLimiter;

/// Redirects followed before a fetch is abandoned.
const MAX_REDIRECTS: usize = 10;

/// A successful response, body read in full.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// Where the body really came from, after redirects.
    pub final_url: Url,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Fetched {
    /// The body as text, decoded by BOM, header charset, `<meta>`, then detection.
    pub fn text(&self) -> String {
        charset::decode_html(&self.body, self.content_type.as_deref())
    }
}

/// The one HTTP client of a run, shared by every feed and article fetch.
pub struct Fetcher {
    client: reqwest::Client,
    limiter: HostLimiter,
    max_body: u64,
}

impl Fetcher {
    pub fn new(http: &HttpSettings) -> Result<Fetcher> {
        let client = reqwest::Client::builder()
            .user_agent(http.user_agent.clone())
            .connect_timeout(http.connect_timeout)
            .read_timeout(http.read_timeout)
            .timeout(http.total_timeout)
            .redirect(Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(|e| Error::Network {
                url: String::new(),
                reason: format!("cannot build the HTTP client: {e}"),
            })?;
        Ok(Fetcher {
            client,
            limiter: HostLimiter::new(http.rate_per_host),
            max_body: http.max_page_bytes,
        })
    }

    /// GETs `url` when its host's turn comes; any non-2xx status is an error.
    pub async fn get(&self, url: &Url) -> Result<Fetched> {
        self.limiter.wait_turn(url).await;
        let network = |e: reqwest::Error| Error::Network {
            url: url.to_string(),
            reason: describe(&e),
        };
        let mut response = self.client.get(url.clone()).send().await.map_err(network)?;
        let status = response.status();
        if !status.is_success() {
            return Err(Error::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        let final_url = response.url().clone();
        let content_type = header_text(response.headers());
        let too_large = || Error::TooLarge {
            url: url.to_string(),
            limit: self.max_body,
        };
        // A declared length over the cap needs no download to be refused;
        // with compression it is the compressed size, so it is checked again below.
        if response.content_length().is_some_and(|n| n > self.max_body) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network)? {
            if body.len() as u64 + chunk.len() as u64 > self.max_body {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            final_url,
            content_type,
            body,
        })
    }
}

fn header_text(headers: &HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// A one-line reason for a failed request, with the innermost cause, which is
/// the informative one ("connection refused", "dns error: ...").
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_redirect() {
        "redirect error"
    } else if e.is_body() || e.is_decode() {
        "body could not be read"
    } else {
        "request failed"
    };
    let mut root: &dyn std::error::Error = e;
    while let Some(next) = root.source() {
        root = next;
    }
    format!("{kind}: {root}")
}
