//! Bad input never breaks extraction: empty pages, binary junk, megabytes of
//! inline script, 100k-deep nesting, broken UTF-8. Each must return (no
//! panic, no stack overflow) quickly, with empty fields where there is no
//! article. Also the headline and figure patterns fixed for the corpus.

use std::time::{Duration, Instant};

use newsclip::extract::{extract, Article};
use url::Url;

fn base() -> Url {
    Url::parse("https://news.example/2024/11/16/story.html").unwrap()
}

/// Extracts on a thread with a small stack (overflow shows up as a failure
/// here, not only on deep real-world pages) and a time bound.
fn extract_bounded(html: String, limit: Duration) -> Article {
    let start = Instant::now();
    let article = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || extract(&html, &base()))
        .unwrap()
        .join()
        .expect("extraction panicked or overflowed its stack");
    let took = start.elapsed();
    assert!(took < limit, "took {took:?}");
    article
}

/// Debug builds are ~10x slower than release; the bound is generous for them.
const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn empty_page_gives_empty_fields() {
    let a = extract_bounded(String::new(), LIMIT);
    assert_eq!(a.title, None);
    assert_eq!(a.published, None);
    assert!(a.lead.is_none() && a.figures.is_empty());
    assert!(a.text.is_empty() && a.body_markdown.is_empty());
}

#[test]
fn page_without_article_gives_empty_fields() {
    let a = extract_bounded(
        "<html><body><nav><a href=/>Home</a></nav><footer>© Example</footer></body></html>".into(),
        LIMIT,
    );
    assert_eq!(a.title, None);
    assert!(a.text.is_empty(), "{:?}", a.text);
}

#[test]
fn binary_junk_does_not_panic() {
    // A deterministic byte soup with every byte value, '<' and '&' included.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..400_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 8) as u8
        })
        .collect();
    let a = extract_bounded(String::from_utf8_lossy(&bytes).into_owned(), LIMIT);
    assert!(a.title.is_none() || a.title.is_some());
}

#[test]
fn megabytes_of_inline_script_are_skipped() {
    let script =
        "var s = '<div><p>not article text</p></div>'; if (a < b && c > d) {}\n".repeat(60_000);
    let html = format!(
        "<html><head><script>{script}</script></head><body><article><h1>A headline of words</h1>\
         <p>The only paragraph of the story, long enough to count as article text.</p>\
         </article><script>{script}</script></body></html>"
    );
    assert!(html.len() > 8_000_000);
    let a = extract_bounded(html, LIMIT);
    assert!(a.text.contains("The only paragraph"), "{:?}", a.text);
    assert!(!a.text.contains("not article text"));
}

#[test]
fn hundred_thousand_levels_of_nesting() {
    for tag in ["div", "span", "section", "b", "blockquote"] {
        let html = format!(
            "<html><body>{}<p>Deep text at the bottom of the page.</p>{}</body></html>",
            format!("<{tag}>").repeat(100_000),
            format!("</{tag}>").repeat(100_000)
        );
        let a = extract_bounded(html, LIMIT);
        assert!(a.text.contains("Deep text"), "{tag}: {:?}", a.text);
    }
    // Unclosed, too.
    let html = format!("<body>{}x", "<div><table><tr><td>".repeat(30_000));
    extract_bounded(html, LIMIT);
}

#[test]
fn broken_utf8_is_read_lossily() {
    let mut bytes = b"<html><body><article><h1>Caf\xc3 cr\xe8me headline here</h1><p>Text with a broken \xff\xfe sequence and \xe2\x82 more words in it.</p></article></body></html>".to_vec();
    bytes.extend_from_slice(&[0xf0, 0x9f, 0x98]);
    let a = extract_bounded(String::from_utf8_lossy(&bytes).into_owned(), LIMIT);
    assert!(a.text.contains("broken"), "{:?}", a.text);
}

#[test]
fn headline_kicker_spans_take_the_metadata_form() {
    // The h1 shows a kicker in its own span, without the colon the metadata has.
    let html = r#"<html><head><meta property="og:title" content="Ausschuss zur Flut: Zwei Rücktritte"></head>
    <body><article><h1><span class="kicker">Ausschuss zur Flut</span> <span>Zwei Rücktritte</span></h1>
    <p>Body text of the article that is long enough to be scored as a paragraph.</p></article></body></html>"#;
    let a = extract(html, &base());
    assert_eq!(
        a.title.as_deref(),
        Some("Ausschuss zur Flut: Zwei Rücktritte")
    );
    // A kicker the metadata leaves out is not part of the headline.
    let html = r#"<html><head><meta property="og:title" content="Liverpool lose at Everton in the title race"></head>
    <body><article><h1><span class="topline">Premier League</span> Liverpool lose at Everton in the title race</h1>
    <p>Body text of the article that is long enough to be scored as a paragraph.</p></article></body></html>"#;
    let a = extract(html, &base());
    assert_eq!(
        a.title.as_deref(),
        Some("Liverpool lose at Everton in the title race")
    );
    // The headline, kicker and all, is the title, not the body's first line.
    assert!(!a.text.contains("Liverpool lose"), "{:?}", a.text);
}

#[test]
fn a_kicker_span_reads_as_a_line_above_the_headline() {
    // No metadata title repeats the h1: its text is the title, and the
    // kicker in its own span gets the colon a reader sees as a line break.
    let page = |h1: &str| {
        format!(
            r#"<html><head><meta property="og:title" content="Is the sausage an illusion? The hard trade in death"></head>
    <body><article><h1>{h1}</h1>
    <p>Body text of the article that is long enough to be scored as a paragraph.</p></article></body></html>"#
        )
    };
    let title = |h1: &str| extract(&page(h1), &base()).title;
    assert_eq!(
        title(r#"<span class="dachzeile">Slaughterhouses</span> <span class="headline">Why fewer animals are slaughtered in Thuringia</span>"#).as_deref(),
        Some("Slaughterhouses: Why fewer animals are slaughtered in Thuringia")
    );
    // A kicker with its own punctuation, or a separator the page sets, is kept as written.
    assert_eq!(
        title(r#"<span class="kicker">Slaughterhouses?</span> <span>Why fewer animals are slaughtered</span>"#).as_deref(),
        Some("Slaughterhouses? Why fewer animals are slaughtered")
    );
    assert_eq!(
        title(r#"<span class="topline">Slaughterhouses</span><span aria-hidden="true"> – </span><span>Why fewer animals are slaughtered</span>"#).as_deref(),
        Some("Slaughterhouses – Why fewer animals are slaughtered")
    );
}

#[test]
fn a_short_standfirst_in_a_dense_script_is_kept() {
    // Thirty Korean characters say what eighty English ones do; a byline
    // in a box named "summary" is still no standfirst.
    let page = |sub: &str| {
        format!(
            r#"<html><head><meta property="og:title" content="김장철 앞두고 배추값 한 달 새 32% 급락"></head><body>
    <header><h3 class="heading">김장철 앞두고 배추값 한 달 새 32% 급락</h3>{sub}</header>
    <article><p>본격적인 김장철을 앞두고 배추 가격이 한 달 새 30% 넘게 떨어진 것으로 나타났다. 가을배추 작황이 좋아 출하량이 늘어난 영향이다.</p>
    <p>농림축산식품부는 24일 배추 한 포기의 평균 소매가격이 3천원대로 내려왔다고 밝혔다. 무와 마늘 가격도 함께 떨어졌다.</p></article></body></html>"#
        )
    };
    let text = |sub: &str| extract(&page(sub), &base()).text;
    let standfirst = "농식품부 “가을배추 작황 양호…12월까지 가격 안정세 전망”";
    assert!(text(&format!(r#"<h2 class="subheading">{standfirst}</h2>"#)).starts_with(standfirst));
    let byline = "by ライトハウス国際特許事務所 ／ 2016.12.01";
    assert!(
        !text(&format!(r#"<div class="summary_data">{byline}</div>"#)).contains("ライトハウス")
    );
}

#[test]
fn a_visible_byline_names_the_people_when_the_metadata_names_the_site() {
    let page = |byline: &str| {
        format!(
            r#"<html><head><meta property="og:site_name" content="Example News"><meta name="author" content="Example News"></head>
    <body><article><h1>Why fewer animals are slaughtered in the region</h1><p class="author">{byline}</p>
    <p>Body text of the article that is long enough to be scored as a paragraph, and more of it.</p></article></body></html>"#
        )
    };
    let authors = |byline: &str| extract(&page(byline), &base()).authors;
    assert_eq!(authors("von David Straub"), ["David Straub"]);
    // A byline that also holds the date names no one: the metadata stays.
    assert_eq!(
        authors("Mike Wuerthele, November 18, 2019"),
        ["Example News"]
    );
}

#[test]
fn a_heading_showing_a_metadata_title_is_the_headline_when_no_h1_is() {
    // The only h1 is an SEO line in the breadcrumbs; the page shows the
    // headline in an h2, after a kicker, as og:title has it (its second
    // half after the dash is no site name).
    let html = r#"<html><head><title>Trump plans helipad at the White House</title>
    <meta property="og:title" content="Trump plans a helipad – while his ballroom stalls">
    <script type="application/ld+json">{"@type":"NewsArticle","headline":"Trump plans helipad at the White House"}</script></head>
    <body><article><nav class="breadcrumbs"><a href="/">Home</a> <h1 class="seotitle">Trump plans helipad at the White House</h1></nav>
    <div class="content-head"><h2 class="title"><span class="kicker">White House works</span> <span>Trump plans a helipad – while his ballroom stalls</span></h2></div>
    <p>The president wants the lawn rebuilt for the new helicopter, which is heavier than the one it replaces.</p>
    <p>Meanwhile the ballroom he plans on the grounds meets resistance in Congress and among preservationists.</p></article></body></html>"#;
    let a = extract(&html.replace("helipad", "heli&shy;pad"), &base());
    // Soft hyphens, hints for breaking the word on screen, are not kept in a title.
    assert_eq!(
        a.title.as_deref(),
        Some("Trump plans a helipad – while his ballroom stalls")
    );
    assert!(!a.text.contains("White House works"), "{:?}", a.text);
    // A one-word metadata title is no headline to look for in the headings:
    // the subheading ending in that word stays in the body.
    let html = r#"<html><head><title>Politics</title></head><body><article>
    <p>The president wants the lawn rebuilt for the new helicopter, which is heavier than the one it replaces.</p>
    <h2>What changes in politics</h2>
    <p>Meanwhile the ballroom he plans on the grounds meets resistance in Congress and among preservationists.</p></article></body></html>"#;
    let a = extract(html, &base());
    assert!(a.text.contains("What changes in politics"), "{:?}", a.text);
}

#[test]
fn headline_in_a_meta_named_wrapper_still_counts() {
    let html = r#"<html><head><title>Short SEO title | Site</title>
    <meta property="og:title" content="One hundred years at the stadium: much more than a venue"></head>
    <body><div class="page-lead-meta"><h1 class="headline">One hundred years at the stadium: much more than a venue</h1></div>
    <div class="story"><p>Body text of the article that is long enough to be scored as a paragraph.</p></div></body></html>"#;
    let a = extract(html, &base());
    assert_eq!(
        a.title.as_deref(),
        Some("One hundred years at the stadium: much more than a venue")
    );
}

#[test]
fn repeated_gallery_images_are_kept_once_and_credits_split() {
    let html = r#"<html><body><article><h1>A headline for the gallery test</h1>
    <p>First paragraph of the story, which is long enough to be body text for sure.</p>
    <figure><img src="/img/a.jpg" width="800"><figcaption>Protesters march in the capital (Picture: PA)</figcaption></figure>
    <p>Second paragraph of the story, which is long enough to be body text for sure.</p>
    <figure><img src="/img/a.jpg" width="800"><figcaption>Same picture, lightbox copy</figcaption></figure>
    <figure><img src="/img/b.jpg" width="800"><figcaption>Geballte Faust im Wind Foto: Editpress/Fabrizio</figcaption></figure>
    <p>Third paragraph of the story, which is long enough to be body text for sure.</p>
    </article></body></html>"#;
    let a = extract(html, &base());
    let all: Vec<_> = a.lead.iter().chain(a.figures.iter()).collect();
    let urls: Vec<&str> = all.iter().map(|f| f.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://news.example/img/a.jpg",
            "https://news.example/img/b.jpg"
        ]
    );
    assert_eq!(
        all[0].caption.as_deref(),
        Some("Protesters march in the capital")
    );
    assert_eq!(all[0].credit.as_deref(), Some("PA"));
    assert_eq!(all[1].caption.as_deref(), Some("Geballte Faust im Wind"));
    assert_eq!(all[1].credit.as_deref(), Some("Editpress/Fabrizio"));
}

/// Smoke fuzzing on stable: mutates small seed pages (byte flips, splices,
/// truncations, tag storms) and extracts each. The real fuzzer is the
/// cargo-fuzz target in `fuzz/` (nightly); this runs anywhere:
///   cargo test --release --test extract_robustness -- --ignored
/// `SMOKE_FUZZ_ITERS` sets the number of cases (default 20000).
#[test]
#[ignore]
fn smoke_fuzz_mutated_pages() {
    let seeds: Vec<Vec<u8>> = vec![
        br#"<html lang="en"><head><title>T | S</title><meta property="og:title" content="T"><script type="application/ld+json">{"@type":"NewsArticle","headline":"T","datePublished":"2024-11-16T11:56:11Z","image":{"url":"/a.jpg"}}</script></head><body><article><h1>T</h1><figure><picture><source srcset="/a.webp 800w, /b.webp 1600w"><img src="/a.jpg" data-src="/c.jpg"></picture><figcaption>Cap <span class="credit">Photo: X</span></figcaption></figure><p>Para one, with <a href="/x">a link</a> and <em>emphasis</em>.</p><ul><li>one<li>two</ul><blockquote><p>q</p></blockquote><table><tr><td>1<td>2</table></article></body></html>"#.to_vec(),
        b"<div class=share><p>Read more</p></div><time datetime='16.11.2024 11:56'>x</time><h1>Kicker <span>Head</span></h1><noscript><img src=/n.jpg></noscript>".to_vec(),
        b"<!doctype html><svg><script>a</script></svg><style>p{}</style><script><!--<script></script>--></script><math><mi>x</mi></math><template><p>t</p></template>".to_vec(),
    ];
    let pieces: [&[u8]; 12] = [
        b"<div>",
        b"</div>",
        b"<p>",
        b"<figure>",
        b"<img src=x srcset='a 1w, b 2w'>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"&amp;",
        b"\xff\xfe",
        b"<h1>",
    ];
    let iters: usize = std::env::var("SMOKE_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for n in 0..iters {
        let mut page = seeds[n % seeds.len()].clone();
        for _ in 0..(next() % 8 + 1) {
            let len = page.len().max(1);
            match next() % 5 {
                0 => {
                    let i = (next() as usize) % len;
                    if i < page.len() {
                        page[i] = next() as u8;
                    }
                }
                1 => {
                    let i = (next() as usize) % (page.len() + 1);
                    let p = pieces[(next() as usize) % pieces.len()];
                    let times = (next() % 50 + 1) as usize;
                    let ins: Vec<u8> = p.repeat(times);
                    page.splice(i..i, ins);
                }
                2 => {
                    let i = (next() as usize) % (page.len() + 1);
                    page.truncate(i);
                }
                3 => {
                    let other = &seeds[(next() as usize) % seeds.len()];
                    let a = (next() as usize) % (other.len() + 1);
                    let i = (next() as usize) % (page.len() + 1);
                    page.splice(i..i, other[a..].iter().copied());
                }
                _ => {
                    let i = (next() as usize) % (page.len() + 1);
                    let j = (i + (next() as usize) % 64).min(page.len());
                    page.drain(i..j);
                }
            }
        }
        let html = String::from_utf8_lossy(&page).into_owned();
        let result = std::panic::catch_unwind(|| extract(&html, &base()));
        assert!(result.is_ok(), "panic on case {n}: {html:?}");
    }
}
