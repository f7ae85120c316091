//! Fuzzes `newsclip::extract::extract` with arbitrary bytes read as a page
//! (lossy UTF-8, like a page whose charset lies). The extractor must never
//! panic, overflow the stack or hang; libFuzzer's -timeout catches the last.
//!
//!   cargo +nightly fuzz run extract -- -max_total_time=600 -timeout=10
#![no_main]

use libfuzzer_sys::fuzz_target;
use url::Url;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let base = Url::parse("https://news.example/2024/11/16/article.html").expect("static URL");
    let article = newsclip::extract::extract(&html, &base);
    // Rendering the output must not fail either.
    for f in article.lead.iter().chain(article.figures.iter()) {
        let _ = f.to_markdown();
    }
});
