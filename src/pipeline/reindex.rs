//! Rebuilding the state from the posts, the archive's truth.

use std::path::{Path, PathBuf};

use tracing::warn;

use super::Archiver;
use crate::error::{Error, Result};
use crate::store::post;
use crate::store::state::ArchivedArticle;

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
        let mut files = Vec::new();
        collect_markdown(&posts_root, &mut files)?;
        files.sort();
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

/// Every `.md` file under `dir` (none if `dir` does not exist yet).
fn collect_markdown(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect_markdown(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}
