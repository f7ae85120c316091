//! The state database (SQLite, `archive/.newsclip/state.db`): which canonical
//! URLs are archived under which code and path, which fetched URLs led to
//! them, and how each feed's last poll went.
//!
//! The posts stay the truth: the state is an index that makes "is this new?"
//! cheap, and `reindex` rebuilds it from the posts at any time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};

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
CREATE TABLE IF NOT EXISTS feeds (
    name        TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    last_poll   TEXT NOT NULL,
    last_result TEXT NOT NULL
);
";

/// An article the archive holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivedArticle {
    pub origin_url: String,
    pub code: String,
    /// Path of the post relative to the archive root, with `/` separators.
    pub path: String,
}

pub struct State {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl State {
    /// Opens (creating if needed) the database at `path`. The flag says
    /// whether it was just created, i.e. has to be rebuilt from the posts.
    pub fn open(path: &Path) -> Result<(State, bool)> {
        let created = !path.exists();
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
        .and_then(|_| conn.execute_batch(SCHEMA))
        .map_err(state_err)?;
        let state = State {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        };
        Ok((state, created))
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
        let now = crate::store::post::format_date(chrono::Utc::now());
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
            }
            tx.commit()
        })
    }

    /// Replaces the whole article index with `articles` (what `reindex` found).
    pub fn replace_articles(&self, articles: &[ArchivedArticle]) -> Result<()> {
        let now = crate::store::post::format_date(chrono::Utc::now());
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
            tx.commit()
        })
    }

    /// Remembers how the last poll of a feed went.
    pub fn record_feed_poll(&self, name: &str, url: &str, result: &str) -> Result<()> {
        let now = crate::store::post::format_date(chrono::Utc::now());
        self.with_conn(|c| {
            c.execute(
                "INSERT OR REPLACE INTO feeds (name, url, last_poll, last_result) VALUES (?1, ?2, ?3, ?4)",
                params![name, url, now, result],
            )
            .map(|_| ())
        })
    }

    pub fn article_count(&self) -> Result<u64> {
        self.with_conn(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
    }
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
        let (state, created) = State::open(&dir.path().join(".newsclip/state.db")).unwrap();
        assert!(!created);
        state.replace_articles(&[article(2)]).unwrap();
        assert_eq!(state.lookup("https://example.com/1").unwrap(), None);
        assert_eq!(state.article_count().unwrap(), 1);
    }
}
