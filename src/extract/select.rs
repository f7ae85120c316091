//! Assembles an [`Article`]: parses the page once, runs the passes
//! (metadata, content, rendering) and decides between competing sources
//! (headline vs `<title>`, published vs modified, header figure vs share image).

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use url::Url;

use super::content;
use super::date::{parse_date, ParsedDate};
use super::dom::{self, element_text, ElementExt, Metrics};
use super::figures::{self, image_file_name, picture_file, ImageChoice};
use super::language;
use super::markdown::{self, same_text, Block, Context};
use super::metadata::{self, PageMeta};
use super::prescan;
use super::{Article, Figure, Options};

static H1: LazyLock<Selector> = LazyLock::new(|| Selector::parse("h1").expect("valid selector"));
static HEADINGS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("h1, h2, h3").expect("valid selector"));
/// Elements holding the publication date: microdata, HTML5 `<time>`, and
/// hAtom's `<abbr class="published" title="…">` (Blogger, older themes).
static TIME_PUBLISHED: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        r#"[itemprop="datePublished"], time[pubdate], time[datetime], abbr.published[title]"#,
    )
    .expect("valid selector")
});

/// Text before a figure (in characters) up to which it still counts as the top image.
const LEAD_MAX_TEXT_BEFORE: usize = 300;

pub fn extract_article(html: &str, page_url: &Url, options: &Options) -> Article {
    let images = ImageChoice {
        base: page_url,
        max_width: options.max_image_width,
    };
    let doc = Html::parse_document(&prescan::strip_raw_text(html));
    let meta = metadata::collect(&doc);
    let metrics = Metrics::compute(&doc);

    let headline = choose_title(&doc, &meta);
    let hint = meta
        .ld
        .article_body
        .as_deref()
        .map(|b| b.chars().filter(|c| !c.is_whitespace()).count());
    let content = content::locate(&doc, &metrics, hint, headline.node);
    let roots: Vec<NodeRef<Node>> = content
        .as_ref()
        .map(|c| c.roots.iter().filter_map(|id| doc.tree.get(*id)).collect())
        .unwrap_or_default();

    let description = description(&meta);
    let header = roots
        .first()
        .map(|first| {
            scan_header(
                &metrics,
                *first,
                headline.node,
                description.as_deref(),
                images,
            )
        })
        .unwrap_or_default();
    let header_lead = header.figure;
    // The headline is the title, not a line of the body; nor is the lead
    // figure found in the header a body figure.
    let mut skip: HashSet<NodeId> = headline.node.into_iter().collect();
    if let Some((_, id)) = &header_lead {
        skip.insert(*id);
    }
    let roots: Vec<NodeRef<Node>> = header
        .teasers
        .iter()
        .filter_map(|id| doc.tree.get(*id))
        .chain(roots)
        .collect();
    let ctx = Context {
        images,
        metrics: &metrics,
        title: headline.text.as_deref(),
        skip,
        standfirsts: header.teasers.iter().copied().collect(),
    };
    let mut blocks = markdown::render(&ctx, &roots);
    drop_sign_off(&mut blocks, meta.get("og:site_name"));
    drop_contact_lines(&mut blocks);
    let mut authors = metadata::authors(&meta, &doc);
    let site_only = metadata::only_the_site_as_author(&authors, &meta, page_url);
    // A byline the body opens with names the people; one signed "By" does
    // so whatever the metadata says, which on such pages names whoever
    // posted the story (a web editor's account).
    if let Some(names) = take_body_byline(&mut blocks, !site_only) {
        authors = names;
    } else if let Some(names) = site_only.then(|| dateline_reporters(&blocks)).flatten() {
        authors = names;
    } else if site_only && !authors.is_empty() {
        // The metadata names only the site's own account: the byline where
        // bylines go names the people. (With no author at all the metadata
        // pass read the byline.)
        let visible = metadata::byline_people(&doc);
        if !metadata::only_the_site_as_author(&visible, &meta, page_url) {
            authors = visible;
        }
    }

    let mut lead = match header_lead {
        Some((figure, _)) => Some(figure),
        None => take_top_figure(&mut blocks).or_else(|| {
            // A share card the page never shows (a social crop, a site
            // asset) is no picture of an article that has its own figures;
            // the site's default card (its logo) is no picture of any.
            let has_figures = blocks.iter().any(|b| matches!(b, Block::Figure { .. }));
            share_image(&meta, page_url)
                .filter(|f| !is_site_default_card(&f.url))
                .filter(|f| !has_figures || page_shows(&doc, &f.url))
                .map(|f| with_page_caption(&doc, f, images))
        }),
    };
    // One image once: galleries and lightboxes repeat a picture (often with
    // a second caption); the lead is not repeated in the body either, not
    // even in another size (it then lends the lead its caption).
    let lead_picture = lead.as_ref().and_then(|l| picture_file(&l.url));
    let mut seen: HashSet<String> = lead.iter().map(|l| image_key(&l.url)).collect();
    blocks.retain(|b| match b {
        Block::Figure { figure, .. } => {
            let resized_lead = lead_picture.is_some() && picture_file(&figure.url) == lead_picture;
            if let Some(l) = lead
                .as_mut()
                .filter(|l| resized_lead && l.caption.is_none())
            {
                l.caption.clone_from(&figure.caption);
                l.credit.clone_from(&figure.credit);
            }
            seen.insert(image_key(&figure.url)) && !resized_lead
        }
        _ => true,
    });
    if let Some(title) = headline.text.as_deref() {
        let figures = blocks.iter_mut().filter_map(|b| match b {
            Block::Figure { figure, .. } => Some(figure),
            _ => None,
        });
        lead.iter_mut()
            .chain(figures)
            .for_each(|f| drop_headline_caption(f, title));
    }
    let figures: Vec<Figure> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { figure, .. } => Some(figure.clone()),
            _ => None,
        })
        .collect();
    let (mut body_markdown, mut text) = markdown::join(&blocks);
    if let Some(body) = meta.ld.article_body.as_deref() {
        // Pages that ship the body only as data (paywalls, client rendering)
        // still have it in JSON-LD; prefer it when the DOM gave far less.
        if let Some((md, plain)) = article_body_fallback(body, &text) {
            body_markdown = md;
            text = plain;
        }
    }

    let language = declared_language(&meta).or_else(|| language::detect(&text));
    let published = choose_date(&doc, &meta)
        .or_else(|| {
            headline
                .node
                .or_else(|| heading_with(&doc, headline.text.as_deref()?))
                .and_then(|h| dateline_after(&doc, h))
        })
        .and_then(ParsedDate::to_fixed);
    Article {
        title: headline.text,
        description,
        canonical_url: canonical(&meta, page_url),
        published,
        language,
        authors,
        lead,
        figures,
        body_markdown,
        text,
    }
}

/// Words a sign-off may add to the site's name ("Vanguard News Nigeria").
const SIGN_OFF_EXTRA_WORDS: usize = 2;

/// Drops the publisher's name closing the body, a sign-off ("Vanguard News
/// Nigeria" under a story of "Vanguard News"): the site's name and at most
/// two words more, no sentence.
fn drop_sign_off(blocks: &mut Vec<Block>, site: Option<&str>) {
    let Some(site) = site else {
        return;
    };
    let site_key = dom::alnum_lower(site);
    if site_key.is_empty() {
        return;
    }
    if let Some(Block::Text { text, .. }) = blocks.last() {
        let signs_off = dom::alnum_lower(text).starts_with(&site_key)
            && text.split_whitespace().count()
                <= site.split_whitespace().count() + SIGN_OFF_EXTRA_WORDS
            && !text.ends_with(['.', '!', '?']);
        if signs_off {
            blocks.pop();
        }
    }
}

/// Drops lines of the body that are only e-mail addresses: the reporters'
/// contacts the press sets under a story ("jhkim@yna.co.kr").
fn drop_contact_lines(blocks: &mut Vec<Block>) {
    blocks.retain(|b| !matches!(b, Block::Text { text, .. } if is_only_emails(text)));
}

/// True when the text is one e-mail address or more and nothing else.
fn is_only_emails(text: &str) -> bool {
    let mut parts = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '/' | '|' | '·'))
        .filter(|p| !p.is_empty())
        .peekable();
    // A sentence's full stop, or a second "@", makes no address.
    parts.peek().is_some()
        && parts
            .all(|p| dom::is_email_address(p) && !p.ends_with('.') && p.matches('@').count() == 1)
}

/// Blocks at the top of the body in which a byline may be set.
const BODY_BYLINE_MAX_BLOCK: usize = 3;

/// Takes the byline out of the body when the page sets it as the body's
/// own emphasised line ("**Mohloai Mpesi**", as small WordPress sites do)
/// and returns its names. With `signed_only`, only a line opening with "By"
/// ("**By Chukwuemeka Eze, Enugu**") counts: a bare bold name may be an
/// interview's first speaker.
fn take_body_byline(blocks: &mut Vec<Block>, signed_only: bool) -> Option<Vec<String>> {
    let (index, names) = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Text { .. }))
        .take(BODY_BYLINE_MAX_BLOCK)
        .find_map(|(i, b)| match b {
            Block::Text { md, text }
                if is_wholly_emphasised(md)
                    && (!signed_only || metadata::starts_with_by_word(text)) =>
            {
                metadata::body_byline_names(text).map(|names| (i, names))
            }
            _ => None,
        })?;
    blocks.remove(index);
    Some(names)
}

/// The reporters named by the dateline the body's first paragraph opens
/// with, as the Chinese press writes it (`metadata::dateline_reporters`).
fn dateline_reporters(blocks: &[Block]) -> Option<Vec<String>> {
    blocks
        .iter()
        .find_map(|b| match b {
            Block::Text { text, .. } if !text.is_empty() => Some(text),
            _ => None,
        })
        .and_then(|text| metadata::dateline_reporters(text))
}

/// A block that is one run of bold or italic text and nothing else.
fn is_wholly_emphasised(md: &str) -> bool {
    ["**", "_"]
        .iter()
        .any(|marker| markdown::wholly_wrapped(md, marker).is_some())
}

/// A caption that only repeats the headline (a CMS filling the picture's
/// title or alt with it) says nothing about the picture.
fn drop_headline_caption(figure: &mut Figure, headline: &str) {
    if figure
        .caption
        .as_deref()
        .is_some_and(|c| repeats_headline(c, headline))
    {
        figure.caption = None;
    }
}

/// The caption is the headline, or the headline after its kicker
/// ("Kicker: Headline", "Kicker – Headline"): the CMS copied the story's
/// title, not a word about the picture.
fn repeats_headline(caption: &str, headline: &str) -> bool {
    same_text(caption, headline)
        || [": ", " – ", " — ", " - ", " | "].iter().any(|sep| {
            headline
                .split_once(sep)
                .is_some_and(|(_, after_kicker)| same_text(caption, after_kicker))
        })
}

/// Identity of an image URL: scheme and fragment do not change the picture
/// (the query may: `image.php?id=`).
fn image_key(url: &str) -> String {
    let no_fragment = url.split('#').next().unwrap_or(url);
    no_fragment
        .trim_start_matches("https:")
        .trim_start_matches("http:")
        .to_string()
}

/// A file name of the site's own share card: a default, or its logo made
/// for sharing (a company's logo in the news, "alibaba-logo-getty.jpg",
/// is a picture of the article).
static SITE_CARD_FILE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)default|placeholder|fallback|(fb|og|share|social|site|twitter)[-_]?logo",
    )
    .expect("valid regex")
});

/// True when the share image is the site's default card
/// ("givewell_fb_logo.jpg", "opengraph_default.jpg"), the same on every page.
fn is_site_default_card(url: &str) -> bool {
    SITE_CARD_FILE.is_match(image_file_name(url))
}

fn article_body_fallback(body: &str, extracted: &str) -> Option<(String, String)> {
    let size = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let (ld, dom_size) = (size(body), size(extracted));
    if ld < 500 || dom_size * 2 > ld {
        return None;
    }
    let paragraphs: Vec<String> = body
        .split('\n')
        .map(|p| dom::collapse_ws(p).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    let md: Vec<String> = paragraphs
        .iter()
        .map(|p| markdown::escape_markdown_text(p, true))
        .collect();
    Some((md.join("\n\n"), paragraphs.join("\n\n")))
}

/// The chosen headline and the h1 it came from (if any).
struct Headline {
    text: Option<String>,
    node: Option<NodeId>,
}

/// The headline without soft hyphens: the body keeps them (they let long
/// words break on narrow screens), but a title is also a name to search
/// for and to list, where a hidden character only gets in the way.
fn choose_title(doc: &Html, meta: &PageMeta) -> Headline {
    let mut headline = visible_headline(doc, meta);
    if let Some(t) = headline.text.as_mut().filter(|t| t.contains('\u{ad}')) {
        t.retain(|c| c != '\u{ad}');
    }
    headline
}

/// The visible headline: an h1 that matches a metadata title, else the
/// cleaned metadata title (JSON-LD headline, og:title, `<title>`).
fn visible_headline(doc: &Html, meta: &PageMeta) -> Headline {
    let site = meta.first(&["og:site_name", "application-name", "twitter:site"]);
    let raw_titles: Vec<String> = [
        meta.ld.headline.as_deref(),
        meta.get("og:title"),
        meta.get("twitter:title"),
        meta.html_title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(|t| dom::collapse_ws(t).trim().to_string())
    .collect();
    let meta_titles: Vec<String> = raw_titles
        .iter()
        .map(|t| clean_title(t, site))
        .filter(|t| !t.is_empty())
        .collect();
    // An h1 that repeats a metadata title is the headline wherever it sits,
    // unless it is hidden or in a menu/footer: layout class names around a
    // headline ("page-lead-meta", "with-rail") say nothing against it.
    let all_h1s: Vec<(NodeId, String, bool)> = doc
        .select(&H1)
        .filter(|h| !in_hard_furniture(**h))
        .map(|h| (h.id(), headline_text(h), in_junk(*h)))
        .filter(|(_, t, _)| !t.is_empty())
        .collect();
    // Exact repeats first, then an h1 with a kicker or a shortened metadata title.
    for exact in [true, false] {
        for (id, text, _) in &all_h1s {
            for m in &meta_titles {
                if let Some(title) = matched_headline(m, text, exact) {
                    return Headline {
                        text: Some(title),
                        node: Some(*id),
                    };
                }
            }
        }
    }
    // An h1 that says nearly what the metadata says is the headline as
    // edited after the metadata was set ("… cứu vườn sầu riêng" for
    // "… cứu sầu riêng"), also in a column named like furniture.
    let edited = all_h1s.iter().find(|(_, text, _)| {
        meta_titles
            .iter()
            .any(|m| word_overlap(m, text) >= EDITED_HEADLINE_MIN_OVERLAP)
    });
    if let Some((id, text, _)) = edited {
        return Headline {
            text: Some(text.clone()),
            node: Some(*id),
        };
    }
    let h1s: Vec<(NodeId, String)> = all_h1s
        .into_iter()
        .filter(|(_, _, junk)| !junk)
        .map(|(id, t, _)| (id, t))
        .collect();
    // No h1 repeats the metadata (an editorial headline above an SEO title):
    // the headline is the h1 of the article element.
    let in_article = h1s.iter().find(|(id, text)| {
        text.split_whitespace().count() >= 3
            && doc.tree.get(*id).is_some_and(|n| {
                n.ancestors()
                    .any(|a| matches!(dom::tag_name(&a), Some("article" | "main")))
            })
    });
    if let Some((id, text)) = in_article {
        return Headline {
            text: Some(text.clone()),
            node: Some(*id),
        };
    }
    if let [(id, text)] = h1s.as_slice() {
        if text.split_whitespace().count() >= 3 || meta_titles.is_empty() {
            return Headline {
                text: Some(text.clone()),
                node: Some(*id),
            };
        }
    }
    // No h1 is the headline (an SEO h1 in the breadcrumbs, a layout that
    // sets the headline in an h2): the metadata title a heading shows is the
    // visible one, the others are for search engines and shares.
    // The raw form too: what looked like a site name after a dash may be
    // the headline's second half ("Title – while the ballroom stalls").
    let headings: Vec<(NodeId, String)> = doc
        .select(&HEADINGS)
        .filter(|h| !in_hard_furniture(**h) && !in_junk(**h))
        .map(|h| (h.id(), dom::alnum_lower(&element_text(h))))
        .collect();
    let shown = meta_titles
        .iter()
        .chain(&raw_titles)
        .find_map(|t| heading_showing(&headings, t).map(|id| (t.clone(), id)));
    if let Some((text, id)) = shown {
        return Headline {
            text: Some(text),
            node: Some(id),
        };
    }
    Headline {
        text: meta_titles.into_iter().next(),
        node: None,
    }
}

/// A heading's text, with a colon after a kicker the layout sets as its own
/// line without punctuation (`<span class="dachzeile">Topic</span><span>
/// Headline</span>` reads "Topic: Headline", not "Topic Headline"), the way
/// publishers write it where they spell it out.
fn headline_text(heading: ElementRef) -> String {
    let text = element_text(heading);
    let kicker = heading
        .descendants()
        .skip(1)
        .filter_map(ElementRef::wrap)
        .find(|e| dom::has_name_matching(e.value(), &dom::KICKER_NAME))
        .map(element_text)
        .filter(|k| !k.is_empty() && !k.ends_with(|c: char| c.is_ascii_punctuation()));
    let Some(kicker) = kicker else {
        return text;
    };
    match text.strip_prefix(kicker.as_str()).map(str::trim_start) {
        Some(rest) if !rest.is_empty() && !rest.starts_with(KICKER_SEPARATORS) => {
            format!("{kicker}: {rest}")
        }
        _ => text,
    }
}

/// What a kicker's line may already end with or its headline start with.
const KICKER_SEPARATORS: [char; 6] = [':', '-', '–', '—', '|', '·'];

/// The first of the page's h1-h3 outside its furniture (with their texts
/// as `dom::alnum_lower` gives them) whose text is `title`, alone, after a
/// kicker or before a badge ("In evidenza", "Exclusive"). A title of one or
/// two words ("News", a site name) could end any subheading, which would
/// then leave the body.
fn heading_showing(headings: &[(NodeId, String)], title: &str) -> Option<NodeId> {
    if title.split_whitespace().count() < 3 {
        return None;
    }
    let t = dom::alnum_lower(title);
    headings
        .iter()
        .find(|(_, text)| {
            text.ends_with(t.as_str())
                || (text.starts_with(t.as_str()) && text.len() - t.len() <= BADGE_MAX_CHARS)
        })
        .map(|(id, _)| *id)
}

/// Longest badge set after a headline in its heading (bytes of its
/// alphanumerics, as `dom::alnum_lower` gives them).
const BADGE_MAX_CHARS: usize = 20;

/// Same headline, allowing the metadata to add or drop a site name or kicker.
/// Share of words two headlines have in common from which one is the other
/// as edited.
const EDITED_HEADLINE_MIN_OVERLAP: f64 = 0.8;

/// Words two texts share, over the words of the longer one (case and
/// punctuation aside).
fn word_overlap(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace()
            .map(dom::alnum_lower)
            .filter(|w| !w.is_empty())
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let longer = a.len().max(b.len());
    if longer < 4 {
        return 0.0;
    }
    let shared = a
        .iter()
        .filter(|w| b.contains(w))
        .count()
        .min(b.iter().filter(|w| a.contains(w)).count());
    shared as f64 / longer as f64
}

fn titles_match(meta_title: &str, h1: &str) -> bool {
    if same_text(meta_title, h1) {
        return true;
    }
    let (m, h) = (dom::alnum_lower(meta_title), dom::alnum_lower(h1));
    if m.is_empty() || h.is_empty() {
        return false;
    }
    let (short, long) = if m.len() < h.len() {
        (&m, &h)
    } else {
        (&h, &m)
    };
    long.contains(short.as_str()) && short.len() * 10 >= long.len() * 6
}

/// Strips a site-name suffix or prefix (`Headline | Site`, `Site - Headline`).
fn clean_title(title: &str, site: Option<&str>) -> String {
    let t = title.trim();
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " : ", " / "] {
            if let Some(rest) = t.strip_suffix(&format!("{sep}{site}")) {
                return rest.trim().to_string();
            }
            if let Some(rest) = t.strip_prefix(&format!("{site}{sep}")) {
                return rest.trim().to_string();
            }
        }
    }
    for sep in [" | ", " – ", " — ", " :: ", " · ", " - "] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            // A short trailing segment is the site name; a long one is a subtitle.
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// The headline text when an h1 and a metadata title are the same headline:
/// the metadata's wording when the h1 only adds a kicker (a styled
/// span the metadata leaves out) or differs in punctuation the layout hides
/// ("Kicker Headline" vs "Kicker: Headline"); the h1 when the metadata adds
/// a site name or section.
fn matched_headline(meta_title: &str, h1: &str, exact: bool) -> Option<String> {
    let alnum = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).collect() };
    let (m, h) = (alnum(meta_title), alnum(h1));
    if m.is_empty() || h.is_empty() {
        return None;
    }
    if m == h {
        // Same words: the h1 keeps its typographic quotes, but where the
        // layout hid a separator ("Kicker Headline" for "Kicker: Headline",
        // "Kicker : Headline") the metadata has the written form.
        let unquoted = |s: &str| -> String {
            s.chars()
                .filter(|c| {
                    !matches!(
                        c,
                        '\'' | '"' | '‘' | '’' | '‚' | '“' | '”' | '„' | '«' | '»' | '‹' | '›'
                    )
                })
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        return Some(if unquoted(meta_title) == unquoted(h1) {
            h1.to_string()
        } else {
            meta_title.to_string()
        });
    }
    if exact && m.to_lowercase() == h.to_lowercase() {
        return Some(h1.to_string());
    }
    if exact || !titles_match(meta_title, h1) {
        return None;
    }
    let (ml, hl) = (m.to_lowercase(), h.to_lowercase());
    if hl.len() > ml.len()
        && hl.ends_with(ml.as_str())
        && meta_title.split_whitespace().count() >= 3
    {
        Some(meta_title.to_string())
    } else {
        Some(h1.to_string())
    }
}

/// True when an ancestor is a menu, footer, breadcrumb trail or hidden
/// (never the headline's place). A breadcrumb trail that ends in an h1
/// holds the SEO headline in small print; the reader's headline is set
/// large elsewhere.
fn in_hard_furniture(node: NodeRef<Node>) -> bool {
    node.ancestors().any(|a| match a.value() {
        Node::Element(e) => {
            matches!(e.name(), "nav" | "footer" | "menu" | "form")
                || dom::is_hidden(e)
                || dom::names_breadcrumb(e)
                || matches!(
                    e.attr_value("role"),
                    Some("navigation" | "contentinfo" | "dialog" | "menu" | "search")
                )
        }
        _ => false,
    })
}

/// True when an ancestor is page furniture (a teaser's h1 in a sidebar).
fn in_junk(node: NodeRef<Node>) -> bool {
    node.ancestors().any(|a| match a.value() {
        Node::Element(e) => {
            dom::is_furniture_tag(e.name()) && e.name() != "aside"
                || dom::is_hidden(e)
                || dom::has_junk_name(e)
        }
        _ => false,
    })
}

const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "date",
    "article.published",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "datecreated",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
];

/// Publication date: the first published-date source, upgraded to a source
/// with a zone when one gives the same wall-clock time; modified last.
/// The first h1-h3 whose text holds `title` (a headline laid out as an h3
/// with a kicker, when the title came from the metadata).
fn heading_with(doc: &Html, title: &str) -> Option<NodeId> {
    let t = dom::alnum_lower(title);
    if t.is_empty() {
        return None;
    }
    doc.select(&HEADINGS)
        .find(|h| dom::alnum_lower(&element_text(*h)).contains(t.as_str()))
        .map(|h| h.id())
}

/// Text nodes after the headline searched for a visible dateline.
const DATELINE_TEXTS: usize = 40;

/// A page without date metadata: the dateline the reader sees just after
/// the headline ("Do 25.04.24 | 14:07 Uhr | Von ...").
fn dateline_after(doc: &Html, headline: NodeId) -> Option<ParsedDate> {
    let h = doc.tree.get(headline)?;
    let scope = h.ancestors().take(3).last().unwrap_or(h);
    let mut after = false;
    let mut seen = 0;
    for d in scope.descendants() {
        if d.id() == headline {
            after = true;
            continue;
        }
        let Node::Text(t) = d.value() else {
            continue;
        };
        if !after || t.trim().is_empty() || dom::is_inside(d, headline) {
            continue;
        }
        if d.parent()
            .and_then(|p| dom::tag_name(&p))
            .is_some_and(dom::is_invisible_tag)
        {
            continue;
        }
        seen += 1;
        if seen > DATELINE_TEXTS {
            break;
        }
        if let Some(date) = super::date::parse_dateline(t) {
            return Some(date);
        }
    }
    None
}

fn choose_date(doc: &Html, meta: &PageMeta) -> Option<ParsedDate> {
    let mut published: Vec<ParsedDate> = Vec::new();
    let push = |s: Option<&str>, out: &mut Vec<ParsedDate>| {
        if let Some(d) = s.and_then(parse_date) {
            out.push(d);
        }
    };
    push(meta.ld.date_published.as_deref(), &mut published);
    for key in PUBLISHED_KEYS {
        push(meta.get(key), &mut published);
    }
    for el in doc.select(&TIME_PUBLISHED).take(3) {
        let v = el.value();
        let raw = v
            .attr_value("datetime")
            .or_else(|| v.attr_value("content"))
            .or_else(|| {
                (v.name() == "abbr")
                    .then(|| v.attr_value("title"))
                    .flatten()
            });
        match raw {
            Some(r) => push(Some(r), &mut published),
            None => push(Some(&element_text(el)), &mut published),
        }
    }
    push(meta.ld.date_created.as_deref(), &mut published);
    let first = published.first().copied();
    if let Some(first) = first {
        if first.offset.is_some() && first.has_time {
            return Some(first);
        }
        // A zoned source with the same wall-clock time carries the missing zone.
        let zoned = published.iter().find(|d| {
            d.offset.is_some() && d.has_time && (d.local - first.local).num_seconds().abs() <= 60
        });
        if let Some(z) = zoned {
            return Some(*z);
        }
        if !first.has_time {
            if let Some(timed) = published
                .iter()
                .find(|d| d.has_time && d.local.date() == first.local.date())
            {
                return Some(*timed);
            }
        }
        return Some(first);
    }
    let mut modified = Vec::new();
    push(meta.ld.date_modified.as_deref(), &mut modified);
    for key in MODIFIED_KEYS {
        push(meta.get(key), &mut modified);
    }
    modified.first().copied()
}

fn description(meta: &PageMeta) -> Option<String> {
    meta.first(&[
        "og:description",
        "description",
        "twitter:description",
        "dc.description",
    ])
    .map(|s| dom::collapse_ws(s).trim().to_string())
    .or_else(|| meta.ld.description.clone())
    .filter(|s| !s.is_empty())
}

fn canonical(meta: &PageMeta, page_url: &Url) -> Option<String> {
    meta.canonical
        .as_deref()
        .or_else(|| meta.get("og:url"))
        .and_then(|u| figures::absolutize(u, page_url))
}

fn declared_language(meta: &PageMeta) -> Option<String> {
    [
        meta.html_lang.as_deref(),
        meta.get("og:locale"),
        meta.ld.in_language.as_deref(),
        meta.get("content-language"),
        meta.get("language"),
        meta.get("dc.language"),
    ]
    .into_iter()
    .flatten()
    .find_map(language::primary_subtag)
}

/// The share image (og:image, JSON-LD image, twitter:image) as a caption-less figure.
fn share_image(meta: &PageMeta, page_url: &Url) -> Option<Figure> {
    let raw = meta
        .first(&["og:image", "og:image:url", "og:image:secure_url"])
        .map(str::to_string)
        .or_else(|| meta.ld.images.first().cloned())
        .or_else(|| {
            meta.first(&["twitter:image", "twitter:image:src"])
                .map(str::to_string)
        })?;
    Some(Figure {
        url: figures::absolutize(&raw, page_url)?,
        caption: None,
        credit: None,
    })
}

static PICTURES: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("img, source").expect("valid selector"));

/// True when an `<img>` or `<source>` of the page names the file of `url`
/// (in any attribute: sizes and lazy loaders vary the rest of the address).
fn page_shows(doc: &Html, url: &str) -> bool {
    let file = image_file_name(url);
    file.len() >= 6
        && doc
            .select(&PICTURES)
            .any(|p| p.value().attrs().any(|(_, v)| v.contains(file)))
}

static FIGURE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("figure").expect("valid selector"));
static IMG: LazyLock<Selector> = LazyLock::new(|| Selector::parse("img").expect("valid selector"));

/// Levels climbed from a picture of the share image to the figure holding it.
const SHARE_FIGURE_LEVELS: usize = 5;

/// The share image with the caption of the page's figure showing the same
/// picture (same file name), when there is one: a `<figure>` of the page,
/// else any figure-like block around a picture of it, even one in a side
/// column (the header image of some layouts sits in a "sidebar"-named block).
fn with_page_caption(doc: &Html, share: Figure, images: ImageChoice) -> Figure {
    let want = image_file_name(&share.url);
    if want.len() < 6 {
        return share;
    }
    // The figure's own best URL must be the same picture too (a figure
    // holding several pictures may offer another one).
    let captioned_share =
        |f: &Figure| image_file_name(&f.url) == want && (f.caption.is_some() || f.credit.is_some());
    for fig in doc.select(&FIGURE) {
        if in_junk(*fig) {
            continue;
        }
        if let Some(f) = figures::figure_of(*fig, images).filter(captioned_share) {
            return f;
        }
    }
    for img in doc.select(&IMG) {
        let shows_share =
            figures::image_url(*img, images).is_some_and(|u| image_file_name(&u) == want);
        if !shows_share || in_hard_furniture(*img) {
            continue;
        }
        let figure = img
            .ancestors()
            .take(SHARE_FIGURE_LEVELS)
            .find(|a| figures::is_figure_like(*a))
            .filter(|a| !figures::is_player_poster(*a))
            .and_then(|a| figures::figure_of(a, images));
        if let Some(f) = figure.filter(captioned_share) {
            return f;
        }
    }
    share
}

/// Removes and returns the body's first figure when it comes before the text
/// has really started (it is the article's top image).
fn take_top_figure(blocks: &mut Vec<Block>) -> Option<Figure> {
    let mut text_before = 0;
    for (i, b) in blocks.iter().enumerate() {
        match b {
            Block::Figure { .. } => {
                if text_before <= LEAD_MAX_TEXT_BEFORE {
                    if let Block::Figure { figure, .. } = blocks.remove(i) {
                        return Some(figure);
                    }
                }
                return None;
            }
            Block::Text { text, .. } => {
                text_before += text.chars().count();
                if text_before > LEAD_MAX_TEXT_BEFORE {
                    return None;
                }
            }
        }
    }
    None
}

/// What sits in the article header, between the article's start (its
/// `<article>` element or the headline) and the body: the top image and the
/// standfirst (teaser paragraph), both part of the article.
#[derive(Default)]
struct HeaderFinds {
    figure: Option<(Figure, NodeId)>,
    teasers: Vec<NodeId>,
}

static TEASER_NAME: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i-u)(^|[-_])(excerpt|standfirst|lead|leadtext|lead[-_]?text|teaser|teaser[-_]?text|intro|introduction|summary|dek|deck|subtitle|sub[-_]?head(?:line|ing)?|abstract|lede|chapo|chapeau|entradilla|epigraph|strapline|sumario|description|desc|synopsis|kicker[-_]?text|spot|ozet)($|[-_])",
    )
    .expect("valid regex")
});

fn scan_header(
    metrics: &Metrics,
    first_root: NodeRef<Node>,
    h1: Option<NodeId>,
    description: Option<&str>,
    images: ImageChoice,
) -> HeaderFinds {
    let body_start = metrics.order(first_root.id());
    let article_start = first_root
        .ancestors()
        .find(|a| is_article_container(a))
        .map(|a| metrics.order(a.id()));
    let h1_start = h1.map(|id| metrics.order(id)).filter(|&o| o < body_start);
    let region_start = article_start.into_iter().chain(h1_start).min();
    let mut scan = HeaderScan {
        metrics,
        first_root,
        description,
        images,
        finds: HeaderFinds::default(),
        first_img: None,
    };
    if let Some(region_start) = region_start {
        if let Some(scope) = first_root
            .ancestors()
            .find(|a| metrics.order(a.id()) <= region_start)
        {
            scan.walk(scope, region_start, h1_start, body_start);
        }
    }
    // The content's own <header> (the renderer leaves headers out) holds
    // the headline and often the standfirst and the top image.
    if let Some(header) = h1
        .and_then(|id| first_root.tree().get(id))
        .and_then(|h| h.ancestors().find(|a| dom::tag_name(a) == Some("header")))
        .filter(|header| header.id() != first_root.id() && dom::is_inside(*header, first_root.id()))
    {
        let start = metrics.order(header.id());
        scan.walk(header, start, h1.map(|id| metrics.order(id)), usize::MAX);
    }
    let mut finds = scan.finds;
    if finds.figure.is_none() {
        finds.figure = scan.first_img;
    }
    finds
}

/// One walk over the article header, collecting what [`HeaderFinds`] holds.
struct HeaderScan<'m, 'd, 'a> {
    metrics: &'m Metrics,
    first_root: NodeRef<'a, Node>,
    description: Option<&'d str>,
    images: ImageChoice<'a>,
    finds: HeaderFinds,
    first_img: Option<(Figure, NodeId)>,
}

impl HeaderScan<'_, '_, '_> {
    /// Pre-order walk of `scope` from `region_start` up to `body_start`,
    /// skipping furniture subtrees; standfirsts are taken after the headline.
    fn walk(
        &mut self,
        scope: NodeRef<Node>,
        region_start: usize,
        h1_start: Option<usize>,
        body_start: usize,
    ) {
        let metrics = self.metrics;
        // Without a known headline node (the title came from metadata), the
        // first h1 or h2 of the region stands for it.
        let mut heading_seen = false;
        let mut stack = vec![scope];
        while let Some(node) = stack.pop() {
            let order = metrics.order(node.id());
            if order >= body_start {
                continue;
            }
            let Node::Element(e) = node.value() else {
                continue;
            };
            if dom::is_invisible_tag(e.name()) && !figures::is_image_viewer_button(node)
                || dom::is_furniture_tag(e.name())
                || dom::is_hidden(e)
                || (dom::has_junk_name(e) && node.id() != scope.id())
            {
                continue;
            }
            if order > region_start {
                if figures::is_player_poster(node) {
                    continue;
                }
                if figures::is_figure_like(node) {
                    if self.finds.figure.is_none() {
                        self.finds.figure =
                            figures::figure_of(node, self.images).map(|f| (f, node.id()));
                    }
                    continue;
                }
                if e.name() == "img" && self.first_img.is_none() {
                    if let Some(url) = figures::image_url(node, self.images) {
                        if !figures::is_decorative_img(e, &url) && !inside_link(node) {
                            self.first_img = Some((
                                Figure {
                                    url,
                                    caption: None,
                                    credit: None,
                                },
                                node.id(),
                            ));
                        }
                    }
                }
                let after_headline = match h1_start {
                    Some(h) => order > h,
                    None => heading_seen,
                };
                heading_seen |= matches!(e.name(), "h1" | "h2");
                // A wrapper of the body named "summary" is not a standfirst.
                if after_headline
                    && !dom::is_inside(self.first_root, node.id())
                    && is_teaser(node, e, metrics, self.description)
                {
                    self.finds.teasers.push(node.id());
                    continue;
                }
            }
            for child in node.children().rev() {
                if dom::tag_name(&child).is_some() && metrics.order(child.id()) < body_start {
                    stack.push(child);
                }
            }
        }
    }
}

/// Shortest standfirst (chars) named like one, in a dense script (Korean,
/// Japanese, Chinese), which says in 30 characters what English says in 80.
const NAMED_TEASER_MIN_CHARS: usize = 20;
/// Shortest standfirst (chars) otherwise.
const TEASER_MIN_CHARS: usize = 40;

/// A standfirst: named like one, or repeating the page description.
fn is_teaser(
    node: NodeRef<Node>,
    e: &scraper::node::Element,
    metrics: &Metrics,
    description: Option<&str>,
) -> bool {
    if matches!(
        e.name(),
        "h1" | "a" | "img" | "figure" | "time" | "ul" | "ol"
    ) {
        return false;
    }
    let size = metrics.size(node.id());
    if size.chars < NAMED_TEASER_MIN_CHARS || size.link_density() > 0.3 {
        return false;
    }
    // Not a wrapper of the headline itself.
    if node.descendants().any(|d| dom::tag_name(&d) == Some("h1")) {
        return false;
    }
    let named = dom::has_name_matching(e, &TEASER_NAME)
        || has_teaser_data_name(e)
        || dom::has_camel_name_matching(e, &TEASER_NAME);
    if size.chars < TEASER_MIN_CHARS {
        return named
            && ElementRef::wrap(node).is_some_and(|el| {
                let text = element_text(el);
                text.chars().any(language::is_dense_script) && !metadata::starts_with_by_word(&text)
            });
    }
    if named {
        return true;
    }
    // Compare texts only when their sizes can match (cheap check first).
    matches!(e.name(), "p" | "div" | "h2")
        && description.is_some_and(|d| {
            let want = d.chars().filter(|c| c.is_alphanumeric()).count();
            size.chars >= want
                && size.chars <= want + want / 4 + 8
                && ElementRef::wrap(node)
                    .is_some_and(|el| is_description_text(node, &element_text(el), d))
        })
}

/// Longest attribute value read as an element's role name.
const ROLE_NAME_MAX_CHARS: usize = 40;

/// A standfirst named in a data attribute or microdata rather than a class
/// (sites with generated class names: `data-manual="teaserText"`,
/// `data-testid="standfirst"`, `itemprop="description"`).
fn has_teaser_data_name(e: &scraper::node::Element) -> bool {
    e.attrs().any(|(name, value)| {
        (name.starts_with("data-") || name == "itemprop")
            && value.len() <= ROLE_NAME_MAX_CHARS
            && TEASER_NAME.is_match(value)
    })
}

/// Letters and digits a standfirst may have before the description's text:
/// its dateline ("Berlin. In Berlin brennen ...").
const STANDFIRST_DATELINE_MAX_CHARS: usize = 24;

/// The description's text, alone, or after a short dateline in one block.
fn is_description_text(node: NodeRef<Node>, text: &str, description: &str) -> bool {
    let (text, description) = (dom::alnum_lower(text), dom::alnum_lower(description));
    !description.is_empty()
        && text
            .strip_suffix(description.as_str())
            .is_some_and(|dateline| {
                dateline.is_empty()
                    || dateline.chars().count() <= STANDFIRST_DATELINE_MAX_CHARS
                        && is_one_block(node)
            })
}

/// No block inside: one paragraph of text (a source line and a heading
/// before the description's text are no dateline).
fn is_one_block(node: NodeRef<Node>) -> bool {
    !node
        .descendants()
        .skip(1)
        .any(|d| dom::tag_name(&d).is_some_and(dom::is_block_tag))
}

fn inside_link(node: NodeRef<Node>) -> bool {
    node.ancestors()
        .take(4)
        .any(|a| dom::tag_name(&a) == Some("a"))
}

fn is_article_container(node: &NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(e) => {
            e.name() == "article"
                || e.attr_value("itemtype")
                    .is_some_and(|t| t.contains("Article") || t.contains("BlogPosting"))
        }
        _ => false,
    }
}
