//! Identity: which URL an article is known by, and the code it is filed under.
//!
//! The canonical URL is what dedupes an article across feeds and runs, and
//! the string its code is hashed from, so it must be stable: the publisher's
//! own `rel=canonical`/og:url when it stays on the same site, else the final
//! URL of the fetch, normalised (no fragment, default port or tracking tags).

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use url::Url;

/// Crockford's base32 alphabet: no I, L, O, U, so codes survive being read aloud.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Query parameters that only say how a reader arrived, never what they read.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "mkt_tok",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "ocid",
    "cmpid",
    "smid",
    "ito",
    "sr_share",
    "ns_mchannel",
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "spm",
];

fn is_tracking_param(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
}

/// `url` without fragment, default port or tracking parameters; scheme and host
/// are already lowercase once parsed by `url`.
pub fn normalize_url(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    if url.port() == default_port(url.scheme()) {
        let _ = url.set_port(None);
    }
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !is_tracking_param(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else if kept.len() != url.query_pairs().count() {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    url
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

/// The canonical URL of a page fetched from `final_url` that declares `declared`.
pub fn canonical_url(final_url: &Url, declared: Option<&str>) -> Url {
    let trusted = declared
        .and_then(|d| final_url.join(d.trim()).ok())
        .filter(|d| matches!(d.scheme(), "http" | "https"))
        .filter(|d| same_site(d, final_url));
    normalize_url(trusted.as_ref().unwrap_or(final_url))
}

/// Whether two URLs belong to one site: same host once `www.` is dropped, or
/// one host a subdomain of the other (amp., m., edition. variants).
fn same_site(a: &Url, b: &Url) -> bool {
    let (Some(a), Some(b)) = (a.host_str(), b.host_str()) else {
        return false;
    };
    let strip = |h: &str| h.strip_prefix("www.").unwrap_or(h).to_string();
    let (a, b) = (strip(a), strip(b));
    a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"))
}

/// The article code: `prefix` + UTC publication time as `yyMMddHHmm` + six
/// Crockford base32 characters from the first 30 bits of SHA-256(canonical URL).
pub fn article_code(prefix: &str, published: DateTime<Utc>, canonical: &str) -> String {
    let digest = Sha256::digest(canonical.as_bytes());
    let bits = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) >> 2;
    let hash: String = (0..6)
        .map(|i| CROCKFORD[((bits >> (25 - 5 * i)) & 31) as usize] as char)
        .collect();
    format!("{prefix}{}{hash}", published.format("%y%m%d%H%M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn code_has_prefix_minute_and_hash() {
        let t = Utc.with_ymd_and_hms(2024, 11, 16, 11, 56, 11).unwrap();
        let u =
            "https://www.bangkokpost.com/world/2903296/iran-told-us-its-not-trying-to-kill-trump";
        // The hash part was computed independently (Python: sha256, first 30 bits, Crockford).
        assert_eq!(article_code("ART", t, u), "ART24111611566H2BPX");
        assert_eq!(article_code("BKK", t, u), "BKK24111611566H2BPX");
    }

    #[test]
    fn normalisation_drops_tracking_fragment_and_default_port() {
        let u = url("HTTPS://Example.COM:443/a/b?utm_source=x&id=7&fbclid=y#top");
        assert_eq!(normalize_url(&u).as_str(), "https://example.com/a/b?id=7");
        let u = url("http://example.com:80/a?utm_medium=rss");
        assert_eq!(normalize_url(&u).as_str(), "http://example.com/a");
        let u = url("http://example.com:8080/a?b=1&a=2");
        assert_eq!(
            normalize_url(&u).as_str(),
            "http://example.com:8080/a?b=1&a=2"
        );
    }

    #[test]
    fn canonical_is_trusted_only_on_the_same_site() {
        let page = url("https://m.example.com/story/1?utm_source=feed");
        assert_eq!(
            canonical_url(&page, Some("https://www.example.com/story/1")).as_str(),
            "https://www.example.com/story/1"
        );
        assert_eq!(
            canonical_url(&page, Some("/story/1#x")).as_str(),
            "https://m.example.com/story/1"
        );
        assert_eq!(
            canonical_url(&page, Some("https://aggregator.net/copy")).as_str(),
            "https://m.example.com/story/1"
        );
        assert_eq!(
            canonical_url(&page, None).as_str(),
            "https://m.example.com/story/1"
        );
    }
}
