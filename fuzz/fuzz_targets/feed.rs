//! Fuzzes feed parsing (RSS, Atom, JSON Feed) with arbitrary bytes: it must
//! never panic or hang, and every item it returns must be an absolute
//! http(s) URL.
//!
//!   cargo +nightly fuzz run feed -- -max_total_time=300 -timeout=10
#![no_main]

use libfuzzer_sys::fuzz_target;
use url::Url;

fuzz_target!(|data: &[u8]| {
    let base = Url::parse("https://news.example/feeds/world.xml").expect("static URL");
    if let Ok(items) = newsclip::discovery::feed::parse_feed(data, &base) {
        assert!(items.len() <= newsclip::discovery::feed::MAX_ITEMS_PER_FEED);
        for item in items {
            assert!(matches!(item.url.scheme(), "http" | "https"), "{}", item.url);
        }
    }
});
