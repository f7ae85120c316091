//! DOM -> Markdown (and plain text) for the chosen content nodes.
//!
//! One walk produces a list of blocks (paragraphs, headings, list items,
//! quotes, figures) so the caller can drop the lead figure before joining.
//! Boilerplate inside the content (share bars, related lists, ads, bylines)
//! is skipped here, and every text character Markdown would interpret is
//! escaped so the rendered post shows the page's literal text and no HTML.

use std::collections::HashSet;
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::Node;

use super::date;
use super::dom::{self, collapse_ws, ElementExt, Metrics};
use super::figures::{self, escape_url, ImageChoice};
use super::table;
use super::Figure;

/// One rendered block of the body.
#[derive(Debug, Clone)]
pub enum Block {
    /// Markdown of the block and its plain text (empty for none).
    Text { md: String, text: String },
    /// A figure; `node` is the element it came from (to match the lead).
    Figure { figure: Figure, node: NodeId },
}

/// Escapes Markdown-significant characters in literal text. With
/// `block_start`, also escapes what is only special at the start of a line.
pub fn escape_markdown_text(s: &str, block_start: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Every character escaped is ASCII, so the text is copied in runs
    // between them (a UTF-8 continuation byte is never one of these).
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'\\' | b'*' | b'_' | b'[' | b']' | b'`' | b'<' => true,
            b'&' => looks_like_entity(&s.as_bytes()[i..]),
            _ => false,
        };
        if escaped {
            out.push_str(&s[run_start..i]);
            out.push('\\');
            run_start = i;
        }
    }
    out.push_str(&s[run_start..]);
    if block_start {
        escape_line_start(&out)
    } else {
        out
    }
}

/// `&name;` / `&#123;` would be decoded by a Markdown renderer.
fn looks_like_entity(rest: &[u8]) -> bool {
    for (n, &c) in rest.iter().skip(1).take(32).enumerate() {
        if c == b';' {
            return n > 0;
        }
        if !(c.is_ascii_alphanumeric() || c == b'#') {
            return false;
        }
    }
    false
}

/// Escapes what would open a block at the start of a line: a heading
/// (`#` then a space), a quote (`>`), a list item (`-`, `+` or `1.`/`1)` then
/// a space), a thematic break (`---`), `=`, `|` or `~`. Text that only
/// looks alike stays as written ("#hashtag", "-5 °C", "17.000 people").
fn escape_line_start(s: &str) -> String {
    let trimmed = s.trim_start();
    let lead_ws = &s[..s.len() - trimmed.len()];
    let Some(first) = trimmed.chars().next() else {
        return s.to_string();
    };
    let opens_block = match first {
        '>' | '=' | '|' | '~' => true,
        '#' => {
            let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
            hashes <= 6 && ends_marker(&trimmed[hashes..])
        }
        '-' | '+' => ends_marker(&trimmed[1..]) || is_thematic_break(trimmed),
        _ => false,
    };
    if opens_block {
        return format!("{lead_ws}\\{trimmed}");
    }
    let digits = trimmed.bytes().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits) {
        let rest = &trimmed[digits..];
        if (rest.starts_with('.') || rest.starts_with(')')) && ends_marker(&rest[1..]) {
            return format!("{lead_ws}{}\\{}", &trimmed[..digits], rest);
        }
    }
    s.to_string()
}

/// True when a block marker is followed by a space or nothing (what makes
/// `1.` a list item and `#` a heading).
fn ends_marker(after: &str) -> bool {
    after.is_empty() || after.starts_with([' ', '\t'])
}

/// A line of three or more `-` (spaces between allowed): a horizontal rule.
fn is_thematic_break(line: &str) -> bool {
    let marks = line.chars().filter(|&c| c == '-').count();
    marks >= 3 && line.chars().all(|c| c == '-' || c == ' ' || c == '\t')
}

/// A heading's text: nothing at its start needs escaping after the `#`s,
/// but a closing run of `#` would be read as the heading's optional end.
fn escape_heading_end(md: &str) -> String {
    let body = md.trim_end_matches('#');
    if body.len() < md.len() && (body.is_empty() || body.ends_with(' ')) {
        format!("{body}\\{}", &md[body.len()..])
    } else {
        md.to_string()
    }
}

/// What the renderer needs to know about the page.
pub struct Context<'a> {
    /// The page URL (links and images resolve against it) and the image width limit.
    pub images: ImageChoice<'a>,
    pub metrics: &'a Metrics,
    /// Text of the headline; an h1 with this text in the content is skipped.
    pub title: Option<&'a str>,
    /// Elements never to render (already used elsewhere, e.g. the lead figure).
    pub skip: HashSet<NodeId>,
    /// Roots that are the standfirst: a heading in them is its text.
    pub standfirsts: HashSet<NodeId>,
}

/// Renders the given content roots (in order) into blocks.
pub fn render(ctx: &Context, roots: &[NodeRef<Node>]) -> Vec<Block> {
    let mut r = Renderer::new(ctx);
    // "Most of the content" is judged against all roots: a junk-named box
    // filling a small sibling root (an author bio) is still junk.
    r.root_chars = roots
        .iter()
        .map(|root| ctx.metrics.size(root.id()).chars)
        .sum();
    for root in roots {
        r.in_standfirst = ctx.standfirsts.contains(&root.id());
        r.element_or_children(*root, true);
    }
    r.flush();
    drop_dangling_end(&mut r.blocks);
    r.blocks
}

/// Drops what ends the body but introduces nothing: a heading or a short
/// "Read more:" label whose box was left out as furniture ("## Popular on
/// IndieWire", "**Mehr Themen:**", "**VÍDEOS: mais assistidos**"), or a
/// separator line ("___"). Only at
/// the very end: in the middle the same heading heads a real section.
fn drop_dangling_end(blocks: &mut Vec<Block>) {
    while let Some(Block::Text { md, text }) = blocks.last() {
        let heading = md.starts_with('#');
        let short = text.chars().count() <= LABEL_MAX_CHARS;
        // "**VÍDEOS: mais assistidos**": a bold line that ends no sentence.
        let label = short
            && (text.ends_with(':')
                || wholly_wrapped(md, "**").is_some()
                    && !text.ends_with(['.', '!', '?', '"', '”', '»', ')']));
        let separator = !text.chars().any(char::is_alphanumeric);
        if !(heading || label || separator) {
            break;
        }
        blocks.pop();
    }
}

/// Longest line read as a label introducing what follows it.
const LABEL_MAX_CHARS: usize = 80;

/// Joins blocks into (markdown, text).
pub fn join(blocks: &[Block]) -> (String, String) {
    let mut md = Vec::new();
    let mut text = Vec::new();
    for b in blocks {
        match b {
            Block::Text { md: m, text: t } => {
                if !m.is_empty() {
                    md.push(m.clone());
                }
                if !t.is_empty() {
                    text.push(t.clone());
                }
            }
            Block::Figure { figure, .. } => md.push(figure.to_markdown()),
        }
    }
    (md.join("\n\n"), text.join("\n\n"))
}

struct ListState {
    ordered: bool,
    next: u32,
}

struct Renderer<'c, 'a> {
    ctx: &'c Context<'a>,
    blocks: Vec<Block>,
    md: String,
    text: String,
    /// Incremented at every flush, so inline wrappers know if a block intervened.
    flushes: usize,
    lists: Vec<ListState>,
    /// Prefix for the next block (list marker), and indentation for the rest.
    item_prefix: Option<String>,
    item_indent: String,
    /// Heading level of the block being collected.
    heading: Option<usize>,
    /// Text size of all the roots being rendered.
    root_chars: usize,
    /// Element nesting depth, bounded so hostile pages cannot overflow the stack.
    depth: usize,
    /// Rendering a standfirst root.
    in_standfirst: bool,
    /// Rendering a table cell: its paragraphs and line breaks are spaces.
    in_cell: bool,
    /// Caption blocks already given to the picture before them.
    used_captions: Vec<NodeId>,
}

/// Longest element text (in characters) read as an ad slot's label.
const AD_LABEL_MAX_CHARS: usize = 24;

/// Beyond this nesting, an element's content is taken as plain text.
const MAX_DEPTH: usize = 200;

impl<'c, 'a> Renderer<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        Renderer {
            ctx,
            blocks: Vec::new(),
            md: String::new(),
            text: String::new(),
            flushes: 0,
            lists: Vec::new(),
            item_prefix: None,
            item_indent: String::new(),
            heading: None,
            root_chars: 0,
            depth: 0,
            in_standfirst: false,
            in_cell: false,
            used_captions: Vec::new(),
        }
    }

    /// Ends the current block, if any text was collected.
    fn flush(&mut self) {
        if self.in_cell {
            self.push_space();
            return;
        }
        self.flushes += 1;
        let md = self.md.trim().to_string();
        let text = self.text.trim().to_string();
        self.md.clear();
        self.text.clear();
        if md.is_empty() || text.is_empty() {
            return;
        }
        // The page's dateline printed among the paragraphs; in a list it
        // may be an item of a timeline.
        if self.heading.is_none() && self.lists.is_empty() && date::is_bare_dateline(&text) {
            return;
        }
        if dom::is_credit_line(&text)
            || dom::is_reader_appeal(&text)
            || dom::is_see_also(&text)
                && (wholly_wrapped(&md, "**").is_some() || mostly_linked(&md, &text))
            || dom::is_control_label(&text)
            || dom::is_copyright_notice(&text)
        {
            return;
        }
        let md = match self.heading {
            Some(level) => format!("{} {}", "#".repeat(level), escape_heading_end(&md)),
            None => escape_line_start(&md),
        };
        let md = match self.item_prefix.take() {
            Some(prefix) => format!("{}{prefix}{md}", self.item_indent_outer()),
            None if !self.item_indent.is_empty() => format!("{}{md}", self.item_indent),
            None => md,
        };
        self.blocks.push(Block::Text { md, text });
    }

    /// Indentation of the list marker itself (nesting beyond the first level).
    fn item_indent_outer(&self) -> String {
        " ".repeat(4 * self.lists.len().saturating_sub(1))
    }

    fn push_text(&mut self, raw: &str) {
        let collapsed = collapse_ws(&strip_shortcodes(raw));
        if collapsed.is_empty() {
            return;
        }
        let at_start = self.text.is_empty() || self.text.ends_with(' ');
        let piece = if at_start {
            collapsed.trim_start()
        } else {
            collapsed.as_str()
        };
        if piece.is_empty() {
            return;
        }
        // A space before a comma or full stop that opens a text run comes
        // from the markup's layout (a link's text ending in a space, a
        // line break before the punctuation), not from the writer.
        let piece = if starts_with_closing_punctuation(piece.trim_start()) {
            self.drop_trailing_space();
            piece.trim_start()
        } else {
            piece
        };
        self.md.push_str(&escape_markdown_text(piece, false));
        self.text.push_str(piece);
    }

    fn drop_trailing_space(&mut self) {
        if self.md.ends_with(' ') && self.text.ends_with(' ') {
            self.md.pop();
            self.text.pop();
        }
    }

    fn push_space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
            self.md.push(' ');
        }
    }

    fn children(&mut self, node: NodeRef<Node>) {
        if self.depth > MAX_DEPTH {
            if let Some(el) = scraper::ElementRef::wrap(node) {
                let text = dom::element_text(el);
                self.push_text(&text);
            }
            return;
        }
        self.depth += 1;
        self.children_inner(node);
        self.depth -= 1;
    }

    fn children_inner(&mut self, node: NodeRef<Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t),
                Node::Element(_) => self.element_or_children(child, false),
                _ => {}
            }
        }
    }

    /// Renders an element; `is_root` elements are never skipped as boilerplate.
    fn element_or_children(&mut self, node: NodeRef<Node>, is_root: bool) {
        let Node::Element(e) = node.value() else {
            if let Node::Text(t) = node.value() {
                self.push_text(t);
            }
            return;
        };
        if self.ctx.skip.contains(&node.id()) || self.used_captions.contains(&node.id()) {
            return;
        }
        let name = e.name();
        if dom::is_invisible_tag(name) && !figures::is_image_viewer_button(node) {
            return;
        }
        if !is_root && self.is_boilerplate(node, e) {
            return;
        }
        if figures::is_figure_like(node) {
            if figures::is_gallery(node) {
                self.flush();
                self.children(node);
                self.flush();
            } else {
                self.figure(node);
            }
            return;
        }
        match name {
            "br" => self.flush(),
            "hr" => self.flush(),
            "img" => self.standalone_image(node, e),
            "picture" => {
                if let Some(img) = node.descendants().find(|d| dom::tag_name(d) == Some("img")) {
                    if let Node::Element(ie) = img.value() {
                        self.standalone_image(node, ie);
                    }
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(node, name),
            "ul" | "ol" => self.list(node, name == "ol"),
            "li" => self.list_item(node),
            "blockquote" => self.blockquote(node),
            "a" => self.link(node, e),
            "em" | "i" | "cite" | "dfn" => self.wrap_inline(node, "_"),
            "strong" | "b" => self.wrap_inline(node, "**"),
            "code" | "kbd" | "samp" | "tt" => self.children(node),
            "header" if !is_root => self.header_headings(node),
            "table" if self.lists.is_empty() && table::is_data_table(node) => {
                self.table(node);
            }
            "td" | "th" => {
                self.push_space();
                self.children(node);
                self.push_space();
            }
            "sup" | "sub" | "span" | "small" | "u" | "s" | "mark" | "abbr" | "time" | "font"
            | "ins" | "del" | "q" | "bdi" | "bdo" | "label" | "data" => self.children(node),
            _ if dom::is_block_tag(name) => {
                self.flush();
                self.children(node);
                self.flush();
            }
            _ => self.children(node),
        }
    }

    /// Boilerplate inside the content: furniture tags and names, hidden
    /// elements, link lists (related articles), and bylines/datelines.
    fn is_boilerplate(&self, node: NodeRef<Node>, e: &scraper::node::Element) -> bool {
        let name = e.name();
        let size = self.ctx.metrics.size(node.id());
        if dom::is_furniture_tag(name) && !(name == "aside" && figures::is_figure_like(node))
            || dom::is_hidden_furniture(e, size)
            || dom::has_furniture_role(e)
            || dom::is_visually_hidden(e)
            || dom::is_script_fallback(e)
        {
            return true;
        }
        // A junk-named wrapper holding most of the content is the content.
        if dom::has_junk_name(e) && size.chars * 2 <= self.root_chars {
            return true;
        }
        // An ad slot left empty keeps its label.
        if size.chars > 0
            && size.chars <= AD_LABEL_MAX_CHARS
            && scraper::ElementRef::wrap(node)
                .is_some_and(|el| dom::is_ad_label(&dom::element_text(el)))
        {
            return true;
        }
        if figures::is_video_box(node, size.chars) {
            return true;
        }
        // A box headed or labelled "Related articles", "Comments", "About
        // the author", "Subscribe".
        if matches!(name, "section" | "div" | "aside" | "footer" | "nav")
            && size.chars * 2 <= self.root_chars
            && (e
                .attr_value("aria-label")
                .is_some_and(dom::is_furniture_heading)
                || leading_heading(node).is_some_and(|h| {
                    scraper::ElementRef::wrap(h)
                        .is_some_and(|el| dom::is_furniture_heading(&dom::element_text(el)))
                }))
        {
            return true;
        }
        // A form control's label ("Show more" toggling a checkbox that
        // expands a pinned post).
        if name == "label" && e.attr_value("for").is_some() && size.chars <= CONTROL_LABEL_MAX_CHARS
        {
            return true;
        }
        // The kicker over the headline ("l'emergenza afa") where the
        // content block holds the story's header: it goes with the headline.
        if size.chars <= KICKER_MAX_CHARS
            && dom::has_name_matching(e, &dom::KICKER_NAME)
            && precedes_headline(node)
        {
            return true;
        }
        // "Skip past newsletter promotion", "Skip advertisement": a link
        // past a box, for keyboard and screen-reader users.
        if name == "a" && size.chars <= SKIP_LINK_MAX_CHARS && is_skip_link(node, e) {
            return true;
        }
        // A box opening with a link to its own last element ("Skip X post"
        // ... "End of X post") wraps an embed a reader may jump over, in
        // any language: the skip link, the embed's consent banner, the
        // disclaimer and the end label.
        if skips_to_own_end(node) {
            return true;
        }
        // A run of tag links (rel="tag") is the post's taxonomy.
        if size.link_density() > 0.5 && tag_links(node) >= 2 {
            return true;
        }
        // The publication date printed in the body is a dateline.
        if size.chars <= 80
            && e.attr_value("itemprop")
                .is_some_and(|p| p.contains("datePublished") || p.contains("dateModified"))
        {
            return true;
        }
        // "READ MORE | <a>Other story</a>": a label and a link, inline.
        if name == "p" && is_labelled_link(node) {
            return true;
        }
        // A small box with a labelled checkbox is a switch (consent to show
        // an embed, newsletter opt-in), whatever its explanatory text says;
        // one with a field for an e-mail address is a sign-up ("Be the first
        // to know", "Get local news delivered to your inbox!").
        // A small box opening with an appeal is the appeal's box, its
        // buttons and small print included ("この記事は有料記事です。…
        // 今すぐ登録 … ※無料期間は…").
        if size.chars <= SIGN_UP_MAX_CHARS
            && matches!(name, "div" | "section" | "aside")
            && opens_with_appeal(node)
        {
            return true;
        }
        if size.chars <= 800 {
            let controls = FormControls::of(node);
            if controls.checkbox && controls.label
                || controls.email && size.chars <= SIGN_UP_MAX_CHARS
            {
                return true;
            }
        }
        // A caption or credit outside a recognised figure belongs to its
        // picture (a slideshow, a CSS-built image box), not to the text.
        if dom::has_caption_name(e) && !holds_image(node) {
            return true;
        }
        // A box whose headline links to another page is a teaser for that
        // story ("read also", "more on this topic"), its summary included.
        if matches!(
            name,
            "div" | "section" | "aside" | "article" | "ul" | "ol" | "li"
        ) && self.is_teaser_box(node, size)
        {
            return true;
        }
        // A nested <article> that is one link is a teaser card to another story.
        if matches!(
            name,
            "div" | "section" | "ul" | "ol" | "table" | "p" | "article"
        ) {
            // A wrapper of one paragraph (CSS-in-JS pages wrap each one in
            // its own divs) is judged as the paragraph.
            let paragraph = name == "p" || wraps_one_paragraph(node);
            let threshold = if paragraph { 0.8 } else { 0.5 };
            let link_heavy = |links: usize| links as f64 > threshold * size.chars as f64;
            if size.chars > 0
                && link_heavy(size.link_chars)
                && !(paragraph && size.chars > 200)
                && (size.chars > CARD_MAX_CHARS || link_heavy(self.story_link_chars(node)))
                && !(name != "p" && self.holds_prose(node, size))
                && !(matches!(name, "ul" | "ol") && follows_sources_heading(node))
            {
                return true;
            }
        }
        false
    }

    /// True when much of a box's text is paragraphs of prose: a link list
    /// (a teaser slideshow) set between the story's paragraphs makes their
    /// wrapper link-heavy, not a link list; its parts are judged on their own.
    fn holds_prose(&self, node: NodeRef<Node>, size: dom::TextSize) -> bool {
        let prose: usize = node
            .descendants()
            .filter(|d| dom::tag_name(d) == Some("p"))
            .map(|p| self.ctx.metrics.size(p.id()))
            .map(|p| p.chars.saturating_sub(p.link_chars))
            .filter(|&own| own >= PROSE_PARAGRAPH_MIN_CHARS)
            .sum();
        prose * 5 >= size.chars * 2
    }

    /// Judged once per box, at the outermost one small enough to be a card
    /// (each node is looked at by one such check, whatever the nesting).
    fn is_teaser_box(&self, node: NodeRef<Node>, size: dom::TextSize) -> bool {
        size.chars <= CARD_MAX_CHARS
            && size.chars * 2 <= self.root_chars
            && node
                .parent()
                .is_some_and(|p| self.ctx.metrics.size(p.id()).chars > CARD_MAX_CHARS)
            && !node.descendants().any(|d| dom::tag_name(&d) == Some("h1"))
            && has_linked_heading(node)
    }

    /// A header inside the content is left out (time stamps, bylines,
    /// share buttons, the story's own headline) but for the headings of
    /// an entry's header: the titles of a live blog's entries, each an
    /// `<article>` among others or inside the page's.
    fn header_headings(&mut self, node: NodeRef<Node>) {
        let is_article = |n: &NodeRef<Node>| dom::tag_name(n) == Some("article");
        let entry = node.parent().filter(is_article).is_some_and(|article| {
            article.ancestors().any(|a| is_article(&a))
                || article
                    .prev_siblings()
                    .chain(article.next_siblings())
                    .any(|s| is_article(&s))
        });
        if !entry || node.descendants().any(|d| dom::tag_name(&d) == Some("h1")) {
            return;
        }
        for d in node.descendants() {
            if dom::tag_name(&d).is_some_and(dom::is_subheading_tag) {
                self.element_or_children(d, false);
            }
        }
    }

    fn heading(&mut self, node: NodeRef<Node>, name: &str) {
        self.flush();
        let level = name[1..].parse::<usize>().unwrap_or(2);
        let text = scraper::ElementRef::wrap(node)
            .map(dom::element_text)
            .unwrap_or_default();
        if level == 1 && self.ctx.title.is_some_and(|t| same_text(t, &text)) {
            return;
        }
        // Some pages set the standfirst in a heading tag: prose, not a
        // title. (Later in the body, a long sentence in a heading is a
        // listicle's item title.)
        let opening = !self.blocks.iter().any(|b| matches!(b, Block::Text { .. }));
        let standfirst = self.in_standfirst || opening && is_prose(&text);
        self.heading = (!standfirst).then_some(level);
        self.children(node);
        self.flush();
        self.heading = None;
    }

    /// A data table as one Markdown table block; its plain text is a line
    /// per row.
    fn table(&mut self, node: NodeRef<Node>) {
        self.flush();
        let mut rows_md: Vec<Vec<String>> = Vec::new();
        let mut rows_text: Vec<String> = Vec::new();
        for row in table::rows(node) {
            let mut cells_md = Vec::new();
            let mut cells_text = Vec::new();
            for cell in table::cells(row) {
                let (md, text) = self.cell(cell);
                cells_md.push(md);
                cells_md.extend((1..table::colspan(cell)).map(|_| String::new()));
                if !text.is_empty() {
                    cells_text.push(text);
                }
            }
            if !cells_text.is_empty() {
                rows_md.push(cells_md);
                rows_text.push(cells_text.join(" "));
            }
        }
        if !rows_text.is_empty() {
            self.blocks.push(Block::Text {
                md: table::to_markdown(&rows_md),
                text: rows_text.join("\n"),
            });
        }
    }

    /// A table cell's Markdown and text, on one line.
    fn cell(&mut self, cell: NodeRef<Node>) -> (String, String) {
        self.in_cell = true;
        if !cell
            .value()
            .as_element()
            .is_some_and(|e| self.is_boilerplate(cell, e))
        {
            self.children(cell);
        }
        self.in_cell = false;
        let md = std::mem::take(&mut self.md).trim().to_string();
        let text = std::mem::take(&mut self.text).trim().to_string();
        (md, text)
    }

    fn list(&mut self, node: NodeRef<Node>, ordered: bool) {
        self.flush();
        let start = match node.value() {
            Node::Element(e) => e
                .attr_value("start")
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or(1),
            _ => 1,
        };
        let saved_prefix = self.item_prefix.take();
        let saved_indent = self.item_indent.clone();
        self.lists.push(ListState {
            ordered,
            next: start,
        });
        self.children(node);
        self.flush();
        self.lists.pop();
        self.item_prefix = saved_prefix;
        self.item_indent = saved_indent;
    }

    fn list_item(&mut self, node: NodeRef<Node>) {
        self.flush();
        let marker = match self.lists.last_mut() {
            Some(state) if state.ordered => {
                let n = state.next;
                state.next += 1;
                let m = format!("{n}.");
                format!("{m:<4}")
            }
            Some(_) => "*   ".to_string(),
            None => "*   ".to_string(),
        };
        let saved_indent = self.item_indent.clone();
        self.item_prefix = Some(marker);
        self.item_indent = " ".repeat(4 * self.lists.len().max(1));
        self.children(node);
        self.flush();
        self.item_prefix = None;
        self.item_indent = saved_indent;
    }

    fn blockquote(&mut self, node: NodeRef<Node>) {
        self.flush();
        let mut inner = Renderer::new(self.ctx);
        inner.root_chars = self.root_chars;
        inner.depth = self.depth;
        inner.children(node);
        inner.flush();
        let (md, text) = join(&inner.blocks);
        if md.is_empty() {
            return;
        }
        let quoted: Vec<String> = md
            .lines()
            .map(|l| {
                if l.is_empty() {
                    ">".to_string()
                } else {
                    format!("> {l}")
                }
            })
            .collect();
        self.blocks.push(Block::Text {
            md: quoted.join("\n"),
            text,
        });
    }

    fn link(&mut self, node: NodeRef<Node>, e: &scraper::node::Element) {
        let href = e.attr_value("href").map(str::trim).unwrap_or("");
        let target = if href.is_empty() || href.starts_with('#') {
            None
        } else {
            self.ctx
                .images
                .base
                .join(href)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https" | "mailto"))
                .map(|u| u.to_string())
        };
        let start = self.md.len();
        let flushes = self.flushes;
        self.children(node);
        let Some(target) = target else { return };
        if self.flushes != flushes || start > self.md.len() {
            return;
        }
        let inner = self.md[start..].to_string();
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            return;
        }
        let lead = if inner.starts_with(' ') { " " } else { "" };
        let trail = if inner.ends_with(' ') { " " } else { "" };
        let wrapped = format!("{lead}[{trimmed}]({}){trail}", escape_url(&target));
        self.md.truncate(start);
        self.md.push_str(&wrapped);
    }

    /// Wraps the inline content of `node` in `marker` (emphasis/strong),
    /// keeping surrounding spaces outside the markers.
    fn wrap_inline(&mut self, node: NodeRef<Node>, marker: &str) {
        // A heading is set bold already: bold in it adds nothing.
        if marker == "**" && self.heading.is_some() {
            self.children(node);
            return;
        }
        let start = self.md.len();
        let flushes = self.flushes;
        self.children(node);
        if self.flushes != flushes || start > self.md.len() {
            return;
        }
        let inner = self.md[start..].to_string();
        let trimmed = inner.trim();
        if trimmed.is_empty() || trimmed.starts_with(marker) && trimmed.ends_with(marker) {
            return;
        }
        // Intraword underscores do not emphasise; leave the text plain then.
        let before = self.md[..start].chars().next_back();
        if marker == "_" && before.is_some_and(|c| c.is_alphanumeric()) && !inner.starts_with(' ') {
            return;
        }
        let lead = if inner.starts_with(' ') { " " } else { "" };
        let trail = if inner.ends_with(' ') { " " } else { "" };
        let wrapped = format!("{lead}{marker}{trimmed}{marker}{trail}");
        self.md.truncate(start);
        self.md.push_str(&wrapped);
    }

    /// True when the image sits in a teaser card for another page: a small
    /// block whose headline is a link, or whose text is mostly link text
    /// ("Read also" boxes, "more on this topic" cards). Its picture
    /// illustrates the other story, not this one.
    /// The card is smaller than the article header: a block holding the
    /// headline (h1) is the article itself, its linked subtitles are not cards.
    /// A figure's own linked caption ("Video title (1:24)") is a caption.
    fn in_teaser_card(&self, node: NodeRef<Node>) -> bool {
        for (level, block) in std::iter::once(node)
            .chain(node.ancestors())
            .take(CARD_LEVELS)
            .enumerate()
        {
            let size = self.ctx.metrics.size(block.id());
            if size.chars > CARD_MAX_CHARS
                || size.chars * 2 > self.root_chars
                || block.descendants().any(|d| dom::tag_name(&d) == Some("h1"))
            {
                break;
            }
            let own_caption = level == 0 && has_figcaption(block);
            let link_chars = self.story_link_chars(block);
            let mostly_links = link_chars >= CARD_MIN_LINK_CHARS && link_chars * 2 > size.chars;
            if mostly_links && !own_caption || has_linked_heading(block) {
                return true;
            }
        }
        false
    }

    /// Link text of a small block, less the links that open one of its
    /// pictures (a gallery or lightbox anchor on the page, the image file):
    /// a captioned picture wrapped in such a link is no link to elsewhere.
    fn story_link_chars(&self, block: NodeRef<Node>) -> usize {
        let openers: usize = block
            .descendants()
            .filter(|d| is_picture_opener(*d) && holds_image(*d))
            .map(|a| self.ctx.metrics.size(a.id()).link_chars)
            .sum();
        self.ctx
            .metrics
            .size(block.id())
            .link_chars
            .saturating_sub(openers)
    }

    /// An advertisement: labelled as one (file name, alt text, link), or a
    /// bare picture linking to another site's page (a sponsor's banner;
    /// a photo links to its own larger file instead).
    fn is_ad_banner(&self, node: NodeRef<Node>, img: &scraper::node::Element) -> bool {
        let link = node.ancestors().take(3).find_map(|a| match a.value() {
            Node::Element(e) if e.name() == "a" => Some((a, e)),
            _ => None,
        });
        let labelled = [img.attr_value("src"), img.attr_value("alt")]
            .into_iter()
            .chain(
                link.iter()
                    .flat_map(|(_, e)| [e.attr_value("href"), e.attr_value("aria-label")]),
            )
            .flatten()
            .any(dom::mentions_ad);
        labelled
            || link.is_some_and(|(a, e)| {
                self.ctx.metrics.size(a.id()).chars == 0
                    && e.attr_value("href")
                        .is_some_and(|h| self.is_other_site_page(h))
            })
    }

    /// True for a link to a web page on another site (not to an image file).
    fn is_other_site_page(&self, href: &str) -> bool {
        let Ok(target) = self.ctx.images.base.join(href) else {
            return false;
        };
        // The last two host labels: coarse ("co.uk" sites look alike), which
        // errs towards keeping a picture.
        let site = |u: &url::Url| -> Option<String> {
            let host = u.host_str()?;
            let labels: Vec<&str> = host.rsplit('.').take(2).collect();
            Some(labels.join("."))
        };
        let is_image = figures::is_image_file(target.path());
        matches!(target.scheme(), "http" | "https")
            && !is_image
            && site(&target) != site(self.ctx.images.base)
    }

    fn figure(&mut self, node: NodeRef<Node>) {
        if figures::is_byline_figure(node) {
            // An author box (portrait and byline) is not article content.
            return;
        }
        if self.in_teaser_card(node) || figures::is_player_poster(node) {
            return;
        }
        if let Some(figure) = figures::figure_of(node, self.ctx.images) {
            if figure.caption.is_none() && figure.credit.is_none() && self.is_ad_figure(node) {
                return;
            }
            self.flush();
            // Pictures side by side come in order, the caption with the last
            // (under the row, where the page sets it).
            let mut pictures = figures::side_by_side_pictures(node, self.ctx.images);
            let captioned = match pictures.pop() {
                Some(url) => Figure { url, ..figure },
                None => figure,
            };
            let uncaptioned = pictures.into_iter().map(|url| Figure {
                url,
                caption: None,
                credit: None,
            });
            for figure in uncaptioned.chain([captioned]) {
                self.blocks.push(Block::Figure {
                    figure,
                    node: node.id(),
                });
            }
        } else {
            // A figure without a usable image may still hold text (a quote box).
            self.flush();
            self.children(node);
            self.flush();
        }
    }

    /// An uncaptioned figure that is an advertisement as a bare picture
    /// would be (a "follow us" card linking to another site, a sponsor).
    fn is_ad_figure(&self, node: NodeRef<Node>) -> bool {
        node.descendants()
            .find_map(|d| match d.value() {
                Node::Element(e) if e.name() == "img" => Some(e),
                _ => None,
            })
            .is_some_and(|img| self.is_ad_banner(node, img))
    }

    fn standalone_image(&mut self, node: NodeRef<Node>, e: &scraper::node::Element) {
        let Some(url) = figures::image_url(node, self.ctx.images) else {
            return;
        };
        if figures::is_decorative_img(e, &url)
            || node.parent().is_some_and(figures::is_portrait_box)
            || self.in_teaser_card(node)
            || self.is_ad_banner(node, e)
            || figures::is_player_poster(node)
        {
            return;
        }
        // An image inside a link inside running text is an icon or ad; keep
        // only images that stand as their own block.
        if !self.text.trim().is_empty() {
            return;
        }
        self.flush();
        let (caption, credit) = match figures::caption_block_after(node, self.ctx.metrics) {
            Some((block, caption, credit)) => {
                self.used_captions.push(block);
                (caption, credit)
            }
            None => (None, None),
        };
        self.blocks.push(Block::Figure {
            figure: Figure {
                url,
                caption,
                credit,
            },
            node: node.id(),
        });
    }
}

/// Most text (chars) of a teaser card: a headline and a line or two of summary.
const CARD_MAX_CHARS: usize = 600;
/// Levels climbed from an image (itself included) looking for its card.
const CARD_LEVELS: usize = 5;
/// Link text that makes a card a link to elsewhere (more than a linked credit).
const CARD_MIN_LINK_CHARS: usize = 20;

/// A link around a picture that opens it: an in-page anchor (a gallery or
/// lightbox on the same page) or the image file itself.
fn is_picture_opener(node: NodeRef<Node>) -> bool {
    let Node::Element(e) = node.value() else {
        return false;
    };
    e.name() == "a"
        && e.attr_value("href")
            .map(str::trim)
            .is_some_and(|h| h.starts_with('#') || figures::is_image_file(h))
}

/// A Markdown link's text (`[text](`).
static LINK_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\(").expect("valid regex"));

/// True when most of a line's text is link text: "Lire aussi | [Sécheresse
/// : …](…)" points to another story, however it is set.
fn mostly_linked(md: &str, text: &str) -> bool {
    let linked: usize = LINK_TEXT
        .captures_iter(md)
        .map(|c| c[1].chars().count())
        .sum();
    linked * 2 >= text.chars().count()
}

/// The text inside `marker` when the Markdown is one run wrapped in it
/// ("**Jane Doe**" with `**` gives "Jane Doe"), else `None`.
pub fn wholly_wrapped<'m>(md: &'m str, marker: &str) -> Option<&'m str> {
    md.strip_prefix(marker)
        .and_then(|rest| rest.strip_suffix(marker))
        .filter(|inner| !inner.is_empty() && !inner.contains(marker))
}

/// True when the element is a wrapper (divs, one child element each) of
/// one `<p>`.
fn wraps_one_paragraph(node: NodeRef<Node>) -> bool {
    let mut current = node;
    loop {
        let mut elements = current.children().filter(|c| dom::tag_name(c).is_some());
        match (elements.next(), elements.next()) {
            (Some(only), None) => match dom::tag_name(&only) {
                Some("p") => return true,
                Some("div") => current = only,
                _ => return false,
            },
            _ => return false,
        }
    }
}

/// True when the first block of a box that holds text is a reader appeal.
fn opens_with_appeal(node: NodeRef<Node>) -> bool {
    node.descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|el| dom::is_block_tag(el.value().name()) && el.id() != node.id())
        .map(dom::element_text)
        .find(|text| !text.trim().is_empty())
        .is_some_and(|text| dom::is_reader_appeal(&text))
}

/// Wrappers looked through for a box's heading.
const HEADING_LEVELS: usize = 3;

/// The heading a box opens with: its first element, or the first element of
/// the wrapper it opens with (`<section><div><h2>`).
fn leading_heading(node: NodeRef<Node>) -> Option<NodeRef<Node>> {
    let mut current = node;
    for _ in 0..HEADING_LEVELS {
        let first = current.children().find(|c| dom::tag_name(c).is_some())?;
        match dom::tag_name(&first) {
            Some(name) if dom::is_subheading_tag(name) => return Some(first),
            Some("div" | "header" | "span") => current = first,
            _ => return None,
        }
    }
    None
}

/// Longest text (in characters) of a form control's label.
const CONTROL_LABEL_MAX_CHARS: usize = 40;

/// Longest link text (in characters) read as a skip link.
const SKIP_LINK_MAX_CHARS: usize = 60;

/// A link within the page whose text says to skip something.
fn is_skip_link(node: NodeRef<Node>, e: &scraper::node::Element) -> bool {
    e.attr_value("href")
        .is_some_and(|href| href.starts_with('#'))
        && scraper::ElementRef::wrap(node).is_some_and(|el| {
            let text = dom::element_text(el);
            text.trim_start()
                .get(..4)
                .is_some_and(|word| word.eq_ignore_ascii_case("skip"))
        })
}

/// A heading over the story's sources ("Sources", "Fuentes", "Quellen").
static SOURCES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:sources?|references|fuentes?|referencias|quellen|fontes?|fonti|bronnen|źródła|källor|kilder|lähteet|zdroje|источники)\W*$",
    )
    .expect("valid regex")
});

/// True when the list comes right after a heading naming the story's
/// sources: a fact-check's or explainer's list of links to the documents
/// it cites is its text, however link-heavy.
fn follows_sources_heading(list: NodeRef<Node>) -> bool {
    dom::previous_element(list)
        .filter(|h| dom::is_subheading_tag(h.value().name()))
        .is_some_and(|h| SOURCES_HEADING.is_match(&dom::element_text(h)))
}

/// Longest line (in characters) read as a kicker.
const KICKER_MAX_CHARS: usize = 80;

/// True when the next element is an h1: the story's headline.
fn precedes_headline(node: NodeRef<Node>) -> bool {
    dom::next_element(node).is_some_and(|s| s.value().name() == "h1")
}

/// True when the element's first child element is an in-page link to its
/// last child element.
fn skips_to_own_end(node: NodeRef<Node>) -> bool {
    let mut elements = node.children().filter_map(scraper::ElementRef::wrap);
    let target = elements
        .next()
        .filter(|first| first.value().name() == "a")
        .and_then(|first| first.value().attr_value("href"))
        .and_then(|href| href.strip_prefix('#'))
        .filter(|id| !id.is_empty());
    target.is_some_and(|id| {
        elements
            .last()
            .is_some_and(|last| last.value().id() == Some(id))
    })
}

fn has_figcaption(node: NodeRef<Node>) -> bool {
    node.descendants()
        .any(|d| dom::tag_name(&d) == Some("figcaption"))
}

/// A class naming a headline ("teaser__headline", "card-title").
static HEADLINE_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)(^|[-_])(headline|title)($|[-_])").expect("valid regex"));

/// A headline: h2-h6, or an element with a headline class name.
fn is_headline(node: NodeRef<Node>) -> bool {
    match node.value() {
        Node::Element(e) => {
            dom::is_subheading_tag(e.name()) || e.class_names().any(|c| HEADLINE_CLASS.is_match(c))
        }
        _ => false,
    }
}

/// True when `block` holds a headline that is a link or holds one.
/// Unlinked text (in characters) from which a paragraph is prose, not a teaser's summary line.
const PROSE_PARAGRAPH_MIN_CHARS: usize = 200;

/// Shortest heading text (in characters) read as prose when it ends a sentence.
const PROSE_HEADING_MIN_CHARS: usize = 100;

/// True when a heading's text reads as a paragraph: long and closed by a
/// full stop (headlines and subheadings carry none).
fn is_prose(text: &str) -> bool {
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’»)".contains(c));
    (t.ends_with('.') || t.ends_with('…')) && t.chars().count() >= PROSE_HEADING_MIN_CHARS
}

fn has_linked_heading(block: NodeRef<Node>) -> bool {
    let is_link = |n: NodeRef<Node>| matches!(n.value(), Node::Element(e) if e.name() == "a" && e.attr_value("href").is_some());
    block.descendants().any(|d| {
        is_headline(d)
            && (d.descendants().any(is_link)
                || d.ancestors()
                    .take_while(|a| a.id() != block.id())
                    .any(is_link))
    })
}

fn tag_links(node: NodeRef<Node>) -> usize {
    node.descendants()
        .filter(|d| match d.value() {
            Node::Element(e) => {
                e.name() == "a"
                    && e.attr_value("rel").is_some_and(|r| {
                        r.split_whitespace().any(|t| t.eq_ignore_ascii_case("tag"))
                    })
            }
            _ => false,
        })
        .count()
}

/// Longest label (in characters) of a labelled link.
const LINK_LABEL_MAX_CHARS: usize = 40;

/// True when a paragraph is a bold label and one link, nothing else
/// ("READ ALSO | Title", "Lesen Sie auch: Title"): a pointer to another
/// page set among the paragraphs.
fn is_labelled_link(p: NodeRef<Node>) -> bool {
    let mut parts = p.children().filter(|c| match c.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => e.name() != "br",
        _ => false,
    });
    let (Some(label), Some(link), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let label_text = match label.value() {
        Node::Element(e) if matches!(e.name(), "strong" | "b") => {
            scraper::ElementRef::wrap(label).map(dom::element_text)
        }
        _ => None,
    };
    label_text.is_some_and(|t| {
        let t = t.trim();
        !t.is_empty()
            && t.chars().count() <= LINK_LABEL_MAX_CHARS
            && t.ends_with([':', '|', '»', '>'])
            && !t.contains("://")
    }) && dom::tag_name(&link) == Some("a")
}

/// Most text (chars) of a box around an e-mail field taken as a sign-up.
const SIGN_UP_MAX_CHARS: usize = 400;

/// The form controls a box holds.
#[derive(Default)]
struct FormControls {
    checkbox: bool,
    label: bool,
    /// A field for an e-mail address (`type="email"`, or named for one).
    email: bool,
}

impl FormControls {
    fn of(node: NodeRef<Node>) -> Self {
        let mut found = Self::default();
        for d in node.descendants() {
            let Node::Element(e) = d.value() else {
                continue;
            };
            match e.name() {
                "input" => {
                    let attr_is = |a: &str, v: &str| {
                        e.attr_value(a).is_some_and(|x| x.eq_ignore_ascii_case(v))
                    };
                    found.checkbox |= attr_is("type", "checkbox");
                    found.email |= attr_is("type", "email")
                        || ["name", "autocomplete"].iter().any(|a| {
                            e.attr_value(a)
                                .is_some_and(|x| x.to_ascii_lowercase().contains("email"))
                        });
                }
                "label" => found.label = true,
                _ => {}
            }
        }
        found
    }
}

fn holds_image(node: NodeRef<Node>) -> bool {
    node.descendants()
        .any(|d| matches!(dom::tag_name(&d), Some("img" | "picture")))
}

/// A CMS shortcode tag: `[name key="value" ...]`, `[/name]` or `[name]`.
static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(/?)([a-zA-Z][a-zA-Z0-9_-]*)((?:\s+[a-zA-Z0-9_-]+\s*=[^\]\[]*)*)\]")
        .expect("valid regex")
});

/// Removes the tags of CMS shortcodes the site failed to render
/// (`[button link="..."]Send us your review[/button]`), keeping the text
/// they enclose. A tag counts when it has attributes, closes, or is opened
/// and closed in the text: a bare "[s]" is an editor's bracket.
fn strip_shortcodes(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('[') {
        return raw.into();
    }
    SHORTCODE.replace_all(raw, |c: &regex::Captures| {
        let closing = !c[1].is_empty();
        let has_attributes = !c[3].is_empty();
        let closed_later = || raw.contains(&format!("[/{}]", &c[2]));
        if closing || has_attributes || closed_later() {
            String::new()
        } else {
            c[0].to_string()
        }
    })
}

/// True when the text opens with a comma, or a full stop ending a sentence
/// (not an ellipsis, a decimal point or a domain's dot).
fn starts_with_closing_punctuation(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(',') => true,
        Some('.') => !chars
            .next()
            .is_some_and(|c| c == '.' || c.is_alphanumeric()),
        _ => false,
    }
}

/// Loose equality of two visible texts (case, spacing, quotes).
pub fn same_text(a: &str, b: &str) -> bool {
    let (na, nb) = (dom::alnum_lower(a), dom::alnum_lower(b));
    !na.is_empty() && na == nb
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::Html;
    use url::Url;

    fn context<'a>(base: &'a Url, metrics: &'a Metrics, title: Option<&'a str>) -> Context<'a> {
        Context {
            images: ImageChoice {
                base,
                max_width: crate::extract::DEFAULT_MAX_IMAGE_WIDTH,
            },
            metrics,
            title,
            skip: HashSet::new(),
            standfirsts: HashSet::new(),
        }
    }

    fn render_html(body: &str) -> (String, String) {
        let doc = Html::parse_document(&format!(
            "<html><body><article>{body}</article></body></html>"
        ));
        let metrics = Metrics::compute(&doc);
        let base = Url::parse("https://news.example/world/1").unwrap();
        let ctx = context(&base, &metrics, Some("The title"));
        let sel = scraper::Selector::parse("article").unwrap();
        let root = doc.select(&sel).next().unwrap();
        join(&render(&ctx, &[*root]))
    }

    /// The two paragraphs of a story, as text.
    const STORY: &str = "First paragraph of the story.\n\nSecond paragraph of the story.";

    /// The text of a story's two paragraphs around `furniture`.
    fn story_around(furniture: &str) -> String {
        let (_, text) = render_html(&format!(
            "<p>First paragraph of the story.</p>{furniture}<p>Second paragraph of the story.</p>"
        ));
        text
    }

    const LONG_PARAGRAPH: &str = "<p>The council met on Monday to discuss the budget for the coming year, and after a long debate the members agreed on a plan that raises spending on schools and roads while keeping taxes flat for most households in the district.</p>";

    #[test]
    fn a_heading_or_label_left_at_the_end_is_not_text() {
        let body = format!(
            "{LONG_PARAGRAPH}<h2>Sources</h2>{LONG_PARAGRAPH}<p><b>Read more:</b></p><h3>Popular on the site</h3><p>___</p>"
        );
        let (md, _) = render_html(&body);
        assert!(md.contains("## Sources"), "{md}");
        assert!(md.ends_with("households in the district."), "{md}");
    }

    #[test]
    fn a_video_players_labels_are_not_text() {
        let body = format!(
            r#"{LONG_PARAGRAPH}<div class="metro-video-player"><h4>Up Next</h4></div>
            <div class="jwplayer"><div class="video-fallback">We apologize, but this video has failed to load.</div></div>
            <h3 class="featured-video__jw-strategy-title">Recommended Videos</h3><span class="jwp-carousel-title">Latest Videos From</span>{LONG_PARAGRAPH}"#
        );
        let (_, text) = render_html(&body);
        assert!(!text.contains("Up Next"), "{text}");
        assert!(!text.contains("apologize"), "{text}");
        assert!(!text.contains("Videos"), "{text}");
    }

    #[test]
    fn a_slideshow_counter_and_a_comments_link_are_not_text() {
        let body = format!(
            "{LONG_PARAGRAPH}<div class=\"counter\">1 / 3</div>{LONG_PARAGRAPH}<p><a href=\"#c\">12 Comments</a></p>\
             <p>The vote was 12 / 3 in favour.</p><p>5 min read</p><p>Tempo de leitura: 2 minutos</p>\
             <p>Filed under: Politics |</p><p>·</p><p>2.4K</p><p>Reading time matters to readers.</p>"
        );
        let (_, text) = render_html(&body);
        assert!(!text.contains("1 / 3"), "{text}");
        assert!(!text.contains("Comments"), "{text}");
        assert!(
            text.ends_with("12 / 3 in favour.\n\nReading time matters to readers."),
            "{text}"
        );
    }

    #[test]
    fn a_copyright_notice_is_not_text() {
        let body = format!(
            "{LONG_PARAGRAPH}<p>Copyright law was not changed this year.</p>\
             <p>Copyright © 2023 The Times, LLC.</p><p>Copyright: Project Syndicate, 2025</p>"
        );
        let (_, text) = render_html(&body);
        assert!(
            text.ends_with("Copyright law was not changed this year."),
            "{text}"
        );
    }

    #[test]
    fn text_hidden_by_a_utility_class_is_not_text() {
        let body = format!(
            r#"{LONG_PARAGRAPH}<h2 class="conHeadline hidden">Main content</h2><div class="d-none">Back to Gallery</div><span class="hideCompletely">Weitere Informationen</span>
            <p class="hidden md:block">Shown on a wide screen.</p><p class="d-none d-lg-flex">Shown on a large screen.</p>"#
        );
        let (_, text) = render_html(&body);
        assert!(!text.contains("Main content"), "{text}");
        assert!(!text.contains("Gallery"), "{text}");
        assert!(!text.contains("Weitere"), "{text}");
        assert!(text.contains("Shown on a wide screen."), "{text}");
        assert!(text.contains("Shown on a large screen."), "{text}");
    }

    #[test]
    fn a_link_skipping_a_box_is_not_text() {
        let body = format!(
            r##"{LONG_PARAGRAPH}<figure><a href="#EndOfNewsletter">skip past newsletter promotion</a></figure>
            <div><a href="#after-ad">SKIP ADVERTISEMENT</a></div><p><a href="/skiing">Skiing</a> is back.</p>"##
        );
        let (_, text) = render_html(&body);
        assert!(!text.to_lowercase().contains("skip"), "{text}");
        assert!(text.ends_with("Skiing is back."), "{text}");
    }

    #[test]
    fn an_id_made_from_a_headings_words_is_no_role() {
        let body = format!(
            r#"{LONG_PARAGRAPH}<div class="slide" id="zendaya-promoted-dune-part-two-in-london-1"><p>The first look of the list.</p></div>
            <div id="share-tools"><p>Share this story</p></div><div id="div-gpt-ad-1597431234567-0"><p>Sponsored by Example</p></div>"#
        );
        let (_, text) = render_html(&body);
        assert!(text.ends_with("The first look of the list."), "{text}");
    }

    #[test]
    fn a_data_table_is_a_markdown_table_and_a_layout_table_its_content() {
        let (md, text) = render_html(
            r#"<table><thead><tr><th>Year</th><th>Leader</th></tr></thead>
            <tbody><tr><td>2002</td><td><a href="/spidla">Vladimír Špidla</a></td></tr>
            <tr><td colspan="2"><p>* No confidence.</p><p>A | B</p></td></tr></tbody></table>
            <table><tr><td><p>A layout cell.</p><ul><li>With a list.</li></ul></td><td>Side.</td></tr>
            <tr><td>Foot.</td><td></td></tr></table>"#,
        );
        assert_eq!(
            md,
            "| Year | Leader |\n| --- | --- |\n| 2002 | [Vladimír Špidla](https://news.example/spidla) |\n\
             | \\* No confidence. A \\| B | |\n\nA layout cell.\n\n*   With a list.\n\nSide.\n\nFoot."
        );
        assert!(
            text.starts_with("Year Leader\n2002 Vladimír Špidla\n"),
            "{text}"
        );
    }

    #[test]
    fn the_authors_portrait_box_is_no_figure() {
        let body = format!(
            r#"<div class="authorsimages" role="button"><img src="/images/0ja85m7.jpg" width="264" height="264"></div>{LONG_PARAGRAPH}
            <div class="authorsimages"><img src="/images/x1y2z3.jpg" width="264" height="264"><span>Jane Doe</span></div>
            <div class="story-images"><img src="/council.jpg" width="1200" height="800"></div>{LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(!md.contains("0ja85m7"), "{md}");
        assert!(!md.contains("x1y2z3"), "{md}");
        assert!(md.contains("council.jpg"), "{md}");
    }

    #[test]
    fn each_picture_of_a_gallery_is_a_figure() {
        let body = format!(
            r#"{LONG_PARAGRAPH}<figure class="wp-block-gallery has-nested-images">
            <figure class="wp-block-image"><img src="/a-1024x683.jpg"><figcaption>First picture.</figcaption></figure>
            <figure class="wp-block-image"><img src="/b-1024x683.jpg"><figcaption>Second picture.</figcaption></figure>
            </figure>{LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(
            md.contains("![First picture.](https://news.example/a-1024x683.jpg)"),
            "{md}"
        );
        assert!(
            md.contains("![Second picture.](https://news.example/b-1024x683.jpg)"),
            "{md}"
        );
    }

    #[test]
    fn a_wrapped_paragraph_with_a_long_link_is_text() {
        let body = format!(
            r#"{LONG_PARAGRAPH}<div class="sc-gEvEer"><div class="sc-aXZVg"><div><p>What is his<a href="/comment/starmer-100-days-b1186763.html"> status report on the government</a>, three months in?</p></div></div></div>
            <div class="sc-gEvEer"><div><p><a href="/news/other-story-b1186764.html">Another story everybody is reading today</a></p></div></div>{LONG_PARAGRAPH}"#
        );
        let (_, text) = render_html(&body);
        assert!(
            text.contains("What is his status report on the government, three months in?"),
            "{text}"
        );
        assert!(!text.contains("Another story"), "{text}");
    }

    #[test]
    fn teaser_cards_for_other_stories_are_not_figures() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <figure class="inline-box"><div class="inline-box__title">Read also</div><div class="inline-box__image"><img src="/other-story-200x200.jpg" width="200" height="200"></div>
              <div><a href="/2024/other-story/">The other story everybody is talking about this week</a></div></figure>
            {LONG_PARAGRAPH}
            <div class="card"><div class="card-image"><picture><img src="/podcast-cover.jpg"></picture></div>
              <div class="card-text"><div class="topline">Listen</div><h2><a href="/audio/episode-12.html">Episode 12: the budget explained</a></h2><p>Our reporters walk through the numbers and what they mean for you.</p></div></div>
            {LONG_PARAGRAPH}
            <div class="inline-teaser"><div class="inline-teaser__label">See also</div><div class="inline-teaser__image"><picture><img src="/minister.jpg"></picture></div>
              <div class="inline-teaser__topic">"Markets attract investment"</div><div class="inline-teaser__headline"><a href="/economy/minister-story.html">The minister's story</a></div></div>
            {LONG_PARAGRAPH}
            <figure><img src="/council.jpg"><figcaption>The council in session. <a href="https://photos.example/jane">Photo: Jane Roe</a></figcaption></figure>
            {LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(!md.contains("other-story-200x200"), "{md}");
        assert!(!md.contains("podcast-cover"), "{md}");
        assert!(!md.contains("minister.jpg"), "{md}");
        assert!(
            md.contains(
                "![The council in session. (Photo: Jane Roe)](https://news.example/council.jpg)"
            ),
            "{md}"
        );
    }

    #[test]
    fn ad_banners_are_not_figures() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <div class="mid-1"><a href="/werbung/" target="_blank"><img src="/uploads/banner_3.jpg" alt="werbung_3" width="1187" height="335"></a></div>
            {LONG_PARAGRAPH}
            <div class="bottom-2"><a href="https://www.stairs-and-more.example/" target="_blank"><img src="/uploads/stairs.jpg" width="800" height="300"></a></div>
            {LONG_PARAGRAPH}
            <p><a href="https://cdn.photos.example/full/harbour.jpg"><img src="/uploads/harbour-800.jpg"></a></p>
            {LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(!md.contains("banner_3"), "{md}");
        assert!(!md.contains("stairs.jpg"), "{md}");
        assert!(
            md.contains("![](https://news.example/uploads/harbour-800.jpg)"),
            "{md}"
        );
    }

    #[test]
    fn player_posters_are_not_figures() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <div class="media video-player"><div class="media__cover"><img src="/fire-still.jpg" alt="Firefighters at work"></div>
              <figcaption>Firefighters at work</figcaption><div class="media__frame"><video data-id="x1"></video></div></div>
            {LONG_PARAGRAPH}
            <div class="player__video-container"><img src="/clip-poster.jpg"></div>
            {LONG_PARAGRAPH}
            <figure><img src="/fire.jpg"><figcaption>The fire seen from the valley</figcaption></figure>
            {LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(!md.contains("fire-still"), "{md}");
        assert!(!md.contains("clip-poster"), "{md}");
        assert!(
            md.contains("![The fire seen from the valley](https://news.example/fire.jpg)"),
            "{md}"
        );
    }

    #[test]
    fn a_figure_inside_an_image_viewer_button_is_a_figure() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <button type="button" aria-label="Open image viewer"><div class="image-embed"><figure><img src="/harbour.jpg" alt="x"></figure>
              <figcaption><p>Boats in the harbour at dawn<cite>(Image: Jane Roe)</cite></p></figcaption></div></button>
            {LONG_PARAGRAPH}
            <button type="button"><img src="/zoom-icon-large.png" width="300" height="300"> Enlarge</button>
            {LONG_PARAGRAPH}"#
        );
        let (md, text) = render_html(&body);
        assert!(
            md.contains("![Boats in the harbour at dawn (Photo: Jane Roe)](https://news.example/harbour.jpg)"),
            "{md}"
        );
        // Other buttons stay out of the article.
        assert!(
            !md.contains("zoom-icon") && !text.contains("Enlarge"),
            "{md}"
        );
    }

    #[test]
    fn a_captioned_picture_in_a_link_that_opens_it_is_a_figure() {
        let body = format!(
            r##"{LONG_PARAGRAPH}
            <div class="stream-item"><a href="#gallery-2"><figure><img src="/harbour.jpg" alt="x"><figcaption>Boats in the harbour at dawn, seen from the old pier</figcaption></figure></a></div>
            {LONG_PARAGRAPH}
            <div class="stream-item"><a href="/2024/other-story/"><figure><img src="/other-story.jpg" alt="x"><figcaption>The other story everybody is talking about</figcaption></figure></a></div>
            {LONG_PARAGRAPH}"##
        );
        let (md, _) = render_html(&body);
        assert!(
            md.contains("![Boats in the harbour at dawn, seen from the old pier](https://news.example/harbour.jpg)"),
            "{md}"
        );
        assert!(!md.contains("other-story"), "{md}");
    }

    #[test]
    fn a_captioned_image_box_set_as_an_aside_is_a_figure() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <aside class="left image wide"><a href="/uploads/harbour.jpg"><img src="/uploads/harbour-896.jpg" alt="x"></a>
              <p class="caption">Boats in the harbour at dawn. <span class="credits">(Photo by Jane Roe)</span></p></aside>
            {LONG_PARAGRAPH}
            <aside class="box"><img src="/uploads/mayor.jpg"><p>The mayor writes about the new budget in her weekly column.</p></aside>
            {LONG_PARAGRAPH}"#
        );
        let (md, text) = render_html(&body);
        assert!(
            md.contains("![Boats in the harbour at dawn. (Photo: Jane Roe)](https://news.example/uploads/harbour-896.jpg)"),
            "{md}"
        );
        // Other asides stay out.
        assert!(
            !md.contains("mayor") && !text.contains("weekly column"),
            "{md}"
        );
    }

    #[test]
    fn an_uncaptioned_figure_linking_to_another_site_is_an_ad() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <a href="https://follow.example/publication/news"><figure><div><p><picture><img src="/follow-us-card.jpg"></picture></p></div></figure></a>
            {LONG_PARAGRAPH}
            <a href="/uploads/harbour-full.jpg"><figure><img src="/uploads/harbour.jpg"></figure></a>
            {LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(!md.contains("follow-us-card"), "{md}");
        assert!(
            md.contains("![](https://news.example/uploads/harbour.jpg)"),
            "{md}"
        );
    }

    #[test]
    fn nasty_text_is_escaped() {
        let (md, text) = render_html("<p># not a heading <b>*stars*</b> [x](y) <script>x</script>&lt;b&gt;bold&lt;/b&gt; a_b `c` &amp;amp;</p><p>1. not a list</p><p>- dash</p>");
        assert_eq!(
            md,
            "\\# not a heading **\\*stars\\*** \\[x\\](y) \\<b>bold\\</b> a\\_b \\`c\\` \\&amp;\n\n1\\. not a list\n\n\\- dash"
        );
        assert_eq!(
            text,
            "# not a heading *stars* [x](y) <b>bold</b> a_b `c` &amp;\n\n1. not a list\n\n- dash"
        );
    }

    #[test]
    fn only_what_would_open_a_block_is_escaped_at_a_line_start() {
        let (md, _) = render_html(
            "<p>#hashtag trends</p><p>-5 °C tonight</p><p>+49 30 1234</p><p>17.000 people came</p>\
             <p>2018.04.05 open run</p><p>---</p><p>+ plus</p><p>3) three</p><p>###### six</p>",
        );
        assert_eq!(
            md,
            "#hashtag trends\n\n-5 °C tonight\n\n+49 30 1234\n\n17.000 people came\n\n\
             2018.04.05 open run\n\n\\---\n\n\\+ plus\n\n3\\) three\n\n\\###### six"
        );
    }

    #[test]
    fn headings_are_plain_and_keep_their_numbers_and_closing_hashes() {
        let (md, _) = render_html(
            "<h2>1. Ditch the diet</h2><p>Text.</p><h3><strong>What does it offer?</strong></h3>\
             <p>Text.</p><h2>Vote <b>now</b> #</h2><p>Text.</p>",
        );
        assert_eq!(
            md,
            "## 1. Ditch the diet\n\nText.\n\n### What does it offer?\n\nText.\n\n## Vote now \\#\n\nText."
        );
    }

    #[test]
    fn links_emphasis_lists_and_quotes() {
        let (md, _) = render_html(
            r#"<h1>The title</h1><p>See <a href="/x/y">the  <em>report</em> </a>and <a href="javascript:void(0)">this</a>.</p>
            <ul><li>one</li><li><p>two</p></li></ul><ol><li>first</li><li>second</li></ol>
            <blockquote><p>Quoted</p><p>twice</p></blockquote>"#,
        );
        assert_eq!(
            md,
            "See [the _report_](https://news.example/x/y) and this.\n\n*   one\n\n*   two\n\n1.  first\n\n2.  second\n\n> Quoted\n>\n> twice"
        );
    }

    #[test]
    fn captions_and_credits_outside_a_figure_are_not_text() {
        // A slideshow's caption and credit, and a CSS-built image box whose
        // caption sits beside a placeholder, belong to the pictures.
        let (_, text) = render_html(
            r#"<p>The story starts with a long first paragraph about the council.</p>
            <ul class="gallery"><li><div class="caption-full"><p>A row of unsold cars.</p></div>
            <span class="credit">Photo: Jane Doe / AP</span></li></ul>
            <div class="InlineImage-wrapper"><div class="InlineImage-imageEmbedCaption">The minister at the air show.</div></div>
            <p>The story goes on.</p>"#,
        );
        assert_eq!(
            text,
            "The story starts with a long first paragraph about the council.\n\nThe story goes on."
        );
    }

    #[test]
    fn off_screen_labels_are_not_text() {
        let (_, text) = render_html(
            r#"<p><span class="off-screen">Image copyright</span> The story goes on.</p>"#,
        );
        assert_eq!(text, "The story goes on.");
    }

    #[test]
    fn ad_slot_labels_are_not_text() {
        let (_, text) = render_html(
            r#"<p>First paragraph of the story.</p><div class="x1"><span>Advertisement</span></div>
            <div>REKLAM</div><div><span>Реклама:</span></div><p>Second paragraph of the story.</p>
            <div class="box"><span>Article continues below</span></div><p>Advertising rules changed.</p>
            <div class="GoogleDfpAd-wrapper"><div class="GoogleDfpAd-label">Sponsor Message</div></div>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nSecond paragraph of the story.\n\nAdvertising rules changed."
        );
    }

    #[test]
    fn an_embed_consent_switch_is_not_text() {
        assert_eq!(
            story_around(
                r#"<div class="Nbr"><p>Recommended editorial content</p><p>Here you find external content that complements the article.</p>
            <input id="t1" type="checkbox"><label for="t1">Show external content</label>
            <p>I agree that external content is shown to me.</p></div>"#
            ),
            STORY
        );
    }

    #[test]
    fn a_sign_up_box_is_not_text() {
        assert_eq!(
            story_around(
                r#"<div class="panel"><h4>Be the first to know</h4><p>Get local news delivered to your inbox!</p>
            <form action="/newsletters/"><input type="email" name="email" placeholder="Email address"><button>Sign up</button></form></div>"#
            ),
            STORY
        );
    }

    #[test]
    fn paragraphs_a_paywall_would_hide_are_text() {
        // "subscriber-only" names where the text is, not a subscription box.
        let (_, text) = render_html(
            r#"<div class="subscriber-preview"><p>First paragraph of the story.</p></div>
            <div class="subscriber-only"><p>Second paragraph of the story.</p></div>
            <div class="subscribe-box"><p>Subscribe for full access.</p></div>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nSecond paragraph of the story."
        );
    }

    #[test]
    fn a_video_box_and_a_podcast_player_are_not_text() {
        assert_eq!(
            story_around(
                r#"<div class="VideoEnhancement"><div class="VideoEnhancement-player"><iframe src="https://www.youtube.com/embed/x"></iframe></div>
            <div class="VideoEnhancement-title">WATCH: How crews replace a lead line</div>
            <div class="VideoEnhancement-description"><p>A utility video walks through the method.</p></div></div>
            <div class="PodcastPlayer_player__Qw8Er"><p>Listen · The Daily</p><p>Why winter is the new summer</p><p>Episode 412 · 18 min</p></div>"#
            ),
            STORY
        );
    }

    #[test]
    fn pictures_side_by_side_come_in_order_with_the_caption_last() {
        let (md, _) = render_html(
            r#"<p>First paragraph of the story.</p>
            <figure class="kg-card kg-gallery-card"><div class="kg-gallery-row">
            <div class="kg-gallery-image"><img src="/harmon-exterior.jpg" width="2000" height="1333" alt=""></div>
            <div class="kg-gallery-image"><img src="/harmon-interior.jpg" width="2000" height="1333" alt=""></div>
            <div class="kg-gallery-image"><picture><source srcset="/harmon-dock-1200.webp 1200w"><img src="/harmon-dock.jpg" alt=""></picture></div>
            </div><figcaption>The building, inside and out.</figcaption></figure>
            <figure><img src="/one-picture.jpg" srcset="/one-picture-600.jpg 600w,/one-picture-1200.jpg 1200w" alt=""><figcaption>One picture.</figcaption></figure>"#,
        );
        let pictures: Vec<&str> = md.lines().filter(|l| l.starts_with("![")).collect();
        assert_eq!(
            pictures,
            [
                "![](https://news.example/harmon-exterior.jpg)",
                "![](https://news.example/harmon-interior.jpg)",
                "![The building, inside and out.](https://news.example/harmon-dock.jpg)",
                "![One picture.](https://news.example/one-picture-1200.jpg)",
            ]
        );
    }

    #[test]
    fn pointers_to_other_stories_and_editor_initials_are_not_text() {
        let (_, text) = render_html(
            r#"<p>First paragraph of the story.</p><p><strong>LEIA TAMBÉM:</strong></p>
            <p><strong>Simak juga Video: Mudik Lewat Tol Trans Sumatera</strong></p>
            <p><strong>Watch: the crowds on Sunday.</strong></p>
            <p><strong>Related research shows the same.</strong></p>
            <div class="komentar-box"><h3>Komentar</h3><p>Alhamdulillah akhirnya tembus juga, tapi tarifnya mahal.</p></div>
            <div class="reaction-box"><h3>Bagaimana perasaan Anda membaca berita ini?</h3></div>
            <p>Second paragraph of the story.</p><p>(ara/das)</p>
            <p><strong>VÍDEOS: mais assistidos do Primeira Página SP</strong></p>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nRelated research shows the same.\n\nSecond paragraph of the story."
        );
    }

    #[test]
    fn a_caption_block_after_a_picture_is_its_caption() {
        let (md, text) = render_html(
            r#"<p>First paragraph of the story.</p><p><img src="/bar.jpg" alt="Carla" width="800"></p>
            <p class="didascalia"><em>Carla Frigerio outside her bar</em> - Foto: Archivio Gazzetta</p>
            <p>Second paragraph of the story.</p>"#,
        );
        assert!(
            md.contains("![Carla Frigerio outside her bar (Photo: Archivio Gazzetta)](https://news.example/bar.jpg)"),
            "{md}"
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nSecond paragraph of the story."
        );
    }

    #[test]
    fn a_thumbnail_linked_to_its_picture_gives_the_picture() {
        let (md, _) = render_html(
            r#"<p>First paragraph of the story.</p>
            <figure><a href="/images/machine-room.jpg"><img src="/images/thumbnails/thumb_machine-room.jpg" alt=""></a><figcaption>The machine room.</figcaption></figure>
            <figure><a href="/images/full.jpg"><img src="/images/shown.jpg" width="800" alt=""></a><figcaption>Shown as the page chose.</figcaption></figure>"#,
        );
        assert!(
            md.contains("(https://news.example/images/machine-room.jpg)"),
            "{md}"
        );
        assert!(
            md.contains("(https://news.example/images/shown.jpg)"),
            "{md}"
        );
    }

    #[test]
    fn tag_links_and_a_printed_date_are_not_text() {
        let (_, text) = render_html(
            r#"<span itemprop="datePublished">Monday, 22 January 2018, 0:13</span>
            <p>First paragraph of the story.</p>
            <p><strong>Tags<br><a rel="tag" href="/tag/a">stock car</a>, <a rel="tag" href="/tag/b">calendar</a></strong></p>
            <p>Read the <a rel="tag" href="/tag/c">calendar</a> for the whole season before the first race.</p>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nRead the calendar for the whole season before the first race."
        );
    }

    #[test]
    fn links_to_the_next_and_previous_posts_are_not_text() {
        let (_, text) = render_html(
            r#"<p>The first paragraph of the story, long enough to be most of the article text here.</p>
            <div class="grid-container next-prev"><div class="next"><a href="/next">Next news</a>
            <p class="row-excerpt">The most powerful hatch has a huge rear wing and more power than ever.</p></div></div>"#,
        );
        assert_eq!(
            text,
            "The first paragraph of the story, long enough to be most of the article text here."
        );
    }

    #[test]
    fn paragraphs_around_a_teaser_slideshow_stay_text() {
        // The slideshow's links make the paragraphs' wrapper link-heavy;
        // the slideshow goes, the paragraphs stay.
        let jobs: String = (1..=8)
            .map(|i| format!(r#"<div class="slide"><a href="https://jobs.example/offer/{i}">Senior backend developer for payment systems, Berlin or remote, offer number {i}</a></div>"#))
            .collect();
        let body = format!(
            r#"<div class="richtext"><p>Volkswagen showed the prototype of a battery pack for a modified racing motorcycle and gave almost no technical data about it. It is said to hold up to 980 cells of the new type; more was not to be learned from the company, and the supplier of the cells did not say anything about them either when asked on Tuesday.</p>
            <div class="teaser-block"><span>New jobs</span><div class="slideshow">{jobs}</div></div>
            <p>Nothing more was said about the pack itself or its performance. The regular motorcycle uses the cylindrical cells known from the electric cars and reaches a good range with them, the company said at the motor show in Munich this week, where the prototype stood beside the new cars.</p></div>
            {LONG_PARAGRAPH}"#
        );
        let (_, text) = render_html(&body);
        assert!(text.contains("Volkswagen showed the prototype"), "{text}");
        assert!(text.contains("Nothing more was said"), "{text}");
        assert!(!text.contains("backend developer"), "{text}");
    }

    #[test]
    fn a_labelled_link_among_the_paragraphs_is_not_text() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <p><strong>READ ANOTHER STORY HERE |</strong> <a href="/119057/five-arrested/">Five arrested over the stabbing of a pupil</a></p>
            <p><b>Lesen Sie auch:</b> <a href="/politik/wahl.html">Was die Wahl für die Stadt bedeutet</a></p>
            <p><strong>Police said</strong> the <a href="/tag/suspect">suspect</a> was known to the family.</p>
            {LONG_PARAGRAPH}"#
        );
        let (_, text) = render_html(&body);
        assert!(!text.contains("Five arrested"), "{text}");
        assert!(!text.contains("Was die Wahl"), "{text}");
        assert!(text.contains("Police said the suspect was known"), "{text}");
    }

    #[test]
    fn visually_hidden_link_notes_are_not_text() {
        let body = format!(
            r#"<p>The company <a href="https://ir.example/pr">did not comment<span class="go-vh">(opens in a new window)</span></a> on the data of the pack, the report says in its second paragraph here.</p>{LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(
            md.contains("[did not comment](https://ir.example/pr)"),
            "{md}"
        );
    }

    #[test]
    fn screen_reader_text_hidden_by_inline_style_is_not_text() {
        let body = format!(
            r#"<p>The <a href="https://tno.example/report">report<span style="border:0;clip:rect(0 0 0 0);clip-path:inset(50%);height:1px;margin:-1px;overflow:hidden;padding:0;position:absolute;width:1px;white-space:nowrap">, opens new tab</span></a> found that a tank fired two rounds.</p>
            <p>Click <a href="/x">here<span style="position: absolute; width: 1px; height: 1px; overflow: hidden">(external link)</span></a> for more.</p>
            <p>Read the <a href="/y">ruling<span style="position:absolute; clip: rect(0 0 0 0)">, PDF</span></a> online.</p>
            <p>A <span style="width:1px;height:1px">tiny</span> box that shows its text.</p>{LONG_PARAGRAPH}"#
        );
        let (md, text) = render_html(&body);
        assert!(
            md.contains("The [report](https://tno.example/report) found that"),
            "{md}"
        );
        assert!(
            md.contains("Click [here](https://news.example/x) for more."),
            "{md}"
        );
        assert!(
            md.contains("Read the [ruling](https://news.example/y) online."),
            "{md}"
        );
        assert!(text.contains("A tiny box that shows its text."), "{text}");
    }

    #[test]
    fn no_space_before_punctuation_that_follows_an_element() {
        let (md, text) = render_html(
            r#"<p>Booking insider Tessa Bishop at <a href="https://ocean.example/"> <u>Ocean Florida</u> </a>, shared the best times.</p>
            <p>More was <a href="/vw">not to be learned</a>   <!-- x -->. Also <b>this</b> , and a <i>site</i> .com domain, <b>3</b> .5 litres and <b>wait</b> ... then.</p>
            <p>In March 2026 , a month later.</p>"#,
        );
        assert!(
            md.contains("at [Ocean Florida](https://ocean.example/), shared"),
            "{md}"
        );
        assert!(
            text.contains("was not to be learned. Also this, and a site .com domain, 3 .5 litres and wait ... then."),
            "{text}"
        );
        // A space typed before the comma is the writer's.
        assert!(text.contains("In March 2026 , a month later."), "{text}");
    }

    #[test]
    fn unrendered_shortcodes_are_not_text() {
        let (md, text) = render_html(
            r#"<p>[button link=”http://bikes.example/submit/” type=”big” newwindow=”yes”] Send us YOUR kit review[/button]</p>
            <p>[caption]The harbour at dawn.[/caption]</p>
            <p>The release "give[s] us hope", [our] artists said, [We] agree.</p>"#,
        );
        assert_eq!(
            text,
            "Send us YOUR kit review\n\nThe harbour at dawn.\n\nThe release \"give[s] us hope\", [our] artists said, [We] agree."
        );
        assert!(md.starts_with("Send us YOUR kit review\n\n"), "{md}");
    }

    #[test]
    fn a_notice_for_browsers_without_scripts_is_not_text() {
        let (_, text) = render_html(
            r#"<p>First paragraph of the story.</p>
            <p class="jetpack-slideshow-noscript robots-nocontent">This slideshow requires JavaScript.</p>
            <div id="no-script-warning">Please enable scripts to see the chart.</div>
            <p class="noscripted">Second paragraph of the story.</p>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nSecond paragraph of the story."
        );
    }

    #[test]
    fn a_standfirst_set_in_a_heading_is_a_paragraph() {
        let body = format!(
            r#"<h2 class="summary">When a geopolitical crisis starts a fashion trend: a grey tracksuit became a sensation after a photo of the captured president went round the world.</h2>
            {LONG_PARAGRAPH}
            <h2>The tracksuit sold out in most sizes within two days of the picture, the brand's own shop said on Monday.</h2>
            <h3>Why the jacket sold out</h3>
            {LONG_PARAGRAPH}"#
        );
        let (md, _) = render_html(&body);
        assert!(md.starts_with("When a geopolitical crisis"), "{md}");
        // Later, a long sentence in a heading is an item title (listicles).
        assert!(md.contains("\n\n## The tracksuit sold out"), "{md}");
        assert!(md.contains("\n\n### Why the jacket sold out\n\n"), "{md}");
    }

    #[test]
    fn a_teaser_box_for_another_story_is_not_text() {
        let body = format!(
            r#"{LONG_PARAGRAPH}
            <div class="box"><div class="box__head"><a href="/2023/other-story.html"><p><span>Analysis</span> <span>11.04.2022</span></p>
              <h3>The minister's fall</h3></a></div>
              <p>Already as a state minister she was controversial, and lately many said she was overwhelmed. <span>more</span></p></div>
            {LONG_PARAGRAPH}
            <h3>A subheading of the story</h3>
            {LONG_PARAGRAPH}"#
        );
        let (_, text) = render_html(&body);
        assert!(!text.contains("minister's fall"), "{text}");
        assert!(!text.contains("overwhelmed"), "{text}");
        assert!(text.contains("A subheading of the story"), "{text}");
    }

    #[test]
    fn a_dateline_among_the_paragraphs_is_not_text() {
        let (_, text) = render_html(
            r#"<p class="stand">Stand: 28.04.2023 17:23 Uhr</p>
            <p>First paragraph of the story.</p>
            <ul><li>12.03.2023, 10:00</li><li>Second item</li></ul>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\n12.03.2023, 10:00\n\nSecond item"
        );
    }

    #[test]
    fn affiliate_disclaimers_are_not_text() {
        let (_, text) = render_html(
            r#"<div class="affiliate_info">Links marked with a symbol are affiliate links. If you buy, we earn a commission.</div>
            <p>First paragraph of the story.</p>
            <div class="html-embed"><div class="DisclaimerLong"><span>This article contains affiliate links.</span></div></div>
            <p>Second paragraph of the story.</p>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nSecond paragraph of the story."
        );
    }

    #[test]
    fn wire_credit_lines_are_not_text() {
        let (_, text) = render_html(
            r#"<p>First paragraph of the story.</p>
            <p>Editors said the reporting by local media was accurate.</p>
            <p>(Reporting by Jane Doe in Paris; additional reporting by John Roe; Editing by Max Mustermann)</p>
            <p>Associated Press writers Ann Smith and Bob Jones contributed to this report.</p>"#,
        );
        assert_eq!(
            text,
            "First paragraph of the story.\n\nEditors said the reporting by local media was accurate."
        );
    }

    #[test]
    fn the_publishers_appeals_to_the_reader_are_not_text() {
        let (_, text) = render_html(
            r#"<p>Viewers can sign up for the service from Tuesday, the company said.</p>
            <p>For the latest news from across the globe, <a href="/newsletters">sign up for our newsletters</a>.</p>
            <p>Follow news.example on Twitter and Facebook for the latest updates.</p>
            <p>Did you like this article? Then please support our journalism with a donation.</p>
            <p>Dieses Thema im Programm: MDR THÜRINGEN - Das Radio | Nachrichten | 28. April 2023 | 10:00 Uhr</p>"#,
        );
        assert_eq!(
            text,
            "Viewers can sign up for the service from Tuesday, the company said."
        );
    }

    #[test]
    fn subscription_and_error_report_prompts_are_not_text() {
        let (_, text) = render_html(
            r#"<p>First paragraph of the story.</p>
            <p>Il vous reste 57.09% de cet article à lire. La suite est réservée aux abonnés.</p>
            <p>Jetzt abonnieren und von der Vorlesefunktion profitieren.</p>
            <div><span>Fehler gefunden?</span><a href="/report">Jetzt melden.</a></div>"#,
        );
        assert_eq!(text, "First paragraph of the story.");
    }

    #[test]
    fn boxes_headed_as_furniture_are_not_text() {
        // Generated class names say nothing; the heading says what the box is.
        for (furniture, words) in [
            (
                r#"<section class="pC7xV"><h2 class="uH3nM">コメントプラス</h2><div class="kI4oR"><p>木村隆 歴史学者 文献史料の乏しい平城京の実像に迫る成果だ。</p></div></section>"#,
                "木村隆",
            ),
            (
                r#"<section class="hW2zL"><h2>この記事を書いた人</h2><div><p>佐藤美咲 奈良総局｜文化財・考古学担当</p></div></section>"#,
                "佐藤美咲",
            ),
            (
                r#"<div class="x9"><div><h3>Related articles</h3></div><ul><li>Council approves the new budget for schools</li></ul></div>"#,
                "Council approves",
            ),
            (
                r#"<div class="x9"><h2>About the author</h2><p>Jane Roe covers city hall and has written about the council since 2019.</p></div>"#,
                "Jane Roe",
            ),
            (
                r#"<section><h4>Kommentare (12)</h4><p>Das ist doch ein Skandal, dass die Stadt nichts tut.</p></section>"#,
                "Skandal",
            ),
        ] {
            let (_, text) = render_html(&format!("{LONG_PARAGRAPH}{furniture}{LONG_PARAGRAPH}"));
            assert!(!text.contains(words), "{text}");
            assert!(text.contains("district."), "{text}");
        }
        // A section of the story with a heading of its own stays, also one
        // headed with a word that heads furniture elsewhere ("Discussion").
        let (md, _) = render_html(&format!(
            "{LONG_PARAGRAPH}<section><h2>Discussion</h2>{LONG_PARAGRAPH}</section>"
        ));
        assert!(md.contains("## Discussion"), "{md}");
        let (md, _) = render_html(&format!(
            "{LONG_PARAGRAPH}<section><h2>What the council decided</h2>{LONG_PARAGRAPH}</section>"
        ));
        assert!(md.contains("## What the council decided"), "{md}");
    }

    #[test]
    fn a_box_opening_with_an_appeal_is_not_text() {
        // A paywall box: the appeal, its buttons and its small print.
        let paywall = r#"<div class="fR9xC"><div><p><span>この記事は有料記事です。</span><span>残り1082文字</span></p><p>有料会員になると続きをお読みいただけます。</p><a href="/regist">今すぐ登録（1カ月間無料）</a><a href="/login">ログインする</a><p>※無料期間は初回登録の方に限ります</p></div></div>"#;
        assert_eq!(story_around(paywall), STORY);
        // A paywall box headed by its offer (HAZ+), and a subscription box
        // saying only in its label what it is.
        let offer = r#"<div class="Paywallstyled__PaywallContainer-sc-3oaqrb-0"><h3>Jetzt weiterlesen mit HAZ+</h3><ul><li>Alle Artikel lesen</li><li>Jederzeit kündbar</li></ul><a href="/abo">1 Monat für 1 € testen</a><p>Sie haben bereits ein Abo? <button>Jetzt anmelden</button></p></div>"#;
        assert_eq!(story_around(offer), STORY);
        let labelled = r#"<div aria-label="Subscribe"><div>Local news you can trust</div><div>Unlimited access for $1.</div></div>"#;
        assert_eq!(story_around(labelled), STORY);
        assert_eq!(story_around("<p>Got a tip? Email the Dispatch.</p>"), STORY);
        // A nonprofit's tagline asking for support.
        let tagline = r#"<p><em>The Bluestem Report is a nonprofit newsroom covering the Flint Hills. </em><a href="/donate"><em>Support our work</em></a><em>.</em></p>"#;
        assert_eq!(story_around(tagline), STORY);
    }

    #[test]
    fn a_live_blogs_entries_keep_their_titles_but_not_their_stamps() {
        let entry = |id: u32| {
            format!(
                r#"<article id="block-{id}"><header><a href="?page=with:block-{id}"><time datetime="2025-02-10T07:15:26Z">7h ago</time></a><h2>Entry {id} title</h2><span>Samuel Okafor</span></header><p>Entry {id} text of the live blog.</p><footer><span>Share</span></footer></article>"#
            )
        };
        let (md, text) = render_html(&format!(
            r#"<header><h2>The story's own header</h2></header><div><label for="pinned-post-checkbox">Show more</label>{}{}</div>"#,
            entry(1),
            entry(2)
        ));
        assert_eq!(
            text,
            "Entry 1 title\n\nEntry 1 text of the live blog.\n\nEntry 2 title\n\nEntry 2 text of the live blog."
        );
        assert!(md.starts_with("## Entry 1 title"), "{md}");
    }

    #[test]
    fn a_chinese_reprints_original_title_reporter_and_editor_lines_are_not_text() {
        assert_eq!(
            story_around("<p>原标题：上海地铁施工挖出明代古井</p><p>　　澎湃新闻记者 陈思远</p><p>（责任编辑：李明 SN240）</p>"),
            STORY
        );
        // A sentence about a reporter is text.
        let sentence = "<p>澎湃新闻记者5日上午在现场看到，古井所在区域已被围挡隔开。</p>";
        assert!(story_around(sentence).contains("现场看到"));
    }

    #[test]
    fn a_centred_line_below_a_centred_picture_is_its_caption() {
        let (md, text) = render_html(
            r#"<p>First paragraph of the story.</p><p style="text-align:center"><img src="/w1080/well.jpg" width="640"></p><p style="text-align: center">3月4日，施工现场发现的古井井圈。 澎湃新闻记者 陈思远 图</p><p>Second paragraph of the story.</p>"#,
        );
        assert!(
            md.contains("![3月4日，施工现场发现的古井井圈。 (Photo: 澎湃新闻记者 陈思远)]"),
            "{md}"
        );
        // The caption is the picture's, not a line of the text.
        assert!(!text.contains("古井井圈"), "{text}");
    }

    #[test]
    fn comment_section_rules_are_not_text() {
        let (_, text) = render_html(
            r#"<p>Residents sent hundreds of comments to the council before the vote.</p>
            <p>Please make sure your comments stay on topic. Insults and threats are removed.</p>
            <p>ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador.</p>"#,
        );
        assert_eq!(
            text,
            "Residents sent hundreds of comments to the council before the vote."
        );
    }

    #[test]
    fn a_junk_box_filling_a_small_second_root_is_junk() {
        let doc = Html::parse_document(
            r#"<html><body><div id="a"><p>The story is this long first paragraph, which holds most of the text of the article.</p></div>
            <div id="b"><div class="author-bio-container">About the Author: Jane writes.</div></div></body></html>"#,
        );
        let metrics = Metrics::compute(&doc);
        let base = Url::parse("https://news.example/world/1").unwrap();
        let ctx = context(&base, &metrics, None);
        let sel = scraper::Selector::parse("div#a, div#b").unwrap();
        let roots: Vec<_> = doc.select(&sel).map(|e| *e).collect();
        let (_, text) = join(&render(&ctx, &roots));
        assert!(!text.contains("About the Author"), "{text:?}");
    }
}
