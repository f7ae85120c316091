//! Article language: the declared one (`<html lang>`, og:locale, JSON-LD
//! inLanguage) reduced to its primary subtag, else detected from the text.

/// Primary subtag, lowercase, of a language tag (`en-US` -> `en`, `pt_BR` -> `pt`).
pub fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let valid = (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase());
    (valid && primary != "und" && primary != "mul").then_some(primary)
}

/// True for a character of a script that writes a word in one or two
/// characters (Chinese, Japanese, Korean): its lines are short for what
/// they say.
pub fn is_dense_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' // Han
    ) || is_hangul(c)
}

/// True for a letter of a script written without spaces between words:
/// Chinese, Japanese, Korean syllables, Thai, Lao, Khmer and Burmese.
pub fn is_unspaced_script(c: char) -> bool {
    is_dense_script(c)
        || matches!(c,
            '\u{0e00}'..='\u{0eff}' // Thai, Lao
            | '\u{1000}'..='\u{109f}' // Myanmar
            | '\u{1780}'..='\u{17ff}' // Khmer
        )
}

/// True for a character of a word: a letter or digit, or a mark combined
/// with the letter before it (Thai tone marks, Devanagari's virama,
/// decomposed accents), which Unicode does not count as alphabetic.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036f}' // combining diacritics
        | '\u{0483}'..='\u{0489}' // Cyrillic
        | '\u{0591}'..='\u{05c7}' // Hebrew points
        | '\u{0610}'..='\u{061a}' | '\u{064b}'..='\u{065f}' | '\u{0670}' | '\u{06d6}'..='\u{06ed}' // Arabic
        | '\u{0900}'..='\u{0963}' | '\u{0966}'..='\u{0dff}' // Indic signs, without the danda
        | '\u{0e31}'..='\u{0e3a}' | '\u{0e47}'..='\u{0e4e}' // Thai
        | '\u{0eb1}'..='\u{0ecd}' // Lao
        | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}'
        | '\u{3099}'..='\u{309a}' // kana voicing marks
    )
}

/// True for a Hangul syllable (Korean).
pub fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// True for a letter that can begin a name: a capital, or any letter of a
/// script without case (Arabic, Devanagari, CJK), which writes names so.
pub fn is_capital_letter(c: char) -> bool {
    c.is_uppercase() || c.is_alphabetic() && !c.is_lowercase()
}

/// Detects the language of `text` (ISO 639-1 where one exists).
pub fn detect(text: &str) -> Option<String> {
    // A few thousand characters are plenty and keep detection fast.
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() && sample.chars().count() < 200 {
        return None;
    }
    Some(iso639_1(info.lang().code()).to_string())
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1 (unknown ones stay 3-letter).
fn iso639_1(code: &str) -> &str {
    match code {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "dan" => "da",
        "swe" => "sv",
        "nob" => "nb",
        "fin" => "fi",
        "isl" => "is",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ron" => "ro",
        "hun" => "hu",
        "ell" => "el",
        "tur" => "tr",
        "rus" => "ru",
        "ukr" => "uk",
        "bel" => "be",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "ara" => "ar",
        "heb" => "he",
        "pes" => "fa",
        "urd" => "ur",
        "hin" => "hi",
        "ben" => "bn",
        "tam" => "ta",
        "tel" => "te",
        "mar" => "mr",
        "guj" => "gu",
        "pan" => "pa",
        "kan" => "kn",
        "mal" => "ml",
        "tha" => "th",
        "vie" => "vi",
        "ind" => "id",
        "msa" | "zsm" => "ms",
        "tgl" => "tl",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "swh" | "swa" => "sw",
        "afr" => "af",
        "epo" => "eo",
        "cat" => "ca",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "kaz" => "kk",
        "uzb" => "uz",
        "yid" => "yi",
        "lat" => "la",
        "zul" => "zu",
        "xho" => "xh",
        "sna" => "sn",
        "yor" => "yo",
        "amh" => "am",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "mya" => "my",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtags_and_detection() {
        assert_eq!(primary_subtag("en-US").as_deref(), Some("en"));
        assert_eq!(primary_subtag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(primary_subtag("").as_deref(), None);
        assert_eq!(
            detect("Der Name Golf von Mexiko ist ein Erbe des europäischen Imperialismus und wurde umbenannt.").as_deref(),
            Some("de")
        );
    }
}
