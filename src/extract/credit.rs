//! Credits written into caption text. Publishers set a picture's credit in
//! its caption as often as in an element of its own: labelled (`Foto: X`,
//! `© X`, `사진 = X`) or by convention after the last sentence (`(AP)`,
//! `REUTERS/Name`, `Supplied`). Figures hand every caption here; what is
//! split off becomes the figure's credit, the rest stays its caption.

use std::sync::LazyLock;

use regex::Regex;

/// Words that label a photograph's credit or source, in the languages of
/// the press (a macro: `concat!` takes only literals).
macro_rules! photo_labels {
    () => {
        r"(?:image|photo|picture)\s+credits?|photos?|photograph(?:s|y|er)?|pictures?|images?|credits?|source|copyright|foto(?:s|grafie|grafía|ğraf|graf)?|bild(?:er)?|bildquelle|quelle|crédits?|crédito|credito|fuente|fonte|imagem|imagen|billede|bilde|zdjęcie|kuva|fotó|φωτό|φωτο(?:γραφία)?|фото|источник|isithombe|צילום|ảnh|ภาพ|사진(?:\s*출처)?|फोटो|फ़ोटो|तस्वीर|写真|照片|图片|圖片|摄影|الصورة|صورة"
    };
}

/// What follows a credit label before the name: `:`, `=` (either width),
/// `by`, `©`, `courtesy (of)`.
macro_rules! label_separator {
    () => {
        r"(?::|：|=|＝|by\s|©|courtesy\s+(?:of\s+)?)"
    };
}

/// What follows a credit label before the name (see `label_separator!`).
const LABEL_SEPARATOR: &str = label_separator!();

/// Words that label a picture credit: a photograph's, or an illustration's.
const CREDIT_LABELS: &str = concat!(photo_labels!(), r"|illustrations?|grafik|infografik");

/// A photograph's credit label at the start (`Foto:`, `Photo by`, `사진 =`,
/// `©`), as the credit's text carries it.
static PHOTO_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:(?:",
        photo_labels!(),
        r")\s*",
        label_separator!(),
        r"\s*|©\s*)"
    ))
    .expect("valid regex")
});

/// A credit written into the caption text: a trailing `(Photo: X)`,
/// `| Foto: X`, `Bild: X`, `© X`, or a caption that is only a credit.
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:\s*[|/·–—]\s*|\s+|[（(\[])[(\[]?\s*((?:{CREDIT_LABELS})\s*{LABEL_SEPARATOR}\s*[^()（）\[\]|:]{{1,80}}?|©\s*[^©()（）\[\]]{{1,80}}?)\s*[)\]）]?\s*$"
    ))
    .expect("valid regex")
});
static WHOLE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[(\[（]?\s*((?:{CREDIT_LABELS})\s*{LABEL_SEPARATOR}\s*[^()（）\[\]]{{1,80}}?|©\s*[^©()（）\[\]]{{1,80}}?)\s*[)\]）]?$"
    ))
    .expect("valid regex")
});

/// What both credit patterns above require: a label with its `:`/`©`/`by`,
/// or a `©`. Their bounded repetitions over Unicode classes make the full
/// patterns slow to run with captures (a hundred thousand instructions per
/// caption), and most captions carry no credit at all.
static CREDIT_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?:{CREDIT_LABELS})\s*{LABEL_SEPARATOR}|©")).expect("valid regex")
});

/// Splits a credit written into the caption's text from the caption: a
/// labelled one (`Foto: X`, `© X`) or one the press sets after the
/// caption's last sentence without a label (`(AP Photo/X)`, `Supplied`).
/// What separated the two (` /`, ` |`, ` -`) goes with the credit.
pub fn split_credit_text(caption: &str) -> (String, Option<String>) {
    let c = caption.trim();
    let (rest, credit) = match labelled_credit(c).or_else(|| closing_credit(c)) {
        Some((rest, credit)) => (rest, Some(credit.to_string())),
        None => (c, None),
    };
    (trim_separators(rest).to_string(), credit)
}

/// The credit as a name: without the brackets around it and without a
/// photograph's label (`(Foto: X)`, `Photo by X`, `© X` are all `X`), so
/// every post shows it the one way, `(Photo: X)`. Other labels say what the
/// picture is and stay (`Illustration: X`, `Courtesy of X`).
pub fn bare_credit(credit: &str) -> String {
    let mut c = unbracketed(without_screen_reader_label(credit.trim()));
    // "Foto: Bild: X", "Bild © X": a label may follow another.
    for _ in 0..2 {
        match PHOTO_LABEL.find(c) {
            Some(m) if m.end() < c.len() => c = unbracketed(c[m.end()..].trim()),
            _ => break,
        }
    }
    // "Beeld ANP", "Fot. Jan Kowalski": a label without punctuation.
    if let Some(m) = SPACED_PHOTO_LABEL.find(c) {
        if c[m.end()..].starts_with(super::language::is_capital_letter) {
            c = &c[m.end()..];
        }
    }
    // "TOI photo": the outlet is the credit.
    if let Some(outlet) = outlet_of_photo(c) {
        c = outlet;
    }
    c = without_file_label(c);
    if let Some(source) = korean_source(c) {
        c = source;
    }
    without_closing_period(c).to_string()
}

/// A credit without the full stop its caption's sentence left on it
/// ("Photo: Chukwuemeka Eze."), unless the stop ends an abbreviation
/// ("Getty Images Inc.", "J.").
fn without_closing_period(credit: &str) -> &str {
    let Some(rest) = credit.strip_suffix('.') else {
        return credit;
    };
    let last = rest.rsplit([' ', '.', '/']).next().unwrap_or(rest);
    let abbreviation = last.chars().count() <= 1 || CREDIT_ABBREVIATIONS.contains(&last);
    if abbreviation {
        credit
    } else {
        rest
    }
}

/// Words a credit may end with, abbreviated with a full stop.
const CREDIT_ABBREVIATIONS: [&str; 11] = [
    "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Bros", "St", "Bhd", "Zvg", "zvg",
];

/// The labels the BBC's sites set, hidden, before a picture's credit and
/// caption for screen readers ("Image source, Getty Images", "Image
/// caption, …"), in the languages of its World Service.
static SCREEN_READER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:image\s+(?:source|caption)|منبع\s+تصویر|توضیح\s+تصویر|مصدر\s+الصورة|التعليق\s+على\s+الصورة|تصویر\s+کا\s+ذریعہ|تصویر\s+کا\s+کیپشن|автор\s+фото|подпись\s+к\s+фото|фото\s+автора|підпис\s+до\s+фото|fuente\s+de\s+la\s+imagen|pie\s+de\s+foto|legenda\s+da\s+foto|fotoğraf\s+kaynağı|fotoğraf\s+altı\s+yazısı|इमेज\s+स्रोत|इमेज\s+कैप्शन|图像来源|图像加注文字)\s*[,،，:]\s*",
    )
    .expect("valid regex")
});

/// `text` without the screen-reader label it opens with ("Image caption, ").
pub fn without_screen_reader_label(text: &str) -> &str {
    SCREEN_READER_LABEL
        .find(text)
        .map_or(text, |m| &text[m.end()..])
}

/// Photo labels some presses set before the name with a space alone.
static SPACED_PHOTO_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:fot\.|beeld|foto)\s+").expect("valid regex"));

/// The text inside one pair of brackets enclosing all of it.
fn unbracketed(s: &str) -> &str {
    let inner = s
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
        .or_else(|| s.strip_prefix('（').and_then(|r| r.strip_suffix('）')))
        .or_else(|| s.strip_prefix('[').and_then(|r| r.strip_suffix(']')));
    match inner {
        // "(AP) Photo (Reuters)" is not one bracketed text.
        Some(i) if !i.contains([')', ']']) => i.trim(),
        _ => s,
    }
}

/// A credit with its label, or the whole caption when it is only that.
fn labelled_credit(c: &str) -> Option<(&str, &str)> {
    if !CREDIT_MARK.is_match(c) {
        return None;
    }
    if let Some(m) = WHOLE_CREDIT.captures(c) {
        return Some(("", m.get(1)?.as_str().trim()));
    }
    let m = TRAILING_CREDIT.captures(c)?;
    let rest = c[..m.get(0)?.start()].trim_end();
    let credit = m.get(1)?.as_str().trim();
    // A credit is labelled like a name plate ("Foto:", "©", "사진 ="), not a
    // phrase of the sentence ("the photo: ..."), and is short. After a
    // separator of its own ("… | foto: Michal Šula") a lower-case label is
    // one too.
    let separated = c[m.get(0)?.start()..]
        .trim_start()
        .starts_with(CREDIT_SEPARATORS);
    let plate = separated || credit.chars().next().is_some_and(|f| !f.is_lowercase());
    // Keep captions that would be left empty or as a lone word.
    (plate && credit.split_whitespace().count() <= 8 && has_words(rest)).then_some((rest, credit))
}

/// The credit conventions of the Japanese press: an agency after an equals
/// sign ("…大極殿＝共同"), a photographer's name before 撮影, "taken by"
/// ("…＝24日、奈良市、河野健一撮影", "…（中村大輝撮影）"), and a source
/// before 提供, "provided by" ("…の破片（奈良文化財研究所提供）"). The word
/// itself is the label.
fn japanese_credit(c: &str) -> Option<(&str, &str)> {
    let (before, credit) = if let Some(split) = bracketed_before(c, &["提供）", "撮影）"]) {
        split
    } else if let Some(taken) = c.strip_suffix("撮影") {
        let sep = taken.rfind(['、', '＝'])?;
        let sep_len = taken[sep..].chars().next()?.len_utf8();
        (&taken[..sep], &taken[sep + sep_len..])
    } else {
        let (before, agency) = c.rsplit_once('＝')?;
        if !is_news_agency(agency.trim()) {
            return None;
        }
        (before, agency)
    };
    short_name_credit(before, credit)
}

/// The caption before the full-width brackets that close it with a name
/// and one of `marks` ("…の破片（奈良文化財研究所提供）"), and that name.
fn bracketed_before<'a>(c: &'a str, marks: &[&str]) -> Option<(&'a str, &'a str)> {
    let inside = marks.iter().find_map(|mark| c.strip_suffix(mark))?;
    let open = inside.rfind('（')?;
    Some((&c[..open], &inside[open + '（'.len_utf8()..]))
}

/// The caption and its credit when the credit is a name of at most
/// `JAPANESE_CREDIT_MAX_CHARS` and the caption still says something.
fn short_name_credit<'a>(before: &'a str, name: &'a str) -> Option<(&'a str, &'a str)> {
    let name = name.trim();
    ((1..=JAPANESE_CREDIT_MAX_CHARS).contains(&name.chars().count()) && has_words(before))
        .then(|| (before.trim_end(), name))
}

/// The Chinese press's credit after the caption's last sentence: a name
/// before 图 ("picture"), 供图 ("picture provided") or 摄 ("taken"):
/// "…古井井圈。 澎湃新闻记者 陈思远 图", "…残片。 受访者供图"; or in
/// brackets, a reporter's name before 攝 ("…工地。（記者林宜萱攝）"), the
/// title 記者 ("reporter") dropped as in bylines.
fn chinese_credit(c: &str) -> Option<(&str, &str)> {
    if let Some((before, taker)) = bracketed_before(c, &["攝）", "摄）"]) {
        let name = ["記者", "记者"]
            .iter()
            .find_map(|title| taker.strip_prefix(title))
            .unwrap_or(taker);
        return short_name_credit(before, name);
    }
    let end = c.rfind('。')? + '。'.len_utf8();
    let last = c[end..].trim();
    let name = ["供图", " 图", "摄"]
        .iter()
        .find_map(|label| last.strip_suffix(label))?
        .trim();
    (!name.is_empty()).then(|| (&c[..end], name))
}

/// Longest name (in characters) read as a Japanese credit.
const JAPANESE_CREDIT_MAX_CHARS: usize = 20;

/// An unlabelled credit after the caption's last sentence: a bracketed
/// name (`(AP)`, `(AP Photo/Alex Brandon)`, `(NASA via AP, File)`), an
/// agency's `REUTERS/Name`, a source word (`Supplied`, `Handout`), or a
/// line holding an e-mail address (a photographer's contact).
fn closing_credit(c: &str) -> Option<(&str, &str)> {
    if let Some(split) = chinese_credit(c)
        .or_else(|| japanese_credit(c))
        .or_else(|| korean_slash_credit(c))
    {
        return Some(split);
    }
    // Square brackets close a caption only with an editor's note, which
    // on Al Jazeera's and Yonhap's pages is the credit ("[File: Mohamed
    // Azakir/Reuters]", "[연합뉴스 자료사진]").
    if let Some(open) = c.strip_suffix(']').and_then(|s| s.rfind('[')) {
        let before = c[..open].trim_end();
        let inner = c[open + 1..c.len() - 1].trim();
        return (has_words(before) && is_noted_credit(inner)).then_some((before, inner));
    }
    if let Some(open) = c.strip_suffix(')').and_then(|s| s.rfind('(')) {
        let before = c[..open].trim_end();
        let inner = c[open + 1..c.len() - 1].trim();
        // A name the sentence already holds is its place or subject
        // ("... in Jerusalem, May 21. (Jerusalem)"), not who took the picture.
        let repeated = before.contains(inner);
        let credit = ends_sentence(before) && is_credit_name(inner)
            || is_news_agency(inner)
            || is_agency_slash(inner)
            || outlet_of_photo(inner).is_some();
        return (credit && !repeated && has_words(before)).then_some((before, inner));
    }
    for phrase in SOURCE_PHOTO_PHRASES {
        // "Christopher Battin Submitted photo": a capitalised phrase of its own.
        if let Some(rest) = c.strip_suffix(phrase) {
            if rest.ends_with(char::is_whitespace) && rest.split_whitespace().count() >= 2 {
                return Some((rest.trim_end(), &c[rest.len()..]));
            }
        }
    }
    let (before, last) = last_sentence(c)?;
    let credit = last.trim_end_matches('.');
    // "… in Sakhi Hasan. — Dawn/File": a name after a dash.
    if let Some(name) = credit.strip_prefix(['—', '–']).map(str::trim_start) {
        return (is_credit_name(name) || is_agency_slash(name)).then_some((before, name));
    }
    (is_source_word(credit)
        || is_provided_by(credit)
        || is_agency_slash(credit)
        || is_name_slash_outlet(credit)
        || holds_email(credit))
    .then_some((before, credit))
}

/// The Korean press's credit after a slash that follows the caption's
/// last sentence ("…이륙하고 있다. /연합뉴스", "… /정민우 기자").
fn korean_slash_credit(c: &str) -> Option<(&str, &str)> {
    let (before, credit) = c.rsplit_once(" /")?;
    // The reporter's title goes, as in bylines.
    let credit = credit.trim();
    let credit = credit.strip_suffix("기자").map_or(credit, str::trim_end);
    let closes_sentence = before.ends_with(['.', '다']);
    let short = (1..=KOREAN_SLASH_CREDIT_WORDS).contains(&credit.split_whitespace().count())
        && !credit.contains('/');
    (closes_sentence && short && before.chars().any(super::language::is_hangul))
        .then_some((before, credit))
}

/// Most words in a Korean slash credit ("그래픽=김현국", "정민우 기자").
const KOREAN_SLASH_CREDIT_WORDS: usize = 3;

/// Phrases opening a credit to whoever supplied the picture.
const PROVIDED_BY: [&str; 5] = [
    "Provided by ",
    "Courtesy of ",
    "Courtesy ",
    "Photo courtesy of ",
    "Photo provided by ",
];

/// `Provided by the Kostopoulos family`, `Courtesy of the museum`.
fn is_provided_by(s: &str) -> bool {
    PROVIDED_BY.iter().any(|p| s.starts_with(p)) && s.split_whitespace().count() <= MAX_CREDIT_WORDS
}

/// A credit in an editor's note closing the caption: a name or agency,
/// perhaps labelled a file picture ("File: Mohamed Azakir/Reuters"), or a
/// Korean source note ("통계청 제공", "연합뉴스 자료사진").
fn is_noted_credit(note: &str) -> bool {
    let name = without_file_label(note);
    is_credit_name(name)
        || is_agency_slash(name)
        || is_news_agency(name)
        || korean_source(name).is_some()
}

/// Labels saying a picture is from the archive, before its credit.
const FILE_LABELS: [&str; 3] = ["File:", "File photo:", "Archive:"];

/// A credit without the label saying it is a file picture.
fn without_file_label(credit: &str) -> &str {
    FILE_LABELS
        .iter()
        .find_map(|label| {
            credit
                .get(..label.len())
                .filter(|head| head.eq_ignore_ascii_case(label))
                .map(|_| credit[label.len()..].trim_start())
        })
        .filter(|name| !name.is_empty())
        .unwrap_or(credit)
}

/// The source a Korean note names: who provided the picture ("통계청 제공.
/// 재판매 및 DB 금지": provided by Statistics Korea, no resale; "사진
/// 제공=통계청") or whose archive it is from ("연합뉴스 자료사진").
fn korean_source(note: &str) -> Option<&str> {
    let name = match note.split_once("제공") {
        Some((before, after)) => after
            .trim_start()
            .strip_prefix(['=', '＝', ':'])
            .unwrap_or(before),
        None => note
            .strip_suffix("자료사진")
            .or_else(|| note.strip_suffix("자료 사진"))?,
    };
    let name = name.trim();
    (!name.is_empty() && name.chars().any(super::language::is_hangul)).then_some(name)
}

/// `Hannah Okafor / Meridian`, `Jane Doe/Getty Images`: a photographer's
/// name and the outlet, set after the caption's last sentence.
fn is_name_slash_outlet(s: &str) -> bool {
    s.split_once('/').is_some_and(|(name, outlet)| {
        let (name, outlet) = (name.trim(), outlet.trim());
        name.split_whitespace().count() >= 2
            && is_credit_name(name)
            && is_credit_name(outlet)
            && s.split_whitespace().count() <= MAX_CREDIT_WORDS
    })
}

/// True when a caption left without its credit still says something: two
/// words, or in a script written without spaces (Japanese, Chinese, Thai)
/// four characters.
fn has_words(caption: &str) -> bool {
    caption.split_whitespace().count() >= 2
        || caption
            .chars()
            .filter(|c| super::language::is_unspaced_script(*c))
            .count()
            >= 4
}

/// News agencies whose name alone in brackets credits a picture, also
/// after a caption that ends no sentence ("... in Suez (رويترز)").
const NEWS_AGENCIES: [&str; 45] = [
    "ap",
    "afp",
    "reuters",
    "dpa",
    "epa",
    "ansa",
    "efe",
    "xinhua",
    "kyodo",
    "yonhap",
    "pti",
    "ani",
    "ians",
    "anadolu",
    "getty images",
    "rtr",
    "رويترز",
    "الفرنسية",
    "الأناضول",
    "وكالات",
    "共同",
    "共同通信",
    "時事",
    "時事通信",
    "ロイター",
    "AFP時事",
    "新华社",
    "연합뉴스",
    "aa",
    "dha",
    "iha",
    "pap",
    "ctk",
    "tass",
    "anp",
    "belga",
    "apa",
    "ntb",
    "tt",
    "ritzau",
    "lusa",
    "europa press",
    "keystone",
    "eurokinissi",
    "ape-mpe",
];

fn is_news_agency(name: &str) -> bool {
    NEWS_AGENCIES.iter().any(|a| name.eq_ignore_ascii_case(a))
}

/// Words with which the press credits a picture it did not take.
const SOURCE_WORDS: [&str; 6] = [
    "Supplied",
    "Submitted",
    "Handout",
    "Contributed",
    "Courtesy",
    "File",
];

/// Source words as a phrase ending a caption of a name.
const SOURCE_PHOTO_PHRASES: [&str; 5] = [
    "Supplied photo",
    "Submitted photo",
    "Handout photo",
    "Contributed photo",
    "File photo",
];

fn is_source_word(s: &str) -> bool {
    SOURCE_WORDS.contains(&s) || SOURCE_PHOTO_PHRASES.contains(&s)
}

/// Most words of the outlet in "(TOI photo)".
const OUTLET_PHOTO_MAX_WORDS: usize = 3;

/// The outlet of a credit written as "TOI photo" or "Reuters Photos": one
/// to three capitalised words before "photo". "File photo" says what the
/// picture is, not whose.
fn outlet_of_photo(s: &str) -> Option<&str> {
    let (outlet, last) = s.rsplit_once(' ')?;
    let outlet = outlet.trim_end();
    let words: Vec<&str> = outlet.split_whitespace().collect();
    let is_photo = ["photo", "photos"]
        .iter()
        .any(|word| last.eq_ignore_ascii_case(word));
    (is_photo
        && (1..=OUTLET_PHOTO_MAX_WORDS).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(super::language::is_capital_letter))
        && !is_source_word(s))
    .then_some(outlet)
}

/// `REUTERS/Brendan McDermid`, `AFP/Getty Images`: an agency in capitals, a slash.
fn is_agency_slash(s: &str) -> bool {
    let Some((agency, rest)) = s.split_once('/') else {
        return false;
    };
    agency.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && agency.chars().all(|c| c.is_uppercase() || c == ' ')
        && !rest.trim().is_empty()
        && s.split_whitespace().count() <= MAX_CREDIT_WORDS
}

fn holds_email(s: &str) -> bool {
    s.split_whitespace().count() <= 2 * MAX_CREDIT_WORDS
        && s.split_whitespace().any(super::dom::is_email_address)
}

/// Most words of an unlabelled credit.
const MAX_CREDIT_WORDS: usize = 8;

/// Lower-case words a credit's name may hold (`NASA via AP, File`, `AFP file photo`).
const CREDIT_CONNECTORS: [&str; 20] = [
    "via", "and", "&", "of", "for", "de", "del", "da", "do", "di", "du", "von", "van", "der",
    "den", "le", "la", "file", "photo", "staff",
];

/// What publishers note in brackets about a picture rather than who took
/// it ("(Archivbild)": an archive picture).
const PICTURE_NOTES: [&str; 14] = [
    "archivbild",
    "archivfoto",
    "archiv",
    "archive",
    "symbolbild",
    "symbolfoto",
    "file",
    "illustration",
    "montage",
    "fotomontage",
    "collage",
    "screenshot",
    "video",
    "photo",
];

/// A bracketed name that credits a picture: capitalised words (a name, an
/// agency, `AP Photo/X`), short, not a sentence, not a note about the picture.
fn is_credit_name(inner: &str) -> bool {
    let words: Vec<&str> = inner.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let capitalised = |w: &str| w.starts_with(super::language::is_capital_letter);
    words.len() <= MAX_CREDIT_WORDS
        && capitalised(first)
        && !PICTURE_NOTES.contains(&first.to_lowercase().as_str())
        && !inner.ends_with(['.', '!', '?', ':', ';'])
        && words.iter().skip(1).all(|w| {
            capitalised(w)
                || w.contains('/')
                || w.starts_with(|c: char| c.is_ascii_digit())
                || CREDIT_CONNECTORS.contains(&w.trim_end_matches(',').to_lowercase().as_str())
        })
}

/// True when `text` ends a sentence (so what follows is not part of it).
pub fn ends_sentence(text: &str) -> bool {
    text.split_whitespace().count() >= 2
        && text.ends_with(['.', '!', '?', '…', '"', '”', '»', '\'', '’'])
}

/// The caption up to its last sentence end, and the last sentence.
fn last_sentence(c: &str) -> Option<(&str, &str)> {
    let end = c
        .char_indices()
        .rev()
        .find(|&(i, ch)| {
            matches!(ch, '.' | '!' | '?') && c[i + 1..].starts_with(char::is_whitespace)
        })
        .map(|(i, _)| i + 1)?;
    let (before, last) = (&c[..end], c[end..].trim());
    (before.split_whitespace().count() >= 2 && !last.is_empty()).then_some((before, last))
}

/// What the press sets between a caption and its credit.
const CREDIT_SEPARATORS: [char; 6] = ['|', '/', '·', '-', '–', '—'];

/// Strips what separated a credit from its caption (` /`, ` |`, ` -`).
fn trim_separators(caption: &str) -> &str {
    let mut c = caption.trim_end();
    while let Some(rest) = c.strip_suffix(CREDIT_SEPARATORS) {
        if !rest.ends_with(char::is_whitespace) {
            break;
        }
        c = rest.trim_end();
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The caption and the credit split off it ("" for none).
    fn split(s: &str) -> (String, String) {
        let (c, k) = split_credit_text(s);
        (c, k.unwrap_or_default())
    }

    /// The same, the credit as a bare name.
    fn split_bare(s: &str) -> (String, String) {
        let (c, k) = split_credit_text(s);
        (c, k.map(|k| bare_credit(&k)).unwrap_or_default())
    }

    fn pair(c: &str, k: &str) -> (String, String) {
        (c.to_string(), k.to_string())
    }

    #[test]
    fn credits_written_into_captions_are_split_off() {
        assert_eq!(
            split("Image Credits: Strava"),
            ("".into(), "Image Credits: Strava".into())
        );
        assert_eq!(
            split("Rejoice Ndlovu. Isithombe: Sithunyelwe"),
            ("Rejoice Ndlovu.".into(), "Isithombe: Sithunyelwe".into())
        );
        assert_eq!(
            split("Black Rod walks through the Royal Gallery (Picture: PA)"),
            (
                "Black Rod walks through the Royal Gallery".into(),
                "Picture: PA".into()
            )
        );
        assert_eq!(
            split("Spontane Tanzeinlage des Publikums | Bild: Eva Kirchner-Rätsch/rbb"),
            (
                "Spontane Tanzeinlage des Publikums".into(),
                "Bild: Eva Kirchner-Rätsch/rbb".into()
            )
        );
        assert_eq!(
            split("Geballte Faust in den Wind Foto: Editpress/Fabrizio Pizzolante"),
            (
                "Geballte Faust in den Wind".into(),
                "Foto: Editpress/Fabrizio Pizzolante".into()
            )
        );
        assert_eq!(
            split("Bereit für den Kampf: Fury und Usyk. © Zac Goodwin"),
            (
                "Bereit für den Kampf: Fury und Usyk.".into(),
                "© Zac Goodwin".into()
            )
        );
        assert_eq!(
            split("Quelle: Infografik WELT"),
            (String::new(), "Quelle: Infografik WELT".into())
        );
        // A caption that merely mentions a photo keeps its words.
        assert_eq!(
            split("Her father took the photo: a family on the beach in 1981"),
            (
                "Her father took the photo: a family on the beach in 1981".into(),
                String::new()
            )
        );
    }

    #[test]
    fn a_credit_loses_the_full_stop_of_its_sentence_not_of_an_abbreviation() {
        assert_eq!(bare_credit("Photo: Chukwuemeka Eze."), "Chukwuemeka Eze");
        assert_eq!(bare_credit("Miles Lilley."), "Miles Lilley");
        assert_eq!(bare_credit("Getty Images Inc."), "Getty Images Inc.");
        assert_eq!(bare_credit("Zvg."), "Zvg.");
        assert_eq!(bare_credit("Photo: John M."), "John M.");
    }

    #[test]
    fn an_outlets_photo_in_brackets_is_credited_to_the_outlet() {
        assert_eq!(
            split_bare("A model recharge pit near the office (TOI photo)"),
            pair("A model recharge pit near the office", "TOI")
        );
        assert_eq!(
            split_bare("Crowds at the rally (Reuters Photos)"),
            pair("Crowds at the rally", "Reuters")
        );
        // What the picture is, or no one, is no credit.
        for caption in ["A dog in a park (File photo)", "Kids in the snow (photo)"] {
            assert_eq!(split_bare(caption), pair(caption, ""), "{caption}");
        }
    }

    #[test]
    fn korean_credits_after_a_slash_are_split_off() {
        assert_eq!(
            split("드론이 비금도를 향해 이륙하고 있다. /연합뉴스"),
            pair("드론이 비금도를 향해 이륙하고 있다.", "연합뉴스")
        );
        assert_eq!(
            split("주민이 상자를 받고 있다 /정민우 기자"),
            pair("주민이 상자를 받고 있다", "정민우")
        );
        // A slash inside a sentence, or in a caption in another script, is no credit.
        assert_eq!(split("서울 /부산 노선"), pair("서울 /부산 노선", ""));
        assert_eq!(
            split("Trains resume. /Metro"),
            pair("Trains resume. /Metro", "")
        );
    }

    #[test]
    fn japanese_credit_conventions_are_split_off() {
        assert_eq!(
            split("報道陣に公開された発掘現場。奥は復元された第一次大極殿＝共同"),
            pair(
                "報道陣に公開された発掘現場。奥は復元された第一次大極殿",
                "共同"
            )
        );
        assert_eq!(
            split("見つかった柱穴跡＝2026年11月24日午前、奈良市、河野健一撮影"),
            pair("見つかった柱穴跡＝2026年11月24日午前、奈良市", "河野健一")
        );
        assert_eq!(
            split("出土した緑釉陶器の破片（奈良文化財研究所提供）"),
            pair("出土した緑釉陶器の破片", "奈良文化財研究所")
        );
        // The Chinese press: a name before 图, 供图 or 摄.
        assert_eq!(
            split("3月4日，施工现场发现的古井井圈。 澎湃新闻记者 陈思远 图"),
            pair("3月4日，施工现场发现的古井井圈。", "澎湃新闻记者 陈思远")
        );
        assert_eq!(
            split("古井中清理出的青花瓷残片。 受访者供图"),
            pair("古井中清理出的青花瓷残片。", "受访者")
        );
        assert_eq!(
            split("現状を説明する高橋誠室長＝2月28日、盛岡市内丸（中村大輝撮影）"),
            pair("現状を説明する高橋誠室長＝2月28日、盛岡市内丸", "中村大輝")
        );
        // An equals sign before a date or a place is no credit.
        assert_eq!(
            split("見つかった柱穴跡＝24日、奈良市"),
            pair("見つかった柱穴跡＝24日、奈良市", "")
        );
    }

    #[test]
    fn labels_and_credits_of_more_presses_are_read() {
        assert_eq!(
            split_bare("שרידי מבנה המגורים שבו התגלה החותם (צילום: יולי טוביה)"),
            pair("שרידי מבנה המגורים שבו התגלה החותם", "יולי טוביה")
        );
        assert_eq!(
            split_bare("นักเรียนสวมหน้ากากอนามัยระหว่างเดินทางกลับบ้าน ภาพ: สพป.เชียงใหม่ เขต 1"),
            pair(
                "นักเรียนสวมหน้ากากอนามัยระหว่างเดินทางกลับบ้าน",
                "สพป.เชียงใหม่ เขต 1"
            )
        );
        assert_eq!(
            split_bare("Balon sepetleri kalkış alanında bekletiliyor (Fotoğraf: DHA)"),
            pair("Balon sepetleri kalkış alanında bekletiliyor", "DHA")
        );
        // An agency and its photographer in brackets, after no sentence end.
        assert_eq!(
            split_bare(
                "Συνεργεία της ΕΥΔΑΠ στη σήραγγα του Ευήνου (EUROKINISSI/ΓΙΑΝΝΗΣ ΚΑΡΑΓΙΑΝΝΗΣ)"
            ),
            pair(
                "Συνεργεία της ΕΥΔΑΠ στη σήραγγα του Ευήνου",
                "EUROKINISSI/ΓΙΑΝΝΗΣ ΚΑΡΑΓΙΑΝΝΗΣ"
            )
        );
        // A photographer and outlet joined by a bare slash, and a supplier.
        assert_eq!(
            split_bare("Helen pours coffee at the diner on Tuesday. Colin Ferris/Rochester Democrat and Chronicle"),
            pair(
                "Helen pours coffee at the diner on Tuesday.",
                "Colin Ferris/Rochester Democrat and Chronicle"
            )
        );
        assert_eq!(
            split_bare(
                "The diner in an undated photo from the 1950s. Provided by the Kostopoulos family"
            ),
            pair(
                "The diner in an undated photo from the 1950s.",
                "Provided by the Kostopoulos family"
            )
        );
        // Labels set with a space alone.
        assert_eq!(bare_credit("Beeld ANP"), "ANP");
        assert_eq!(
            bare_credit("Fot. Piotr Gadomski / PAP"),
            "Piotr Gadomski / PAP"
        );
        assert_eq!(bare_credit("Foto ANP"), "ANP");
        assert_eq!(bare_credit("Fotostudio Klein"), "Fotostudio Klein");
    }

    #[test]
    fn credits_set_after_the_last_sentence_are_split_off() {
        assert_eq!(
            split("Harris waves in Pittsburgh. (AP Photo/Jacquelyn Martin)"),
            pair("Harris waves in Pittsburgh.", "AP Photo/Jacquelyn Martin")
        );
        assert_eq!(
            split("An astronaut on a space walk. (NASA via AP, File)"),
            pair("An astronaut on a space walk.", "NASA via AP, File")
        );
        assert_eq!(
            split("Court documents have been released. (AP)"),
            pair("Court documents have been released.", "AP")
        );
        assert_eq!(
            split("Traders work on the floor in New York. REUTERS/Brendan McDermid"),
            pair(
                "Traders work on the floor in New York.",
                "REUTERS/Brendan McDermid"
            )
        );
        assert_eq!(
            split("The golf course was restored. Supplied"),
            pair("The golf course was restored.", "Supplied")
        );
        assert_eq!(
            split("Christopher Battin Submitted photo"),
            pair("Christopher Battin", "Submitted photo")
        );
        assert_eq!(
            split("The lodge is open again. Lodge: Jacob Sjöman, jacob@example.com"),
            pair(
                "The lodge is open again.",
                "Lodge: Jacob Sjöman, jacob@example.com"
            )
        );
        assert_eq!(
            split("Polizei am Strommast in Johannisthal. © dpa | Jens Kalaene"),
            pair(
                "Polizei am Strommast in Johannisthal.",
                "© dpa | Jens Kalaene"
            )
        );
        assert_eq!(
            split("기념 촬영을 하는 당선인 모습. [사진 출처 = 연합뉴스]"),
            pair("기념 촬영을 하는 당선인 모습.", "사진 출처 = 연합뉴스")
        );
        assert_eq!(
            split("A heat pump outside a home in Bangor. Hannah Okafor / Meridian"),
            pair(
                "A heat pump outside a home in Bangor.",
                "Hannah Okafor / Meridian"
            )
        );
        // Scripts without case or spaces: an agency in brackets, a label.
        assert_eq!(
            split("عامل يراقب خطوط الضخ في المحطة الجديدة (الأناضول)"),
            pair("عامل يراقب خطوط الضخ في المحطة الجديدة", "الأناضول")
        );
        assert_eq!(
            split("発掘調査の成果を説明する研究員（写真：共同通信）"),
            pair("発掘調査の成果を説明する研究員", "写真：共同通信")
        );
        assert_eq!(
            split("इंडिया गेट पर छाया स्मॉग - फोटो : पीटीआई"),
            pair("इंडिया गेट पर छाया स्मॉग", "फोटो : पीटीआई")
        );
        // A place in brackets after a caption that ends no sentence stays.
        assert_eq!(
            split("Protesters gather outside the court (Jerusalem)"),
            pair("Protesters gather outside the court (Jerusalem)", "")
        );
        // A sentence with a slash is no credit.
        assert_eq!(
            split("The route runs north. Trains run every 10 minutes / hour"),
            pair(
                "The route runs north. Trains run every 10 minutes / hour",
                ""
            )
        );
    }

    #[test]
    fn brackets_that_are_part_of_the_caption_stay() {
        for caption in [
            "Steffen Kauert erklärt die Folgen der Hitze. (Archivbild)",
            "Mario Voigt (CDU) und Björn Höcke (AfD)",
            "Zelensky (left) may be forced to fire Syrsky (right)",
            "The map shows the storm's path. (Source data in the table below.)",
            "Quantumscape – Präsentation (1:24:10)",
            "He met her in Paris. (Both declined to comment)",
            "The team celebrates. Photo shoot over, they left.",
            "Netanyahu at a press conference in Jerusalem, May 21. (Jerusalem)",
        ] {
            assert_eq!(
                split_credit_text(caption),
                (caption.to_string(), None),
                "{caption}"
            );
        }
    }

    #[test]
    fn separators_left_by_a_credit_element_are_dropped() {
        assert_eq!(
            split_credit_text("India launched missiles on Wednesday. /"),
            ("India launched missiles on Wednesday.".to_string(), None)
        );
        assert_eq!(
            split_credit_text("Le survêtement devient viral -\u{a0}"),
            ("Le survêtement devient viral".to_string(), None)
        );
        assert_eq!(
            split_credit_text("Dunkirk - 1940"),
            ("Dunkirk - 1940".to_string(), None)
        );
    }

    #[test]
    fn a_lower_case_label_after_a_separator_is_a_credit() {
        assert_eq!(
            split_bare("Nové tramvaje Škoda 52T v ulici Vinohradská | foto: Petr Topič, MAFRA"),
            pair(
                "Nové tramvaje Škoda 52T v ulici Vinohradská",
                "Petr Topič, MAFRA"
            )
        );
        // Without one, a lower-case "photo:" is the sentence's.
        let sentence = "Visitors queue to see the photo: a portrait of the queen";
        assert_eq!(split(sentence), pair(sentence, ""));
    }

    #[test]
    fn an_editors_note_in_square_brackets_closing_a_caption_is_its_credit() {
        assert_eq!(
            split_bare("Diesel generators supply much of Lebanon's electricity [File: Mohamed Azakir/Reuters]"),
            pair("Diesel generators supply much of Lebanon's electricity", "Mohamed Azakir/Reuters")
        );
        assert_eq!(
            split_bare("EDL technicians repair a line outside Nabatieh [Omar Sleiman/Al Jazeera]"),
            pair(
                "EDL technicians repair a line outside Nabatieh",
                "Omar Sleiman/Al Jazeera"
            )
        );
        assert_eq!(
            split_bare("시민이 장을 보고 있다. [연합뉴스 자료사진]"),
            pair("시민이 장을 보고 있다.", "연합뉴스")
        );
        assert_eq!(
            split_bare("동향을 발표하고 있다. [통계청 제공. 재판매 및 DB 금지]"),
            pair("동향을 발표하고 있다.", "통계청")
        );
        assert_eq!(
            split_bare("동향을 발표하고 있다. [사진 제공=통계청]"),
            pair("동향을 발표하고 있다.", "통계청")
        );
        // A note that names no one stays.
        let note = "The bridge before the flood [updated at 5pm]";
        assert_eq!(split(note), pair(note, ""));
    }

    #[test]
    fn a_name_after_a_dash_closing_the_last_sentence_is_a_credit() {
        assert_eq!(
            split_bare("Water tankers queue at a hydrant in Sakhi Hasan. — Dawn/File"),
            pair(
                "Water tankers queue at a hydrant in Sakhi Hasan.",
                "Dawn/File"
            )
        );
        assert_eq!(
            split_bare("Work continues near Mosamiyat. – APP"),
            pair("Work continues near Mosamiyat.", "APP")
        );
        let phrase = "Commuters wait at the station. — and then wait again";
        assert_eq!(split(phrase), pair(phrase, ""));
    }

    #[test]
    fn a_chinese_reporters_bracketed_credit_is_split_off_without_the_title() {
        assert_eq!(
            split_bare("副局長陳志明（左二）今天率隊視察萬大線工地。（記者林宜萱攝）"),
            pair("副局長陳志明（左二）今天率隊視察萬大線工地。", "林宜萱")
        );
        // "File picture" names no one.
        let note = "萬大線採用與環狀線相同的中運量無人駕駛列車。（資料照）";
        assert_eq!(split(note), pair(note, ""));
    }
}
