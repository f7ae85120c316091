//! Turns the bytes of a page into text, whatever encoding the publisher used.
//!
//! Order of trust: a byte-order mark; then bytes that are valid UTF-8 are
//! UTF-8 (whatever the page claims: a wrong legacy declaration is far more
//! common than legacy text that happens to be valid UTF-8); then, as browsers
//! do, the charset of the HTTP `Content-Type`, then a `<meta charset>` /
//! `http-equiv` in the first kilobytes, then statistical detection
//! (chardetng). A page claiming UTF-8 that is not is re-detected. Invalid
//! sequences become U+FFFD rather than failing: a page with one bad byte is
//! still an article.

use encoding_rs::Encoding;

/// How far into the document a `<meta>` charset declaration is looked for.
const META_SCAN_BYTES: usize = 4096;

/// [`decode_html`] for bytes the caller gives away: valid UTF-8, the usual
/// case, becomes the string without a copy.
pub fn decode_html_owned(bytes: Vec<u8>, content_type: Option<&str>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) if Encoding::for_bom(text.as_bytes()).is_none() => text,
        Ok(text) => decode_html(text.as_bytes(), content_type),
        Err(e) => decode_html(e.as_bytes(), content_type),
    }
}

/// Decodes `bytes` to text, using `content_type` (the HTTP header value) if given.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((bom_encoding, _)) = Encoding::for_bom(bytes) {
        // `decode` strips the BOM and replaces malformed sequences.
        return bom_encoding.decode(bytes).0.into_owned();
    }
    // Valid UTF-8 is taken as is, whatever is declared: legacy-encoded text
    // is almost never valid UTF-8 beyond ASCII (where the two agree), and
    // this skips running the detector over every byte of a large page.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_string();
    }
    let declared = content_type
        .and_then(charset_of_content_type)
        .or_else(|| meta_charset(bytes));
    let Some(declared) = declared else {
        return detect(bytes).decode(bytes).0.into_owned();
    };
    let (text, _, had_errors) = declared.decode(bytes);
    // A page that claims UTF-8 but is not valid UTF-8 lies about its charset
    // (a CMS template saying utf-8 over legacy bytes): trust the bytes instead.
    if had_errors && declared == encoding_rs::UTF_8 {
        let detected = detect(bytes);
        if detected != encoding_rs::UTF_8 {
            return detected.decode(bytes).0.into_owned();
        }
    }
    text.into_owned()
}

/// The encoding named by a `charset=` parameter, if it is one encoding_rs knows.
fn charset_of_content_type(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(value.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

/// The encoding declared by `<meta charset=..>` or `<meta http-equiv content="..; charset=..">`.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let start = from + pos + b"charset".len();
        from = start;
        let rest = &lower[start..];
        let rest = skip_while(rest, |b| b.is_ascii_whitespace());
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = skip_while(rest, |b| b.is_ascii_whitespace() || b == b'"' || b == b'\'');
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':'))
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..end]) {
            // A page that declares UTF-16 in ASCII-compatible bytes is not UTF-16.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                },
            );
        }
    }
    None
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn skip_while(bytes: &[u8], pred: impl Fn(u8) -> bool) -> &[u8] {
    let n = bytes.iter().take_while(|&&b| pred(b)).count();
    &bytes[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_everything() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=\"iso-8859-1\">é".as_bytes());
        assert!(decode_html(&bytes, Some("text/html; charset=windows-1252")).ends_with('é'));
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_legacy_declaration() {
        let text = "<meta charset=\"iso-8859-1\"><p>Réforme générale</p>";
        assert_eq!(
            decode_html(text.as_bytes(), Some("text/html; charset=windows-1252")),
            text
        );
    }

    #[test]
    fn header_wins_over_meta() {
        let bytes = b"<meta charset=\"utf-8\">\xe9";
        assert!(decode_html(bytes, Some("text/html; charset=ISO-8859-1")).ends_with('é'));
    }

    #[test]
    fn meta_charset_is_read() {
        let bytes = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head>\xcf\xf0\xe8";
        assert!(decode_html(bytes, None).ends_with("При"));
    }

    #[test]
    fn undeclared_legacy_encoding_is_detected() {
        let text = "Le gouvernement a annoncé une réforme générale de l'éducation nationale pour la rentrée prochaine, très attendue.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode_html(&bytes, Some("text/html")), text);
    }

    #[test]
    fn lying_utf8_declaration_falls_back_to_detection() {
        let text = "<p>Le ministère a publié un décret général très attendu à la rentrée.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        assert_eq!(decode_html(&bytes, Some("text/html; charset=utf-8")), text);
    }

    #[test]
    fn invalid_bytes_are_never_fatal() {
        let bytes = b"<meta charset=utf-8>ok \xff\xfe end";
        let text = decode_html(bytes, None);
        assert!(text.starts_with("<meta charset=utf-8>ok ") && text.ends_with(" end"));
        let text = decode_html(b"\xef\xbb\xbfok \xff end", None);
        assert_eq!(text, "ok \u{FFFD} end");
    }
}
