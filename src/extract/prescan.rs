//! A byte-level pass before parsing: empties `<script>`, `<style>`, inline
//! `<svg>` elements (icons: thousands of nodes), `<nav>` menus (a fifth of
//! the markup of many pages) and the page's own footers and asides (those
//! outside any `<article>` on a page that marks its articles; an article's
//! own hold its byline, date and fact boxes), and drops `<link>` tags to
//! stylesheets, fonts and icons: nothing in extraction reads them (JSON-LD
//! scripts and `rel=canonical` are kept; a container holding raw text is left
//! whole). AMP's `<amp-img>` becomes the `<img>` it stands for. Script and style are often half
//! of a page's bytes, and the HTML tokenizer is the most expensive step of
//! extraction, so this roughly halves parse time on modern pages and bounds
//! the cost of pages that carry megabytes of inline script.
//!
//! The pass is conservative: comments are skipped whole, and at the first
//! script whose content holds `<!--` (the spec's "escaped" script states,
//! where `</script>` may not end the element) it copies the rest of the page
//! untouched, so the parser sees exactly what it would have seen.

use std::borrow::Cow;

/// The page with the content of `<script>` (JSON-LD kept), `<style>`, `<svg>`,
/// `<nav>` and page-level `<footer>`/`<aside>` elements removed, and resource
/// `<link>` tags dropped.
pub fn strip_raw_text(html: &str) -> Cow<'_, str> {
    let mut out = Cuts::new(html);
    let mut i = 0;
    let mut nesting = Nesting::default();
    // Per emptied container tag (nav, footer, aside): where a search for its end
    // gave up; those opened before it are not searched again.
    let mut unsearchable_until = [0usize; 3];
    // Open `<article>` elements: a footer or aside inside one is the
    // article's own (byline, date, fact box), one outside is the page's.
    // A page without article markup does not say which is which (its
    // story's image box may be an aside), so there both are kept.
    let mut articles = 0usize;
    let marks_articles = memchr::memmem::find(html.as_bytes(), b"<article").is_some();
    // Every offset below is at an ASCII byte, so slicing `html` stays valid.
    while let Some(off) = find_byte(b'<', &html[i..]) {
        let lt = i + off;
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            match find_fast(comment, "-->") {
                Some(end) => {
                    i = lt + 4 + end + 3;
                    continue;
                }
                None => break,
            }
        }
        let name = TagName::at(html.as_bytes(), lt);
        if let Some(end) = nesting.visit(html, lt, &name) {
            // A start or end tag beyond the nesting cap: dropped, its text kept.
            out.cut(lt, end);
            i = end;
            continue;
        }
        if is_amp_img(html.as_bytes(), lt, name.closing) {
            // AMP pages set their pictures as `<amp-img>` with an `<img>`'s
            // attributes: read as one (the end tag goes; `img` has none).
            let end = if name.closing {
                tag_end(html, lt).unwrap_or(html.len())
            } else {
                lt + 1 + AMP_PREFIX.len()
            };
            out.cut(lt + usize::from(!name.closing), end);
            i = end;
            continue;
        }
        if name.is_start(Kind::Link) {
            if let Some(end) = tag_end(html, lt).filter(|&end| is_resource_link(&html[lt..end])) {
                out.cut(lt, end);
                i = end;
                continue;
            }
        }
        if name.is_start(Kind::Article) {
            articles += 1;
        } else if name.is_end(Kind::Article) {
            articles = articles.saturating_sub(1);
        }
        let tag = match (name.closing || !name.delimited, name.kind) {
            (false, Kind::Script) => "script",
            (false, Kind::Style) => "style",
            (false, Kind::Svg) => "svg",
            (false, Kind::Nav) => "nav",
            (false, Kind::Footer) if marks_articles && articles == 0 => "footer",
            (false, Kind::Aside) if marks_articles && articles == 0 => "aside",
            _ => {
                i = lt + 1;
                continue;
            }
        };
        let after_name = lt + 1 + tag.len();
        let Some(gt) = find_byte(b'>', &html[after_name..]) else {
            break;
        };
        let content_start = after_name + gt + 1;
        let open_tag = &html[lt..content_start];
        if let Some(slot) = ["nav", "footer", "aside"].iter().position(|t| *t == tag) {
            // Only a container whose end is plainly found is emptied;
            // otherwise the scan goes on inside it as through any element,
            // and those opened before the place the search gave up are not
            // searched again (which keeps 100k nested navs linear).
            if content_start < unsearchable_until[slot] {
                i = content_start;
                continue;
            }
            match find_container_close(&html[content_start..], tag) {
                Ok(close) => {
                    let content_end = content_start + close;
                    out.cut(content_start, content_end);
                    i = content_end;
                }
                Err(stopped_at) => {
                    unsearchable_until[slot] = content_start + stopped_at;
                    i = content_start;
                }
            }
            continue;
        }
        let Some(close) = find_close(&html[content_start..], tag) else {
            break;
        };
        let content_end = content_start + close;
        let content = &html[content_start..content_end];
        if tag == "script" && content.contains("<!--") {
            // Escaped script states: leave the rest to the real tokenizer.
            break;
        }
        let keep = tag == "script" && is_json_ld(open_tag);
        if !keep {
            out.cut(content_start, content_end);
        }
        i = content_end;
    }
    out.finish()
}

/// The page with byte ranges cut out, built only once something is cut.
struct Cuts<'a> {
    html: &'a str,
    out: Option<String>,
    /// End of the part of `html` already accounted for in `out`.
    copied: usize,
}

impl<'a> Cuts<'a> {
    fn new(html: &'a str) -> Self {
        Cuts {
            html,
            out: None,
            copied: 0,
        }
    }

    /// Leaves `html[from..to]` out (ranges come in page order); nothing
    /// when the range is empty.
    fn cut(&mut self, from: usize, to: usize) {
        if to > from {
            let html = self.html;
            let buf = self
                .out
                .get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[self.copied..from]);
            self.copied = to;
        }
    }

    fn finish(self) -> Cow<'a, str> {
        match self.out {
            None => Cow::Borrowed(self.html),
            Some(mut buf) => {
                buf.push_str(&self.html[self.copied..]);
                Cow::Owned(buf)
            }
        }
    }
}

/// Open elements beyond which start tags are dropped. Real pages stay far
/// below (a few hundred at worst); the HTML tree builder's scope checks walk
/// the open-element stack at every block tag, so 100k nested `<div>`s would
/// cost it minutes.
pub const MAX_NESTING: usize = 2048;

/// Approximate open-element count of the tags seen so far.
#[derive(Default)]
struct Nesting {
    depth: usize,
    dropped: usize,
}

/// What the scan needs to know of a tag name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// No name: `<!doctype`, `< `, `<=`.
    NotATag,
    Script,
    Style,
    Svg,
    Nav,
    Footer,
    Aside,
    Article,
    Link,
    /// Void, or its end tag is usually left out (not counted for nesting).
    VoidOrOptionalEnd,
    Other,
}

/// The tag at a `<`, read once for all the checks of the scan.
struct TagName {
    closing: bool,
    /// Kind of the alphanumeric run of the name.
    kind: Kind,
    /// The run is followed by space, `>`, `/` or the end (`<scripts>` or
    /// `<nav-menu>` are other tags).
    delimited: bool,
}

impl TagName {
    fn at(bytes: &[u8], lt: usize) -> TagName {
        let closing = bytes.get(lt + 1) == Some(&b'/');
        let start = (lt + 1 + usize::from(closing)).min(bytes.len());
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        let mut lower = [0u8; 8];
        let kind = if len == 0 {
            Kind::NotATag
        } else if len > lower.len() {
            Kind::Other
        } else {
            lower[..len].copy_from_slice(&bytes[start..start + len]);
            lower.make_ascii_lowercase();
            kind_of(&lower[..len])
        };
        let delimited = bytes
            .get(start + len)
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/');
        TagName {
            closing,
            kind,
            delimited,
        }
    }

    /// A start tag of this kind whose name ends where the run does.
    fn is_start(&self, kind: Kind) -> bool {
        !self.closing && self.delimited && self.kind == kind
    }

    fn is_end(&self, kind: Kind) -> bool {
        self.closing && self.delimited && self.kind == kind
    }
}

fn kind_of(lower: &[u8]) -> Kind {
    match lower {
        b"script" => Kind::Script,
        b"style" => Kind::Style,
        b"svg" => Kind::Svg,
        b"nav" => Kind::Nav,
        b"footer" => Kind::Footer,
        b"aside" => Kind::Aside,
        b"article" => Kind::Article,
        b"link" => Kind::Link,
        _ if is_void_or_optional_end(lower) => Kind::VoidOrOptionalEnd,
        _ => Kind::Other,
    }
}

impl Nesting {
    /// Looks at the tag starting at `lt`; returns its end when it is to be
    /// dropped (too deep, or the end tag of a dropped start tag).
    fn visit(&mut self, html: &str, lt: usize, name: &TagName) -> Option<usize> {
        if name.kind == Kind::NotATag {
            return None;
        }
        if matches!(
            name.kind,
            Kind::VoidOrOptionalEnd | Kind::Link | Kind::Script | Kind::Style | Kind::Svg
        ) {
            return None;
        }
        let closing = name.closing;
        if closing {
            if self.dropped > 0 {
                self.dropped -= 1;
                return tag_end(html, lt);
            }
            self.depth = self.depth.saturating_sub(1);
            return None;
        }
        // (`<div/>` opens a div in HTML: no self-closing check.)
        if self.depth >= MAX_NESTING {
            let end = tag_end(html, lt)?;
            self.dropped += 1;
            return Some(end);
        }
        self.depth += 1;
        None
    }
}

const AMP_PREFIX: &str = "amp-";

/// True for an `<amp-img` (or `</amp-img`) tag at `lt`.
fn is_amp_img(bytes: &[u8], lt: usize, closing: bool) -> bool {
    let start = lt + 1 + usize::from(closing);
    let name = b"amp-img";
    bytes
        .get(start..start + name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && bytes
            .get(start + name.len())
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
}

/// End (one past `>`) of the tag starting at `lt`, honouring quoted values.
fn tag_end(html: &str, lt: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &b) in html.as_bytes()[lt..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(lt + k + 1),
            None => {}
        }
    }
    None
}

/// Elements that never hold others or whose end tag is usually left out.
fn is_void_or_optional_end(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
            | b"frame"
            | b"keygen"
    )
}

/// A `<link>` to a stylesheet, font, icon or connection hint: a tenth of the
/// head of many pages, and nothing extraction reads (it wants only
/// `rel=canonical`; a link whose rel names anything else is kept).
fn is_resource_link(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    let Some(at) = lower.find(" rel=").or_else(|| lower.find("\nrel=")) else {
        return false;
    };
    let value = &lower[at + 5..];
    let value = match value.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => value[1..].split(char::from(q)).next().unwrap_or(""),
        _ => value
            .split(|c: char| c.is_ascii_whitespace() || c == '>')
            .next()
            .unwrap_or(""),
    };
    let mut tokens = value.split_ascii_whitespace().peekable();
    tokens.peek().is_some()
        && tokens.all(|t| {
            matches!(
                t,
                "stylesheet"
                    | "preload"
                    | "prefetch"
                    | "preconnect"
                    | "dns-prefetch"
                    | "modulepreload"
                    | "icon"
                    | "shortcut"
                    | "apple-touch-icon"
                    | "apple-touch-icon-precomposed"
                    | "mask-icon"
                    | "manifest"
            )
        })
}

/// A JSON-LD script, the only script metadata reads; other JSON blobs
/// (framework state, often hundreds of kilobytes) would only cost parse time.
fn is_json_ld(open_tag: &str) -> bool {
    open_tag.to_ascii_lowercase().contains("ld+json")
}

fn starts_with_ci(hay: &str, prefix: &str) -> bool {
    hay.len() >= prefix.len()
        && hay.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Elements whose content the tokenizer does not read as tags: a `</nav>`
/// inside them is text, so a region holding one is not scanned by tag.
const RAW_TEXT_STARTS: [&str; 10] = [
    "<script",
    "<style",
    "<textarea",
    "<title",
    "<xmp",
    "<template",
    "<noscript",
    "<plaintext",
    "<noembed",
    "<noframes",
];

/// Offset of the `</tag` that closes a container (`nav`, `footer`, `aside`) whose
/// content starts `hay`, counting nested ones. Err(where the search stopped)
/// when there is none, or when raw text comes first (where the end tag may be
/// text, not a tag).
fn find_container_close(hay: &str, tag: &str) -> Result<usize, usize> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}"));
    let mut depth = 0usize;
    let mut from = 0;
    while let Some(p) = find_byte(b'<', &hay[from..]) {
        let at = from + p;
        let rest = &hay[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            // A comment is skipped whole: an end tag in it is not a tag.
            from = at + 4 + find_fast(comment, "-->").ok_or(at)? + 3;
            continue;
        }
        if RAW_TEXT_STARTS.iter().any(|raw| starts_with_ci(rest, raw)) {
            return Err(at);
        }
        if is_tag_named(rest, &open) {
            depth += 1;
        } else if is_tag_named(rest, &close) {
            if depth == 0 {
                return Ok(at);
            }
            depth -= 1;
        }
        from = at + 1;
    }
    Err(hay.len())
}

/// `rest` starts with `prefix` (`<name` or `</name`) and the name ends there.
fn is_tag_named(rest: &str, prefix: &str) -> bool {
    starts_with_ci(rest, prefix)
        && rest
            .as_bytes()
            .get(prefix.len())
            .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
}

/// `hay.find(byte as char)` for an ASCII byte, with the vectorised search of
/// the `memchr` crate: the standard library's char search is word-at-a-time
/// and showed up as 2% of extraction (the scan stops at every tag).
fn find_byte(byte: u8, hay: &str) -> Option<usize> {
    debug_assert!(byte.is_ascii());
    memchr::memchr(byte, hay.as_bytes())
}

/// `hay.find(needle)` for a short ASCII needle: a byte search for its first
/// byte then a comparison, several times faster here than the general
/// substring search, which showed up as 3% of extraction.
fn find_fast(hay: &str, needle: &str) -> Option<usize> {
    let first = needle.as_bytes()[0];
    let mut from = 0;
    while let Some(p) = find_byte(first, &hay[from..]) {
        let at = from + p;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Offset of the `</tag` that closes raw text (followed by space, `/` or `>`).
fn find_close(hay: &str, tag: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = find_fast(&hay[from..], "</") {
        let at = from + p;
        let rest = &hay[at + 2..];
        if starts_with_ci(rest, tag)
            && rest
                .as_bytes()
                .get(tag.len())
                .is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_style_bodies_are_removed_json_kept() {
        let html = r#"<head><style>p{color:red}</style><script>var a = "<p>x</p>";</script><script type="application/ld+json">{"a":1}</script><script type="application/json" id="state">{"big":1}</script></head><body><p>Text</p><SCRIPT src=x></SCRIPT><script>if(a<b){}</script ></body>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<head><style></style><script></script><script type="application/ld+json">{"a":1}</script><script type="application/json" id="state"></script></head><body><p>Text</p><SCRIPT src=x></SCRIPT><script></script ></body>"#
        );
    }

    #[test]
    fn page_footers_and_asides_are_emptied_article_ones_kept() {
        let html = concat!(
            r#"<body><aside class="rail"><h2>Most read</h2><article><h3>Teaser</h3></article></aside>"#,
            r#"<article><p>Text</p><aside><p>Fact box</p></aside><footer>By <a rel="author">Ann</a> <time datetime="2024-01-02">Jan 2</time></footer></article>"#,
            r#"<FOOTER class="site"><p>About us</p><footer>inner</footer><p>Imprint</p></FOOTER>"#,
            r#"<footer><script type="application/ld+json">{}</script></footer><footers>kept</footers></body>"#
        );
        assert_eq!(
            strip_raw_text(html),
            concat!(
                r#"<body><aside class="rail"></aside>"#,
                r#"<article><p>Text</p><aside><p>Fact box</p></aside><footer>By <a rel="author">Ann</a> <time datetime="2024-01-02">Jan 2</time></footer></article>"#,
                r#"<FOOTER class="site"></FOOTER>"#,
                r#"<footer><script type="application/ld+json">{}</script></footer><footers>kept</footers></body>"#
            )
        );
    }

    #[test]
    fn amp_pictures_are_read_as_img() {
        let html = r#"<figure><amp-img src="a.jpg" width="1200" height="675" layout="responsive" alt="A"></amp-img><figcaption>A</figcaption></figure><AMP-IMG src=b.jpg></AMP-IMG><amp-imgs>kept</amp-imgs>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<figure><img src="a.jpg" width="1200" height="675" layout="responsive" alt="A"><figcaption>A</figcaption></figure><IMG src=b.jpg><amp-imgs>kept</amp-imgs>"#
        );
    }

    #[test]
    fn without_article_markup_footers_and_asides_are_kept() {
        let html = r#"<body><div class="post"><p>Text</p><aside class="image-box"><img src="a.jpg"><p>A caption</p></aside></div><footer>Posted by Ann</footer></body>"#;
        assert_eq!(strip_raw_text(html), html);
    }

    #[test]
    fn resource_links_are_dropped_canonical_and_others_kept() {
        let html = concat!(
            r#"<head><link rel="stylesheet" href="a.css"><LINK REL=preload as=font href="f.woff2">"#,
            r#"<link rel='preload stylesheet' href="b.css"/><link rel="canonical" href="https://x.test/a">"#,
            r#"<link rel="alternate stylesheet" href="c.css"><link href="d.css" title="no rel">"#,
            r#"<link rel="icon" href="i.png" sizes="x>y"></head><body><p>Text</p></body>"#
        );
        assert_eq!(
            strip_raw_text(html),
            concat!(
                r#"<head><link rel="canonical" href="https://x.test/a">"#,
                r#"<link rel="alternate stylesheet" href="c.css"><link href="d.css" title="no rel">"#,
                r#"</head><body><p>Text</p></body>"#
            )
        );
    }

    #[test]
    fn the_fast_search_finds_what_find_finds() {
        for hay in [
            "", "<", "-->", "a--b-->c", "x</y</z", "é</p>", "--", "-- >-->",
        ] {
            for needle in ["-->", "</"] {
                assert_eq!(
                    find_fast(hay, needle),
                    hay.find(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn nav_menus_are_emptied_nested_ones_with_them() {
        let html = r#"<body><NAV class="menu"><a href="/">Home</a><nav><a>Sub</a></nav><a>World</a></NAV><article><p>Text</p><navigation>kept</navigation></article><nav></nav></body>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<body><NAV class="menu"></NAV><article><p>Text</p><navigation>kept</navigation></article><nav></nav></body>"#
        );
    }

    #[test]
    fn a_nav_holding_raw_text_or_never_closed_is_left_whole() {
        // A `</nav>` inside a script or a comment is not the nav's end.
        let html = r#"<nav><a>A</a><script>x = "</nav>";</script><a>B</a></nav><p>After</p>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<nav><a>A</a><script></script><a>B</a></nav><p>After</p>"#
        );
        let html = r#"<nav><!-- </nav> --><a>A</a></nav><p>After</p>"#;
        assert_eq!(strip_raw_text(html), "<nav></nav><p>After</p>");
        let html = r#"<nav><!-- </nav> <a>A</a></nav><p>After</p>"#;
        assert_eq!(strip_raw_text(html), html);
        let html = r#"<p>Before</p><nav><a>A</a><p>Never closed"#;
        assert_eq!(strip_raw_text(html), html);
        // An inner nav before the raw text is left too: the search is not repeated.
        let html = r#"<nav><nav><a>A</a></nav><style>b{}</style></nav>"#;
        assert_eq!(
            strip_raw_text(html),
            r#"<nav><nav><a>A</a></nav><style></style></nav>"#
        );
    }

    #[test]
    fn many_unclosed_nested_containers_stay_linear() {
        for tag in ["nav", "footer", "aside"] {
            let html = format!(
                "{}<script>s</script>",
                format!("<{tag}><a>x</a>").repeat(100_000)
            );
            let started = std::time::Instant::now();
            let out = strip_raw_text(&html);
            assert!(out.ends_with("<script></script>"));
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{tag}"
            );
        }
    }

    #[test]
    fn nesting_beyond_the_cap_is_flattened_text_kept() {
        let deep = format!(
            "<body>{}<p>deep text</p>{}<p>after</p></body>",
            "<div class=\"x>y\">".repeat(MAX_NESTING + 10),
            "</div>".repeat(MAX_NESTING + 10)
        );
        let out = strip_raw_text(&deep);
        assert_eq!(out.matches("<div").count(), MAX_NESTING);
        assert_eq!(out.matches("</div>").count(), MAX_NESTING);
        assert!(out.contains("<p>deep text</p>") && out.ends_with("<p>after</p></body>"));
        let shallow = "<div><div><img src=x><br/><p>a<p>b</div></div><math><mi/></math>";
        assert_eq!(strip_raw_text(shallow), shallow);
    }

    #[test]
    fn comments_escaped_scripts_and_lookalike_tags_are_left_alone() {
        let plain = "<p>a</p><!-- <script>x</script> --><scripts>y</scripts><p>b</p>";
        assert!(matches!(strip_raw_text(plain), Cow::Borrowed(_)));
        let svg = r#"<p>a</p><svg viewBox="0 0 1 1"><path d="M0"/></svg><p>b</p>"#;
        assert_eq!(
            strip_raw_text(svg),
            r#"<p>a</p><svg viewBox="0 0 1 1"></svg><p>b</p>"#
        );
        let escaped = "<script>a<!--<script>b</script>c--></script><p>d</p><script>e</script>";
        assert_eq!(strip_raw_text(escaped), escaped);
        let unclosed = "<p>a</p><script>never closed";
        assert_eq!(strip_raw_text(unclosed), unclosed);
    }
}
