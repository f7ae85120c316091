//! The archive lock: one writer at a time. Two overlapping cron runs, or a
//! cron run beside the daemon, would fetch the same articles twice and race
//! on the state; the second one stops with a clear message instead.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

/// Held for as long as a run writes to the archive; released on drop (and by
/// the OS if the process dies, so a crash never leaves a stale lock).
#[derive(Debug)]
pub struct ArchiveLock {
    _file: File,
}

impl ArchiveLock {
    /// Takes the lock file in `state_dir`, or fails at once if another
    /// process holds it.
    pub fn acquire(state_dir: &Path) -> Result<ArchiveLock> {
        let path = state_dir.join("lock");
        let write_err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(state_dir).map_err(write_err)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(write_err)?;
        match file.try_lock() {
            Ok(()) => Ok(ArchiveLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::Locked { path }),
            Err(TryLockError::Error(source)) => Err(write_err(source)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = ArchiveLock::acquire(dir.path()).unwrap();
        let err = ArchiveLock::acquire(dir.path()).unwrap_err();
        assert!(err.to_string().contains("another newsclip"), "{err}");
        drop(first);
        ArchiveLock::acquire(dir.path()).unwrap();
    }
}
