//! Discovery: finding the article URLs a publisher offers (feeds today;
//! sitemaps and archives build on the same [`feed::FeedItem`]).

pub mod feed;
