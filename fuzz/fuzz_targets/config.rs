//! Fuzzes configuration loading: any text either loads or is refused with an
//! error that names a position; it never panics.
//!
//!   cargo +nightly fuzz run config -- -max_total_time=300 -timeout=10
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(e) = newsclip::config::Config::parse(&text, Path::new("fuzz.yaml")) {
        assert!(e.to_string().starts_with("fuzz.yaml:"), "{e}");
    }
});
