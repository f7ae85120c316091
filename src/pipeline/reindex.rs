//! Rebuilding the state from the posts, the archive's truth.

use std::path::Path;

use tracing::warn;

use super::Archiver;
use crate::error::{Error, Result};
use crate::store::state::ArchivedArticle;
use crate::store::{post, post_files};

/// What a reindex found.
#[derive(Debug, Default)]
pub struct ReindexReport {
    pub indexed: usize,
    /// Posts that could not be read, each with its reason.
    pub unreadable: Vec<Error>,
}

impl Archiver {
    /// Replaces the article index with what the posts under the archive say.
    pub fn reindex(&self) -> Result<ReindexReport> {
        let root = self.config().archive.clone();
        let posts_root = root.join(&self.config().posts_dir);
        let files = post_files(&posts_root)?;
        let mut report = ReindexReport::default();
        let mut articles = Vec::with_capacity(files.len());
        for file in files {
            match read_post(&root, &file) {
                Ok(article) => articles.push(article),
                Err(e) => {
                    warn!("{e}");
                    report.unreadable.push(e);
                }
            }
        }
        report.indexed = articles.len();
        self.state().replace_articles(&articles)?;
        Ok(report)
    }
}

fn read_post(root: &Path, file: &Path) -> Result<ArchivedArticle> {
    let text = std::fs::read_to_string(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let (front, _) = post::parse(&text).map_err(|message| Error::Post {
        path: file.to_path_buf(),
        message,
    })?;
    let relative = file.strip_prefix(root).unwrap_or(file);
    let path = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(ArchivedArticle {
        origin_url: front.origin_url,
        code: front.code,
        path,
    })
}
