//! Discovery: finding the article URLs a publisher offers (feeds today;
//! sitemaps and archives build on the same [`feed::FeedItem`]).

pub mod archive;
pub mod feed;
pub mod sitemap;
pub mod urls;
