//! Fuzzes the post's front-matter: whatever strings an article brings
//! (quotes, backslashes, newlines, control characters, YAML and Markdown
//! syntax), what is written must parse back to the same values.
//!
//!   cargo +nightly fuzz run front_matter -- -max_total_time=300
#![no_main]

use chrono::{TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use newsclip::store::post::Post;

fuzz_target!(|input: (String, String, String, String, String, Vec<String>, u32)| {
    let (title, description, category, image, origin, authors, seconds) = input;
    let post = Post {
        code: "ART2411161156PY1WBC".to_string(),
        origin_url: origin,
        image,
        title,
        description,
        category,
        language: "en".to_string(),
        date: Utc.timestamp_opt(i64::from(seconds), 0).single().expect("u32 seconds are valid"),
        authors,
        image_origin: String::new(),
        body: "# Title\n\nText.".to_string(),
    };
    let text = post.render();
    let back = Post::from_text(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(back, post, "{text}");
});
