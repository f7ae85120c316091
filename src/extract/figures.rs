//! Figures: which elements are article images, the best URL of an image
//! (largest srcset entry, lazy-loading attributes, `<picture><source>`), and
//! the caption/credit split of a `<figure>` or figure-like container.
//! Also the archive's Markdown form of a figure ([`Figure::to_markdown`]).

use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::{ElementRef, Node};
use url::Url;

use super::credit::{bare_credit, split_credit_text, without_screen_reader_label};
use super::dom::{
    collapse_ws, element_text, has_junk_name, is_hidden, is_invisible_tag, ElementExt,
};
use super::markdown::escape_markdown_text;
use super::Figure;

impl Figure {
    /// The archive's form: `![ALT](URL)` and, when captioned, a blank line and
    /// the caption (with the credit appended unless already in it). ALT is the
    /// caption paragraph's text. No trailing newline.
    pub fn to_markdown(&self) -> String {
        let caption = self.caption_line();
        let alt = caption.as_deref().map(escape_alt).unwrap_or_default();
        let mut out = format!("![{alt}]({})", escape_url(&self.url));
        if let Some(c) = caption {
            out.push_str("\n\n");
            out.push_str(&escape_markdown_text(&c, true));
        }
        out
    }

    /// Caption followed by the credit (unless the caption already ends
    /// with it: a credit's name may also appear inside the caption's
    /// sentence, "A rocket on an Etlaq launchpad." credited to Etlaq).
    pub fn caption_line(&self) -> Option<String> {
        let caption = self
            .caption
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let credit = self
            .credit
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        match (caption, credit) {
            (Some(c), Some(k)) if !ends_with_credit(c, k) => {
                Some(format!("{c} {}", bracket_credit(k)))
            }
            (Some(c), _) => Some(c.to_string()),
            (None, Some(k)) => Some(bracket_credit(k)),
            (None, None) => None,
        }
    }
}

fn ends_with_credit(caption: &str, credit: &str) -> bool {
    let closing: &[char] = &[')', ']', '.', ' '];
    caption
        .trim_end_matches(closing)
        .ends_with(credit.trim_end_matches(closing))
}

/// A credit reads as `(Photo: X)`; one with a label of another kind
/// (`Illustration: X`, `Grafik: X`) as `(Illustration: X)`.
fn bracket_credit(credit: &str) -> String {
    let labelled = credit
        .split_once(':')
        .is_some_and(|(label, _)| label.split_whitespace().count() <= 2 && !label.contains('.'));
    if labelled {
        format!("({credit})")
    } else {
        format!("(Photo: {credit})")
    }
}

fn escape_alt(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Percent-encodes what would end or break a Markdown link destination.
pub fn escape_url(u: &str) -> String {
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\n' | '\r' | '\t' => {}
            _ => out.push(c),
        }
    }
    out
}

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(^data:|blank\.(gif|png)|spacer|placeholder|transparent[\w-]*\.(gif|png)|1x1|pixel\.(gif|png)|lazy[-_]?load|loading\.gif|grey\.gif|/empty\.)")
        .expect("valid regex")
});

static NON_PHOTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(logo|icon|avatar|sprite|emoji|badge|author|profile|gravatar|favicon|button|tracking|pixel|newsletter|\.svg($|\?))")
        .expect("valid regex")
});

static CREDIT_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(credit|copyright|source|photographer|byline|author|autor|rights|attribution|quelle|fotograf|bildnachweis|distributor|agency)")
        .expect("valid regex")
});

static CAPTION_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(caption|legend|bildunterschrift|bildtext|didascalia|pie[-_]?de[-_]?foto|figcaption|description|(?:image|media|photo|foto|picture|img)[-_]?text|subtitle)")
        .expect("valid regex")
});

/// Weaker caption names: an "info" part of an image block ("mediaInfo",
/// "image__info", "infotext"). Tried only when no element is named a caption,
/// since carousels also call a slide's whole text panel (counter, buttons) "info".
static CAPTION_INFO_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(^|[-_]|media|image|img|photo|picture|bild)info(text)?($|[-_])")
        .expect("valid regex")
});

/// True when a class token names a caption, strongly or as an image's info part.
fn is_caption_name(class: &str) -> bool {
    CAPTION_CLASS.is_match(class) || CAPTION_INFO_CLASS.is_match(class)
}

static FIGURE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(figure|image|photo|picture|media|img|foto|bild|visual|slide|gallery)")
        .expect("valid regex")
});

/// Where a page's image URLs resolve, and the widest image worth keeping.
#[derive(Debug, Clone, Copy)]
pub struct ImageChoice<'a> {
    pub base: &'a Url,
    /// The largest `w` candidate of a srcset at or under this width is taken
    /// (a 4000 px original is rarely worth ten times the bytes of a 2048 px one).
    pub max_width: u32,
}

/// What a srcset entry says about its size.
#[derive(Debug, Clone, Copy)]
enum Descriptor {
    Width(f64),
    Density(f64),
    None,
}

fn descriptor(d: Option<&str>) -> Descriptor {
    let Some(d) = d.map(str::to_ascii_lowercase) else {
        return Descriptor::None;
    };
    let number = |n: &str| n.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0);
    if let Some(w) = d.strip_suffix('w').and_then(number) {
        Descriptor::Width(w)
    } else if let Some(x) = d.strip_suffix('x').and_then(number) {
        Descriptor::Density(x)
    } else {
        Descriptor::None
    }
}

/// The best candidate of a `srcset`: the widest `w` entry within `max_width`
/// (the narrowest one when all are wider), else the highest density.
/// Ties go to the later entry.
pub fn best_srcset(srcset: &str, max_width: u32) -> Option<String> {
    let max = f64::from(max_width);
    let entries = srcset_entries(srcset);
    let widths = entries.iter().filter_map(|&(d, u)| match d {
        Descriptor::Width(w) => Some((w, u)),
        _ => None,
    });
    let within = widths
        .clone()
        .filter(|&(w, _)| w <= max)
        .fold(None, later_max);
    let pick = within
        .or_else(|| widths.map(|(w, u)| (-w, u)).fold(None, later_max))
        .or_else(|| {
            entries
                .iter()
                .map(|&(d, u)| match d {
                    Descriptor::Density(x) => (x, u),
                    _ => (1.0, u),
                })
                .fold(None, later_max)
        });
    pick.map(|(_, u)| u.to_string())
}

/// A srcset's entries with their descriptors, placeholders left out.
fn srcset_entries(srcset: &str) -> Vec<(Descriptor, &str)> {
    split_srcset(srcset)
        .into_iter()
        .filter_map(|entry| {
            let mut parts = entry.split_whitespace();
            let url = parts.next()?;
            (!PLACEHOLDER.is_match(url)).then(|| (descriptor(parts.next()), url))
        })
        .collect()
}

/// The srcset attributes an element may carry, lazy ones first: a lazy
/// loader leaves a placeholder in `srcset` and the sizes in `data-srcset`,
/// or in a name of its own (`data-flickity-lazyload-srcset`).
fn srcset_values(el: &scraper::node::Element) -> impl Iterator<Item = &str> {
    const KNOWN: [&str; 3] = ["data-srcset", "data-lazy-srcset", "srcset"];
    KNOWN
        .into_iter()
        .filter_map(|attr| el.attr_value(attr))
        .chain(
            el.attrs()
                .filter(|(name, _)| {
                    name.starts_with("data-") && name.ends_with("srcset") && !KNOWN.contains(name)
                })
                .map(|(_, value)| value),
        )
}

/// The image of an `<img>`, or a wider size its `<picture>` offers: Le
/// Monde's and DR's `<img src>` is the column-width size while a desktop
/// `<source>` lists twice that. Sizes are compared by width: a `w` entry's,
/// a density entry's times the img's declared width, and for the img's own
/// choice its `w` entry or its declared width. Where nothing gives widths
/// (sources without descriptors), the img's choice stands.
fn picture_candidate(
    img: NodeRef<Node>,
    e: &scraper::node::Element,
    max_width: u32,
) -> Option<String> {
    let own = img_candidate(e, max_width)?;
    let Some(picture) = img
        .parent()
        .filter(|p| super::dom::tag_name(p) == Some("picture"))
    else {
        return Some(own);
    };
    let max = f64::from(max_width);
    let declared = e
        .attr_value("width")
        .and_then(|w| w.trim().parse::<u32>().ok())
        .filter(|w| *w > 0)
        .map(f64::from);
    let width_of = |d: Descriptor| match d {
        Descriptor::Width(w) => Some(w),
        Descriptor::Density(x) => declared.map(|w| w * x),
        Descriptor::None => None,
    };
    let own_width = srcset_values(e)
        .flat_map(srcset_entries)
        .find(|(_, url)| *url == own)
        .and_then(|(d, _)| width_of(d))
        .or(declared);
    let Some(own_width) = own_width else {
        return Some(own);
    };
    let widest_source = picture
        .children()
        .filter_map(|c| match c.value() {
            Node::Element(source) if source.name() == "source" && !is_video_source(source) => {
                Some(source)
            }
            _ => None,
        })
        .flat_map(srcset_values)
        .flat_map(srcset_entries)
        .filter_map(|(d, url)| width_of(d).filter(|w| *w <= max).map(|w| (w, url)))
        .fold(None, later_max);
    match widest_source {
        Some((width, url)) if width > own_width => Some(url.to_string()),
        _ => Some(own),
    }
}

fn is_video_source(source: &scraper::node::Element) -> bool {
    source
        .attr_value("type")
        .is_some_and(|t| t.contains("video"))
}

/// Folds to the entry with the largest key, the later one on ties.
fn later_max<'u>(best: Option<(f64, &'u str)>, next: (f64, &'u str)) -> Option<(f64, &'u str)> {
    match best {
        Some(b) if b.0 > next.0 => Some(b),
        _ => Some(next),
    }
}

/// Splits a srcset into entries the way browsers do: an entry's URL runs
/// to the first whitespace (image CDNs put commas in paths:
/// `.../c_scale,w_764/...`), its descriptor to the next comma, also with no
/// space after it (`a.jpg 1x,b.jpg 2x`). A URL that ends in a comma has no
/// descriptor.
fn split_srcset(srcset: &str) -> Vec<&str> {
    let bytes = srcset.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if i == bytes.len() {
            return out;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i - 1] != b',' {
            while i < bytes.len() && bytes[i] != b',' {
                i += 1;
            }
        }
        out.push(srcset[start..i].trim().trim_end_matches(','));
    }
}

/// The best URL of an `<img>` (raw, unresolved).
fn img_candidate(el: &scraper::node::Element, max_width: u32) -> Option<String> {
    if let Some(best) = srcset_values(el).find_map(|v| best_srcset(v, max_width)) {
        return Some(best);
    }
    for attr in [
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-lazy",
        "data-url",
        "data-full-src",
        "data-hi-res-src",
    ] {
        if let Some(v) = usable_src(el.attr_value(attr)) {
            return Some(v);
        }
    }
    for (name, value) in el.attrs() {
        if name.starts_with("data-")
            && (name.ends_with("-src") || name.ends_with("lazyload"))
            && looks_like_image_url(value)
        {
            if let Some(v) = usable_src(Some(value)) {
                return Some(v);
            }
        }
    }
    usable_src(el.attr_value("src"))
}

/// A source attribute's value when it can be an image address: not empty,
/// not a placeholder, and not a lazy loader's JSON settings
/// (`data-src='{"default":{"src":...}}'`), which would resolve to a page path.
fn usable_src(v: Option<&str>) -> Option<String> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    let is_json = v.starts_with('{') || v.starts_with('[');
    (!is_json && !PLACEHOLDER.is_match(v)).then(|| v.to_string())
}

fn looks_like_image_url(v: &str) -> bool {
    let v = v.trim();
    (v.starts_with("http") || v.starts_with('/')) && !v.contains(char::is_whitespace)
}

/// Best image URL inside `node` (an img, picture, or any container), absolute.
pub fn image_url(node: NodeRef<Node>, choice: ImageChoice) -> Option<String> {
    if let Some(linked) = linked_full_size(node) {
        if let Some(url) = absolutize(linked, choice.base) {
            return Some(url);
        }
    }
    let raw = match node.value() {
        Node::Element(e) if e.name() == "img" => picture_candidate(node, e, choice.max_width),
        _ => first_image_raw(node, choice.max_width),
    }?;
    absolutize(&raw, choice.base)
}

/// A file name ending of a picture.
static IMAGE_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)\.(jpe?g|png|gif|webp|avif|tiff?)$").expect("valid regex"));

/// True when a URL or path names an image file (query and fragment aside).
pub fn is_image_file(url: &str) -> bool {
    IMAGE_FILE.is_match(url.split(['?', '#']).next().unwrap_or(url))
}

/// A thumbnail's path ("thumbnails/", "thumb_", "-thumb.").
static THUMBNAIL_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)(^|[/_.-])thumb(nail)?s?([/_.-])").expect("valid regex"));

/// Levels climbed from an image looking for a link around it.
const LINK_LEVELS: usize = 3;

/// Most characters of a caption set as its own block after a picture.
const CAPTION_BLOCK_MAX_CHARS: usize = 300;

/// A caption set as the block after the picture's own (`<p><img></p><p
/// class="didascalia">...</p>`, as WYSIWYG editors write it): the block,
/// its caption and its credit.
pub fn caption_block_after(
    img: NodeRef<Node>,
    metrics: &super::dom::Metrics,
) -> Option<(NodeId, Option<String>, Option<String>)> {
    // The picture's own block: it holds the picture and no text.
    let own = img
        .ancestors()
        .take(LINK_LEVELS)
        .take_while(|a| {
            super::dom::tag_name(a).is_some_and(|t| matches!(t, "p" | "a" | "span" | "div"))
        })
        .filter(|a| metrics.size(a.id()).chars == 0)
        .last()?;
    let next = own.next_siblings().find(|s| match s.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(_) => true,
        _ => false,
    })?;
    let Node::Element(e) = next.value() else {
        return None;
    };
    // Chinese portals centre a picture and its caption, each a paragraph;
    // a centred quotation below a picture is text.
    let named = e.class_names().any(is_caption_name);
    let centred = !named
        && is_centred(own)
        && is_centred(next)
        && metrics.size(next.id()).chars <= CENTRED_CAPTION_MAX_CHARS;
    if !(named || centred) || has_image(next) {
        return None;
    }
    let text = element_text(ElementRef::wrap(next)?);
    let quotation = || {
        text.trim_start()
            .starts_with(['“', '"', '«', '„', '「', '‘', '\''])
    };
    if text.is_empty() || text.chars().count() > CAPTION_BLOCK_MAX_CHARS || centred && quotation() {
        return None;
    }
    let (caption, credit) = split_credit_text(&text);
    Some((
        next.id(),
        Some(caption).filter(|c| !c.is_empty()),
        credit.map(|c| bare_credit(&c)),
    ))
}

/// Widest image (declared width, px) read as a thumbnail.
const THUMBNAIL_MAX_WIDTH: u32 = 300;

/// The picture's full size where the page shows a thumbnail of it linked
/// to the image file (`<a href="photo.jpg"><img src="thumbs/photo.jpg">`).
/// Only a thumbnail (so named, or under 300 px) is replaced: a larger
/// picture is the size the page chose to show, and a linked original may
/// be far wider than `max_image_width` allows.
fn linked_full_size(node: NodeRef<'_, Node>) -> Option<&str> {
    let img = std::iter::once(node)
        .chain(node.descendants())
        .find(|d| super::dom::tag_name(d) == Some("img"))?;
    let Node::Element(e) = img.value() else {
        return None;
    };
    // The link first: most pictures have none to an image file.
    let href = img
        .ancestors()
        .take(LINK_LEVELS)
        .find_map(|a| match a.value() {
            Node::Element(l) if l.name() == "a" => l.attr_value("href"),
            _ => None,
        })?;
    if !is_image_file(href) {
        return None;
    }
    let sized = e.attrs().any(|(name, _)| name.ends_with("srcset"));
    let in_picture = img
        .ancestors()
        .take(LINK_LEVELS)
        .any(|a| super::dom::tag_name(&a) == Some("picture"));
    let thumbnail = e
        .attr_value("width")
        .and_then(|w| w.trim().parse::<u32>().ok())
        .is_some_and(|w| w <= THUMBNAIL_MAX_WIDTH)
        || img_candidate(e, u32::MAX).is_some_and(|src| THUMBNAIL_NAME.is_match(&src));
    (thumbnail && !sized && !in_picture).then_some(href.trim())
}

fn first_image_raw(node: NodeRef<Node>, max_width: u32) -> Option<String> {
    for d in node.descendants() {
        let Node::Element(e) = d.value() else {
            continue;
        };
        match e.name() {
            "img" => {
                // The img's own size, or a wider one its <picture>'s
                // sources list (see `picture_candidate`).
                if let Some(u) = picture_candidate(d, e, max_width) {
                    return Some(u);
                }
            }
            "source" => {
                if is_video_source(e) {
                    continue;
                }
                // Keep looking: the picture's img usually follows and is canonical,
                // but remember a source in case the img is a placeholder.
                let src = ["data-srcset", "srcset", "data-src"]
                    .iter()
                    .find_map(|a| e.attr_value(a).and_then(|v| best_srcset(v, max_width)))
                    .or_else(|| {
                        e.attrs()
                            .filter(|(n, _)| n.starts_with("data-") && n.ends_with("srcset"))
                            .find_map(|(_, v)| best_srcset(v, max_width))
                    });
                if let Some(s) = src {
                    let img_ok = d
                        .parent()
                        .map(|p| {
                            p.descendants().any(|x| {
                                matches!(x.value(), Node::Element(i) if i.name() == "img" && img_candidate(i, max_width).is_some())
                            })
                        })
                        .unwrap_or(false);
                    if !img_ok {
                        return Some(s);
                    }
                }
            }
            "noscript" => {
                // Lazy loaders keep the real <img> in <noscript> as text.
                let inner: String = d
                    .children()
                    .filter_map(|c| match c.value() {
                        Node::Text(t) => Some(t.to_string()),
                        _ => None,
                    })
                    .collect();
                if let Some(u) = noscript_img_src(&inner, max_width) {
                    return Some(u);
                }
            }
            _ => {}
        }
    }
    None
}

static NOSCRIPT_SRC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<img[^>]*?\ssrc\s*=\s*["']([^"']+)["']"#).expect("valid regex"));

static NOSCRIPT_SRCSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<img[^>]*?\s(?:data-)?srcset\s*=\s*(?:"([^"]+)"|'([^']+)')"#)
        .expect("valid regex")
});

/// The `<img>` inside a `<noscript>`: its best srcset entry, else its src.
fn noscript_img_src(html: &str, max_width: u32) -> Option<String> {
    let from_srcset = NOSCRIPT_SRCSET
        .captures(html)
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .and_then(|m| best_srcset(&m.as_str().replace("&amp;", "&"), max_width))
        .filter(|u| !PLACEHOLDER.is_match(u));
    from_srcset.or_else(|| {
        NOSCRIPT_SRC
            .captures(html)
            .map(|c| c[1].replace("&amp;", "&"))
            .filter(|u| !PLACEHOLDER.is_match(u))
    })
}

/// Resolves `raw` against the page URL; only http(s) results are kept.
pub fn absolutize(raw: &str, base: &Url) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let u = base.join(raw).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.to_string())
}

/// The picture a URL serves in any size: its host and file name, when the
/// name is distinctive. Resizing services keep the original's file name at
/// the end of every size they serve (`/resizer/…/1920x1005/…/MTY5VYZ5JFOZ.jpg`
/// next to `/resizer/…/960x0/…/MTY5VYZ5JFOZ.jpg`); short generic names
/// (`3000.webp`, `image.jpg`) name no picture. Only the lead is compared so:
/// agencies reuse file names for different photos of one story.
pub fn picture_file(url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    let file = image_file_name(parsed.path());
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    (stem.chars().count() >= MIN_DISTINCT_FILE_STEM)
        .then(|| format!("{}/{file}", parsed.host_str().unwrap_or("")))
}

/// Shortest file name (without extension) taken as naming one picture.
const MIN_DISTINCT_FILE_STEM: usize = 16;

/// The file name an image URL ends with (query and fragment left out).
pub fn image_file_name(url: &str) -> &str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.rsplit('/').next().unwrap_or(path)
}

/// The pictures of a figure that sets several side by side over one caption
/// (Ghost's `kg-gallery-card`, a row of images), in order; empty for a
/// figure of one picture. A `<picture>` is one picture whatever its
/// sources, and sizes of one file are one picture.
pub fn side_by_side_pictures(node: NodeRef<Node>, choice: ImageChoice) -> Vec<String> {
    // Most figures hold one image: count before reading any URL.
    let second_img = node
        .descendants()
        .filter(|d| super::dom::tag_name(d) == Some("img"))
        .nth(1);
    if second_img.is_none() {
        return Vec::new();
    }
    let mut urls: Vec<String> = Vec::new();
    for d in node.descendants() {
        let Node::Element(e) = d.value() else {
            continue;
        };
        let in_picture = || {
            d.ancestors()
                .take_while(|a| a.id() != node.id())
                .any(|a| super::dom::tag_name(&a) == Some("picture"))
        };
        let img = match e.name() {
            "picture" => d.descendants().find_map(|x| match x.value() {
                Node::Element(i) if i.name() == "img" => Some(i),
                _ => None,
            }),
            "img" if !in_picture() => Some(e),
            _ => continue,
        };
        let Some(url) = image_url(d, choice) else {
            continue;
        };
        if img.is_some_and(|i| is_decorative_img(i, &url)) {
            continue;
        }
        let file = picture_file(&url);
        if !urls
            .iter()
            .any(|u| *u == url || (file.is_some() && picture_file(u) == file))
        {
            urls.push(url);
        }
    }
    if urls.len() < 2 {
        urls.clear();
    }
    urls
}

/// True for an image too small or too decorative to be an article figure.
/// A length in pixels an inline style gives `prop` ("width:1px").
fn style_px(style: &str, prop: &str) -> Option<u32> {
    super::dom::style_declarations(style).find_map(|(p, v)| {
        p.eq_ignore_ascii_case(prop)
            .then(|| v.strip_suffix("px")?.trim().parse().ok())
            .flatten()
    })
}

pub fn is_decorative_img(el: &scraper::node::Element, url: &str) -> bool {
    let dim = |a: &str| {
        el.attr_value(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
    };
    let styled = |prop: &str| el.attr_value("style").and_then(|s| style_px(s, prop));
    let width = dim("width").or_else(|| styled("width"));
    let height = dim("height").or_else(|| styled("height"));
    if width.is_some_and(|w| w < 120) || height.is_some_and(|h| h < 80) {
        return true;
    }
    let path = url.split('?').next().unwrap_or(url);
    NON_PHOTO.is_match(path)
        || el
            .attr_value("class")
            .is_some_and(|c| NON_PHOTO.is_match(c))
        || el.attr_value("role") == Some("presentation")
        || el.attr_value("alt").is_some_and(|a| NON_PHOTO.is_match(a))
}

/// Levels climbed from an image looking for the player it is the poster of.
const PLAYER_LEVELS: usize = 4;

/// A class naming a media player or its frame.
static PLAYER_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(^|[-_])(player|video[-_]?(player|container|wrapper))($|[-_])")
        .expect("valid regex")
});

/// True when the image is the poster of a video or audio player: the still
/// shown until the reader presses play, not a picture of the article.
pub fn is_player_poster(node: NodeRef<Node>) -> bool {
    std::iter::once(node)
        .chain(node.ancestors())
        .take(PLAYER_LEVELS)
        .any(|a| match a.value() {
            Node::Element(e) => {
                e.class_names().any(|c| PLAYER_CLASS.is_match(c))
                    || a.children()
                        .any(|c| matches!(super::dom::tag_name(&c), Some("video" | "audio")))
            }
            _ => false,
        })
}

/// Most text (chars) of a video's box: its title and a line or two.
const VIDEO_BOX_MAX_CHARS: usize = 300;

/// A class naming a video's box ("VideoEnhancement", "c-video-embed", as a
/// component's part "CneVideoEmbedWrapper").
static VIDEO_BOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)(^|[-_])video").expect("valid regex"));

/// True when the element is a video's box around its player: the player is
/// left out of the text, and the title and blurb beside it ("WATCH: How
/// crews replace a line") are no text without it.
pub fn is_video_box(node: NodeRef<Node>, chars: usize) -> bool {
    let Node::Element(e) = node.value() else {
        return false;
    };
    chars <= VIDEO_BOX_MAX_CHARS
        && (e.class_names().any(|c| VIDEO_BOX.is_match(c))
            || super::dom::has_camel_name_matching(e, &VIDEO_BOX))
        && node.descendants().skip(1).any(|d| match d.value() {
            Node::Element(x) => {
                matches!(x.name(), "iframe" | "video")
                    || x.class_names().any(|c| PLAYER_CLASS.is_match(c))
            }
            _ => false,
        })
}

/// True for a `<button>` wrapping a figure: the opener of an image viewer
/// (press the picture to enlarge it). Its picture and caption are the
/// article's, though a button's content is otherwise no text of the page.
pub fn is_image_viewer_button(node: NodeRef<Node>) -> bool {
    super::dom::tag_name(&node) == Some("button")
        && node
            .descendants()
            .any(|d| matches!(super::dom::tag_name(&d), Some("figure" | "figcaption")))
}

/// True for a `<figure>` or a container that acts as one (an image plus a
/// caption-classed element, under a figure/image/photo class name).
pub fn is_figure_like(node: NodeRef<Node>) -> bool {
    let Node::Element(e) = node.value() else {
        return false;
    };
    if e.name() == "figure" {
        return has_image(node);
    }
    if e.name() == "table" {
        return table_caption_cell(node).is_some();
    }
    // A picture set beside the text is often an <aside> (a floated image box).
    if !matches!(e.name(), "div" | "span" | "section" | "p" | "aside") {
        return false;
    }
    let named = super::dom::has_name_matching(e, &FIGURE_CLASS);
    named
        && has_image(node)
        && has_caption_child(node)
        && image_count(node) == 1
        && !holds_paragraphs(node)
        // An unnamed aside with a picture and a line is a sidebar teaser.
        || e.name() != "aside" && bare_caption_parts(node).is_some()
}

/// Nodes looked at in one part of a bare figure before it is judged too big.
const BARE_PART_NODES: usize = 32;
/// Most visible characters of a bare figure's caption and credit together.
const BARE_CAPTION_CHARS: usize = 250;
/// Most words of the line after a bare caption read as its credit.
const BARE_CREDIT_WORDS: usize = 8;

/// The caption and credit of a bare figure: a picture followed by one or
/// two short lines of text and nothing else, in a block whose class names
/// say nothing (hashed by CSS-in-JS tooling). The first line is the
/// caption, a short second one its credit.
/// Longest caption (in characters, as measured) read from a centred line.
const CENTRED_CAPTION_MAX_CHARS: usize = 100;

/// True when an element's own style or `align` centres its content.
fn is_centred(node: NodeRef<Node>) -> bool {
    let Node::Element(e) = node.value() else {
        return false;
    };
    e.attr_value("align")
        .is_some_and(|a| a.eq_ignore_ascii_case("center"))
        || e.attr_value("style").is_some_and(|s| {
            super::dom::style_declarations(s).any(|(p, v)| {
                p.eq_ignore_ascii_case("text-align") && v.eq_ignore_ascii_case("center")
            })
        })
}

/// Rows of a table laid out as a picture over its caption.
const CAPTION_TABLE_MAX_ROWS: usize = 3;

/// The caption's cell of a table that is a picture with its caption in the
/// row below (Blogger's "tr-caption-container", VnExpress's "tplCaption"):
/// one picture, a few rows, and one short cell of text beside it.
fn table_caption_cell(table: NodeRef<Node>) -> Option<NodeRef<Node>> {
    if super::dom::tag_name(&table) != Some("table") || image_count(table) != 1 {
        return None;
    }
    let rows = table
        .descendants()
        .filter(|d| super::dom::tag_name(d) == Some("tr"))
        .count();
    if rows > CAPTION_TABLE_MAX_ROWS {
        return None;
    }
    let mut text_cells = table.descendants().filter(|d| {
        matches!(super::dom::tag_name(d), Some("td" | "th"))
            && !has_image(*d)
            && ElementRef::wrap(*d).is_some_and(|c| !element_text(c).trim().is_empty())
    });
    let cell = text_cells.next()?;
    let chars = ElementRef::wrap(cell).map_or(0, |c| element_text(c).chars().count());
    (text_cells.next().is_none() && chars <= BARE_CAPTION_CHARS).then_some(cell)
}

fn bare_caption_parts(node: NodeRef<Node>) -> Option<(NodeRef<Node>, Option<NodeRef<Node>>)> {
    let blank = |n: NodeRef<Node>| match n.value() {
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(e) => {
            e.name() == "noscript"
                || !matches!(e.name(), "img" | "picture")
                    && n.children()
                        .all(|c| matches!(c.value(), Node::Text(t) if t.trim().is_empty()))
        }
        _ => true,
    };
    // Empty elements (a credit slot left blank) are no part, nor is a lazy
    // loader's <noscript> copy of the image.
    let mut parts = node.children().filter(|c| !blank(*c));
    if !parts.next().is_some_and(is_image_part) {
        return None;
    }
    let caption = parts.next()?;
    let credit = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let caption_chars = text_part_chars(caption)?;
    let credit_chars = match credit {
        Some(k) => text_part_chars(k)?,
        None => 0,
    };
    let credit_is_short = credit.is_none_or(|k| {
        ElementRef::wrap(k)
            .is_some_and(|k| element_text(k).split_whitespace().count() <= BARE_CREDIT_WORDS)
    });
    (caption_chars + credit_chars <= BARE_CAPTION_CHARS && credit_is_short)
        .then_some((caption, credit))
}

/// True for an element showing only a photo: an image, or a small wrapper
/// of one (`<picture>`, a link) without text. A logo or an icon is no figure.
fn is_image_part(node: NodeRef<Node>) -> bool {
    let mut image = None;
    for (i, d) in node.descendants().enumerate() {
        if i >= BARE_PART_NODES {
            return false;
        }
        match d.value() {
            Node::Element(e) if e.name() == "img" => {
                if image.is_some() {
                    return false;
                }
                image = Some(e);
            }
            // A lazy loader's <noscript> copy of the image is raw text.
            Node::Text(t) if !t.trim().is_empty() && !in_noscript(d) => return false,
            _ => {}
        }
    }
    image.is_some_and(|e| img_candidate(e, u32::MAX).is_some_and(|url| !is_decorative_img(e, &url)))
}

fn in_noscript(text: NodeRef<Node>) -> bool {
    text.parent()
        .is_some_and(|p| super::dom::tag_name(&p) == Some("noscript"))
}

/// Visible characters of a short line of plain text: an element holding
/// text only (no picture, link, heading or list), else `None`.
fn text_part_chars(node: NodeRef<Node>) -> Option<usize> {
    let Node::Element(e) = node.value() else {
        return None;
    };
    // A part named as a credit is not a caption; the named figure rules read it.
    if !matches!(e.name(), "div" | "span" | "p" | "small")
        || is_hidden(e)
        || super::dom::has_name_matching(e, &CREDIT_CLASS)
    {
        return None;
    }
    let mut chars = 0;
    for (i, d) in node.descendants().enumerate() {
        if i >= BARE_PART_NODES {
            return None;
        }
        match d.value() {
            Node::Element(x)
                if matches!(
                    x.name(),
                    "img"
                        | "picture"
                        | "a"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "ul"
                        | "ol"
                        | "figure"
                        | "button"
                ) || is_invisible_tag(x.name()) =>
            {
                return None;
            }
            Node::Text(t) => chars += t.chars().filter(|c| !c.is_whitespace()).count(),
            _ => {}
        }
    }
    (chars > 0).then_some(chars)
}

/// A container with body paragraphs or much text is a section, not a figure.
fn holds_paragraphs(node: NodeRef<Node>) -> bool {
    let mut chars = 0;
    for d in node.descendants() {
        match d.value() {
            Node::Element(e) if matches!(e.name(), "p" | "h2" | "h3" | "li") => {
                let in_caption = d
                    .ancestors()
                    .take_while(|a| a.id() != node.id())
                    .any(|a| match a.value() {
                        Node::Element(x) => {
                            x.name() == "figcaption" || x.class_names().any(is_caption_name)
                        }
                        _ => false,
                    });
                if !in_caption
                    && !(e
                        .class_names()
                        .any(|c| is_caption_name(c) || CREDIT_CLASS.is_match(c)))
                {
                    return true;
                }
            }
            Node::Text(t) => {
                chars += t.len();
                if chars > 1500 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// True when the figure is a gallery of figures (WordPress's
/// `wp-block-gallery`, a `<figure>` of `<figure>`s): each inner figure is a
/// picture of its own, with its own caption.
pub fn is_gallery(node: NodeRef<Node>) -> bool {
    node.descendants()
        .skip(1)
        .filter(|d| super::dom::tag_name(d) == Some("figure") && has_image(*d))
        .nth(1)
        .is_some()
}

fn has_image(node: NodeRef<Node>) -> bool {
    image_count(node) > 0
}

fn image_count(node: NodeRef<Node>) -> usize {
    node.descendants()
        .filter(|d| matches!(d.value(), Node::Element(e) if e.name() == "img"))
        .count()
        .max(
            node.descendants()
                .any(|d| matches!(d.value(), Node::Element(e) if e.name() == "picture" || (e.name() == "noscript")))
                as usize,
        )
}

fn has_caption_child(node: NodeRef<Node>) -> bool {
    node.descendants().skip(1).any(|d| match d.value() {
        Node::Element(e) => {
            e.name() == "figcaption"
                || e.class_names()
                    .any(|c| is_caption_name(c) || CREDIT_CLASS.is_match(c))
        }
        _ => false,
    })
}

/// Builds the figure of a figure-like element (URL, caption, credit).
pub fn figure_of(node: NodeRef<Node>, choice: ImageChoice) -> Option<Figure> {
    if is_byline_figure(node) {
        return None;
    }
    let url = image_url(node, choice)?;
    let (caption, credit) = caption_and_credit(node);
    Some(Figure {
        url,
        caption,
        credit,
    })
}

/// A box named for the author's portrait ("authorsimages", "avatar-wrap").
static PORTRAIT_BOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)author|avatar|gravatar").expect("valid regex"));

/// True when the element (not a `<figure>`) is a box named for the
/// author's portrait.
pub fn is_portrait_box(node: NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(e) => {
            e.name() != "figure" && e.class_names().any(|c| PORTRAIT_BOX.is_match(c))
        }
        _ => false,
    }
}

/// An author box laid out as a figure: the portrait links to the author
/// (`rel="author"`), the "caption" is an `<address>` byline, or the box is
/// named for the author's picture.
pub fn is_byline_figure(node: NodeRef<Node>) -> bool {
    is_portrait_box(node)
        || node.descendants().any(|d| match d.value() {
            Node::Element(e) => {
                e.name() == "address"
                    || e.attr_value("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("author"))
                    })
            }
            _ => false,
        })
}

/// Caption text (credit elements removed) and the credit text.
fn caption_and_credit(figure: NodeRef<Node>) -> (Option<String>, Option<String>) {
    // CNN sets the credit in a figcaption of its own ("image__credit")
    // beside an element named the caption.
    let named_caption_beside = |figcaption: NodeRef<Node>| {
        figure.descendants().any(|d| match d.value() {
            Node::Element(e) => {
                e.class_names().any(|c| CAPTION_CLASS.is_match(c))
                    && !super::dom::is_inside(d, figcaption.id())
                    && !super::dom::is_inside(figcaption, d.id())
            }
            _ => false,
        })
    };
    let caption_el = figure.descendants().skip(1).find(|d| match d.value() {
        Node::Element(e) => {
            e.name() == "figcaption"
                && !(e.class_names().any(|c| CREDIT_CLASS.is_match(c))
                    && !e.class_names().any(is_caption_name)
                    && named_caption_beside(*d))
        }
        _ => false,
    });
    let named = |pattern: &Regex| {
        figure.descendants().skip(1).find(|d| match d.value() {
            Node::Element(e) => e.class_names().any(|c| pattern.is_match(c)) && !is_hidden(e),
            _ => false,
        })
    };
    let bare = bare_caption_parts(figure);
    let caption_el = caption_el
        .or_else(|| table_caption_cell(figure))
        .or_else(|| named(&CAPTION_CLASS))
        .or_else(|| named(&CAPTION_INFO_CLASS))
        .or(bare.map(|(caption, _)| caption));
    let mut credit = None;
    let mut caption_raw = String::new();
    if let Some(cap) = caption_el {
        collect_caption(cap, &mut caption_raw, &mut credit, true);
        if !caption_raw.chars().any(char::is_alphanumeric) {
            // A whole caption set in <small> or <cite> is the caption (any
            // credit in it is split off its text below); a few words are a credit.
            let (mut raw, mut class_credit) = (String::new(), None);
            collect_caption(cap, &mut raw, &mut class_credit, false);
            if raw.split_whitespace().count() >= MIN_SMALL_CAPTION_WORDS {
                caption_raw = raw;
                credit = class_credit;
            }
        }
    }
    if credit.is_none() {
        // A credit element may sit outside the caption (over the image), but
        // a wrapper of caption and credit ("image-source-caption") is not one.
        let wraps_caption =
            |d: NodeRef<Node>| caption_el.is_some_and(|c| super::dom::is_inside(c, d.id()));
        let inside_caption =
            |d: NodeRef<Node>| caption_el.is_some_and(|c| super::dom::is_inside(d, c.id()));
        credit = figure.descendants().skip(1).find_map(|d| match d.value() {
            Node::Element(e)
                if (e.class_names().any(|c| CREDIT_CLASS.is_match(c)) || is_credit_element(e))
                    && !wraps_caption(d)
                    && !inside_caption(d) =>
            {
                ElementRef::wrap(d)
                    .map(element_text)
                    .filter(|t| !t.is_empty())
            }
            _ => None,
        });
    }
    if credit.is_none() {
        credit = bare
            .and_then(|(_, k)| ElementRef::wrap(k?))
            .map(element_text)
            .filter(|t| !t.is_empty());
    }
    let mut caption = without_slide_counter(without_screen_reader_label(
        collapse_ws(&caption_raw).trim(),
    ))
    .to_string();
    if !caption.chars().any(char::is_alphabetic) {
        // What separated the credit parts ("Photo by X / Agency") is no
        // caption, nor is a date or a counter ("15.05.2023", "3/12").
        caption.clear();
    }
    if let Some(k) = &credit {
        // Some captions repeat the credit at the end; keep it once, in `credit`.
        if let Some(stripped) = caption.strip_suffix(k.as_str()) {
            caption = stripped.trim_end().to_string();
        }
    }
    if caption.is_empty() {
        // An image's alt/title is the caption of last resort only on figures.
        caption = figure
            .descendants()
            .find_map(|d| match d.value() {
                Node::Element(e) if e.name() == "img" => {
                    e.attr_value("title").map(|t| t.trim().to_string())
                }
                _ => None,
            })
            .unwrap_or_default();
    }
    let (caption, text_credit) = split_credit_text(&caption);
    let credit = credit
        .or(text_credit)
        .or_else(|| caption_el.and_then(|c| credit_after_caption(figure, c, &caption)))
        .or_else(|| caption_el.and_then(|c| overlay_credit(figure, c)));
    let caption = Some(caption).filter(|c| !c.is_empty());
    // A video's duration ("02:14") over its poster credits no one.
    (
        caption,
        credit
            .map(|c| bare_credit(&c))
            .filter(|c| c.chars().any(char::is_alphabetic)),
    )
}

/// A credit written after the caption's element in the same line, outside
/// it (iDNES: `<div><span class="photo-text">Caption</span> | foto: X</div>`):
/// the line is the caption and a credit.
fn credit_after_caption(
    figure: NodeRef<Node>,
    caption_el: NodeRef<Node>,
    caption: &str,
) -> Option<String> {
    let line = caption_el
        .parent()
        .filter(|p| p.id() != figure.id())
        .and_then(ElementRef::wrap)?;
    let (line_caption, credit) = split_credit_text(&element_text(line));
    credit.filter(|_| !caption.is_empty() && line_caption == caption)
}

/// Longest text (in characters) read as a credit set over the picture.
const OVERLAY_CREDIT_MAX_CHARS: usize = 60;

/// What a control or badge over a picture says: no one's credit.
static PICTURE_CONTROL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:video|play|audio|listen|gallery|galerie|galería|zoom|enlarge|full\s*screen|vollbild|open|expand|view|ansehen|ver|voir|사진\s*확대|확대|拡大|放大)(?:$|\W)")
        .expect("valid regex")
});

/// The credit the BBC and others lay over the picture: a short line in the
/// picture's own box, beside the image (or the `<noscript>` holding it),
/// where the caption sits outside that box. A counter ("2/10") or a control
/// ("Video", "Enlarge") is no credit.
fn overlay_credit(figure: NodeRef<Node>, caption: NodeRef<Node>) -> Option<String> {
    let image = figure.descendants().find(|d| match d.value() {
        Node::Element(e) => e.name() == "img" && !super::dom::is_inside(*d, caption.id()),
        Node::Text(t) => {
            d.parent()
                .is_some_and(|p| super::dom::tag_name(&p) == Some("noscript"))
                && t.contains("<img")
        }
        _ => false,
    })?;
    // The img, or its <picture>/<noscript>: the part beside which a credit sits.
    let holder = image
        .ancestors()
        .take_while(|a| a.id() != figure.id())
        .filter(|a| matches!(super::dom::tag_name(a), Some("picture" | "noscript")))
        .last()
        .unwrap_or(image);
    let box_ = holder.parent().filter(|b| b.id() != figure.id())?;
    if super::dom::is_inside(caption, box_.id()) {
        return None;
    }
    box_.children()
        .filter(|c| c.id() != holder.id())
        .filter_map(ElementRef::wrap)
        .map(element_text)
        .find(|t| {
            let chars = t.chars().count();
            (1..=OVERLAY_CREDIT_MAX_CHARS).contains(&chars)
                && t.chars().any(char::is_alphabetic)
                && !super::credit::ends_sentence(t)
                && !PICTURE_CONTROL.is_match(t)
        })
}

/// A slideshow's position before a caption ("1 of 5", "Bild 2 von 7", "3/12").
static SLIDE_COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:image|photo|picture|bild|foto|slide)\s+)?[0-9]{1,3}\s*(?:/|of|von|de|di|sur|van|av|z|из)\s*[0-9]{1,3}\s+")
        .expect("valid regex")
});

/// The caption without the slideshow position it opens with.
fn without_slide_counter(caption: &str) -> &str {
    SLIDE_COUNTER
        .find(caption)
        .map_or(caption, |m| &caption[m.end()..])
}

/// Microdata properties of a picture's credit.
const CREDIT_PROPS: [&str; 5] = [
    "author",
    "creator",
    "copyrightHolder",
    "copyrightNotice",
    "creditText",
];

/// A credit named by its markup rather than its class: a microdata credit
/// property (`<figcaption itemprop="author">`), or a `<cite>` or `<small>`
/// beside the caption (Vox's `<figcaption>…</figcaption><cite>Photo by X</cite>`).
fn is_credit_element(e: &scraper::node::Element) -> bool {
    matches!(e.name(), "cite" | "small")
        || e.attr_value("itemprop")
            .is_some_and(|p| p.split_whitespace().any(|p| CREDIT_PROPS.contains(&p)))
}

/// Words from which a caption set wholly in `<small>`/`<cite>` is a caption.
const MIN_SMALL_CAPTION_WORDS: usize = 4;

/// Caption text of `node`, diverting credit-classed descendants to `credit`
/// (and, with `tag_credit`, a first `<small>` or `<cite>`).
fn collect_caption(
    node: NodeRef<Node>,
    out: &mut String,
    credit: &mut Option<String>,
    tag_credit: bool,
) {
    collect_caption_at(node, out, credit, tag_credit, 0);
}

fn collect_caption_at(
    node: NodeRef<Node>,
    out: &mut String,
    credit: &mut Option<String>,
    tag_credit: bool,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for child in node.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                // A control's label ("Show more" expanding the caption) is no text.
                if is_invisible_tag(e.name())
                    || is_hidden(e)
                    || e.attr_value("role") == Some("button")
                {
                    continue;
                }
                let is_credit = super::dom::has_name_matching(e, &CREDIT_CLASS)
                    || tag_credit && matches!(e.name(), "cite" | "small") && credit.is_none();
                if is_credit {
                    let text = ElementRef::wrap(child).map(element_text);
                    add_credit_part(credit, text.as_deref().unwrap_or_default());
                    continue;
                }
                if has_junk_name(e) && !e.class_names().any(is_caption_name) || is_more_link(child)
                {
                    continue;
                }
                if e.name() == "br" || super::dom::is_block_tag(e.name()) {
                    out.push(' ');
                }
                collect_caption_at(child, out, credit, tag_credit, depth + 1);
                if super::dom::is_block_tag(e.name()) {
                    out.push(' ');
                }
            }
            _ => {}
        }
    }
}

/// Adds a credit element's text to the credit: a photographer and an
/// agency are often two elements ("Photo by X" / "AFP via Getty Images").
fn add_credit_part(credit: &mut Option<String>, part: &str) {
    let part = part.trim();
    match credit {
        _ if part.is_empty() => {}
        Some(c) if !c.contains(part) => {
            c.push_str(" / ");
            c.push_str(part);
        }
        Some(_) => {}
        None => *credit = Some(part.to_string()),
    }
}

/// A caption's "more >" link to the picture's own page: a pointer, not words
/// about the picture.
fn is_more_link(node: NodeRef<Node>) -> bool {
    super::dom::tag_name(&node) == Some("a")
        && ElementRef::wrap(node).is_some_and(|a| {
            let text = element_text(a);
            text.ends_with(['>', '»', '›', '→']) && text.split_whitespace().count() <= 3
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn first(html: &str, sel: &str) -> (Html, Selector) {
        (Html::parse_fragment(html), Selector::parse(sel).unwrap())
    }

    /// The figure of a page holding one `<figure>`, read at a fixed page URL.
    fn the_figure(html: &str) -> Figure {
        let (doc, sel) = first(html, "figure");
        let fig = doc.select(&sel).next().unwrap();
        let base = Url::parse("https://news.example/a/b").unwrap();
        figure_of(*fig, choice(&base)).unwrap()
    }

    /// No limit worth speaking of, for tests about other things.
    const WIDE: u32 = u32::MAX;

    fn choice(base: &Url) -> ImageChoice<'_> {
        ImageChoice {
            base,
            max_width: WIDE,
        }
    }

    #[test]
    fn srcset_picks_the_largest_entry_even_with_commas_in_urls() {
        for (set, want) in [
            ("a.jpg 320w, b.jpg 1200w, c.jpg 800w", "b.jpg"),
            ("a.jpg 1x, b.jpg 2x", "b.jpg"),
            // No space after the comma that ends a descriptor.
            (
                "https://i.x/880/a.jpg 1x,https://i.x/1760/a.jpg 2x",
                "https://i.x/1760/a.jpg",
            ),
            ("a.jpg 320w,b.jpg 640w", "b.jpg"),
            (
                "https://i.x/c_scale,w_382/p.jpg 382w, https://i.x/c_scale,w_764/p.jpg 764w",
                "https://i.x/c_scale,w_764/p.jpg",
            ),
        ] {
            assert_eq!(best_srcset(set, WIDE).as_deref(), Some(want), "{set}");
        }
    }

    #[test]
    fn srcset_choice_stays_within_the_maximum_width() {
        let set = "s.jpg 480w, m.jpg 1024w, l.jpg 2048w, xl.jpg 4096w";
        assert_eq!(best_srcset(set, 2048).as_deref(), Some("l.jpg"));
        assert_eq!(best_srcset(set, 2047).as_deref(), Some("m.jpg"));
        // Every entry too wide: the narrowest is the closest to the limit.
        assert_eq!(
            best_srcset("xl.jpg 4096w, l.jpg 3000w", 1000).as_deref(),
            Some("l.jpg")
        );
        // Densities say nothing about pixels: the highest is kept.
        assert_eq!(
            best_srcset("a.jpg 1x, b.jpg 3x", 10).as_deref(),
            Some("b.jpg")
        );
        // Widths win over entries without a usable descriptor.
        assert_eq!(
            best_srcset("plain.jpg, w.jpg 800w, bad.jpg 0w", 1000).as_deref(),
            Some("w.jpg")
        );
    }

    #[test]
    fn a_wordpress_caption_box_with_a_noscript_copy_keeps_its_caption() {
        let (doc, sel) = first(
            r#"<div class="wp-caption aligncenter"><img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" data-lazy-src="/traders-1024x683.jpg" width="1024"><noscript><img src="/traders-1024x683.jpg"></noscript><p class="wp-caption-text">Traders at Ogbete Main Market on Wednesday. Photo: Chukwuemeka Eze.</p></div>"#,
            "div",
        );
        let node = doc.select(&sel).next().unwrap();
        let (caption, _) = bare_caption_parts(*node).expect("image and caption");
        assert_eq!(
            ElementRef::wrap(caption).map(element_text).as_deref(),
            Some("Traders at Ogbete Main Market on Wednesday. Photo: Chukwuemeka Eze.")
        );
    }

    #[test]
    fn a_credit_after_the_caption_element_in_its_line_is_the_credit() {
        // iDNES: the caption is a "photo-text" span; its credit follows it.
        let (doc, sel) = first(
            r#"<div class="opener-foto"><a href="/foto"><img src="/tram.jpg"></a><div class="text"><span class="photo-text">Tramvaje v centru Prahy.</span> | foto: Michal Šula, MAFRA</div><div class="more-photos"><a href="/foto">Fotogalerie (14)</a></div></div>"#,
            "div.opener-foto",
        );
        let base = Url::parse("https://news.example/a/b").unwrap();
        let f = figure_of(*doc.select(&sel).next().unwrap(), choice(&base)).unwrap();
        assert_eq!(f.caption.as_deref(), Some("Tramvaje v centru Prahy."));
        assert_eq!(f.credit.as_deref(), Some("Michal Šula, MAFRA"));
    }

    #[test]
    fn a_short_line_beside_the_picture_in_its_box_is_the_credit() {
        let figure = |html: &str| {
            let (doc, sel) = first(html, "figure");
            let fig = doc.select(&sel).next().unwrap();
            let base = Url::parse("https://news.example/a/b").unwrap();
            let f = figure_of(
                *fig,
                ImageChoice {
                    base: &base,
                    max_width: 2048,
                },
            )
            .unwrap();
            (f.caption, f.credit)
        };
        // The BBC: the credit is a bare span over the picture.
        assert_eq!(
            figure(
                r#"<figure><div><div class="sc-54b12d8c-0"><img src="/pryce.jpg"><span class="sc-27ebe17e-1">Gareth Pryce</span></div></div><figcaption>Gareth Pryce has been detecting for 20 years</figcaption></figure>"#
            ),
            (
                Some("Gareth Pryce has been detecting for 20 years".into()),
                Some("Gareth Pryce".into())
            )
        );
        // BBC Persian: the picture in <noscript>, hidden labels before credit and caption.
        assert_eq!(
            figure(
                r#"<figure><div><div class="bbc-997y1y"><div class="lazyload-placeholder"></div><noscript><img src="/dam.jpg"></noscript><p role="text"><span class="bbc-m04vo2">منبع تصویر، </span><span>Getty Images</span></p></div></div><figcaption><span class="bbc-m04vo2">توضیح تصویر، </span><p>دریاچه پشت سد دوستی</p></figcaption></figure>"#
            ),
            (
                Some("دریاچه پشت سد دوستی".into()),
                Some("Getty Images".into())
            )
        );
        // A name that only begins like a control is a credit.
        for name in ["Vera Lutz", "Openshaw/PA", "Playbill"] {
            let html = format!(
                r#"<figure><div class="img-container"><img src="/crowd.jpg"><span>{name}</span></div><figcaption>Crowds on the promenade</figcaption></figure>"#
            );
            assert_eq!(figure(&html).1.as_deref(), Some(name));
        }
        // A counter or a control over the picture credits no one.
        for overlay in [
            "<span>2/10</span>",
            "<button>Enlarge</button>",
            "<span>사진 확대</span>",
        ] {
            let html = format!(
                r#"<figure><div class="img-container"><img src="/crowd.jpg">{overlay}</div><figcaption>Crowds on the promenade</figcaption></figure>"#
            );
            assert_eq!(figure(&html).1, None, "{overlay}");
        }
        // A credit written in the caption comes first: its label goes with it.
        assert_eq!(
            figure(
                r#"<figure><div class="player"><img src="/lunik.jpg"><div class="pictsrc">rbb</div></div><figcaption>Audio: Antenne Brandenburg | Bild: Eva Kirchner/rbb</figcaption></figure>"#
            ),
            (
                Some("Audio: Antenne Brandenburg".into()),
                Some("Eva Kirchner/rbb".into())
            )
        );
    }

    #[test]
    fn a_picture_source_wider_than_its_img_is_chosen() {
        let base = Url::parse("https://news.example/a/b").unwrap();
        let pick = |html: &str| {
            let (doc, sel) = first(html, "figure");
            let fig = doc.select(&sel).next().unwrap();
            figure_of(
                *fig,
                ImageChoice {
                    base: &base,
                    max_width: 2048,
                },
            )
            .map(|f| f.url)
        };
        // Le Monde: the img is the column-width size, the desktop source twice it.
        assert_eq!(
            pick(r#"<figure><picture><source media="(min-width: 1024px)" srcset="/v-664.jpg 664w, /v-1328.jpg 1328w"><source srcset="/v-556.jpg 556w"><img src="/v-664.jpg" width="664"></picture></figure>"#).as_deref(),
            Some("https://news.example/v-1328.jpg")
        );
        // Corriere: a 2x entry is twice the img's declared width.
        assert_eq!(
            pick(r#"<figure><picture><source srcset="/c-656.jpg 1x, /c-1280.jpg 2x"><img src="/c-400.jpg" width="656"></picture></figure>"#).as_deref(),
            Some("https://news.example/c-1280.jpg")
        );
        // Sources without widths (sizes only in their URLs) leave the img's choice.
        assert_eq!(
            pick(r#"<figure><picture><source srcset="/g.jpg?width=620&dpr=2"><img src="/g.jpg?width=445" width="445"></picture></figure>"#).as_deref(),
            Some("https://news.example/g.jpg?width=445")
        );
        // A narrower source does not replace the img.
        assert_eq!(
            pick(r#"<figure><picture><source srcset="/n-320.jpg 320w"><img src="/n-680.jpg" width="680"></picture></figure>"#).as_deref(),
            Some("https://news.example/n-680.jpg")
        );
    }

    #[test]
    fn a_picture_source_is_chosen_within_the_maximum_width() {
        let (doc, sel) = first(
            r#"<figure><picture><source srcset="/p-3200.jpg 3200w, /p-1600.jpg 1600w, /p-800.jpg 800w"><img src="data:image/gif;base64,xx"></picture></figure>"#,
            "figure",
        );
        let fig = doc.select(&sel).next().unwrap();
        let base = Url::parse("https://news.example/a/b").unwrap();
        let pick = |max_width| {
            figure_of(
                *fig,
                ImageChoice {
                    base: &base,
                    max_width,
                },
            )
            .map(|f| f.url)
        };
        assert_eq!(
            pick(2000).as_deref(),
            Some("https://news.example/p-1600.jpg")
        );
        assert_eq!(
            pick(4000).as_deref(),
            Some("https://news.example/p-3200.jpg")
        );
    }

    #[test]
    fn an_author_box_laid_out_as_a_figure_is_not_an_image() {
        let (doc, sel) = first(
            r#"<figure><a rel="author" href="/authors/jane/"><picture><img src="/jane_16_9_1200.jpg" alt="Jane Doe"></picture></a>
               <figcaption><address>By <a rel="author" href="/authors/jane/">Jane Doe</a>, Editor</address> <time datetime="2025-09-09T07:58:05Z">09.09.2025</time></figcaption></figure>"#,
            "figure",
        );
        let fig = doc.select(&sel).next().unwrap();
        let base = Url::parse("https://news.example/a/b").unwrap();
        assert_eq!(figure_of(*fig, choice(&base)), None);
    }

    #[test]
    fn a_carousel_slide_is_a_figure_with_its_description_as_caption() {
        let (doc, sel) = first(
            r#"<div class="Carousel-slide"><div class="CarouselSlide"><div class="CarouselSlide-media"><picture><img alt="Image" src="/slide-11.jpg" width="599" height="399"></picture><button aria-label="Full screen">x</button></div>
               <div class="CarouselSlide-info"><span class="CarouselSlide-slideCount">11 of 12</span> <span class="CarouselSlide-infoDescription"><p>A voter before a campaign event in Johnstown, Pa. (AP Photo/Alex Brandon)</p></span></div></div></div>"#,
            "div.Carousel-slide",
        );
        let slide = doc.select(&sel).next().unwrap();
        assert!(is_figure_like(*slide));
        let base = Url::parse("https://news.example/a/b").unwrap();
        let f = figure_of(*slide, choice(&base)).unwrap();
        assert_eq!(f.url, "https://news.example/slide-11.jpg");
        assert!(f
            .caption
            .as_deref()
            .is_some_and(|c| c.starts_with("A voter before a campaign event")));
    }

    #[test]
    fn an_info_part_of_an_image_block_is_its_caption() {
        let (doc, sel) = first(
            r#"<div class="paragraph-image"><div class="paragraph-image__media"><picture><img src="/fire.jpg" alt="x"></picture></div>
               <div class="paragraph-image__info"><p class="paragraph-image__info__text">Firefighters at the scene</p></div></div>
               <div class="media"><picture><img src="/mask.jpg"></picture><div class="mediaInfo"><p class="infotext">Masks on</p></div></div>"#,
            "div.paragraph-image, div.media",
        );
        let base = Url::parse("https://news.example/a/b").unwrap();
        let captions: Vec<Option<String>> = doc
            .select(&sel)
            .map(|n| {
                assert!(is_figure_like(*n));
                figure_of(*n, choice(&base)).unwrap().caption
            })
            .collect();
        assert_eq!(
            captions,
            [
                Some("Firefighters at the scene".to_string()),
                Some("Masks on".to_string())
            ]
        );
    }

    #[test]
    fn a_transparent_placeholder_gives_way_to_the_noscript_image() {
        let (doc, sel) = first(
            r#"<div class="media"><div class="imageWrapper"><img alt="Two people" class="img" src="https://cdn.example/index-transparent_h-3_w-4_zc-a5bf.gif"/>
               <noscript><img class="img" alt="Two people" src="https://cdn.example/pig_v-big16x9_w-576.jpg"/></noscript></div></div>"#,
            "div.media",
        );
        let node = doc.select(&sel).next().unwrap();
        let base = Url::parse("https://news.example/a/b").unwrap();
        assert_eq!(
            image_url(*node, choice(&base)).as_deref(),
            Some("https://cdn.example/pig_v-big16x9_w-576.jpg")
        );
    }

    #[test]
    fn noscript_fallback_takes_the_largest_srcset_entry() {
        assert_eq!(
            noscript_img_src(
                r#"<img alt="x" src="https://i.x/w_1600%2Cc/a%2520b.jpg" srcSet="https://i.x/w_120,c/a%20b.jpg 120w, https://i.x/w_1600,c/a%20b.jpg 1600w" sizes="100vw"/>"#,
                WIDE
            )
            .as_deref(),
            Some("https://i.x/w_1600,c/a%20b.jpg")
        );
        assert_eq!(
            noscript_img_src(r#"<img src="/only.jpg" alt="">"#, WIDE).as_deref(),
            Some("/only.jpg")
        );
    }

    #[test]
    fn figure_caption_and_credit_are_split() {
        let f = the_figure(
            r#"<figure><picture><source srcset="/big.webp 1600w, /small.webp 400w"><img src="data:image/gif;base64,xx" data-src="/lazy.jpg"></picture>
               <figcaption>Protesters in Tehran. <span class="credit">Photo: Reuters</span></figcaption></figure>"#,
        );
        assert_eq!(f.url, "https://news.example/lazy.jpg");
        assert_eq!(f.caption.as_deref(), Some("Protesters in Tehran."));
        // The credit is the name; every post labels it the one way.
        assert_eq!(f.credit.as_deref(), Some("Reuters"));
        assert_eq!(
            f.to_markdown(),
            "![Protesters in Tehran. (Photo: Reuters)](https://news.example/lazy.jpg)\n\nProtesters in Tehran. (Photo: Reuters)"
        );
    }

    #[test]
    fn a_more_link_in_a_caption_is_not_caption_text() {
        let f = the_figure(
            r#"<figure><img src="/statehouse.jpg"><figcaption class="source"> Two lawmakers talk at the Statehouse. (AP Photo/Darron Cummings) <a href="/multimedia/image/statehouse/">more &gt;</a></figcaption></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("Two lawmakers talk at the Statehouse.")
        );
        assert_eq!(f.credit.as_deref(), Some("AP Photo/Darron Cummings"));
        // Nor is the label of a control that expands the caption.
        let f = the_figure(
            r#"<figure><img src="/knife.jpg"><figcaption data-expand>KNIFE: The knife used in the attacks. Foto: Metropolitan Police <span class="toggle" role="button">Vis mer</span></figcaption></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("KNIFE: The knife used in the attacks.")
        );
        assert_eq!(f.credit.as_deref(), Some("Metropolitan Police"));
    }

    #[test]
    fn a_slideshows_position_is_not_caption_text() {
        let f = the_figure(
            r#"<figure><img src="/pier.jpg"><figcaption><div class="count"><span>2</span> of <span>5</span></div><div>A trawler sits on blocks at the yard.</div></figcaption></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("A trawler sits on blocks at the yard.")
        );
        let f = the_figure(
            r#"<figure><img src="/pier.jpg"><figcaption>2 offers were made for the yard.</figcaption></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("2 offers were made for the yard.")
        );
    }

    #[test]
    fn a_credit_may_be_named_by_markup_beside_the_caption() {
        // Labrador CMS: a second figcaption, the microdata author.
        let f = the_figure(
            r#"<figure><img src="/ferry.jpg"><div class="caption"><figcaption itemprop="caption">The ferry lies at the quay.</figcaption><figcaption itemprop="author" data-byline-prefix="Foto:">Tor Inge Saeland</figcaption></div></figure>"#,
        );
        assert_eq!(f.caption.as_deref(), Some("The ferry lies at the quay."));
        assert_eq!(f.credit.as_deref(), Some("Tor Inge Saeland"));
        // Vox: a <cite> after the figcaption.
        let f = the_figure(
            r#"<figure><img src="/bins.jpg"><div><figcaption><span>Bins of spent batteries wait for sorting.</span></figcaption><cite>Photo by Hollis Benning / The Verge</cite></div></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("Bins of spent batteries wait for sorting.")
        );
        assert_eq!(f.credit.as_deref(), Some("Hollis Benning / The Verge"));
    }

    #[test]
    fn a_figcaption_named_the_credit_beside_the_caption_is_the_credit() {
        // CNN: the caption in a div, the credit in a figcaption.
        let f = the_figure(
            r#"<figure><img src="/jet.jpg"><div class="image__metadata"><div itemprop="caption" class="image__caption attribution"><span>A regional jet taxis at O'Hare in 2023.</span></div><figcaption class="image__credit">Trevor Lindqvist/Bloomberg/Getty Images/File</figcaption></div></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("A regional jet taxis at O'Hare in 2023.")
        );
        assert_eq!(
            f.credit.as_deref(),
            Some("Trevor Lindqvist/Bloomberg/Getty Images/File")
        );
        // Alone, a figcaption named "source" is the caption.
        let f = the_figure(
            r#"<figure><img src="/statehouse.jpg"><figcaption class="source">Two lawmakers talk at the Statehouse. (AP Photo/Darron Cummings)</figcaption></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("Two lawmakers talk at the Statehouse.")
        );
        // A video's duration over its poster credits no one.
        let f = the_figure(
            r#"<figure><img src="/still.jpg"><span class="video-credit">02:14</span></figure>"#,
        );
        assert_eq!(f.credit, None);
    }

    #[test]
    fn a_table_of_a_picture_over_its_caption_is_a_figure() {
        let figure_of_table = |html: &str| {
            let (doc, sel) = first(html, "table");
            let table = doc.select(&sel).next().unwrap();
            assert!(is_figure_like(*table), "{html}");
            let base = Url::parse("https://news.example/a/b").unwrap();
            figure_of(*table, choice(&base)).unwrap()
        };
        // Blogger.
        let f = figure_of_table(
            r#"<table class="tr-caption-container"><tbody><tr><td><a href="/s4032/IMG_2231.JPG"><img src="/w640-h480/IMG_2231.JPG" width="640"></a></td></tr><tr><td class="tr-caption">Residents line up to speak. (Image courtesy City of Grass Valley)</td></tr></tbody></table>"#,
        );
        assert_eq!(f.caption.as_deref(), Some("Residents line up to speak."));
        assert_eq!(f.credit.as_deref(), Some("City of Grass Valley"));
        // VnExpress: the caption's cell is named for nothing.
        let f = figure_of_table(
            r#"<table class="tplCaption"><tbody><tr><td><picture><img src="/ghe.jpg" width="680"></picture></td></tr><tr><td><p class="Image">Ông Thảnh bơm nước ngọt vào bể chứa, sáng 4/3. Ảnh: <em>Minh Khôi</em></p></td></tr></tbody></table>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("Ông Thảnh bơm nước ngọt vào bể chứa, sáng 4/3.")
        );
        assert_eq!(f.credit.as_deref(), Some("Minh Khôi"));
        // A layout table of text beside a picture is no figure.
        let (doc, sel) = first(
            r#"<table><tr><td><img src="/a.jpg" width="300"></td><td>First column of text.</td><td>Second column of text.</td></tr></table>"#,
            "table",
        );
        assert!(!is_figure_like(*doc.select(&sel).next().unwrap()));
    }

    #[test]
    fn a_pixel_sized_by_its_style_is_decorative() {
        let doc = Html::parse_fragment(
            r#"<img src="https://news.example/?republication-pixel=true" style="width:1px;height:1px;" alt="">"#,
        );
        let img = doc.select(&Selector::parse("img").unwrap()).next().unwrap();
        assert!(is_decorative_img(
            img.value(),
            "https://news.example/?republication-pixel=true"
        ));
    }

    #[test]
    fn a_wrapper_of_caption_and_credit_is_not_the_credit() {
        let f = the_figure(
            r#"<figure><img src="/gown.jpg"><span class="image-source-caption"><figcaption class="image-caption">Zendaya at a screening in London.</figcaption>
               <span class="image-source">Samir Hussein/Getty Images</span></span></figure>"#,
        );
        assert_eq!(
            f.caption.as_deref(),
            Some("Zendaya at a screening in London.")
        );
        assert_eq!(f.credit.as_deref(), Some("Samir Hussein/Getty Images"));
    }

    #[test]
    fn a_credit_is_the_name_without_brackets_or_photo_label() {
        let credit = |html: &str| the_figure(html).credit;
        let fig = |credit: &str| {
            format!(
                r#"<figure><img src="/a.jpg"><figcaption>Boats at dawn. <span class="credit">{credit}</span></figcaption></figure>"#
            )
        };
        for labelled in [
            "(Foto: Jane Roe)",
            "Photo by Jane Roe",
            "© Jane Roe",
            "Bild © Jane Roe",
            "Foto: Bild: Jane Roe",
            "(Image credit: Jane Roe)",
            "사진 = Jane Roe",
        ] {
            assert_eq!(
                credit(&fig(labelled)).as_deref(),
                Some("Jane Roe"),
                "{labelled}"
            );
        }
        // A name the caption mentions is still credited after it.
        let f =
            the_figure(&fig("Etlaq").replace("Boats at dawn.", "A rocket on an Etlaq launchpad."));
        assert!(f
            .to_markdown()
            .ends_with("A rocket on an Etlaq launchpad. (Photo: Etlaq)"));
        // Labels saying what the picture is stay, and read as such.
        let f = the_figure(&fig("Illustration: Jane Roe"));
        assert_eq!(f.credit.as_deref(), Some("Illustration: Jane Roe"));
        assert!(f
            .to_markdown()
            .ends_with("Boats at dawn. (Illustration: Jane Roe)"));
        assert_eq!(
            credit(&fig("Courtesy of Jane Roe")).as_deref(),
            Some("Courtesy of Jane Roe")
        );
        assert_eq!(
            credit(&fig("(AP) Jane (Reuters)")).as_deref(),
            Some("(AP) Jane (Reuters)")
        );
    }

    #[test]
    fn a_caption_of_credit_parts_only_is_no_caption_and_one_credit() {
        let f = the_figure(
            r#"<figure><img src="/wine.jpg"><figcaption class="image-caption"><span class="credit">Photo by ipopba</span> /<span class="distributor">Getty Images/iStockphoto</span></figcaption></figure>"#,
        );
        assert_eq!(f.caption, None);
        // Photographer and distributor are two elements of one credit.
        assert_eq!(
            f.credit.as_deref(),
            Some("ipopba / Getty Images/iStockphoto")
        );
    }

    #[test]
    fn a_caption_set_wholly_in_small_print_is_the_caption() {
        let (doc, sel) = first(
            r#"<figure><img src="/a.jpg"><figcaption><small>Boats in the harbour at dawn. (Source: Jane Roe/Agency)</small></figcaption></figure>
               <figure><img src="/b.jpg"><figcaption><cite>Reuters</cite></figcaption></figure>
               <figure><img src="/c.jpg"><figcaption>Boats at dawn <small>Jane Roe</small></figcaption></figure>"#,
            "figure",
        );
        let base = Url::parse("https://news.example/a/b").unwrap();
        let parts: Vec<(Option<String>, Option<String>)> = doc
            .select(&sel)
            .map(|f| {
                let f = figure_of(*f, choice(&base)).unwrap();
                (f.caption, f.credit)
            })
            .collect();
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            parts,
            [
                (
                    some("Boats in the harbour at dawn."),
                    some("Jane Roe/Agency")
                ),
                (None, some("Reuters")),
                (some("Boats at dawn"), some("Jane Roe")),
            ]
        );
    }

    #[test]
    fn a_picture_followed_by_unnamed_caption_lines_is_a_figure() {
        let (doc, sel) = first(
            r#"<div class="sc-a"><picture><source srcset="/banner-640.jpg 640w"><img src="/banner-960.jpg"></picture>
               <div class="sc-b">Fans held up a banner before kick-off</div><div class="sc-c">REUTERS</div><div class="sc-d"></div></div>
               <div class="sc-a"><img src="/print-logo.png"><span>https://news.example/a/b</span></div>
               <div class="sc-a"><img src="/a.jpg"><div>One</div><div>Two</div><div>Three</div></div>
               <div class="sc-a"><img src="/a.jpg"><p>The council met on Monday to discuss the budget for the coming year, and after a long debate the members agreed on a plan that raises spending on schools and roads while keeping taxes flat for most households in the district. The mayor said the plan was the fairest the council had passed in a decade, and the opposition promised to fight it in the courts.</p></div>"#,
            "div.sc-a",
        );
        let base = Url::parse("https://news.example/a/b").unwrap();
        let blocks: Vec<_> = doc.select(&sel).collect();
        let f = figure_of(*blocks[0], choice(&base)).filter(|_| is_figure_like(*blocks[0]));
        assert_eq!(
            f.map(|f| (f.url, f.caption, f.credit)),
            Some((
                "https://news.example/banner-960.jpg".to_string(),
                Some("Fans held up a banner before kick-off".to_string()),
                Some("REUTERS".to_string())
            ))
        );
        // A logo, three lines, a paragraph of text: no figure.
        assert_eq!(
            blocks[1..]
                .iter()
                .map(|b| is_figure_like(**b))
                .collect::<Vec<_>>(),
            [false, false, false]
        );
    }

    #[test]
    fn a_date_or_a_counter_is_no_caption() {
        let (doc, sel) = first(
            r#"<figure><img src="/clip.jpg"><figcaption class="fig__caption"><div class="fig__caption__meta"><time>15.05.2023</time></div></figcaption></figure>
               <figure><img src="/slide.jpg"><figcaption>3/12</figcaption></figure>"#,
            "figure",
        );
        let base = Url::parse("https://news.example/a/b").unwrap();
        let captions: Vec<Option<String>> = doc
            .select(&sel)
            .map(|f| figure_of(*f, choice(&base)).unwrap().caption)
            .collect();
        assert_eq!(captions, [None, None]);
    }

    #[test]
    fn newsletter_art_is_no_photo() {
        let (doc, sel) = first(
            r#"<img src="/img/newsletters/daily_final_embed.png" alt="THE DAILY" width="158" height="158">
               <img src="/uploads/harbour.jpg" alt="Boats" width="800" height="600">"#,
            "img",
        );
        let decorative: Vec<bool> = doc
            .select(&sel)
            .map(|i| is_decorative_img(i.value(), i.value().attr_value("src").unwrap()))
            .collect();
        assert_eq!(decorative, [true, false]);
    }

    #[test]
    fn json_settings_in_a_source_attribute_are_not_an_address() {
        let (doc, sel) = first(
            r#"<figure><img data-src='{"default":{"src":"//img.example/a.jpg?w=80"}}' src="/real.jpg"><figcaption>C</figcaption></figure>"#,
            "figure",
        );
        let fig = doc.select(&sel).next().unwrap();
        let base = Url::parse("https://news.example/a/b").unwrap();
        assert_eq!(
            figure_of(*fig, choice(&base)).map(|f| f.url).as_deref(),
            Some("https://news.example/real.jpg")
        );
    }

    #[test]
    fn unknown_lazy_load_attributes_are_read() {
        let (doc, sel) = first(
            r#"<figure><img src="data:image/gif;base64,R0" data-flickity-lazyload-srcset="/s.jpg 600w, /l.jpg 1440w"><figcaption>Slide</figcaption></figure>
               <figure><img src="/blank.gif" data-carousel-src="/real.jpg"><figcaption>Two</figcaption></figure>"#,
            "figure",
        );
        let base = Url::parse("https://news.example/a").unwrap();
        let urls: Vec<String> = doc
            .select(&sel)
            .map(|f| figure_of(*f, choice(&base)).unwrap().url)
            .collect();
        assert_eq!(
            urls,
            [
                "https://news.example/l.jpg",
                "https://news.example/real.jpg"
            ]
        );
    }

    #[test]
    fn figure_markdown_escapes_alt_and_url() {
        let f = Figure {
            url: "https://e.com/a b(1).jpg".into(),
            caption: Some("A [bracket] \\ caption (Photo: X)".into()),
            credit: Some("X".into()),
        };
        assert_eq!(
            f.to_markdown(),
            "![A \\[bracket\\] \\\\ caption (Photo: X)](https://e.com/a%20b%281%29.jpg)\n\nA \\[bracket\\] \\\\ caption (Photo: X)"
        );
        let bare = Figure {
            url: "https://e.com/x.jpg".into(),
            caption: None,
            credit: None,
        };
        assert_eq!(bare.to_markdown(), "![](https://e.com/x.jpg)");
    }
}
