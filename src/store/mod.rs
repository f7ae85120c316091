//! Storage: the posts (the archive's truth), atomic file writes, and the
//! SQLite state that remembers what has been archived.

pub mod atomic;
pub mod lock;
pub mod post;
pub mod state;
