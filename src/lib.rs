//! newsclip: a news feed archiver.
//!
//! The modules follow the data flow: [`config`] is read, [`discovery`] finds
//! article URLs in feeds, [`fetch`] downloads pages politely, [`extract`] turns
//! a page into an article, [`identity`] gives it a canonical URL and a code,
//! [`store`] writes the post and remembers it, and [`pipeline`] drives a pass.
//! [`schedule`] decides when each feed is due, [`daemon`] waits for it in
//! `newsclip run`, and [`shutdown`] stops either mode cleanly.

pub mod config;
pub mod daemon;
pub mod discovery;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod identity;
pub mod metrics;
pub mod pipeline;
pub mod schedule;
pub mod shutdown;
pub mod status;
pub mod store;
pub mod verify;
