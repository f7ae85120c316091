//! Main-content choice: which element(s) hold the article body.
//!
//! Readability-style scoring: every paragraph-like element with enough text
//! scores its ancestors (less the further up); a container's score is scaled
//! by its link density and nudged by class/id names. The best container is
//! then widened to its parent when several strong candidates share it, and
//! siblings that look like more of the body are kept alongside it.

use std::collections::HashMap;
use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use scraper::{Html, Node};

use super::dom::{self, ElementExt, Metrics};
use super::figures;

static POSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|richtext|paragraph|prose|detail")
        .expect("valid regex")
});
static NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)hidden|^hid$|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|teaser|recommend|newsletter|navigation|menu|breadcrumb|social")
        .expect("valid regex")
});

/// Text size (non-space characters) below which a candidate's score shrinks.
const MIN_BODY_CHARS: f64 = 500.0;

/// The chosen content: roots to render, in document order.
pub struct Content {
    pub roots: Vec<NodeId>,
}

/// Finds the article body of `doc`; `hint_chars` is the size of a JSON-LD
/// articleBody, used to widen a container that holds too little of it.
pub fn locate(
    doc: &Html,
    metrics: &Metrics,
    hint_chars: Option<usize>,
    headline: Option<NodeId>,
) -> Option<Content> {
    let body = doc
        .tree
        .root()
        .descendants()
        .find(|n| dom::tag_name(n) == Some("body"))?;
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    score_paragraphs(body, metrics, &mut scores);
    if scores.is_empty() {
        return Some(Content {
            roots: vec![body.id()],
        });
    }
    let doc_tree = &doc.tree;
    let final_score = |id: NodeId| -> f64 {
        let s = scores.get(&id).copied().unwrap_or(0.0);
        s * (1.0 - metrics.size(id).link_density())
    };
    // A container holds text: a small box wins on its name alone
    // ("list-articles", "save-article-drawer") only when nothing holds
    // more, so little text scales the score that picks the top down.
    let filled_score = |id: NodeId| -> f64 {
        let fill = (metrics.size(id).chars as f64 / MIN_BODY_CHARS).min(1.0);
        final_score(id) * fill
    };
    let mut ranked: Vec<(NodeId, f64)> = scores.keys().map(|&id| (id, final_score(id))).collect();
    // Deterministic order: score, then document order.
    ranked.sort_by(|a, b| {
        b.1.partial_cmp(&a.1)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(metrics.order(a.0).cmp(&metrics.order(b.0)))
    });
    // On pages with several articles (infinite scroll), the body belongs to
    // the article of the chosen headline.
    if let Some(scope) = headline.and_then(|h| headline_article(doc_tree, h, ranked[0].0)) {
        let inside: Vec<(NodeId, f64)> = ranked
            .iter()
            .copied()
            .filter(|(id, _)| {
                doc_tree
                    .get(*id)
                    .is_some_and(|n| dom::is_inside(n, scope.article))
            })
            .collect();
        // Alone on its page, the headline's article must hold a fair share of
        // the text to outweigh the best candidate (a list of related posts
        // below it, not a headline taken from a teaser).
        let needed = if scope.other_headlines {
            10.0
        } else {
            (ranked[0].1 * 0.25).max(10.0)
        };
        if inside.first().is_some_and(|(_, s)| *s > needed) {
            ranked = inside;
        }
    }
    let (first, first_score) = ranked[0];
    let (mut top, mut top_score) = (first, first_score);
    top = promote_shared_ancestor(doc_tree, top, top_score, &ranked, body.id());
    top = climb_while_parent_scores(doc_tree, top, &scores, body.id());
    if (metrics.size(top).chars as f64) < MIN_BODY_CHARS {
        // A small box won on its name alone ("list-articles",
        // "save-article-drawer"): the body is the candidate that scores
        // best once little text scales the score down.
        let filled = ranked.iter().map(|&(id, _)| (id, filled_score(id))).fold(
            None,
            |best: Option<(NodeId, f64)>, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            },
        );
        if let Some((id, _)) = filled.filter(|(id, _)| *id != first) {
            top_score = final_score(id);
            top = promote_shared_ancestor(doc_tree, id, top_score, &ranked, body.id());
            top = climb_while_parent_scores(doc_tree, top, &scores, body.id());
        }
    }
    if let Some(hint) = hint_chars {
        top = widen_to_hint(doc_tree, top, metrics, hint, body.id());
    }
    let roots = with_siblings(
        doc_tree,
        top,
        final_score(top).max(top_score),
        &scores,
        metrics,
    );
    Some(Content { roots })
}

/// The `<article>` element around the headline.
struct HeadlineArticle {
    article: NodeId,
    /// The page has other h1 headlines outside it (infinite scroll).
    other_headlines: bool,
}

/// The article around the headline, when the page has other articles or the
/// best candidate `best` is neither in nor around it.
fn headline_article(
    tree: &ego_tree::Tree<Node>,
    headline: NodeId,
    best: NodeId,
) -> Option<HeadlineArticle> {
    let h = tree.get(headline)?;
    let article = h
        .ancestors()
        .find(|a| dom::tag_name(a) == Some("article"))?;
    let others = tree
        .root()
        .descendants()
        .filter(|d| {
            dom::tag_name(d) == Some("h1")
                && d.id() != headline
                && !dom::is_inside(*d, article.id())
        })
        .count();
    let best_node = tree.get(best)?;
    let best_elsewhere = !dom::is_inside(best_node, article.id()) && !dom::is_inside(article, best);
    (others > 0 || best_elsewhere).then_some(HeadlineArticle {
        article: article.id(),
        other_headlines: others > 0,
    })
}

/// Paragraph-like elements score their ancestors (readability's weights).
fn score_paragraphs(body: NodeRef<Node>, metrics: &Metrics, scores: &mut HashMap<NodeId, f64>) {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        for child in node.children().rev() {
            let Node::Element(e) = child.value() else {
                continue;
            };
            let name = e.name();
            if dom::is_invisible_tag(name)
                || dom::is_furniture_tag(name)
                || dom::is_hidden_furniture(e, metrics.size(child.id()))
                || dom::has_furniture_role(e)
                || (dom::is_unlikely_candidate(e)
                    && !holds_most_text(child, metrics)
                    && !holds_article(child))
            {
                continue;
            }
            stack.push(child);
        }
        let Node::Element(e) = node.value() else {
            continue;
        };
        let chars = if is_paragraph_like(node, e.name()) {
            paragraph_chars(node, e.name(), metrics)
        } else {
            0
        };
        if chars < 25 {
            continue;
        }
        let text_commas = count_commas(node);
        let score = 1.0 + text_commas as f64 + (chars as f64 / 100.0).min(3.0);
        for (level, anc) in node.ancestors().take(5).enumerate() {
            if dom::tag_name(&anc).is_none() {
                break;
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            let entry = scores.entry(anc.id()).or_insert_with(|| initial_score(anc));
            *entry += score / divider;
        }
    }
}

/// An element whose own name says "not content" but that holds most of the
/// page's text is kept (a body wrapper named "share-container").
fn holds_most_text(node: NodeRef<Node>, metrics: &Metrics) -> bool {
    let mut top = node;
    for a in node.ancestors() {
        top = a;
    }
    let total = metrics.size(top.id()).chars.max(1);
    metrics.size(node.id()).chars * 2 > total
}

/// Layout wrappers with names like "has-sidebar" still hold the article;
/// comment and related sections never hold the headline or an `<article>`.
fn holds_article(node: NodeRef<Node>) -> bool {
    node.descendants().any(|d| match d.value() {
        Node::Element(e) => {
            matches!(e.name(), "h1" | "article" | "main")
                || e.attr_value("itemprop")
                    .is_some_and(|p| p.contains("articleBody"))
        }
        _ => false,
    })
}

fn is_paragraph_like(node: NodeRef<Node>, name: &str) -> bool {
    match name {
        "p" | "pre" | "td" | "blockquote" => true,
        // A div/section holding text directly is a paragraph in disguise.
        "div" | "section" | "span" | "article" => node.children().any(|c| match c.value() {
            Node::Text(t) => t.trim().chars().count() >= 25,
            _ => false,
        }),
        _ => false,
    }
}

/// Text size that counts for a paragraph: all of a `p`, the own text of a div.
fn paragraph_chars(node: NodeRef<Node>, name: &str, metrics: &Metrics) -> usize {
    match name {
        "div" | "section" | "span" | "article" => node
            .children()
            .map(|c| match c.value() {
                Node::Text(t) => t.chars().filter(|ch| !ch.is_whitespace()).count(),
                Node::Element(e)
                    if !dom::is_block_tag(e.name()) && !dom::is_invisible_tag(e.name()) =>
                {
                    metrics.size(c.id()).chars
                }
                _ => 0,
            })
            .sum(),
        _ => {
            let s = metrics.size(node.id());
            // Link-only paragraphs ("Read more: ...") do not count.
            if s.link_density() > 0.6 {
                0
            } else {
                s.chars
            }
        }
    }
}

fn count_commas(node: NodeRef<Node>) -> usize {
    node.descendants()
        .filter_map(|d| match d.value() {
            Node::Text(t) => Some(
                t.chars()
                    .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                    .count(),
            ),
            _ => None,
        })
        .sum()
}

fn initial_score(node: NodeRef<Node>) -> f64 {
    let Node::Element(e) = node.value() else {
        return 0.0;
    };
    let tag = match e.name() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    tag + class_weight(e)
}

/// +25 for a content-like class/id, -25 for a furniture-like one.
fn class_weight(e: &scraper::node::Element) -> f64 {
    let mut w = 0.0;
    for name in [e.attr_value("class"), e.id()].into_iter().flatten() {
        if NEGATIVE.is_match(name) {
            w -= 25.0;
        }
        if POSITIVE.is_match(name) {
            w += 25.0;
        }
    }
    if e.attr_value("itemprop")
        .is_some_and(|p| p.contains("articleBody"))
    {
        w += 50.0;
    }
    w
}

/// When three or more strong candidates sit under one ancestor of the top
/// candidate, the body is that ancestor (paragraphs split across wrappers).
fn promote_shared_ancestor(
    tree: &ego_tree::Tree<Node>,
    top: NodeId,
    top_score: f64,
    ranked: &[(NodeId, f64)],
    body: NodeId,
) -> NodeId {
    let Some(top_node) = tree.get(top) else {
        return top;
    };
    // The top's own wrappers are not other candidates.
    let alternatives: Vec<NodeId> = ranked
        .iter()
        .filter(|(id, _)| *id != top && !top_node.ancestors().any(|a| a.id() == *id))
        .take(5)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .map(|(id, _)| *id)
        .collect();
    if alternatives.len() < 3 {
        return top;
    }
    for anc in top_node.ancestors() {
        if anc.id() == body {
            break;
        }
        if headline_count(anc) > headline_count(top_node).max(1) {
            break;
        }
        let contained = alternatives
            .iter()
            .filter(|a| tree.get(**a).is_some_and(|n| dom::is_inside(n, anc.id())))
            .count();
        if contained >= 3 {
            return anc.id();
        }
    }
    top
}

/// Readability's climb: a parent scoring higher than the child is the body.
fn climb_while_parent_scores(
    tree: &ego_tree::Tree<Node>,
    top: NodeId,
    scores: &HashMap<NodeId, f64>,
    body: NodeId,
) -> NodeId {
    let Some(mut node) = tree.get(top) else {
        return top;
    };
    let mut last = scores.get(&top).copied().unwrap_or(0.0);
    let threshold = last / 3.0;
    let mut current = top;
    while let Some(parent) = node.parent() {
        if parent.id() == body || dom::tag_name(&parent).is_none() {
            break;
        }
        let Some(&ps) = scores.get(&parent.id()) else {
            node = parent;
            continue;
        };
        if ps < threshold {
            break;
        }
        if ps > last {
            if headline_count(parent) <= headline_count(node).max(1) {
                current = parent.id();
            }
            break;
        }
        last = ps;
        node = parent;
    }
    // An only child says nothing about the layout; its parent is the container.
    let Some(mut n) = tree.get(current) else {
        return current;
    };
    while let Some(parent) = n.parent() {
        if parent.id() == body || dom::tag_name(&parent).is_none() {
            break;
        }
        let element_children = parent
            .children()
            .filter(|c| dom::tag_name(c).is_some())
            .count();
        if element_children != 1 {
            break;
        }
        n = parent;
    }
    n.id()
}

/// Widens the container while it holds much less text than the JSON-LD
/// articleBody says the article has.
fn widen_to_hint(
    tree: &ego_tree::Tree<Node>,
    top: NodeId,
    metrics: &Metrics,
    hint: usize,
    body: NodeId,
) -> NodeId {
    let Some(mut node) = tree.get(top) else {
        return top;
    };
    if hint < 400 {
        return top;
    }
    let mut steps = 0;
    while metrics.size(node.id()).chars * 10 < hint * 7 && steps < 4 {
        let Some(parent) = node.parent() else { break };
        if parent.id() == body || dom::tag_name(&parent).is_none() {
            break;
        }
        // Stop before swallowing a page that is mostly something else.
        if metrics.size(parent.id()).chars > hint * 3
            || headline_count(parent) > headline_count(node).max(1)
        {
            break;
        }
        node = parent;
        steps += 1;
    }
    node.id()
}

/// The top candidate plus siblings that score well or read like body text.
fn with_siblings(
    tree: &ego_tree::Tree<Node>,
    top: NodeId,
    top_score: f64,
    scores: &HashMap<NodeId, f64>,
    metrics: &Metrics,
) -> Vec<NodeId> {
    let Some(top_node) = tree.get(top) else {
        return vec![top];
    };
    let Some(parent) = top_node.parent() else {
        return vec![top];
    };
    if dom::tag_name(&parent).is_none() {
        return vec![top];
    }
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = match top_node.value() {
        Node::Element(e) => e.attr_value("class").unwrap_or("").to_string(),
        _ => String::new(),
    };
    let mut out = Vec::new();
    // Figures and subheadings among the siblings, kept when they fall
    // between kept ones.
    let mut between_after_last_kept = Vec::new();
    for sib in parent.children() {
        let Node::Element(e) = sib.value() else {
            continue;
        };
        if sib.id() == top {
            out.append(&mut between_after_last_kept);
            out.push(top);
            continue;
        }
        let same_class = !top_class.is_empty() && e.attr_value("class") == Some(top_class.as_str());
        // The top's own class name ("article-widget") was accepted for it.
        if dom::is_invisible_tag(e.name())
            || dom::is_furniture_tag(e.name())
            || (dom::has_junk_name(e) && !same_class)
            || dom::is_hidden(e)
            || e.name() == "header"
            || headline_count(sib) > 0
            || holds_other_article(sib)
        {
            continue;
        }
        if !out.is_empty() && (figures::is_figure_like(sib) || dom::is_subheading_tag(e.name())) {
            between_after_last_kept.push(sib.id());
            continue;
        }
        let size = metrics.size(sib.id());
        // Like the top, a sibling must hold text, not only a content-like name.
        let fill = (size.chars as f64 / MIN_BODY_CHARS).min(1.0);
        let mut s =
            scores.get(&sib.id()).copied().unwrap_or(0.0) * (1.0 - size.link_density()) * fill;
        if same_class {
            s += top_score * 0.2;
        }
        // A repeated block (one text widget per paragraph group, also when a
        // layout row sets one beside a picture) is judged by its best
        // paragraph container, as the top one was.
        let repeated_text = (same_class || holds_class(sib, &top_class))
            && size.link_density() < 0.3
            && best_inner_score(sib, scores) >= top_score * 0.3;
        let keep = s >= threshold
            || repeated_text
            || (e.name() == "p" && size.chars > 80 && size.link_density() < 0.25)
            || (e.name() == "p"
                && size.chars > 0
                && size.link_density() == 0.0
                && ends_sentence(sib));
        if keep {
            out.append(&mut between_after_last_kept);
            out.push(sib.id());
        }
    }
    out
}

/// True when an element inside `node` has exactly the class attribute `class`.
fn holds_class(node: NodeRef<Node>, class: &str) -> bool {
    !class.is_empty()
        && node
            .descendants()
            .any(|d| matches!(d.value(), Node::Element(e) if e.attr_value("class") == Some(class)))
}

/// An `<article>` beside the body is another story (related posts), not
/// more of this one.
fn holds_other_article(sib: NodeRef<Node>) -> bool {
    sib.descendants()
        .any(|d| dom::tag_name(&d) == Some("article"))
}

/// The highest paragraph score inside a subtree.
fn best_inner_score(node: NodeRef<Node>, scores: &HashMap<NodeId, f64>) -> f64 {
    node.descendants()
        .filter_map(|d| scores.get(&d.id()).copied())
        .fold(0.0, f64::max)
}

/// Number of h1 headlines in a subtree: more than one means several articles
/// (infinite-scroll pages), which the body must not span.
fn headline_count(node: NodeRef<Node>) -> usize {
    node.descendants()
        .filter(|d| dom::tag_name(d) == Some("h1"))
        .filter(|d| {
            let words: usize = d
                .descendants()
                .filter_map(|t| match t.value() {
                    Node::Text(t) => Some(t.split_whitespace().count()),
                    _ => None,
                })
                .sum();
            words >= 3
        })
        .count()
}

fn ends_sentence(node: NodeRef<Node>) -> bool {
    let text: String = node
        .descendants()
        .filter_map(|d| match d.value() {
            Node::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    let t = text.trim_end();
    t.ends_with('.') || t.ends_with('!') || t.ends_with('?') || t.ends_with('"') || t.ends_with('”')
}
