//! The library's one error type: a variant per way a run can fail, each
//! naming what was wrong (file and line, URL, key) so a log line is enough to act.

use std::path::PathBuf;

/// Convenience alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Whether the archive's disk (or quota) is full: no later article can
    /// be written either, so a run should stop rather than fetch on.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Error::Write { source, .. } => {
                source.kind() == std::io::ErrorKind::StorageFull
                    || source.kind() == std::io::ErrorKind::QuotaExceeded
            }
            Error::State { source, .. } => matches!(
                source,
                rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::DiskFull
            ),
            _ => false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file is malformed or holds an invalid value.
    #[error("{file}:{line}:{column}: {message}")]
    Config {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A URL given by a feed, a page or the user is not a usable http(s) URL.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },

    /// The request did not get an HTTP answer (DNS, connect, TLS, timeout, reset).
    #[error("{url}: {reason}")]
    Network { url: String, reason: String },

    /// The host's robots.txt could not be read (unreachable, 5xx, 429), so
    /// RFC 9309 forbids its pages for now. Not retried within the request:
    /// the verdict is kept for minutes, the article or image waits for a later run.
    #[error("{url}: not fetched while the host's robots.txt is unavailable ({reason})")]
    RobotsUnavailable { url: String, reason: String },

    /// The server answered with a status that is not a success.
    #[error("{url}: HTTP status {status}")]
    Status {
        url: String,
        status: u16,
        /// What a Retry-After header asked for.
        retry_after: Option<std::time::Duration>,
    },

    /// Redirects that loop, go on too long, or lead nowhere usable.
    #[error("{url}: {reason}")]
    Redirect { url: String, reason: String },

    /// The request would reach the operator's own network (see `fetch::guard`).
    #[error("{url}: blocked: {reason}")]
    Blocked { url: String, reason: String },

    /// The publisher's robots.txt does not allow newsclip to fetch this page.
    #[error("{url}: disallowed by robots.txt")]
    RobotsDisallowed { url: String },

    /// The body exceeded the configured cap (counted after decompression).
    #[error("{url}: body larger than {limit} bytes, download stopped")]
    TooLarge { url: String, limit: u64 },

    #[error("{url}: not an HTML page (Content-Type {content_type})")]
    NotHtml { url: String, content_type: String },

    /// An image URL whose bytes are not a JPEG, PNG, GIF, WebP or AVIF image.
    #[error("{url}: not an image (Content-Type {content_type}, unrecognised bytes)")]
    NotImage { url: String, content_type: String },

    #[error("{url}: not a readable feed: {reason}")]
    Feed { url: String, reason: String },

    /// The page was read but holds no article the archive can keep.
    #[error("{url}: {reason}")]
    Unarchivable { url: String, reason: String },

    /// Another article already owns the post path this one would take.
    #[error("{path}: already holds {existing}, not {url} (code collision)")]
    CodeCollision {
        path: PathBuf,
        existing: String,
        url: String,
    },

    /// A post in the archive cannot be read back.
    #[error("{path}: {message}")]
    Post { path: PathBuf, message: String },

    /// Another newsclip process is writing to this archive.
    #[error(
        "{path}: another newsclip run holds this archive's lock; try again when it has finished"
    )]
    Locked { path: PathBuf },

    /// The metrics address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },

    #[error("state database {path}: {source}")]
    State {
        path: PathBuf,
        source: rusqlite::Error,
    },
}
