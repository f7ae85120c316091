//! robots.txt (RFC 9309): which paths of a host newsclip may fetch, how long
//! the host asks crawlers to wait between requests, and the sitemaps it lists.
//!
//! This module owns parsing and matching only; it does no I/O. The caller
//! fetches `/robots.txt` and picks a constructor by the outcome:
//! [`Robots::parse`] for a 2xx body, [`Robots::allow_all`] for a 4xx or a
//! missing file, [`Robots::disallow_all`] for a 5xx or an unreachable host
//! ([`Robots::from_fetch`] makes that choice from a status code).
//!
//! The parser never fails: a robots.txt is written by hand, often badly, and
//! every line we cannot understand is skipped rather than rejected.

use std::time::Duration;

use url::Url;

/// Bytes of robots.txt that are read; the rest is ignored, as Google does
/// (RFC 9309 §2.5 asks for at least 500 KiB).
const MAX_PARSED_BYTES: usize = 500 * 1024;

/// A Crawl-delay longer than this is junk or hostile, not a politeness hint.
const MAX_CRAWL_DELAY_SECS: f64 = 86_400.0;

/// The path that is always allowed (RFC 9309 §2.2.2: the file itself is
/// implicitly allowed, otherwise nobody could read it).
const ROBOTS_PATH: &str = "/robots.txt";

/// The rules that apply to our user agent, already chosen from the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
    sitemaps: Vec<String>,
}

/// One `Allow:` or `Disallow:` line, its pattern in canonical percent-encoding.
#[derive(Debug, Clone, PartialEq)]
struct Rule {
    allow: bool,
    pattern: String,
}

impl Robots {
    /// Parses a robots.txt body for the crawler whose product token is `agent`
    /// (e.g. "newsclip"; a full user-agent string such as "newsclip/0.1" is
    /// reduced to its product token).
    ///
    /// The groups naming our token (case-insensitively, also as "newsclip/0.1"
    /// or inside a longer user-agent string) are merged and used; if none
    /// names us, the `*` groups are merged and used; if there is neither,
    /// everything is allowed.
    pub fn parse(body: &str, agent: &str) -> Robots {
        let token = product_token(agent);
        let mut ours = GroupRules::default();
        let mut anyone = GroupRules::default();
        let mut sitemaps: Vec<String> = Vec::new();
        let mut current = CurrentGroup::default();

        for line in lines_within_cap(body) {
            let Some((key, value)) = split_line(line) else {
                continue;
            };
            match key {
                Key::UserAgent => {
                    current.add_agent(value, &token);
                    // Naming us is what counts, rules or not.
                    ours.named |= current.ours;
                    anyone.named |= current.anyone;
                }
                Key::Allow | Key::Disallow => {
                    current.close_agent_list();
                    if let Some(rule) = rule_from(key == Key::Allow, value) {
                        current.apply(&mut ours, &mut anyone, |g| g.rules.push(rule.clone()));
                    }
                }
                Key::CrawlDelay => {
                    current.close_agent_list();
                    if let Some(delay) = parse_crawl_delay(value) {
                        current.apply(&mut ours, &mut anyone, |g| g.add_delay(delay));
                    }
                }
                Key::Sitemap => add_sitemap(&mut sitemaps, value),
            }
        }

        let chosen = if ours.named { ours } else { anyone };
        Robots {
            rules: chosen.rules,
            crawl_delay: chosen.crawl_delay,
            sitemaps,
        }
    }

    /// Everything allowed: the robots.txt answered 4xx, or there is none.
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Everything disallowed (except /robots.txt itself): the robots.txt answered
    /// 5xx or could not be reached, so the host is assumed to be unwilling or
    /// in trouble (RFC 9309 §2.3.1.4).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![Rule {
                allow: false,
                pattern: "/".to_string(),
            }],
            ..Robots::default()
        }
    }

    /// The rules implied by fetching robots.txt: `status` is the final HTTP
    /// status after redirects, `None` when the host could not be reached.
    ///
    /// 2xx parses `body`; 429 counts as unreachable (it asks us to back off,
    /// as Google treats it); other 3xx/4xx (a redirect loop, not found,
    /// forbidden) allow everything (RFC 9309 §2.3.1.2-3); anything else,
    /// 5xx included, disallows everything.
    pub fn from_fetch(status: Option<u16>, body: &str, agent: &str) -> Robots {
        match status {
            Some(200..=299) => Robots::parse(body, agent),
            Some(429) => Robots::disallow_all(),
            Some(300..=499) => Robots::allow_all(),
            _ => Robots::disallow_all(),
        }
    }

    /// Whether `path` may be fetched. `path` is the URL's path plus `?query`,
    /// percent-encoded as in the URL; percent-encoding differences that do not
    /// change meaning (`%3c` vs `%3C`, `%7E` vs `~`) do not matter.
    ///
    /// The longest matching rule wins, Allow wins a tie, no match allows.
    pub fn is_allowed(&self, path: &str) -> bool {
        let path = canonical_path(path);
        if is_robots_txt(&path) {
            return true;
        }
        let mut best: Option<&Rule> = None;
        for rule in self
            .rules
            .iter()
            .filter(|r| pattern_matches(&r.pattern, &path))
        {
            if best.is_none_or(|b| outranks(rule, b)) {
                best = Some(rule);
            }
        }
        best.is_none_or(|rule| rule.allow)
    }

    /// [`Robots::is_allowed`] for a whole URL (its host is not checked: these
    /// rules are the caller's choice for that host).
    pub fn is_url_allowed(&self, url: &Url) -> bool {
        self.is_allowed(&path_and_query(url))
    }

    /// The Crawl-delay of the chosen group, if it gave a sane one.
    pub fn crawl_delay(&self) -> Option<Duration> {
        self.crawl_delay
    }

    /// The `Sitemap:` URLs, from anywhere in the file, as written, without
    /// duplicates; lines that are not absolute URLs are dropped.
    pub fn sitemaps(&self) -> &[String] {
        &self.sitemaps
    }
}

/// The part of a URL robots.txt rules are matched against.
fn path_and_query(url: &Url) -> String {
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_string(),
    }
}

/// Rules and delay gathered from every group that applies to one audience.
#[derive(Debug, Default)]
struct GroupRules {
    /// A group named this audience, even if it had no rules: an empty group
    /// for "newsclip" still means "newsclip ignores the `*` group".
    named: bool,
    rules: Vec<Rule>,
    crawl_delay: Option<Duration>,
}

impl GroupRules {
    /// Merged groups may disagree on the delay; the longest is the polite one.
    fn add_delay(&mut self, delay: Duration) {
        self.crawl_delay = Some(self.crawl_delay.map_or(delay, |d| d.max(delay)));
    }
}

/// Which audiences the group being read applies to.
#[derive(Debug, Default)]
struct CurrentGroup {
    ours: bool,
    anyone: bool,
    /// Still reading the group's User-agent lines; a User-agent line after a
    /// rule starts a new group (RFC 9309 §2.1).
    reading_agents: bool,
}

impl CurrentGroup {
    fn add_agent(&mut self, value: &str, token: &str) {
        if !self.reading_agents {
            *self = CurrentGroup {
                reading_agents: true,
                ..CurrentGroup::default()
            };
        }
        let value = value.trim();
        if value == "*" {
            self.anyone = true;
        } else if names_agent(value, token) {
            self.ours = true;
        }
    }

    fn close_agent_list(&mut self) {
        self.reading_agents = false;
    }

    /// Applies `change` to every audience this group is for; lines before
    /// any User-agent belong to no group and are dropped.
    fn apply(
        &self,
        ours: &mut GroupRules,
        anyone: &mut GroupRules,
        change: impl Fn(&mut GroupRules),
    ) {
        if self.ours {
            change(ours);
        }
        if self.anyone {
            change(anyone);
        }
    }
}

/// The lowercase product token of a user-agent: "NewsClip/0.1 (+http://x)"
/// becomes "newsclip".
fn product_token(agent: &str) -> String {
    agent
        .trim()
        .chars()
        .take_while(|c| is_token_char(*c))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// RFC 9309 §2.2.1 product tokens are letters, digits, `_` and `-`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Whether a User-agent value names `token` as a whole word: "newsclip",
/// "NewsClip/0.1" and "Mozilla/5.0 (compatible; newsclip/0.1)" do;
/// "newsclipbot" and "news" do not, they are other crawlers.
fn names_agent(value: &str, token: &str) -> bool {
    if token.is_empty() {
        return false;
    }
    value
        .to_ascii_lowercase()
        .split(|c: char| !is_token_char(c))
        .any(|word| word == token)
}

/// The line keys we act on; everything else is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    UserAgent,
    Allow,
    Disallow,
    CrawlDelay,
    Sitemap,
}

/// Recognises a key, forgiving case and the misspellings seen in the wild
/// (the list is Google's).
fn key_from(name: &str) -> Option<Key> {
    let name = name.trim().to_ascii_lowercase();
    match name.as_str() {
        "user-agent" | "useragent" | "user agent" => Some(Key::UserAgent),
        "allow" => Some(Key::Allow),
        "disallow" | "dissallow" | "dissalow" | "disalow" | "diasllow" | "disallaw" => {
            Some(Key::Disallow)
        }
        "crawl-delay" | "crawldelay" | "crawl delay" => Some(Key::CrawlDelay),
        "sitemap" | "site-map" => Some(Key::Sitemap),
        _ => None,
    }
}

/// The body up to the cap, split into lines at LF, CRLF or lone CR.
fn lines_within_cap(body: &str) -> impl Iterator<Item = &str> {
    let body = body.strip_prefix('\u{feff}').unwrap_or(body);
    let body = if body.len() > MAX_PARSED_BYTES {
        without_partial_last_line(&body[..floor_char_boundary(body, MAX_PARSED_BYTES)])
    } else {
        body
    };
    body.split(['\n', '\r'])
}

/// A line cut by the cap could turn "Allow: /public-feed" into a broader
/// "Allow: /pub", so the cut line is dropped.
fn without_partial_last_line(text: &str) -> &str {
    match text.rfind(['\n', '\r']) {
        Some(end) => &text[..end],
        None => "",
    }
}

/// The largest index <= `index` that is a char boundary of `text`.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Splits "Key: value # comment" into a known key and its trimmed value.
/// A missing colon is forgiven when the line is exactly "key value".
fn split_line(line: &str) -> Option<(Key, &str)> {
    let line = line.split('#').next().unwrap_or_default().trim();
    if let Some((name, value)) = line.split_once(':') {
        return key_from(name).map(|key| (key, value.trim()));
    }
    let (name, value) = line.split_once(char::is_whitespace)?;
    let value = value.trim();
    if value.contains(char::is_whitespace) {
        return None;
    }
    key_from(name).map(|key| (key, value))
}

/// A rule from an Allow/Disallow value; an empty value is no rule at all
/// (an empty Disallow means "allow everything").
fn rule_from(allow: bool, value: &str) -> Option<Rule> {
    if value.is_empty() {
        return None;
    }
    // Paths must start with "/"; a rule written "private/" clearly means
    // "/private/", and a leading "*" is a wildcard, not a missing slash.
    let rooted = if value.starts_with('/') || value.starts_with('*') {
        value.to_string()
    } else {
        format!("/{value}")
    };
    Some(Rule {
        allow,
        pattern: canonical_encoding(&rooted),
    })
}

/// A decimal number of seconds, at most a day; anything else is ignored.
fn parse_crawl_delay(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    if !(0.0..=MAX_CRAWL_DELAY_SECS).contains(&seconds) {
        return None; // also rejects NaN
    }
    Duration::try_from_secs_f64(seconds).ok()
}

fn add_sitemap(sitemaps: &mut Vec<String>, value: &str) {
    let is_absolute = Url::parse(value).is_ok_and(|url| url.has_host());
    if is_absolute && !sitemaps.iter().any(|s| s == value) {
        sitemaps.push(value.to_string());
    }
}

/// The path the rules are matched against: never empty, canonically encoded.
fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    canonical_encoding(path)
}

/// Whether the canonical `path` is /robots.txt, with or without a query.
fn is_robots_txt(path: &str) -> bool {
    path.split('?').next() == Some(ROBOTS_PATH)
}

/// RFC 9309 §2.2.2 comparison form: escapes of unreserved characters are
/// decoded (`%7E` is `~`), other escapes get uppercase hex (`%3c` is `%3C`),
/// and bytes that are not printable ASCII are escaped. Applied to both rules
/// and paths, so two spellings of one URL always compare equal.
fn canonical_encoding(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte == b'%' {
            if let Some(decoded) = hex_pair(bytes.get(i + 1..i + 3)) {
                push_canonical_octet(&mut out, decoded);
                i += 3;
                continue;
            }
            // A stray "%" is a literal percent sign.
            push_escaped(&mut out, b'%');
        } else if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            push_escaped(&mut out, byte);
        }
        i += 1;
    }
    out
}

fn hex_pair(pair: Option<&[u8]>) -> Option<u8> {
    let pair = std::str::from_utf8(pair?).ok()?;
    if !pair.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(pair, 16).ok()
}

/// An octet that arrived percent-encoded: unreserved characters mean the
/// same encoded or not (RFC 3986 §2.3), everything else stays encoded.
fn push_canonical_octet(out: &mut String, octet: u8) {
    let unreserved = octet.is_ascii_alphanumeric() || matches!(octet, b'-' | b'.' | b'_' | b'~');
    if unreserved {
        out.push(char::from(octet));
    } else {
        push_escaped(out, octet);
    }
}

fn push_escaped(out: &mut String, octet: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(HEX[usize::from(octet >> 4)]));
    out.push(char::from(HEX[usize::from(octet & 0x0f)]));
}

/// Whether `a` beats `b` among matching rules: more octets in the pattern is
/// more specific; on a tie Allow wins (RFC 9309 §2.2.2).
fn outranks(a: &Rule, b: &Rule) -> bool {
    match a.pattern.len().cmp(&b.pattern.len()) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => a.allow && !b.allow,
        std::cmp::Ordering::Less => false,
    }
}

/// Matches a rule pattern against a path: anchored at the start, `*` matches
/// any run of characters, a final `$` anchors at the end, and otherwise the
/// pattern only needs to be a prefix.
///
/// Greedy leftmost matching of the pieces between `*`s is exact for this
/// pattern language and linear-ish, so a hostile pattern like "/*a*a*a*b"
/// cannot make matching blow up.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored_end) = match pattern.strip_suffix('$') {
        Some(stripped) => (stripped, true),
        None => (pattern, false),
    };
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let middle_and_last: Vec<&str> = pieces.collect();
    let Some((last, middle)) = middle_and_last.split_last() else {
        // No `*`: a plain prefix, or the whole path when anchored.
        return !anchored_end || rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    if anchored_end {
        rest.ends_with(last)
    } else {
        rest.contains(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn robots(body: &str) -> Robots {
        Robots::parse(body, "newsclip")
    }

    #[test]
    fn no_file_or_empty_file_allows_everything() {
        assert!(Robots::allow_all().is_allowed("/anything?x=1"));
        assert!(robots("").is_allowed("/anything"));
        assert!(robots("# only a comment\n").is_allowed("/"));
    }

    #[test]
    fn disallow_all_blocks_everything_but_robots_txt() {
        let r = Robots::disallow_all();
        assert!(!r.is_allowed("/"));
        assert!(!r.is_allowed("/news/1"));
        assert!(r.is_allowed("/robots.txt"));
    }

    #[test]
    fn fetch_status_picks_the_rules() {
        let body = "User-agent: *\nDisallow: /private";
        assert!(!Robots::from_fetch(Some(200), body, "newsclip").is_allowed("/private"));
        assert!(Robots::from_fetch(Some(404), body, "newsclip").is_allowed("/private"));
        assert!(Robots::from_fetch(Some(403), body, "newsclip").is_allowed("/x"));
        assert!(!Robots::from_fetch(Some(503), body, "newsclip").is_allowed("/x"));
        assert!(!Robots::from_fetch(Some(429), body, "newsclip").is_allowed("/x"));
        assert!(!Robots::from_fetch(None, "", "newsclip").is_allowed("/x"));
    }

    #[test]
    fn star_group_applies_when_nobody_names_us() {
        let r = robots("User-agent: *\nDisallow: /private/\n");
        assert!(!r.is_allowed("/private/x"));
        assert!(r.is_allowed("/public/x"));
    }

    #[test]
    fn our_group_overrides_the_star_group() {
        let body = "User-agent: *\nDisallow: /\n\nUser-agent: newsclip\nDisallow: /drafts/\n";
        let r = robots(body);
        assert!(r.is_allowed("/news/1"));
        assert!(!r.is_allowed("/drafts/1"));
    }

    #[test]
    fn an_empty_group_for_us_still_overrides_the_star_group() {
        let r = robots("User-agent: *\nDisallow: /\n\nUser-agent: newsclip\n");
        assert!(r.is_allowed("/news/1"));
    }

    #[test]
    fn agent_matching_is_case_insensitive_and_accepts_versions() {
        let body = "User-agent: *\nDisallow: /\n\nUser-agent: NewsClip/0.1\nAllow: /\n";
        assert!(robots(body).is_allowed("/x"));
        let body = "User-agent: *\nDisallow: /\n\nUser-agent: Mozilla/5.0 (compatible; newsclip/0.1)\nAllow: /\n";
        assert!(robots(body).is_allowed("/x"));
        // Our own agent may be given as a full user-agent string too.
        let body = "User-agent: *\nDisallow: /\n\nUser-agent: newsclip\nAllow: /\n";
        assert!(Robots::parse(body, "newsclip/0.1 (+https://example.org)").is_allowed("/x"));
    }

    #[test]
    fn other_crawlers_with_similar_names_are_not_us() {
        let body = "User-agent: newsclipbot\nDisallow: /\n\nUser-agent: news\nDisallow: /\n";
        assert!(robots(body).is_allowed("/x"));
    }

    #[test]
    fn groups_for_the_same_agent_are_merged() {
        let body = "User-agent: newsclip\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\nUser-agent: newsclip\nDisallow: /c\n";
        let r = robots(body);
        assert!(!r.is_allowed("/a"));
        assert!(r.is_allowed("/b"));
        assert!(!r.is_allowed("/c"));
    }

    #[test]
    fn consecutive_user_agent_lines_share_one_group() {
        let body = "User-agent: other\nUser-agent: newsclip\nDisallow: /x\n";
        assert!(!robots(body).is_allowed("/x"));
        // Blank lines do not end the User-agent lines (RFC 9309 grammar), so
        // "newsclip" here shares the `*` group's rules.
        let body = "User-agent: newsclip\n\nUser-agent: *\nDisallow: /\n";
        assert!(!robots(body).is_allowed("/x"));
    }

    #[test]
    fn a_user_agent_line_after_rules_starts_a_new_group() {
        let body = "User-agent: newsclip\nDisallow: /a\nUser-agent: other\nDisallow: /b\n";
        let r = robots(body);
        assert!(!r.is_allowed("/a"));
        assert!(r.is_allowed("/b"));
    }

    #[test]
    fn longest_match_wins() {
        let r = robots("User-agent: *\nDisallow: /news\nAllow: /news/public\n");
        assert!(!r.is_allowed("/news/secret"));
        assert!(r.is_allowed("/news/public/1"));
        let r = robots("User-agent: *\nAllow: /news\nDisallow: /news/secret\n");
        assert!(r.is_allowed("/news/1"));
        assert!(!r.is_allowed("/news/secret/1"));
    }

    #[test]
    fn allow_wins_a_tie() {
        let r = robots("User-agent: *\nDisallow: /page\nAllow: /page\n");
        assert!(r.is_allowed("/page"));
        let r = robots("User-agent: *\nDisallow: /*.php\nAllow: /a.php\n");
        assert!(r.is_allowed("/a.php"));
    }

    #[test]
    fn empty_disallow_allows_everything() {
        let r = robots("User-agent: *\nDisallow:\n");
        assert!(r.is_allowed("/anything"));
    }

    #[test]
    fn robots_txt_itself_is_always_allowed() {
        let r = robots("User-agent: *\nDisallow: /\n");
        assert!(r.is_allowed("/robots.txt"));
        assert!(!r.is_allowed("/robots.txt.bak"));
    }

    #[test]
    fn wildcards_match_any_run_of_characters() {
        let r = robots("User-agent: *\nDisallow: /*/print\nDisallow: /search*q=\n");
        assert!(!r.is_allowed("/news/2024/print"));
        assert!(!r.is_allowed("/news/print/page"));
        assert!(!r.is_allowed("/search/all?q=rust"));
        assert!(r.is_allowed("/news/2024"));
        assert!(r.is_allowed("/search/all"));
    }

    #[test]
    fn dollar_anchors_the_end() {
        let r = robots("User-agent: *\nDisallow: /*.pdf$\nDisallow: /exact$\n");
        assert!(!r.is_allowed("/files/report.pdf"));
        assert!(r.is_allowed("/files/report.pdf?download=1"));
        assert!(r.is_allowed("/files/report.pdf.html"));
        assert!(!r.is_allowed("/exact"));
        assert!(r.is_allowed("/exact/more"));
    }

    #[test]
    fn wildcard_and_dollar_together() {
        let r = robots("User-agent: *\nDisallow: /\nAllow: /*/index.html$\n");
        assert!(r.is_allowed("/news/index.html"));
        assert!(!r.is_allowed("/news/index.html?x"));
        assert!(!r.is_allowed("/news/other.html"));
    }

    #[test]
    fn query_strings_are_part_of_the_path() {
        let r = robots("User-agent: *\nDisallow: /*?sessionid=\n");
        assert!(!r.is_allowed("/page?sessionid=1"));
        assert!(r.is_allowed("/page?id=1"));
    }

    #[test]
    fn percent_encoding_case_does_not_matter() {
        let r = robots("User-agent: *\nDisallow: /a%3cd\n");
        assert!(!r.is_allowed("/a%3Cd"));
        assert!(!r.is_allowed("/a%3cd"));
        let r = robots("User-agent: *\nDisallow: /a%3Cd\n");
        assert!(!r.is_allowed("/a%3cd"));
    }

    #[test]
    fn escaped_unreserved_characters_equal_plain_ones() {
        let r = robots("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n");
        assert!(!r.is_allowed("/foo/bar/baz"));
        let r = robots("User-agent: *\nDisallow: /~user\n");
        assert!(!r.is_allowed("/%7Euser"));
    }

    #[test]
    fn non_ascii_rules_match_encoded_paths() {
        let r = robots("User-agent: *\nDisallow: /foo/bar/ツ\n");
        assert!(!r.is_allowed("/foo/bar/%E3%83%84"));
        assert!(!r.is_allowed("/foo/bar/%e3%83%84"));
    }

    #[test]
    fn crawl_delay_accepts_decimals() {
        let r = robots("User-agent: *\nCrawl-delay: 2.5\n");
        assert_eq!(r.crawl_delay(), Some(Duration::from_millis(2500)));
    }

    #[test]
    fn crawl_delay_ignores_junk_and_absurd_values() {
        for junk in ["soon", "-1", "NaN", "inf", "86401", "1e300", ""] {
            let r = robots(&format!("User-agent: *\nCrawl-delay: {junk}\n"));
            assert_eq!(r.crawl_delay(), None, "{junk:?}");
        }
    }

    #[test]
    fn crawl_delay_comes_from_the_chosen_group() {
        let body = "User-agent: *\nCrawl-delay: 10\n\nUser-agent: newsclip\nCrawl-delay: 1\n";
        assert_eq!(robots(body).crawl_delay(), Some(Duration::from_secs(1)));
        let body = "User-agent: other\nCrawl-delay: 10\n";
        assert_eq!(robots(body).crawl_delay(), None);
    }

    #[test]
    fn sitemaps_are_collected_from_anywhere() {
        let body = "Sitemap: https://example.com/a.xml\nUser-agent: other\nDisallow: /\nSitemap: https://example.com/b.xml # news\nsitemap: /relative.xml\nSitemap: https://example.com/a.xml\n";
        assert_eq!(
            robots(body).sitemaps(),
            ["https://example.com/a.xml", "https://example.com/b.xml"]
        );
    }

    #[test]
    fn junk_is_tolerated() {
        let body = "\u{feff}Disallow: /before-any-group\r\nUser-agent: *\r\nthis line is junk\r\nDisallow /no-colon\r\n# comment\r\nDisallow: /x # trailing comment\r\nFoo: bar\r\n: empty key\r\nUser-agent:\r";
        let r = robots(body);
        assert!(r.is_allowed("/before-any-group"));
        assert!(!r.is_allowed("/no-colon"));
        assert!(!r.is_allowed("/x"));
        assert!(r.is_allowed("/y"));
    }

    #[test]
    fn a_bom_does_not_hide_the_first_line() {
        let r = robots("\u{feff}User-agent: *\nDisallow: /x\n");
        assert!(!r.is_allowed("/x"));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let r = robots("User-agent: *\rDisallow: /x\rAllow: /x/y\r");
        assert!(!r.is_allowed("/x"));
        assert!(r.is_allowed("/x/y"));
    }

    #[test]
    fn misspelled_keys_are_understood() {
        let r = robots("useragent: *\ndissallow: /x\n");
        assert!(!r.is_allowed("/x"));
    }

    #[test]
    fn rules_without_leading_slash_are_rooted() {
        let r = robots("User-agent: *\nDisallow: private/\n");
        assert!(!r.is_allowed("/private/1"));
    }

    #[test]
    fn parsing_stops_at_500_kib() {
        let filler = "# filler line\n".repeat(MAX_PARSED_BYTES / 14 + 1);
        let body = format!("User-agent: *\nDisallow: /early\n{filler}Disallow: /late\n");
        let r = robots(&body);
        assert!(!r.is_allowed("/early"));
        assert!(r.is_allowed("/late"));
    }

    #[test]
    fn a_line_cut_by_the_cap_is_dropped() {
        let head = "User-agent: *\nDisallow: /\n";
        let pad = "#".repeat(MAX_PARSED_BYTES - head.len() - "\nAllow: /pub".len());
        let body = format!("{head}{pad}\nAllow: /public-feed\n");
        assert!(!robots(&body).is_allowed("/pub-secret"));
    }

    #[test]
    fn the_cap_never_splits_a_character() {
        let body = format!("User-agent: *\n{}", "ツ".repeat(MAX_PARSED_BYTES));
        assert!(robots(&body).is_allowed("/"));
    }

    #[test]
    fn hostile_patterns_and_paths_do_not_hang_or_panic() {
        let pattern = "/*a".repeat(2000) + "b$";
        let r = robots(&format!("User-agent: *\nDisallow: {pattern}\n"));
        assert!(r.is_allowed(&format!("/{}", "a".repeat(20_000))));
        for path in ["", "%", "%G", "/%", "/%e", "\u{0}", "ツ", "?", "*", "$"] {
            let _ = r.is_allowed(path);
        }
    }

    #[test]
    fn urls_are_checked_with_their_query() {
        let r = robots("User-agent: *\nDisallow: /*?print=1\n");
        let url = Url::parse("https://example.com/story?print=1").unwrap();
        assert!(!r.is_url_allowed(&url));
        let url = Url::parse("https://example.com/story").unwrap();
        assert!(r.is_url_allowed(&url));
    }
}
