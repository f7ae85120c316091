//! DOM helpers shared by the extraction passes: whitespace-collapsed text,
//! per-node text metrics computed in one walk, and the boilerplate patterns
//! (class/id names, tags) that mark page furniture rather than article text.

use std::sync::LazyLock;

use ego_tree::{NodeId, NodeRef};
use regex::Regex;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node};

/// Attribute and class reads for the extraction passes, which make half a
/// million of them over the dev corpus. scraper's `Element::attr` interns the
/// name it is asked for on every call (a hash, and a lock on the global atom
/// table for names html5ever does not know, such as `data-srcset`), and its
/// `classes` interns every class of the element; an element's attribute list
/// is short, so comparing names as strings costs a fraction of that.
pub trait ElementExt {
    /// The value of the element's (namespace-less) attribute `name`.
    fn attr_value(&self, name: &str) -> Option<&str>;
    /// The tokens of the element's `class` attribute, in document order.
    fn class_names(&self) -> std::str::SplitAsciiWhitespace<'_>;
}

impl ElementExt for scraper::node::Element {
    fn attr_value(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key.ns.is_empty() && &*key.local == name)
            .map(|(_, value)| &**value)
    }

    fn class_names(&self) -> std::str::SplitAsciiWhitespace<'_> {
        self.attr_value("class")
            .unwrap_or("")
            .split_ascii_whitespace()
    }
}

/// Tags whose content is never article text.
pub fn is_invisible_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "select"
            | "option"
            | "textarea"
            | "input"
            | "button"
            | "video"
            | "audio"
            | "map"
            | "dialog"
    )
}

/// Structural tags that hold page furniture (menus, forms, footers).
pub fn is_furniture_tag(name: &str) -> bool {
    matches!(name, "nav" | "footer" | "form" | "aside" | "menu")
}

/// Class/id vocabulary of page furniture. Matched against each class token
/// and the id separately, so "ad" only matches a whole token or a `-`/`_` part.
static JUNK_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix-u)
        (^|[-_])(
            ads?|advert\w*|adslot|adunit|ad[-_]?container|dfp|banner|sponsor\w*|promo\w*|teaser[-_]?list|cta|prompt|upsell\w*
          | share\w*|sharing|social\w*|socials|follow|sns
          | related\w*|recommend\w*|more[-_]?(stories|articles|news)|read[-_]?more|readmore|also[-_]?read
          | newsletter\w*|subscri\w*|signup|sign[-_]?up|regwall|sign[-_]?in|signin|log[-_]?in
          | comments?|comment[-_]?\w+|komentar\w*|kommentar\w*|commentaires?|comentarios?|disqus|discussion|replies|reactions?|empathy|forum|postings?
          | sidebar|side[-_]?bar|rail|toolbar|tools
          | nav|navbar|navigation|menu|breadcrumbs?|pagination|pager|next[-_]?prev|prev[-_]?next
          | footer|masthead|site[-_]?header
          | cookie\w*|consent|gdpr|popup|modal|embed[-_]?(placeholder|consent)|oembed\w*
          | (?:video|audio|podcast|media)[-_]?player\w*|video[-_]?fallback|jw(?:player\w*|videoplayer|p?[-_]\w+)
          | outbrain|taboola|plista|ligatus|recirc\w*|trending|popular|most[-_]?read
          | tags|tag[-_]?(list|cloud|box|links)|keywords|topics
          | byline\w*|dateline|timestamp|meta|authors?|article[-_]?meta|post[-_]?meta
          | skip[-_]?link|sr[-_]?only|visually[-_]?hidden|vh|screen[-_]?reader\w*|off[-_]?screen
          | (?:author|autor|contributor|writer|reporter)[-_]{0,2}(bio|box|card|info|profile)|about[-_]?the[-_]?author
          | (?:photo[-_]?)?(?:gallery|galerie|galeria|slideshow)[-_]{0,2}(?:head(?:er|ing)?|title|label|count(?:er)?|more)|more[-_]?photos
          | suggest\w*
          | disclaimer\w*|disclosure\w*|affiliate\w*
          | epic
        )($|[-_])",
    )
    .expect("valid regex")
});

/// Class/id vocabulary that vetoes a junk match (a "share-article-body" is
/// body; "subscriber-only" wraps the paragraphs a paywall would hide, on the
/// thousands of local papers of one CMS).
static KEEP_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(^hentry$|^h-entry$|article[-_]?(body|text|content)|story[-_]?(body|text)|post[-_]?(body|content)|entry[-_]?content|main[-_]?content|body[-_]?text|richtext|caption|^subscriber[-_]?(only|preview|content)$)")
        .expect("valid regex")
});

/// Class words of a kicker: the topic line above a headline ("Dachzeile",
/// "topline", "overline", "surtitre", "occhiello").
pub static KICKER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)kicker|dachzeile|topline|overline|roofline|eyebrow|supertitle|spitzmarke|titleheader|pretitle|surtitre|antetitulo|occhiello")
        .expect("valid regex")
});

/// True when the element's class, id or test hook names a breadcrumb trail
/// ("breadcrumbs", `data-testid="BreadcrumbArea"`): component frameworks
/// often name an element only in its test hook. A page's root or article
/// element named so ("has-breadcrumbs") only says the page shows one.
pub fn names_breadcrumb(el: &scraper::node::Element) -> bool {
    !matches!(el.name(), "body" | "html" | "main" | "article")
        && el
            .class_names()
            .chain(el.id())
            .chain(el.attr_value("data-testid"))
            .any(|name| contains_ascii_ci(name, "breadcrumb"))
}

/// True when the element's class or id names it page furniture.
pub fn has_junk_name(el: &scraper::node::Element) -> bool {
    // Sectioning roots carry CMS taxonomy classes ("tag-politics"), not roles.
    if matches!(el.name(), "body" | "html" | "article" | "main") {
        return false;
    }
    let (mut junk, mut widget, mut picture_widget) = (false, false, false);
    // An id made from a heading's text ("zendaya-promoted-dune-in-london")
    // is an anchor, not a role: its words say nothing of the element.
    let id = el.id().filter(|id| !is_text_slug(id));
    // Component frameworks name a part in its test or component hook
    // (the BBC's `data-component="byline-block"`), or by the id of the
    // heading labelling it (`aria-labelledby="article-byline"`), and leave
    // classes generated.
    let hooks = ["data-component", "data-testid", "aria-labelledby"]
        .into_iter()
        .filter_map(|a| el.attr_value(a));
    for token in el.class_names().chain(id).chain(hooks) {
        // BEM: a content word in the block name ("article-content__share")
        // does not make its parts content; the element names the part.
        let element = token.split_once("__").map_or(token, |(_, part)| part);
        if KEEP_TOKEN.is_match(element) {
            return false;
        }
        if !junk && (JUNK_TOKEN.is_match(token) || is_junk_component(token)) {
            junk = true;
        }
        if contains_ascii_ci(token, "widget") {
            widget = true;
            picture_widget |= PICTURE_WORD.is_match(token);
        }
    }
    // "Widget" names whatever a CMS places in a slot: a sidebar box, a
    // quote, but also the article's own picture ("widget--type-image",
    // "article-widget-image"), which is no furniture. A heading named so
    // ("widget-title") is furniture when its slot is.
    let heading = matches!(el.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
    junk || widget && !picture_widget && !heading
}

/// Fewest words of an id read as a slug of text.
const SLUG_MIN_WORDS: usize = 5;

/// An identifier made of five words or more ("what-to-know-about-the-vote").
fn is_text_slug(id: &str) -> bool {
    id.split(['-', '_'])
        .filter(|part| part.len() >= 2 && part.bytes().all(|b| b.is_ascii_alphabetic()))
        .count()
        >= SLUG_MIN_WORDS
}

/// A picture named in a class token.
static PICTURE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)image|photo|picture|figure").expect("valid regex"));

/// True when `haystack` contains the lowercase ASCII `needle`, in any case.
fn contains_ascii_ci(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Class/id words of a picture's caption or credit line.
static CAPTION_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)caption|credit|copyright").expect("valid regex"));

/// True when one of the element's class tokens or its id matches `vocabulary`.
pub fn has_name_matching(el: &scraper::node::Element, vocabulary: &Regex) -> bool {
    el.class_names()
        .chain(el.id())
        .any(|token| vocabulary.is_match(token))
}

/// True when a camelCase part of a component's class name matches
/// `vocabulary` as a word of its own: styled-components and CSS modules
/// write "ArticleHeadstyled__ArticleTeaser-sc-1xd2qac-3", where the word
/// "Teaser" has no separator before it. Only component names count (a
/// capital first, or a `__` part): a utility class's theme colour
/// ("text-summaryGrayDark") names no part of the page.
pub fn has_camel_name_matching(el: &scraper::node::Element, vocabulary: &Regex) -> bool {
    el.class_names()
        .any(|token| camel_parts_match(token, vocabulary))
}

/// A component's camelCase name with a furniture word among its parts
/// ("MagazineDisclaimerWrapper-cUBXQE", "ContributorBio").
fn is_junk_component(token: &str) -> bool {
    camel_parts_match(token, &JUNK_TOKEN)
}

/// True when `token` is a component's camelCase name and one of its parts
/// matches `vocabulary`.
fn camel_parts_match(token: &str, vocabulary: &Regex) -> bool {
    let component = token.starts_with(|c: char| c.is_ascii_uppercase()) || token.contains("__");
    let humps = component
        && token
            .as_bytes()
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    humps && vocabulary.is_match(&kebab_case(token))
}

/// "ArticleTeaser-sc-3" as "article-teaser-sc-3": a separator at each hump.
fn kebab_case(token: &str) -> String {
    let mut out = String::with_capacity(token.len() + 4);
    let mut previous_lower = false;
    for c in token.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('-');
        }
        previous_lower = c.is_ascii_lowercase();
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// True when the element's class or id names it a caption or credit.
pub fn has_caption_name(el: &scraper::node::Element) -> bool {
    has_name_matching(el, &CAPTION_TOKEN)
}

/// Words that label an advertisement, in the languages of the publishers we see.
const AD_WORDS: &str = r"advert\w*|anzeige|werbung|reklame|reklam|reklama|publicit[eé]|publicidad|publicidade|pubblicità|annonce|mainos|sponsored|iklan|реклама|広告|광고|广告|إعلان";

/// The label of an ad slot and nothing else ("Advertisement", "Article
/// continues below", public radio's "Sponsor Message").
static AD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\W*(?:{AD_WORDS}|(?:article|story)\s+continues\s+below|sponsor\s+message)\W*$"
    ))
    .expect("valid regex")
});

/// An ad word standing as a word (in a file name, alt text or link).
static AD_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|[^\p{{L}}])(?:{AD_WORDS})(?:[^\p{{L}}]|$)"
    ))
    .expect("valid regex")
});

/// True when `text` is only an ad slot's label ("Advertisement", "Anzeige").
pub fn is_ad_label(text: &str) -> bool {
    AD_LABEL.is_match(text)
}

/// True when `text` names an advertisement ("werbung_3.jpg", "/anzeige/").
pub fn mentions_ad(text: &str) -> bool {
    AD_WORD.is_match(text)
}

/// The credit line of a wire story ("Reporting by ...; Editing by ...",
/// "Jane Doe contributed to this report"): a byline at the foot of the text.
///
/// This and the reader-text patterns below run on every block of text and
/// use ASCII word boundaries (`(?-u:\b)`): a Unicode `\b` on non-ASCII
/// text forces the regex crate off its fast engines (extraction was 20%
/// slower with it).
static CREDIT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:additional|with)\s+)?reporting\s+by(?-u:\b)|(?-u:\b)(?:writing|editing)\s+by(?-u:\b)|(?-u:\b)contributed\s+(?:to\s+this\s+report|reporting)(?-u:\b)|^\W*(?:原标题|原標題|责任编辑|責任編輯)\s*[:：]")
        .expect("valid regex")
});

/// Longest block (in characters) taken for a credit line.
const CREDIT_LINE_MAX_CHARS: usize = 400;

/// True when a block of text is a story's credit line (also a Chinese
/// reprint's "原标题：" original title and "（责任编辑：…）" editor line,
/// and a Chinese reporter line, "澎湃新闻记者 陈思远").
pub fn is_credit_line(text: &str) -> bool {
    let chars = text.chars().count();
    chars <= CREDIT_LINE_MAX_CHARS && CREDIT_LINE.is_match(text)
        || chars <= REPORTER_LINE_MAX_CHARS && REPORTER_LINE.is_match(text)
}

/// A Chinese byline set as the body's line: the newsroom, 记者 (reporter)
/// and the names, each of two to four characters.
static REPORTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*\S{0,12}?(?:记者|記者|通讯员|通訊員)\s*\p{Han}{2,4}(?:[\s、，,]+\p{Han}{2,4})*\s*$",
    )
    .expect("valid regex")
});

/// Longest line (in characters) read as a reporter line.
const REPORTER_LINE_MAX_CHARS: usize = 40;

/// The publisher speaking to the reader: newsletter and social-media
/// appeals, tip lines, donation requests, subscription and error-report
/// prompts, the German public broadcasters' note of where a story aired
/// ("Dieses Thema im Programm: ..."). The appeals are matched with
/// "our"/"us", which reported speech about others' newsletters or sign-ups
/// does not use, or as an imperative opening the block ("Follow BBC
/// Shropshire on Facebook", "Stay updated with the latest Pune news").
static READER_APPEAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?:
            sign(?:ing)?[-\s]up\s(?:for|to)\sour
          | subscribe\s(?:to|for)\sour
          | (?:our|unsere[nm]?)\s(?:(?:free|daily|weekly|täglichen|kostenlosen)\s)*(?:newsletters?|push\salerts)(?-u:\b)
          | follow\s(?:us|[a-z0-9_.]+)\son\s(?:twitter|facebook|instagram|google\snews|x|youtube|tiktok|linkedin)(?-u:\b)
          | get\sin\stouch\swith\sour\s(?:[a-z]+\s)?team
          | (?:got|have)\sa\s(?:news\s|story\s)?tip\?
          | support\s(?:our|independent|local|nonprofit)\s(?:journalism|work|reporting|newsroom)
          | (?:is|are)\sa\s(?:nonprofit|non-profit|independent|reader-supported)\s(?:[a-z]+\s)?newsroom
          | unterstützen\ssie\suns
          | add\sus\sas\sa\spreferred\ssource
          | whatsapp\schannel
          | réservée?\saux\sabonnés
          | il\svous\sreste\s[\d.,]+\s?%
          | jetzt\sabonnieren
          | you(?:'|’)ve\sread\s[\d,]+\s(?:articles|stories)
          | fehler\sgefunden\W*jetzt\smelden
          | (?:jetzt|mit\s\w+\+?)\sweiterlesen|weiterlesen\smit|sie\shaben\sbereits\sein\sabo|exklusiv\sfür\sabonnenten
          | (?:subscribe|sign\sin|log\sin)\sto\s(?:continue|keep)\sreading|continue\sreading\swith|already\sa\s(?:subscriber|member)
          | this\s(?:article|story)\sis\s(?:for|exclusive\sto|available\sto)\s(?:subscribers|members)
          | déjà\sabonné|contenido\sexclusivo\spara\s(?:suscriptores|socios)|ya\seres\ssuscriptor
          | contenuto\sriservato\sagli\sabbonati|sei\sgià\sabbonato|conteúdo\sexclusivo\spara\sassinantes|já\sé\sassinante
          | lees\sverder\smet|al\sabonnee|allerede\sabonnent
        )
        | この記事は有料記事です|有料会員になると|残り[0-9,]+文字
        | ^\W*subscribe\snow\W*$
        | ^\W*follow\s(?:[\w.&'’-]+\s){1,4}on\s(?:twitter|facebook|instagram|google\snews|x|youtube|tiktok|linkedin|threads|bluesky|whatsapp|telegram)(?-u:\b)
        | ^\W*stay\s(?:updated|up\sto\sdate|informed|tuned|connected)\s(?:with|on)\s
        | \s(?:is|è|ist|está|est)\s(?:also|anche|auch|también|aussi)\s(?:on|su|auf|en|sur)\s(?:whatsapp|telegram)(?-u:\b)
        | ^\W*dieses\sthema\sim\sprogramm\s*:
        | get\sunlimited\saccess|subscribe\s(?:today|now)\sfrom|contribution\sof\sas\slittle\sas|help\skeep\s(?:our|this|the)\s(?:stories|journalism|reporting|site|news)\sfree
        | 按讚追蹤|追蹤粉絲(?:團|頁)|點我訂閱|加入.{0,12}好友|关注我们|關注我們",
    )
    .expect("valid regex")
});

/// "See also" in the languages of the publishers we see: the label of a
/// pointer to another story ("**LEIA TAMBÉM:**", "**Simak juga Video:
/// ...**"), read on a wholly bold line.
static SEE_ALSO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W*(?:
            read\s+(?:more|also|next)|see\s+also|also\s+read|more\s+on\s+this|watch(?:\s+also)?|related
          | lesen\s+sie\s+(?:auch|mehr)|mehr\s+zum\s+thema|auch\s+interessant
          | à\s+lire\s+(?:aussi|également)|lire\s+aussi|voir\s+aussi
          | lee\s+también|leer\s+más|ver\s+también|te\s+puede\s+interesar
          | leia\s+(?:também|mais)|veja\s+(?:também|mais)|saiba\s+mais
          | leggi\s+anche|potrebbe\s+interessarti
          | läs\s+också|læs\s+også|les\s+også|čtěte\s+také|przeczytaj\s+(?:też|także)|lees\s+ook
          | baca\s+juga|simak\s+juga|lihat\s+juga
          | читайте\s+также|ये\s+भी\s+पढ़ें|اقرأ\s+أيضا|관련\s*기사|関連記事|相关阅读|延伸阅读
        )(?:(?:\s+(?:videos?|fotos?|photos?))?(?:\s*[:|»>–-]|\s*$)|(?:\s+[^\s:|»>–-]+){1,2}\s*[:|])",
    )
    .expect("valid regex")
});

/// Longest line read as a "see also" pointer.
const SEE_ALSO_MAX_CHARS: usize = 160;

/// True when a wholly bold line points to another story ("Read also: ...").
pub fn is_see_also(text: &str) -> bool {
    text.chars().count() <= SEE_ALSO_MAX_CHARS && SEE_ALSO.is_match(text)
}

/// The whole heading of a box of page furniture: sharing, comments (with
/// their count), the author's card, pointers to other stories, newsletters,
/// tags. Sites whose
/// class names are generated (CSS modules, utility classes) say what such a
/// box is only in its heading.
static FURNITURE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\W*(?:[0-9]+\s+)?(?:
            share(?:\s+this(?:\s+(?:article|story|post|page))?)?|teilen|diesen\s+artikel\s+teilen|partager(?:\s+cet\s+article)?
          | compartir|condividi|compartilhe|この記事を共有|分享到?|공유하기
          | (?:reader\s+|member\s+)?comments?|member\s+discussion|join\s+the\s+(?:conversation|discussion)
          | kommentare?|leserkommentare|commentaires|comentarios|comentários|commenti|komentar|コメント\S*|评论|댓글|комментарии
          | about\s+the\s+authors?|more\s+from\s+(?:the\s+)?authors?|über\s+(?:den\s+autor|die\s+autorin|die\s+autoren)|zur\s+person
          | authors?|autor(?:en|in|innen)?|auteurs?|autores|bylines?
          | à\s+propos\s+de\s+l.auteur|sobre\s+el\s+autor|sobre\s+o\s+autor|この記事を書いた人|作者简介|об\s+авторе
          | related(?:\s+(?:internet|external|web))?(?:\s+(?:articles?|stories|content|news|coverage|posts|reading|topics|links))?|more\s+(?:stories|news|articles|on\s+this(?:\s+story)?)
          | you\s+(?:might|may)\s+also\s+(?:like|be\s+interested\s+in)|recommended(?:\s+for\s+you)?|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|top\s+stories|read\s+(?:more|next)
          | mehr\s+zum\s+thema|weitere\s+artikel|das\s+könnte\s+sie\s+auch\s+interessieren|meistgelesen
          | à\s+lire\s+aussi|sur\s+le\s+même\s+sujet|les\s+plus\s+lus|noticias\s+relacionadas|te\s+puede\s+interesar|lo\s+más\s+leído
          | leia\s+também|notícias\s+relacionadas|articoli\s+correlati|leggi\s+anche|関連記事|関連ニュース|相关新闻|相关阅读|관련\s*기사|читайте\s+также
          | external\s+links|weblinks|links\s+zum\s+thema|liens\s+(?:utiles|externes)|enlaces\s+(?:relacionados|externos)
          | newsletters?|newsletter\s+sign[-\s]?up|ニュースレター|tags|topics|themen|schlagwörter
          | subscribe|advertisement|anzeige|werbung
        )\W*(?:[0-9]+\W*)?$",
    )
    .expect("valid regex")
});

/// Longest heading read as a furniture box's heading.
const FURNITURE_HEADING_MAX_CHARS: usize = 60;

/// True when a box's heading names page furniture ("Related articles",
/// "この記事を書いた人").
pub fn is_furniture_heading(text: &str) -> bool {
    text.chars().count() <= FURNITURE_HEADING_MAX_CHARS && FURNITURE_HEADING.is_match(text)
}

/// Longest block (in characters) taken for an appeal to the reader.
const READER_APPEAL_MAX_CHARS: usize = 300;

/// The rules of the comment section, addressed to the reader ("your
/// comments", "comments ... are not approved by the moderator").
static COMMENT_RULES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?:ihre|your|vos|seus|sus)\s(?:kommentare|comments|commentaires|comentários|comentarios)(?-u:\b)
        | (?-u:\b)(?:kommentare|comments|commentaires|comentários|comentarios)(?-u:\b)[^.]*(?-u:\b)(?:moderat|approved|aprovados|aprobados|freigeschaltet)",
    )
    .expect("valid regex")
});

/// Longest block (in characters) taken for comment rules (they run long).
const COMMENT_RULES_MAX_CHARS: usize = 1200;

/// True when a block of text is the publisher's appeal to the reader or
/// its rules for the reader's comments.
pub fn is_reader_appeal(text: &str) -> bool {
    let chars = text.chars().count();
    chars <= READER_APPEAL_MAX_CHARS && READER_APPEAL.is_match(text)
        || chars <= COMMENT_RULES_MAX_CHARS && COMMENT_RULES.is_match(text)
}

/// Longest block (in characters) taken for a copyright notice.
const COPYRIGHT_NOTICE_MAX_CHARS: usize = 200;

/// True when a block of text is the publisher's copyright notice
/// ("Copyright © 2023 The Times, LLC.", "Copyright: Project Syndicate,
/// 2025"), not a sentence about copyright ("Copyright law ...").
pub fn is_copyright_notice(text: &str) -> bool {
    let Some(rest) = text
        .get(..9)
        .filter(|word| word.eq_ignore_ascii_case("copyright"))
        .map(|_| text[9..].trim_start())
    else {
        return false;
    };
    text.chars().count() <= COPYRIGHT_NOTICE_MAX_CHARS
        && (rest.starts_with(['©', ':', '(']) || rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// A control's or the page's label left in the text: a slideshow's "1 / 3"
/// counter, a "12 comments" link to the comment section, a count of claps
/// or likes in thousands ("2.4K"), the reading time ("5 min read", "Tempo de
/// leitura: 2 minutos"), the post's taxonomy ("Filed under: Politics |"),
/// the dot between a byline's items, the editors' initials ("(ara/das)").
static CONTROL_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            \d+\s*/\s*\d+
          | \d+(?:[.,]\d+)?\s*[km]
          | [·|]
          | (?-i:\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\))
          | \d*\s*(?:comments?|kommentare?|commentaires?|comentarios?)(?:\s*\(\d+\))?
          | (?:reading\s+time|read\s+time|lesezeit|lesedauer|tempo\s+de\s+leitura|temps\s+de\s+lecture|tiempo\s+de\s+lectura)
            \s*:?\s*(?:ca\.\s*)?\d+\s*(?:min\w*|minutes?|minuten|minutos)\.?
          | \d+\s*(?:min\.?|minutes?)\s+read
          | filed\s+(?:under|in)\s*:.*
        )$",
    )
    .expect("valid regex")
});

/// Longest block (in characters) taken for a control's label.
const CONTROL_LABEL_MAX_CHARS: usize = 60;

/// True when a block of text is only a control's label.
pub fn is_control_label(text: &str) -> bool {
    text.len() <= CONTROL_LABEL_MAX_CHARS && CONTROL_LABEL.is_match(text)
}

/// Readability's narrower "unlikely candidate" vocabulary, used to prune the
/// page before scoring (the broad list above would prune whole blogs named
/// "widget Blog"); names with content words are vetoed.
static UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|outbrain|taboola|cookie|consent|share|teaser-list|recommend|most-read|trending")
        .expect("valid regex")
});
static MAYBE_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)and|article|body|column|content|main|shadow|story|text|post|entry")
        .expect("valid regex")
});

/// True when class/id make the element an unlikely container of the body.
pub fn is_unlikely_candidate(el: &scraper::node::Element) -> bool {
    if matches!(el.name(), "body" | "html" | "article" | "main" | "a") {
        return false;
    }
    let mut names = String::new();
    for part in [el.attr_value("class"), el.id()].into_iter().flatten() {
        names.push_str(part);
        names.push(' ');
    }
    !names.is_empty()
        && (STRONG_UNLIKELY.is_match(&names)
            || UNLIKELY.is_match(&names) && !MAYBE_CANDIDATE.is_match(&names))
}

/// Overlays and comment threads, whatever content words their names carry.
static STRONG_UNLIKELY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)(^|[\s_-])(modal|cookie|consent|cmp|popup|comments?|newsletter|gdpr|disqus)($|[\s_-])")
        .expect("valid regex")
});

/// Hidden, and not merely a paywall hiding article text that is in the page.
pub fn is_hidden_furniture(el: &scraper::node::Element, size: TextSize) -> bool {
    is_hidden(el) && !(size.chars > 200 && size.link_density() < 0.3)
}

/// True when the element is hidden from readers (hidden attribute, display:none).
pub fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr_value("hidden").is_some() || has_hiding_class(el) {
        return true;
    }
    if let Some(style) = el.attr_value("style") {
        let compact: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// True when a utility class hides the element on every screen: Tailwind's
/// and Bootstrap 3's `hidden`, Bootstrap's `d-none`, Bootstrap 2's and
/// Foundation's `hide`, `is-hidden`, `u-hidden`, `hideCompletely` (screen
/// readers' "Weitere Informationen" markers), with no responsive class
/// showing it again on larger screens (`md:block`, `d-lg-flex`).
fn has_hiding_class(el: &scraper::node::Element) -> bool {
    let mut hidden = false;
    for class in el.class_names() {
        match class {
            "hidden" | "d-none" | "hide" | "is-hidden" | "u-hidden" | "hideCompletely" => {
                hidden = true
            }
            _ if shows_on_some_screen(class) => return false,
            _ => {}
        }
    }
    hidden
}

/// A responsive display class: `md:block`, `lg:flex`, `d-md-block`.
fn shows_on_some_screen(class: &str) -> bool {
    let display = class
        .rsplit_once(':')
        .map(|(_, display)| display)
        .or_else(|| {
            class
                .strip_prefix("d-")
                .and_then(|rest| rest.split_once('-').map(|(_, d)| d))
        });
    display.is_some_and(|d| {
        matches!(
            d,
            "block"
                | "inline"
                | "inline-block"
                | "flex"
                | "inline-flex"
                | "grid"
                | "table"
                | "contents"
        )
    })
}

/// True when the element's inline style is the "visually hidden" pattern
/// (clipped to nothing, or a 1px box with overflow hidden): text only for
/// screen readers, such as a link's ", opens new tab".
pub fn is_visually_hidden(e: &scraper::node::Element) -> bool {
    let Some(style) = e.attr_value("style") else {
        return false;
    };
    let declarations: Vec<(String, String)> = style_declarations(style)
        .map(|(prop, value)| (prop.to_ascii_lowercase(), value.to_ascii_lowercase()))
        .collect();
    let value = |prop: &str| {
        declarations
            .iter()
            .rev()
            .find(|(p, _)| p == prop)
            .map(|(_, v)| v.trim_end_matches("!important").trim_end())
    };
    let tiny = |v: Option<&str>| v.is_some_and(|v| matches!(v, "0" | "0px" | "1px"));
    let clipped_to_nothing = value("clip").is_some_and(|v| {
        v.strip_prefix("rect(")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|r| {
                r.split([',', ' '])
                    .filter(|n| !n.is_empty())
                    .all(|n| tiny(Some(n)))
            })
    }) || value("clip-path") == Some("inset(50%)");
    let one_pixel_box =
        tiny(value("width")) && tiny(value("height")) && value("overflow") == Some("hidden");
    clipped_to_nothing || one_pixel_box
}

/// A class or id naming what a page shows when scripts are off.
static SCRIPT_FALLBACK_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i-u)(^|[-_])no-?script($|[-_])").expect("valid regex"));

/// True for a page's stand-in for script-built content ("This slideshow
/// requires JavaScript."), as a `<noscript>` element is: a notice about
/// the reader's browser, not article text.
pub fn is_script_fallback(e: &scraper::node::Element) -> bool {
    has_name_matching(e, &SCRIPT_FALLBACK_NAME)
}

/// ARIA roles of furniture.
pub fn has_furniture_role(el: &scraper::node::Element) -> bool {
    matches!(
        el.attr_value("role"),
        Some(
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "dialog"
                | "menu"
                | "search"
                | "tooltip"
        )
    )
}

/// Collapses runs of whitespace to single spaces (keeps leading/trailing as one space).
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_ws = false;
    // Text between spaces is copied in runs, not character by character.
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() && c != '\u{a0}' || c == '\u{200b}' || c == '\u{feff}' {
            if !in_ws {
                out.push_str(&s[run_start..i]);
                in_ws = true;
            }
            run_start = i + c.len_utf8();
        } else {
            if in_ws {
                out.push(' ');
                in_ws = false;
            }
            if c == '\u{a0}' {
                out.push_str(&s[run_start..i]);
                out.push(' ');
                run_start = i + c.len_utf8();
            }
        }
    }
    if in_ws {
        out.push(' ');
    } else {
        out.push_str(&s[run_start..]);
    }
    out
}

/// Letters and digits only, lower-cased: the words of a text without its
/// punctuation and spacing (to compare titles and captions).
pub fn alnum_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Visible text of an element, whitespace-collapsed and trimmed.
pub fn element_text(el: ElementRef) -> String {
    let mut raw = String::new();
    push_text(*el, &mut raw);
    collapse_ws(&raw).trim().to_string()
}

/// Iterative (deeply nested pages must not exhaust the stack).
fn push_text(node: NodeRef<Node>, out: &mut String) {
    use ego_tree::iter::Edge;
    let mut skip_depth: Option<NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip_depth.is_some() || n.id() == node.id() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => out.push_str(t),
                    Node::Element(e) => {
                        if is_invisible_tag(e.name()) {
                            skip_depth = Some(n.id());
                        } else if e.name() == "br" || is_block_tag(e.name()) {
                            out.push(' ');
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if skip_depth == Some(n.id()) {
                    skip_depth = None;
                } else if skip_depth.is_none() {
                    if let Node::Element(e) = n.value() {
                        if is_block_tag(e.name()) {
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }
}

/// The declarations of an inline style as (property, value), each trimmed;
/// a value keeps its inner spaces ("rect(0 0 0 0)" lists four).
pub fn style_declarations(style: &str) -> impl Iterator<Item = (&str, &str)> {
    style
        .split(';')
        .filter_map(|d| d.split_once(':'))
        .map(|(prop, value)| (prop.trim(), value.trim()))
}

/// Subheading tags: the headings below the page's h1.
pub fn is_subheading_tag(name: &str) -> bool {
    matches!(name, "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Block-level tags (a paragraph boundary in rendering).
pub fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "pre"
            | "hr"
            | "address"
            | "details"
            | "summary"
            | "form"
            | "fieldset"
            | "center"
            | "picture"
    )
}

/// Text size of a subtree: visible characters and the part inside links.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextSize {
    pub chars: usize,
    pub link_chars: usize,
}

impl TextSize {
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// Per-node facts computed once: text sizes and document order.
///
/// Keyed by node id with a cheap integer hash, sized up front: this map is
/// filled for every node of every page, where SipHash and rehashing showed
/// up as several percent of extraction time.
pub struct Metrics {
    sizes: FxHashMap<NodeId, TextSize>,
    order: FxHashMap<NodeId, usize>,
}

impl Metrics {
    pub fn compute(doc: &Html) -> Metrics {
        let nodes = doc.tree.nodes().count();
        let mut m = Metrics {
            sizes: FxHashMap::with_capacity_and_hasher(nodes, Default::default()),
            order: FxHashMap::with_capacity_and_hasher(nodes, Default::default()),
        };
        let mut counter = 0usize;
        m.visit(doc.tree.root(), &mut counter);
        m
    }

    /// Pre-order numbering and post-order sizes in one iterative traversal.
    fn visit(&mut self, root: NodeRef<Node>, counter: &mut usize) -> TextSize {
        use ego_tree::iter::Edge;
        // Stack of (size so far, inside-link) per open element.
        let mut stack: Vec<(TextSize, bool)> = Vec::new();
        let mut skip: Option<NodeId> = None;
        let mut total = TextSize::default();
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    self.order.insert(n.id(), *counter);
                    *counter += 1;
                    if skip.is_some() {
                        continue;
                    }
                    match n.value() {
                        Node::Text(t) => {
                            let c = count_visible_chars(t);
                            if let Some((size, in_link)) = stack.last_mut() {
                                size.chars += c;
                                if *in_link {
                                    size.link_chars += c;
                                }
                            }
                        }
                        Node::Element(e) if is_invisible_tag(e.name()) => skip = Some(n.id()),
                        Node::Element(e) => {
                            let in_link = stack.last().is_some_and(|(_, l)| *l) || e.name() == "a";
                            stack.push((TextSize::default(), in_link));
                        }
                        _ => {
                            if n.id() == root.id() {
                                stack.push((TextSize::default(), false));
                            }
                        }
                    }
                }
                Edge::Close(n) => {
                    if skip == Some(n.id()) {
                        skip = None;
                        continue;
                    }
                    if skip.is_some() {
                        continue;
                    }
                    let is_container = matches!(n.value(), Node::Element(_)) || n.id() == root.id();
                    if !is_container {
                        continue;
                    }
                    let Some((size, _)) = stack.pop() else {
                        continue;
                    };
                    self.sizes.insert(n.id(), size);
                    if let Some((parent, _)) = stack.last_mut() {
                        parent.chars += size.chars;
                        parent.link_chars += size.link_chars;
                    } else {
                        total = size;
                    }
                }
            }
        }
        total
    }

    pub fn size(&self, id: NodeId) -> TextSize {
        self.sizes.get(&id).copied().unwrap_or_default()
    }

    /// Position in document order (pre-order), `usize::MAX` if unknown.
    pub fn order(&self, id: NodeId) -> usize {
        self.order.get(&id).copied().unwrap_or(usize::MAX)
    }
}

/// Non-whitespace character count (a cheap, collapse-free text size).
fn count_visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Element name of a node, if it is an element.
pub fn tag_name<'a>(node: &NodeRef<'a, Node>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// True for a word shaped like an e-mail address: a user, an `@` and a
/// host with a dot ("jhkim@yna.co.kr").
pub fn is_email_address(word: &str) -> bool {
    word.split_once('@')
        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
}

/// The element right before `node` among its siblings (text between them aside).
pub fn previous_element(node: NodeRef<'_, Node>) -> Option<ElementRef<'_>> {
    node.prev_siblings().find_map(ElementRef::wrap)
}

/// The element right after `node` among its siblings (text between them aside).
pub fn next_element(node: NodeRef<'_, Node>) -> Option<ElementRef<'_>> {
    node.next_siblings().find_map(ElementRef::wrap)
}

/// True when `node` is `ancestor` or lies inside it.
pub fn is_inside(node: NodeRef<Node>, ancestor: NodeId) -> bool {
    node.id() == ancestor || node.ancestors().any(|a| a.id() == ancestor)
}

#[cfg(test)]
mod tests {
    use super::collapse_ws;

    #[test]
    fn whitespace_runs_become_one_space_and_nbsp_a_space() {
        assert_eq!(collapse_ws("a  b\n\tc"), "a b c");
        assert_eq!(
            collapse_ws("  Zoë \u{a0} café\u{200b}\u{feff}crème  "),
            " Zoë   café crème "
        );
        assert_eq!(collapse_ws("\u{a0}\u{a0}x"), "  x");
        assert_eq!(collapse_ws("\u{3000}東京\u{2003}"), " 東京 ");
        assert_eq!(collapse_ws(""), "");
        assert_eq!(collapse_ws(" \n "), " ");
    }
}
