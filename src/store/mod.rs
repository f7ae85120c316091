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
    collect_files(
        posts_root,
        &|name| !name.starts_with('.') && name.ends_with(".md"),
        &mut files,
    )?;
    files.sort();
    Ok(files)
}

/// Removes the temporary files that writes cut short by a crash left under
/// the posts and the images; returns how many. Only safe with the archive
/// lock held: then no write is in flight.
pub fn remove_stale_temp_files(archive: &Path, posts_dir: &str) -> Result<usize> {
    let mut stale = Vec::new();
    for dir in [archive.join(posts_dir), archive.join(images::IMAGES_DIR)] {
        collect_files(&dir, &atomic::is_temp_file_name, &mut stale)?;
    }
    for file in &stale {
        std::fs::remove_file(file).map_err(|source| Error::Write {
            path: file.clone(),
            source,
        })?;
    }
    Ok(stale.len())
}

/// The files under `dir` whose name passes `keep`, in directories that are
/// not hidden (none if `dir` does not exist yet).
fn collect_files(dir: &Path, keep: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) -> Result<()> {
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
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') {
                collect_files(&path, keep, out)?;
            }
        } else if keep(&name) {
            out.push(path);
        }
    }
    Ok(())
}
