//! newsclip: a news feed archiver.
//!
//! The modules follow the data flow: [`config`] is read, [`discovery`] finds
//! article URLs in feeds, [`fetch`] downloads pages politely, [`extract`] turns
//! a page into an article, [`identity`] gives it a canonical URL and a code,
//! [`store`] writes the post and remembers it, and [`pipeline`] drives a run.

pub mod config;
pub mod discovery;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod identity;
pub mod pipeline;
pub mod store;
