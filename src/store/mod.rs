//! Storage: the posts (the archive's truth), atomic file writes, and the
//! SQLite state that remembers what has been archived.

pub mod atomic;
pub mod images;
pub mod lock;
pub mod post;
pub mod site;
pub mod state;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Every post file (`*.md`) under `posts_root`, sorted; none if it does not
/// exist yet. Dot-files (temporary files of an interrupted write) are skipped.
pub fn post_files(posts_root: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    collect_markdown(posts_root, &mut files)?;
    files.sort();
    Ok(files)
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
