//! Fetching: the HTTP client, per-host politeness and body decoding.

pub mod charset;
