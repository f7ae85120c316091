//! The state database (SQLite, `archive/.newsclip/state.db`): which canonical
//! URLs are archived under which code and path, which fetched URLs led to
//! them, and how each feed's last poll went.
//!
//! The posts stay the truth: the state is an index that makes "is this new?"
//! cheap, and `reindex` rebuilds it from the posts at any time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::fetch::Validators;
use crate::schedule::FeedTiming;
use crate::store::images::StoredImage;
use crate::store::post::format_date;

/// Bumped with every change to [`SCHEMA`]; `open` refuses a newer database and
/// would migrate an older one (there is no older one yet).
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS articles (
    origin_url  TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    path        TEXT NOT NULL,
    feed        TEXT NOT NULL DEFAULT '',
    archived_at TEXT NOT NULL
);
-- Every URL (feed link, redirect source) known to lead to an archived article,
-- so a later run skips it without fetching.
CREATE TABLE IF NOT EXISTS seen_urls (
    url        TEXT PRIMARY KEY,
    origin_url TEXT NOT NULL
);
-- One row per configured feed: where it lives now (after permanent
-- redirects), its cache validators, how its last poll went and when it is due.
CREATE TABLE IF NOT EXISTS feeds (
    name                 TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    moved_to             TEXT,
    etag                 TEXT,
    last_modified        TEXT,
    last_poll            TEXT,
    last_result          TEXT,
    next_due             TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    adaptive_interval_s  INTEGER,
    schedule             TEXT
);
-- Facts about the database itself; `indexed` is set once the articles table
-- has been built from the posts, so a crash during that rebuild is redone.
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Articles that failed: retried on later runs until `attempts` reaches the
-- configured number of runs, then kept as given up (with the last reason).
CREATE TABLE IF NOT EXISTS pending (
    url        TEXT PRIMARY KEY,
    feed       TEXT NOT NULL,
    title      TEXT,
    published  TEXT,
    attempts   INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    last_try   TEXT NOT NULL,
    given_up   INTEGER NOT NULL DEFAULT 0
);
-- Mirrored images: the publisher's URL (the original, kept) -> stored file.
CREATE TABLE IF NOT EXISTS images (
    url       TEXT PRIMARY KEY,
    sha256    TEXT NOT NULL,
    ext       TEXT NOT NULL,
    bytes     INTEGER NOT NULL,
    stored_at TEXT NOT NULL
);
-- Images a post still shows by their remote URL because mirroring failed;
-- retried by later runs, which then rewrite the post.
CREATE TABLE IF NOT EXISTS image_retries (
    url        TEXT NOT NULL,
    post_path  TEXT NOT NULL,
    attempts   INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    given_up   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (url, post_path)
);
-- Backfill progress: discovery documents (sitemaps, archive pages) whose
-- articles were all handled, per scope (feed, route, date range, patterns),
-- so an interrupted backfill resumes after them. `next_url` is the older page
-- an archive document links to; `lastmod` what the sitemap index said.
CREATE TABLE IF NOT EXISTS backfill_done (
    scope    TEXT NOT NULL,
    doc_url  TEXT NOT NULL,
    next_url TEXT,
    lastmod  TEXT,
    done_at  TEXT NOT NULL,
    PRIMARY KEY (scope, doc_url)
);
";

/// An image a post still shows by its remote URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRetry {
    pub url: String,
    /// The post, relative to the archive root.
    pub post_path: String,
    pub attempts: u32,
}

/// An article the archive holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedArticle {
    pub origin_url: String,
    pub code: String,
    /// Path of the post relative to the archive root, with `/` separators.
    pub path: String,
}

/// What the state remembers of a feed between runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedState {
    /// Where the feed permanently moved, if it did.
    pub moved_to: Option<String>,
    pub validators: Validators,
    pub last_poll: Option<DateTime<Utc>>,
    pub last_result: Option<String>,
    pub next_due: Option<DateTime<Utc>>,
    /// The schedule `next_due` was computed with: when the configuration
    /// changes it, the old due time no longer holds.
    pub schedule: Option<String>,
    pub timing: FeedTiming,
}

/// An article that failed and is retried on later runs (or was given up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingArticle {
    pub url: String,
    pub feed: String,
    pub title: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub attempts: u32,
    pub last_error: String,
    pub last_try: DateTime<Utc>,
    pub given_up: bool,
}

pub struct State {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl State {
    /// Opens (creating if needed) the database at `path`. The flag says
    /// whether its article index has never been built from the posts.
    pub fn open(path: &Path) -> Result<(State, bool)> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let state_err = |source| Error::State {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(state_err)?;
        // WAL keeps readers (status) unblocked by a crawl; NORMAL sync is
        // durable at each checkpoint and cannot corrupt the database.
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        )
        .map_err(state_err)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(state_err)?;
        if version > SCHEMA_VERSION {
            return Err(Error::State {
                path: path.to_path_buf(),
                source: rusqlite::Error::InvalidParameterName(format!(
                    "schema version {version} is newer than this newsclip understands ({SCHEMA_VERSION}); upgrade newsclip"
                )),
            });
        }
        conn.execute_batch(SCHEMA)
            .and_then(|_| conn.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}")))
            .map_err(state_err)?;
        let state = State {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        };
        let indexed = state.with_conn(|c| {
            c.query_row("SELECT 1 FROM meta WHERE key = 'indexed'", [], |_| Ok(()))
                .optional()
        })?;
        Ok((state, indexed.is_none()))
    }

    /// Opens the database at `path` if it exists (for read-only commands,
    /// which must not create an empty state that would hide the posts).
    pub fn open_existing(path: &Path) -> Result<Option<State>> {
        if !path.exists() {
            return Ok(None);
        }
        State::open(path).map(|(state, _)| Some(state))
    }

    fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>) -> Result<T> {
        // A panic while holding the lock cannot leave SQLite inconsistent, so a
        // poisoned lock is still usable.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn).map_err(|source| Error::State {
            path: self.path.clone(),
            source,
        })
    }

    /// The archived article that `url` is, or is known to lead to.
    pub fn lookup(&self, url: &str) -> Result<Option<ArchivedArticle>> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT a.origin_url, a.code, a.path FROM articles a
                 WHERE a.origin_url = ?1
                    OR a.origin_url = (SELECT origin_url FROM seen_urls WHERE url = ?1)
                 LIMIT 1",
                [url],
                |r| {
                    Ok(ArchivedArticle {
                        origin_url: r.get(0)?,
                        code: r.get(1)?,
                        path: r.get(2)?,
                    })
                },
            )
            .optional()
        })
    }

    /// Records `article` as archived (from `feed`), and `via` as leading to it.
    pub fn record_archived(
        &self,
        article: &ArchivedArticle,
        feed: &str,
        via: &[&str],
    ) -> Result<()> {
        let now = format_date(Utc::now());
        self.with_conn(|c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO articles (origin_url, code, path, feed, archived_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(origin_url) DO UPDATE SET code = ?2, path = ?3",
                params![article.origin_url, article.code, article.path, feed, now],
            )?;
            for url in via {
                tx.execute(
                    "INSERT OR REPLACE INTO seen_urls (url, origin_url) VALUES (?1, ?2)",
                    params![url, article.origin_url],
                )?;
                tx.execute("DELETE FROM pending WHERE url = ?1", [url])?;
            }
            tx.commit()
        })
    }

    /// Replaces the whole article index with `articles` (what `reindex` found).
    pub fn replace_articles(&self, articles: &[ArchivedArticle]) -> Result<()> {
        let now = format_date(Utc::now());
        self.with_conn(|c| {
            let tx = c.transaction()?;
            tx.execute("DELETE FROM seen_urls", [])?;
            tx.execute("DELETE FROM articles", [])?;
            {
                let mut insert = tx.prepare(
                    "INSERT OR REPLACE INTO articles (origin_url, code, path, archived_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for a in articles {
                    insert.execute(params![a.origin_url, a.code, a.path, now])?;
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('indexed', ?1)",
                [&now],
            )?;
            tx.commit()
        })
    }

    /// The remembered state of feed `name` configured at `url` (default when
    /// never polled, or when the operator has since changed its URL).
    pub fn feed_state(&self, name: &str, url: &str) -> Result<FeedState> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT moved_to, etag, last_modified, last_poll, last_result, next_due,
                        consecutive_failures, adaptive_interval_s, schedule
                 FROM feeds WHERE name = ?1 AND url = ?2",
                [name, url],
                |r| {
                    Ok(FeedState {
                        moved_to: r.get(0)?,
                        validators: Validators {
                            etag: r.get(1)?,
                            last_modified: r.get(2)?,
                        },
                        last_poll: time_column(r, 3)?,
                        last_result: r.get(4)?,
                        next_due: time_column(r, 5)?,
                        schedule: r.get(8)?,
                        timing: FeedTiming {
                            consecutive_failures: r.get(6)?,
                            adaptive_interval_s: r.get(7)?,
                        },
                    })
                },
            )
            .optional()
            .map(Option::unwrap_or_default)
        })
    }

    /// Stores the state of feed `name`, configured at `url`.
    pub fn save_feed_state(&self, name: &str, url: &str, feed: &FeedState) -> Result<()> {
        self.with_conn(|c| {
            c.execute(
                "INSERT OR REPLACE INTO feeds (name, url, moved_to, etag, last_modified, last_poll,
                     last_result, next_due, consecutive_failures, adaptive_interval_s, schedule)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    name,
                    url,
                    feed.moved_to,
                    feed.validators.etag,
                    feed.validators.last_modified,
                    feed.last_poll.map(format_date),
                    feed.last_result,
                    feed.next_due.map(format_date),
                    feed.timing.consecutive_failures,
                    feed.timing.adaptive_interval_s,
                    feed.schedule,
                ],
            )
            .map(|_| ())
        })
    }

    /// Counts one more failed run for the article at `url` and returns its
    /// record; it is given up once `max_runs` runs have failed.
    pub fn record_failure(
        &self,
        url: &str,
        feed: &str,
        title: Option<&str>,
        published: Option<DateTime<Utc>>,
        error: &str,
        max_runs: u32,
    ) -> Result<PendingArticle> {
        let now = format_date(Utc::now());
        self.with_conn(|c| {
            c.execute(
                "INSERT INTO pending (url, feed, title, published, attempts, last_error, last_try, given_up)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, 1 >= ?7)
                 ON CONFLICT(url) DO UPDATE SET attempts = attempts + 1, last_error = ?5,
                     last_try = ?6, given_up = attempts + 1 >= ?7",
                params![url, feed, title, published.map(format_date), error, now, max_runs],
            )?;
            c.query_row(&format!("{PENDING_SELECT} WHERE url = ?1"), [url], pending_row)
        })
    }

    /// The failed article at `url`, if there is one.
    pub fn pending(&self, url: &str) -> Result<Option<PendingArticle>> {
        self.with_conn(|c| {
            c.query_row(
                &format!("{PENDING_SELECT} WHERE url = ?1"),
                [url],
                pending_row,
            )
            .optional()
        })
    }

    /// The failed articles of `feed` still to be retried, oldest try first.
    pub fn retries_of_feed(&self, feed: &str) -> Result<Vec<PendingArticle>> {
        self.with_conn(|c| {
            let mut stmt = c.prepare(&format!(
                "{PENDING_SELECT} WHERE feed = ?1 AND given_up = 0 ORDER BY last_try, url"
            ))?;
            let rows = stmt.query_map([feed], pending_row)?;
            rows.collect()
        })
    }

    /// Every failed article, still pending or given up, oldest try first.
    pub fn all_pending(&self) -> Result<Vec<PendingArticle>> {
        self.with_conn(|c| {
            let mut stmt = c.prepare(&format!("{PENDING_SELECT} ORDER BY last_try, url"))?;
            let rows = stmt.query_map([], pending_row)?;
            rows.collect()
        })
    }

    /// The stored copy of the image at `url`, if it was mirrored.
    pub fn image(&self, url: &str) -> Result<Option<StoredImage>> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT sha256, ext FROM images WHERE url = ?1",
                [url],
                |r| {
                    Ok(StoredImage {
                        sha256: r.get(0)?,
                        ext: r.get(1)?,
                    })
                },
            )
            .optional()
        })
    }

    /// Records that `url` is mirrored as `image` (`bytes` long).
    pub fn record_image(&self, url: &str, image: &StoredImage, bytes: u64) -> Result<()> {
        let now = format_date(Utc::now());
        self.with_conn(|c| {
            c.execute(
                "INSERT OR REPLACE INTO images (url, sha256, ext, bytes, stored_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![url, image.sha256, image.ext, bytes, now],
            )?;
            c.execute("DELETE FROM image_retries WHERE url = ?1", [url])
                .map(|_| ())
        })
    }

    /// Counts a failed mirroring of `url` for the post at `post_path`; true
    /// when it is now given up (the post keeps the remote URL for good).
    pub fn record_image_failure(
        &self,
        url: &str,
        post_path: &str,
        error: &str,
        max_runs: u32,
    ) -> Result<bool> {
        self.with_conn(|c| {
            c.execute(
                "INSERT INTO image_retries (url, post_path, attempts, last_error, given_up)
                 VALUES (?1, ?2, 1, ?3, 1 >= ?4)
                 ON CONFLICT(url, post_path) DO UPDATE SET attempts = attempts + 1,
                     last_error = ?3, given_up = attempts + 1 >= ?4",
                params![url, post_path, error, max_runs],
            )?;
            c.query_row(
                "SELECT given_up FROM image_retries WHERE url = ?1 AND post_path = ?2",
                [url, post_path],
                |r| r.get(0),
            )
        })
    }

    /// Images still to be mirrored for posts already written.
    pub fn image_retries(&self) -> Result<Vec<ImageRetry>> {
        self.with_conn(|c| {
            let mut stmt = c.prepare(
                "SELECT url, post_path, attempts FROM image_retries WHERE given_up = 0 ORDER BY post_path, url",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(ImageRetry {
                    url: r.get(0)?,
                    post_path: r.get(1)?,
                    attempts: r.get(2)?,
                })
            })?;
            rows.collect()
        })
    }

    /// (images stored, bytes stored, image URLs that share a stored file).
    pub fn image_stats(&self) -> Result<(u64, u64, u64)> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT COUNT(DISTINCT sha256),
                        COALESCE((SELECT SUM(bytes) FROM (SELECT sha256, MAX(bytes) AS bytes FROM images GROUP BY sha256)), 0),
                        COUNT(*) - COUNT(DISTINCT sha256)
                 FROM images",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
    }

    /// (image failures still retried, image failures given up), counted by (image, post).
    pub fn image_failure_counts(&self) -> Result<(u64, u64)> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT COALESCE(SUM(given_up = 0), 0), COALESCE(SUM(given_up <> 0), 0) FROM image_retries",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
        })
    }

    /// Every archived article, by path.
    pub fn articles(&self) -> Result<Vec<ArchivedArticle>> {
        self.with_conn(|c| {
            let mut stmt =
                c.prepare("SELECT origin_url, code, path FROM articles ORDER BY path")?;
            let rows = stmt.query_map([], |r| {
                Ok(ArchivedArticle {
                    origin_url: r.get(0)?,
                    code: r.get(1)?,
                    path: r.get(2)?,
                })
            })?;
            rows.collect()
        })
    }

    pub fn article_count(&self) -> Result<u64> {
        self.with_conn(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
    }

    /// The record of discovery document `url` finished by a backfill of `scope`.
    pub fn backfill_doc(&self, scope: &str, url: &str) -> Result<Option<BackfillDoc>> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT next_url, lastmod FROM backfill_done WHERE scope = ?1 AND doc_url = ?2",
                [scope, url],
                |r| {
                    Ok(BackfillDoc {
                        next_url: r.get(0)?,
                        lastmod: r.get(1)?,
                    })
                },
            )
            .optional()
        })
    }

    /// Records that every article of discovery document `url` was handled
    /// by a backfill of `scope`.
    pub fn record_backfill_doc(&self, scope: &str, url: &str, doc: &BackfillDoc) -> Result<()> {
        let now = format_date(Utc::now());
        self.with_conn(|c| {
            c.execute(
                "INSERT OR REPLACE INTO backfill_done (scope, doc_url, next_url, lastmod, done_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![scope, url, doc.next_url, doc.lastmod, now],
            )
            .map(|_| ())
        })
    }

    /// How many discovery documents a backfill of `scope` has finished.
    pub fn backfill_doc_count(&self, scope: &str) -> Result<u64> {
        self.with_conn(|c| {
            c.query_row(
                "SELECT COUNT(*) FROM backfill_done WHERE scope = ?1",
                [scope],
                |r| r.get(0),
            )
        })
    }
}

/// A discovery document a backfill has finished.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackfillDoc {
    /// The older page an archive document links to.
    pub next_url: Option<String>,
    /// The `lastmod` a sitemap index gave for this sitemap.
    pub lastmod: Option<String>,
}

const PENDING_SELECT: &str =
    "SELECT url, feed, title, published, attempts, last_error, last_try, given_up FROM pending";

fn pending_row(r: &Row) -> rusqlite::Result<PendingArticle> {
    Ok(PendingArticle {
        url: r.get(0)?,
        feed: r.get(1)?,
        title: r.get(2)?,
        published: time_column(r, 3)?,
        attempts: r.get(4)?,
        last_error: r.get(5)?,
        last_try: time_column(r, 6)?.unwrap_or_default(),
        given_up: r.get(7)?,
    })
}

/// A timestamp column, stored as RFC 3339 text (readable with the sqlite3 shell).
fn time_column(r: &Row, i: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = r.get(i)?;
    Ok(text
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(n: u32) -> ArchivedArticle {
        ArchivedArticle {
            origin_url: format!("https://example.com/{n}"),
            code: format!("ART2411161156AAAA{n:02}"),
            path: format!("_posts/2024/11/2024-11-16-ART2411161156AAAA{n:02}.md"),
        }
    }

    #[test]
    fn archived_articles_are_found_by_origin_and_by_seen_urls() {
        let dir = tempfile::tempdir().unwrap();
        let (state, created) = State::open(&dir.path().join(".newsclip/state.db")).unwrap();
        assert!(created);
        state
            .record_archived(&article(1), "feed", &["https://example.com/1?utm_source=x"])
            .unwrap();
        assert_eq!(
            state.lookup("https://example.com/1").unwrap(),
            Some(article(1))
        );
        assert_eq!(
            state.lookup("https://example.com/1?utm_source=x").unwrap(),
            Some(article(1))
        );
        assert_eq!(state.lookup("https://example.com/2").unwrap(), None);
        drop(state);
        let (state, unindexed) = State::open(&dir.path().join(".newsclip/state.db")).unwrap();
        assert!(unindexed, "no reindex happened yet");
        state.replace_articles(&[article(2)]).unwrap();
        assert_eq!(state.lookup("https://example.com/1").unwrap(), None);
        assert_eq!(state.article_count().unwrap(), 1);
        drop(state);
        let (_, unindexed) = State::open(&dir.path().join(".newsclip/state.db")).unwrap();
        assert!(!unindexed);
    }

    #[test]
    fn failures_are_counted_then_given_up_and_cleared_by_success() {
        let dir = tempfile::tempdir().unwrap();
        let (state, _) = State::open(&dir.path().join("state.db")).unwrap();
        let url = "https://example.com/1";
        let first = state
            .record_failure(url, "f", Some("T"), None, "HTTP 500", 3)
            .unwrap();
        assert_eq!((first.attempts, first.given_up), (1, false));
        state
            .record_failure(url, "f", Some("T"), None, "HTTP 500", 3)
            .unwrap();
        let third = state
            .record_failure(url, "f", Some("T"), None, "timed out", 3)
            .unwrap();
        assert_eq!(
            (third.attempts, third.given_up, third.last_error.as_str()),
            (3, true, "timed out")
        );
        assert_eq!(state.all_pending().unwrap().len(), 1);
        state.record_archived(&article(1), "f", &[url]).unwrap();
        assert_eq!(state.pending(url).unwrap(), None);
    }

    #[test]
    fn feed_state_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let (state, _) = State::open(&dir.path().join("state.db")).unwrap();
        assert_eq!(
            state
                .feed_state("f", "https://example.com/old.xml")
                .unwrap(),
            FeedState::default()
        );
        let feed = FeedState {
            moved_to: Some("https://example.com/new.xml".into()),
            validators: Validators {
                etag: Some("\"abc\"".into()),
                last_modified: Some("Sat, 16 Nov 2024 11:56:11 GMT".into()),
            },
            last_poll: Some(
                DateTime::parse_from_rfc3339("2024-11-16T11:56:11.660Z")
                    .unwrap()
                    .into(),
            ),
            last_result: Some("ok".into()),
            schedule: Some("every 15m".into()),
            next_due: Some(
                DateTime::parse_from_rfc3339("2024-11-16T12:11:11.660Z")
                    .unwrap()
                    .into(),
            ),
            timing: FeedTiming {
                consecutive_failures: 2,
                adaptive_interval_s: Some(900),
            },
        };
        state
            .save_feed_state("f", "https://example.com/old.xml", &feed)
            .unwrap();
        assert_eq!(
            state
                .feed_state("f", "https://example.com/old.xml")
                .unwrap(),
            feed
        );
        let changed = state
            .feed_state("f", "https://example.com/other.xml")
            .unwrap();
        assert_eq!(
            changed,
            FeedState::default(),
            "a reconfigured feed starts afresh"
        );
    }
}
