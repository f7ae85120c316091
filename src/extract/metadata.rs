//! Page metadata: JSON-LD (including `@graph` and arrays), Open Graph,
//! Twitter cards, Dublin Core / generic `<meta>` tags, microdata `itemprop`s,
//! `<link rel=canonical>` and visible bylines. Produces raw candidates; the
//! choice between them (title vs h1, which date) is made in `mod.rs`.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use url::Url;

use super::dom::{self, element_text, ElementExt};
use super::language;

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("valid selector")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static LD_JSON: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json" i]"#));
static LINK_CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel][href]"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static HTML_EL: LazyLock<Selector> = LazyLock::new(|| selector("html"));

/// What the JSON-LD article object (NewsArticle, BlogPosting, ...) says.
#[derive(Debug, Default, Clone)]
pub struct LdArticle {
    pub headline: Option<String>,
    pub description: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    pub date_created: Option<String>,
    pub authors: Vec<String>,
    pub images: Vec<String>,
    pub in_language: Option<String>,
    pub article_body: Option<String>,
    pub url: Option<String>,
}

/// Every metadata source of a page, unresolved.
#[derive(Debug, Default)]
pub struct PageMeta {
    /// `<meta>` values keyed by lowercase name/property/itemprop; first wins.
    pub meta: HashMap<String, String>,
    pub ld: LdArticle,
    pub html_title: Option<String>,
    pub html_lang: Option<String>,
    pub canonical: Option<String>,
}

impl PageMeta {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.meta
            .get(key)
            .map(|s| s.as_str())
            .filter(|s| !s.trim().is_empty())
    }

    /// First present key.
    pub fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| self.get(k))
    }
}

/// Collects the metadata of a parsed page.
pub fn collect(doc: &Html) -> PageMeta {
    let mut meta = HashMap::new();
    for el in doc.select(&META) {
        let v = el.value();
        let Some(content) = v.attr_value("content") else {
            continue;
        };
        for key in [
            v.attr_value("property"),
            v.attr_value("name"),
            v.attr_value("itemprop"),
        ]
        .into_iter()
        .flatten()
        {
            meta.entry(key.trim().to_ascii_lowercase())
                .or_insert_with(|| content.trim().to_string());
        }
    }
    let canonical = doc
        .select(&LINK_CANONICAL)
        .find(|l| {
            l.value().attr_value("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .and_then(|l| l.value().attr_value("href"))
        .map(|h| h.trim().to_string());
    PageMeta {
        meta,
        ld: json_ld_article(doc),
        html_title: doc
            .select(&TITLE)
            .next()
            .map(element_text)
            .filter(|t| !t.is_empty()),
        html_lang: doc
            .select(&HTML_EL)
            .next()
            .and_then(|h| {
                h.value()
                    .attr_value("lang")
                    .or_else(|| h.value().attr_value("xml:lang"))
            })
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        canonical,
    }
}

/// Article types, best first; a WebPage is only a fallback.
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "article",
    "blogposting",
    "socialmediaposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "webpage",
    "itempage",
];

fn json_ld_article(doc: &Html) -> LdArticle {
    let values: Vec<Value> = doc
        .select(&LD_JSON)
        .filter_map(|script| parse_lenient_json(&script.text().collect::<String>()))
        .collect();
    let mut objects = Vec::new();
    for value in &values {
        flatten_ld(value, &mut objects, 0);
    }
    let best = objects
        .iter()
        .filter_map(|o| type_rank(o).map(|r| (r, *o)))
        .min_by_key(|(r, _)| *r)
        .map(|(_, o)| o);
    let Some(obj) = best else {
        return LdArticle::default();
    };
    let mut ld = ld_from_object(obj);
    // A WebPage may lack what a sibling article object in the graph has.
    if ld.date_published.is_none() {
        ld.date_published = objects.iter().find_map(|o| str_field(o, "datePublished"));
    }
    if ld.images.is_empty() {
        if let Some(o) = objects
            .iter()
            .find(|o| type_rank(o).is_some() && o.get("image").is_some())
        {
            ld.images = images_of(o.get("image"));
        }
    }
    ld
}

fn ld_from_object(obj: &Value) -> LdArticle {
    LdArticle {
        headline: str_field(obj, "headline").or_else(|| str_field(obj, "name")),
        description: str_field(obj, "description"),
        date_published: str_field(obj, "datePublished"),
        date_modified: str_field(obj, "dateModified"),
        date_created: str_field(obj, "dateCreated"),
        authors: names_of(obj.get("author")),
        images: images_of(obj.get("image")),
        in_language: str_field(obj, "inLanguage"),
        article_body: str_field(obj, "articleBody"),
        url: str_field(obj, "url"),
    }
}

/// Parses JSON-LD, tolerating the commonest publisher mistakes (raw control
/// characters in strings, a trailing `;`, HTML comment wrappers).
fn parse_lenient_json(raw: &str) -> Option<Value> {
    let trimmed = raw
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim()
        .trim_end_matches(';');
    if let Ok(v) = serde_json::from_str(trimmed) {
        return Some(v);
    }
    let cleaned: String = trimmed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str(&cleaned).ok()
}

/// Collects every object of a JSON-LD value (arrays, `@graph`, nested mainEntity).
fn flatten_ld<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten_ld(i, out, depth + 1)),
        Value::Object(map) => {
            out.push(v);
            if let Some(g) = map.get("@graph") {
                flatten_ld(g, out, depth + 1);
            }
            if let Some(m) = map.get("mainEntity") {
                flatten_ld(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn type_rank(obj: &Value) -> Option<usize> {
    let types: Vec<String> = match obj.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|t| t.as_str())
            .map(|s| s.to_ascii_lowercase())
            .collect(),
        _ => return None,
    };
    types
        .iter()
        .filter_map(|t| {
            let t = t.rsplit('/').next().unwrap_or(t);
            ARTICLE_TYPES.iter().position(|a| *a == t).or_else(|| {
                // Any other *Article / *NewsArticle type ranks as an article.
                t.ends_with("article").then(|| {
                    ARTICLE_TYPES
                        .iter()
                        .position(|a| *a == "article")
                        .unwrap_or(0)
                })
            })
        })
        .min()
}

fn str_field(obj: &Value, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(a) => a
            .iter()
            .find_map(|v| v.as_str().map(|s| s.trim().to_string())),
        Value::Object(o) => o
            .get("@value")
            .or_else(|| o.get("name"))
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn names_of(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Some(Value::String(s)) => out.push(s.trim().to_string()),
        Some(Value::Array(a)) => a.iter().for_each(|i| out.extend(names_of(Some(i)))),
        Some(Value::Object(o)) => {
            if let Some(n) = o.get("name").and_then(|n| n.as_str()) {
                out.push(n.trim().to_string());
            }
        }
        _ => {}
    }
    out.retain(|s| !s.is_empty() && !s.starts_with("http"));
    out
}

fn images_of(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Some(Value::String(s)) => out.push(s.trim().to_string()),
        Some(Value::Array(a)) => a.iter().for_each(|i| out.extend(images_of(Some(i)))),
        Some(Value::Object(o)) => {
            if let Some(u) = o
                .get("url")
                .or_else(|| o.get("contentUrl"))
                .and_then(|n| n.as_str())
            {
                out.push(u.trim().to_string());
            }
        }
        _ => {}
    }
    out.retain(|s| !s.is_empty());
    out
}

/// True for a byline element: what the selector `[rel="author"],
/// [itemprop="author"], .author, .article-author, [class*="byline"],
/// [class*="author-name"], [data-testid*="byline"]` matches, read through
/// attribute strings: every page is searched for one, and a selector
/// engine's pass over every element cost 4% of extraction.
fn is_byline(e: &scraper::node::Element) -> bool {
    e.attr_value("rel") == Some("author")
        || e.attr_value("itemprop") == Some("author")
        || e.attr_value("class").is_some_and(|class| {
            class.contains("byline")
                || class.contains("author-name")
                || class
                    .split_ascii_whitespace()
                    .any(|c| c == "author" || c == "article-author")
        })
        || e.attr_value("data-testid")
            .is_some_and(|t| t.contains("byline"))
}

/// Author names: JSON-LD first, then meta tags, then visible bylines.
pub fn authors(meta: &PageMeta, doc: &Html) -> Vec<String> {
    let mut raw: Vec<String> = meta.ld.authors.clone();
    if raw.is_empty() {
        for key in [
            "author",
            "article:author",
            "dc.creator",
            "parsely-author",
            "sailthru.author",
            "byl",
        ] {
            if let Some(v) = meta.get(key) {
                if !v.starts_with("http") {
                    raw.push(v.to_string());
                    break;
                }
            }
        }
    }
    if raw.is_empty() {
        // The visible byline is the source: no cosigners to add from it.
        return distinct_names(byline_parts(doc));
    }
    with_cosigners(distinct_names(raw), doc)
}

/// Words that end a role or a newsroom's name, not a person's.
const ROLE_WORDS: [&str; 18] = [
    "writer",
    "correspondent",
    "editor",
    "reporter",
    "staff",
    "news",
    "desk",
    "team",
    "contributor",
    "columnist",
    "producer",
    "photographer",
    "press",
    "agency",
    "redaktion",
    "redakteur",
    "redakteurin",
    "korrespondent",
];

/// True when a byline part is a role or a newsroom ("Staff Writer", "Fox
/// News") rather than a person.
fn names_a_role(name: &str) -> bool {
    name.split_whitespace()
        .last()
        .is_some_and(|w| ROLE_WORDS.iter().any(|r| w.eq_ignore_ascii_case(r)))
}

/// The visible byline's people when they are the metadata's and more: a
/// CMS's JSON-LD or meta tag often names only the first of the reporters
/// the page shows ("por Lucía Ferrándiz y Marcos Iribarren").
fn with_cosigners(names: Vec<String>, doc: &Html) -> Vec<String> {
    if names.is_empty() {
        return names;
    }
    let visible = byline_people(doc);
    let all_named = names
        .iter()
        .all(|n| visible.iter().any(|v| v.eq_ignore_ascii_case(n)));
    // "Amy Gibbons, Political Correspondent", "Fox News": a role or the
    // newsroom beside the name is no second reporter.
    let all_people = visible.iter().all(|v| !names_a_role(v));
    if visible.len() > names.len() && all_named && all_people {
        visible
    } else {
        names
    }
}

/// The people the page's visible byline names: each a name of two to four
/// capitalised words (a byline that also holds its date names no one).
pub fn byline_people(doc: &Html) -> Vec<String> {
    let names = distinct_names(byline_parts(doc));
    if names.iter().all(|n| is_person_name(n)) {
        names
    } else {
        Vec::new()
    }
}

fn is_person_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w))
}

/// The texts of the page's first byline: its author parts when they name
/// someone (an avatar link names nobody), else the whole byline.
fn byline_parts(doc: &Html) -> Vec<String> {
    // The parser's node order, as a selector search over the document takes.
    let first = doc
        .tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .find(|el| is_byline(el.value()));
    let Some(el) = first else {
        return Vec::new();
    };
    let parts: Vec<String> = innermost_bylines(el).map(element_text).collect();
    if parts.iter().all(|part| split_names(part).is_empty()) {
        vec![element_text(el)]
    } else {
        parts
    }
}

/// The names in bylines, each once.
fn distinct_names(raw: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        for name in split_names(&r) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                out.push(name);
            }
        }
    }
    out
}

/// The byline's innermost parts that are bylines themselves: the author
/// elements ("e-byline__author") inside a byline box that also holds the
/// date and the "Updated" note.
fn innermost_bylines(byline: ElementRef<'_>) -> impl Iterator<Item = ElementRef<'_>> {
    byline
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|el| is_byline(el.value()))
        .filter(|el| {
            el.descendants()
                .filter_map(ElementRef::wrap)
                .all(|inner| inner == *el || !is_byline(inner.value()))
        })
}

static BY_PREFIX: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"(?i)^\s*(by|von|par|por|di|door|af|av|autor|author|text|texto)\s*[:]?\s+")
        .expect("valid regex")
});
static NAME_SPLIT: LazyLock<regex::Regex> = LazyLock::new(|| {
    // The one-letter conjunctions only in lower case: "Sarah E. Needleman".
    regex::Regex::new(
        r"\s*(?:,|;|\||/|(?i:\band\b|\bund\b|\bet\b|\bog\b|\boch\b)|\by\b|\be\b|&)\s*|\s+[-–]\s+",
    )
    .expect("valid regex")
});

fn split_names(raw: &str) -> Vec<String> {
    let s = BY_PREFIX.replace(raw.trim(), "");
    // Korean bylines join names with a middle dot ("김지훈·박서연 기자");
    // elsewhere it may join the parts of one name ("迈克尔·乔丹").
    let s = if s.chars().any(language::is_hangul) {
        s.replace('·', ",").into()
    } else {
        s
    };
    NAME_SPLIT
        .split(&s)
        .map(|n| {
            tidy_name(without_affiliation(without_sign(without_job_title(
                n.trim(),
            ))))
        })
        .filter(|n| {
            let words = n.split_whitespace().count();
            !n.is_empty() && words <= 5 && n.chars().count() <= 60 && !is_by_word(n)
        })
        .collect()
}

/// Longest line (in characters) read as a byline set in the body.
const BODY_BYLINE_MAX_CHARS: usize = 80;

/// The names of a byline set as the body's own line ("Mohloai Mpesi",
/// "MTHOBISI SITHOLE", "By Jane Doe / John Roe"): every part a person's
/// name of two to four capitalised words, nothing else.
pub fn body_byline_names(text: &str) -> Option<Vec<String>> {
    if text.chars().count() > BODY_BYLINE_MAX_CHARS || text.contains(':') {
        return None;
    }
    let names = split_names(without_filing_place(text));
    let all_names = !names.is_empty() && names.iter().all(|name| is_person_name(name));
    all_names.then_some(names)
}

/// The Chinese press's dateline, opening the story's first paragraph,
/// which names its reporters: Taiwan's "〔記者林宜萱／台北報導〕" (reporter X,
/// reporting from Taipei) and the mainland's "新华社北京3月6日电（记者 张三
/// 李四）" (Xinhua, Beijing, March 6: reporters X and Y).
static CHINESE_DATELINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"^\s*(?:[〔【\[（(]?\s*(?:記者|记者)\s*([^／/〕】\]）)，,]{1,30}?)\s*[／/]\s*[^〕】\]）)]{0,12}?(?:報導|报道)|.{0,30}?[电電]\s*[（(]\s*(?:記者|记者)\s*([^）)]{1,30}?)\s*[）)])",
    )
    .expect("valid regex")
});

/// The reporters a Chinese dateline opening `text` names.
pub fn dateline_reporters(text: &str) -> Option<Vec<String>> {
    let caps = CHINESE_DATELINE.captures(text)?;
    let names = caps.get(1).or_else(|| caps.get(2))?.as_str();
    let names: Vec<String> = names
        .split(|c: char| c == '、' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// A signed byline without the place it was filed from: "By Chukwuemeka
/// Eze, Enugu" gives "By Chukwuemeka Eze". Only after a "By" word, and only
/// one word: "Jane Doe, John Roe" is two people.
fn without_filing_place(text: &str) -> &str {
    match text.rsplit_once(',') {
        Some((names, place))
            if starts_with_by_word(text)
                && place.split_whitespace().count() == 1
                && place.trim().starts_with(char::is_uppercase) =>
        {
            names
        }
        _ => text,
    }
}

/// True when no author is a person: none given, or each one the site's
/// own account ("Lesotho Times" on lestimes.com, "Ilanga D" on Ilanga
/// News, "ntv.com.tr").
pub fn only_the_site_as_author(authors: &[String], meta: &PageMeta, page_url: &Url) -> bool {
    let site_name = meta.get("og:site_name");
    let site = site_name.map(dom::alnum_lower);
    let site_first_word = site_name
        .and_then(|s| s.split_whitespace().next())
        .map(dom::alnum_lower);
    let host = page_url
        .host_str()
        .map(dom::alnum_lower)
        .unwrap_or_default();
    authors.iter().all(|author| {
        let name = dom::alnum_lower(author);
        let first_word = author.split_whitespace().next().map(dom::alnum_lower);
        site.as_ref() == Some(&name)
            || (first_word.is_some() && first_word == site_first_word)
            || (!name.is_empty() && host.contains(&name))
            || names_site_unspaced(&name, author, site.as_deref())
    })
}

/// True when a name in a script written without spaces opens the site's
/// name: "自由時報" of "自由時報電子報" (the Liberty Times' e-paper), where no
/// space marks the name's first word. `name` and `site` are compared as
/// `dom::alnum_lower` gives them.
fn names_site_unspaced(name: &str, author: &str, site: Option<&str>) -> bool {
    name.chars().count() >= 2
        && author.chars().any(language::is_unspaced_script)
        && site.is_some_and(|site| site.starts_with(name))
}

/// A capitalised word of a name: "Mpesi", "SITHOLE", "O'Neil", "Jean-Luc", "E.".
fn is_name_word(word: &str) -> bool {
    word.starts_with(language::is_capital_letter)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-'))
}

/// True when the text opens with a byline's "By" ("Von", "Par", ...) and a name.
pub fn starts_with_by_word(s: &str) -> bool {
    BY_PREFIX.is_match(s)
}

/// "By" (or "Von", "Par", ...) standing alone, the label of a byline's names.
fn is_by_word(s: &str) -> bool {
    starts_with_by_word(&format!("{s} "))
}

/// The name without punctuation around it; a bracket closing one the name
/// opens ("Jane Doe (AFP)") is kept.
fn tidy_name(name: &str) -> String {
    let name = name.trim_start_matches(|c: char| !c.is_alphanumeric());
    let opens_bracket = name.contains('(');
    name.trim_end_matches(|c: char| {
        !language::is_word_char(c) && c != '.' && !(c == ')' && opens_bracket)
    })
    .to_string()
}

/// Job titles written after a reporter's name in Korean and Japanese
/// bylines ("김지훈 기자", "山田太郎記者").
const JOB_TITLES: [&str; 5] = ["선임기자", "기자", "특파원", "記者", "特派員"];

/// The name without a job title after it.
fn without_job_title(name: &str) -> &str {
    JOB_TITLES
        .iter()
        .find_map(|t| name.strip_suffix(t))
        .map(str::trim_end)
        .filter(|n| !n.is_empty())
        .unwrap_or(name)
}

/// The name without the newsroom written after it in the wire's style
/// ("DEVON PRICE Associated Press"): a name of two words or more in
/// capitals ends where the capitals end.
fn without_affiliation(name: &str) -> &str {
    let is_capitals =
        |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
    let capitals = name
        .split_whitespace()
        .take_while(|w| is_capitals(w))
        .count();
    if capitals < 2 {
        return name;
    }
    match name.split_whitespace().nth(capitals) {
        // `next` is a slice of `name`: its offset is where the capitals end.
        Some(next) => name[..next.as_ptr() as usize - name.as_ptr() as usize].trim_end(),
        None => name,
    }
}

/// Longest newsroom sign after an author's name.
const SIGN_MAX_CHARS: usize = 6;

/// The name without the newsroom's short sign after it ("Corina Gall (cog.)").
fn without_sign(name: &str) -> &str {
    let Some(open) = name.strip_suffix(')').and_then(|n| n.rfind('(')) else {
        return name;
    };
    let sign = &name[open + 1..name.len() - 1];
    let is_sign = (1..=SIGN_MAX_CHARS).contains(&sign.chars().count())
        && sign.chars().all(|c| c.is_lowercase() || c == '.');
    if is_sign && open > 0 {
        name[..open].trim_end()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_dateline_names_the_reporters() {
        let names = |t: &str| dateline_reporters(t);
        assert_eq!(
            names("〔記者林宜萱／台北報導〕台北捷運萬大線第一期工程進度超過9成"),
            Some(vec!["林宜萱".to_string()])
        );
        assert_eq!(
            names("記者陳雨鑫、王冠仁／台北即時報導 行政院今天宣布"),
            Some(vec!["陳雨鑫".to_string(), "王冠仁".to_string()])
        );
        assert_eq!(
            names("新华社北京3月6日电（记者 张三 李四）国家统计局6日发布"),
            Some(vec!["张三".to_string(), "李四".to_string()])
        );
        // A reporter mentioned in the story is no dateline.
        assert_eq!(names("北市捷運局表示，記者會將於明日舉行"), None);
    }

    #[test]
    fn json_ld_graph_yields_the_article_object() {
        let html = r#"<html><head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"Site"},
          {"@type":"WebPage","name":"Page title","datePublished":"2020-01-01T00:00:00Z"},
          {"@type":["NewsArticle"],"headline":"The headline","datePublished":"2024-11-16T11:56:11+07:00",
           "author":[{"@type":"Person","name":"Jane Doe"},{"name":"John Roe"}],
           "image":{"@type":"ImageObject","url":"https://e.com/a.jpg"}}]}
        </script></head><body></body></html>"#;
        let doc = Html::parse_document(html);
        let m = collect(&doc);
        assert_eq!(m.ld.headline.as_deref(), Some("The headline"));
        assert_eq!(
            m.ld.date_published.as_deref(),
            Some("2024-11-16T11:56:11+07:00")
        );
        assert_eq!(m.ld.authors, vec!["Jane Doe", "John Roe"]);
        assert_eq!(m.ld.images, vec!["https://e.com/a.jpg"]);
    }

    #[test]
    fn a_byline_in_the_body_is_only_names() {
        assert_eq!(
            body_byline_names("Mathatisi Sebusi/Mohalenyane Phakela"),
            Some(vec![
                "Mathatisi Sebusi".into(),
                "Mohalenyane Phakela".into()
            ])
        );
        assert_eq!(
            body_byline_names("MTHOBISI SITHOLE"),
            Some(vec!["MTHOBISI SITHOLE".into()])
        );
        assert_eq!(
            body_byline_names("By Jane O'Neil"),
            Some(vec!["Jane O'Neil".into()])
        );
        // Where a signed byline was filed from is no name.
        assert_eq!(
            body_byline_names("By Chukwuemeka Eze, Enugu"),
            Some(vec!["Chukwuemeka Eze".into()])
        );
        for not_names in [
            "JOHANNESBURG",
            "Hong Kong (CNN Business)",
            "A preventable crisis.",
            "Tested by: John Milbank",
            "The Minister of Finance",
            "Kate Moss, 50",
        ] {
            assert_eq!(body_byline_names(not_names), None, "{not_names}");
        }
    }

    #[test]
    fn byline_names_are_split_and_cleaned() {
        assert_eq!(
            split_names("By Jane Doe and John Roe"),
            vec!["Jane Doe", "John Roe"]
        );
        assert_eq!(
            split_names("Von Max Muster, dpa"),
            vec!["Max Muster", "dpa"]
        );
        // A newsroom's short sign after the name is not part of it.
        assert_eq!(split_names("Corina Gall (cog.)"), vec!["Corina Gall"]);
        assert_eq!(split_names("Ulrike Putz (puz)"), vec!["Ulrike Putz"]);
        assert_eq!(split_names("Jane Doe (AFP)"), vec!["Jane Doe (AFP)"]);
        assert_eq!(
            split_names("By Sarah E. Needleman"),
            vec!["Sarah E. Needleman"]
        );
        assert_eq!(
            split_names("Ana Pérez y Luis Gil"),
            vec!["Ana Pérez", "Luis Gil"]
        );
        assert_eq!(
            split_names("Trine Jørgensen og Tôrtia Reimer-Johansen"),
            vec!["Trine Jørgensen", "Tôrtia Reimer-Johansen"]
        );
        assert!(split_names("By").is_empty());
        // The wire's style: names in capitals, then the newsroom.
        assert_eq!(
            split_names("By MARIA KESSLER and DEVON PRICE Associated Press"),
            vec!["MARIA KESSLER", "DEVON PRICE"]
        );
        assert_eq!(
            split_names("André Oliver KLEIN"),
            vec!["André Oliver KLEIN"]
        );
        assert_eq!(split_names("FOCUS online"), vec!["FOCUS online"]);
        // Korean and Japanese bylines: names joined by a middle dot, then the job.
        assert_eq!(split_names("김지훈·박서연 기자"), vec!["김지훈", "박서연"]);
        assert_eq!(split_names("山田太郎記者"), vec!["山田太郎"]);
        assert_eq!(split_names("迈克尔·乔丹"), vec!["迈克尔·乔丹"]);
        // Vietnamese bylines join names with a spaced dash.
        assert_eq!(
            split_names("Minh Khôi - Thanh Trúc"),
            vec!["Minh Khôi", "Thanh Trúc"]
        );
        assert_eq!(split_names("Anne-Marie Dupont"), vec!["Anne-Marie Dupont"]);
        // A Thai tone mark ending a name is part of its last letter.
        assert_eq!(split_names("กัญญารัตน์ วงศ์ใหญ่"), vec!["กัญญารัตน์ วงศ์ใหญ่"]);
    }

    fn page_authors(body: &str) -> Vec<String> {
        let doc = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        authors(&collect(&doc), &doc)
    }

    #[test]
    fn a_byline_box_gives_its_author_parts() {
        // The box also holds the date; its author parts name the authors.
        assert_eq!(
            page_authors(
                r#"<div class="article__byline-date"><span class="e-byline">By
                <a class="e-byline__author">Madeleine Howell</a> and <a class="e-byline__author">Ann Roe</a>
                </span> 30 August 2023 • 6:00am</div>"#
            ),
            ["Madeleine Howell", "Ann Roe"]
        );
        // An author part that names nobody (an avatar) leaves the whole byline.
        assert_eq!(
            page_authors(
                r#"<div class="byline"><a rel="author" href="/a/jane"><img src="/jane.jpg"></a> Jane Doe</div>"#
            ),
            ["Jane Doe"]
        );
    }
}
