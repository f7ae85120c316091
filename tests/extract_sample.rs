//! End-to-end extraction of a small page shaped like the archive's sample
//! post (lead figure with caption and credit, links, emphasis, an h4
//! subheading, a closing list item), plus boilerplate that must not leak.

use newsclip::extract::{extract, Figure};
use url::Url;

const PAGE: &str = r#"<!doctype html>
<html lang="en-US"><head>
<title>Iran 'told US it's not trying to kill Trump' | Bangkok Post</title>
<meta property="og:title" content="Iran 'told US it's not trying to kill Trump'">
<meta property="og:site_name" content="Bangkok Post">
<meta property="og:description" content="Iran sent a message to the Biden administration in October.">
<meta property="og:image" content="https://static.example.com/share.jpg">
<link rel="canonical" href="/world/2903296/iran-told-us">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Bangkok Post"},
 {"@type":"NewsArticle","headline":"Iran 'told US it's not trying to kill Trump'","datePublished":"2024-11-16T18:56:11.660+07:00",
  "author":{"@type":"Person","name":"Farnaz Fassihi"}}]}</script>
<script>var ads = "<p>not text</p>";</script>
</head><body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article>
 <h1>Iran ‘told US it’s not trying to kill Trump’</h1>
 <div class="share-bar"><a href="https://facebook.com/share">Share on Facebook</a></div>
 <figure class="lead-image">
  <img src="data:image/gif;base64,R0lGOD" data-src="/media/lead.jpg" data-srcset="/media/lead-480.jpg 480w, /media/lead-1200.jpg 1200w" width="1200" height="800">
  <figcaption>Protesters burn pictures of Joe Biden and Donald Trump in Tehran on Nov 28, 2020. <span class="credit">Photo: Majid Asgaripour/West Asia News Agency via Reuters</span></figcaption>
 </figure>
 <div class="article-content">
  <p>Iran sent a message to the Biden administration in October saying that it was not trying to kill Donald Trump, according to US officials, as well as an Iranian official and an analyst.</p>
  <p>The Department of Justice has <a href="/world/2899133/iranian-agents-plotted">issued   two indictments</a> that officials said were related to Iranian plotting against Trump.</p>
  <div class="ad-slot"><p>Advertisement</p></div>
  <p>The message exchange was first reported by <em>The Wall Street Journal</em>.</p>
  <h4>Musk meets Iranian envoy</h4>
  <p>Elon Musk, who has become a close ally of Trump, met with Iran’s ambassador to the United Nations on Monday, at Musk’s request, the Iranians said.</p>
  <p>The US and Iranian messages were sent through the Swiss, according to the Iranian official and the analyst.</p>
  <ul><li>This article originally appeared in <a href="https://www.nytimes.com/2024/11/15/world/middleeast/iran-trump-assassinate.html"><em>The New York Times</em></a></li></ul>
  <div class="related-articles"><h3>Related</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></div>
 </div>
</article></main>
<footer><p>Copyright Bangkok Post. All rights reserved, and this footer is long enough to look like text.</p></footer>
</body></html>"#;

const BODY: &str = "Iran sent a message to the Biden administration in October saying that it was not trying to kill Donald Trump, according to US officials, as well as an Iranian official and an analyst.

The Department of Justice has [issued two indictments](https://www.bangkokpost.com/world/2899133/iranian-agents-plotted) that officials said were related to Iranian plotting against Trump.

The message exchange was first reported by _The Wall Street Journal_.

#### Musk meets Iranian envoy

Elon Musk, who has become a close ally of Trump, met with Iran’s ambassador to the United Nations on Monday, at Musk’s request, the Iranians said.

The US and Iranian messages were sent through the Swiss, according to the Iranian official and the analyst.

*   This article originally appeared in [_The New York Times_](https://www.nytimes.com/2024/11/15/world/middleeast/iran-trump-assassinate.html)";

fn page_url() -> Url {
    Url::parse(
        "https://www.bangkokpost.com/world/2903296/iran-told-us-its-not-trying-to-kill-trump",
    )
    .unwrap()
}

#[test]
fn sample_like_page_renders_the_archive_body() {
    let a = extract(PAGE, &page_url());
    assert_eq!(a.body_markdown, BODY);
    assert_eq!(
        a.title.as_deref(),
        Some("Iran ‘told US it’s not trying to kill Trump’")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_eq!(a.authors, vec!["Farnaz Fassihi".to_string()]);
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()),
        Some("2024-11-16T18:56:11.660+07:00".to_string())
    );
    assert_eq!(
        a.canonical_url.as_deref(),
        Some("https://www.bangkokpost.com/world/2903296/iran-told-us")
    );
    assert!(a.figures.is_empty());
    assert!(a.text.starts_with("Iran sent a message"));
    assert!(!a.text.contains("Advertisement") && !a.text.contains("Other story"));
}

#[test]
fn lead_figure_takes_the_largest_lazy_image_with_caption_and_credit() {
    let a = extract(PAGE, &page_url());
    let lead = a.lead.expect("lead figure");
    assert_eq!(
        lead,
        Figure {
            url: "https://www.bangkokpost.com/media/lead-1200.jpg".into(),
            caption: Some(
                "Protesters burn pictures of Joe Biden and Donald Trump in Tehran on Nov 28, 2020."
                    .into()
            ),
            credit: Some("Majid Asgaripour/West Asia News Agency via Reuters".into()),
        }
    );
    assert_eq!(
        lead.to_markdown(),
        "![Protesters burn pictures of Joe Biden and Donald Trump in Tehran on Nov 28, 2020. (Photo: Majid Asgaripour/West Asia News Agency via Reuters)](https://www.bangkokpost.com/media/lead-1200.jpg)\n\nProtesters burn pictures of Joe Biden and Donald Trump in Tehran on Nov 28, 2020. (Photo: Majid Asgaripour/West Asia News Agency via Reuters)"
    );
}

#[test]
fn extraction_is_deterministic_and_survives_garbage() {
    let url = page_url();
    assert_eq!(extract(PAGE, &url), extract(PAGE, &url));
    for junk in [
        "",
        "<",
        "<html><body><p>",
        "\u{0}\u{ffff}<p>é</p>",
        "<div><div><div>",
        "<p>ünïcödé … “quotes” 日本語</p>",
    ] {
        let _ = extract(junk, &url);
    }
    let deep = "<div>".repeat(5000) + "text" + &"</div>".repeat(5000);
    let _ = extract(&deep, &url);
}

#[test]
fn title_suffix_is_cleaned_when_there_is_no_h1() {
    let html = "<html><head><title>Floods close schools in the north - Example News</title></head><body><p>Schools in the north closed on Monday after days of heavy rain flooded roads and homes across the region.</p></body></html>";
    let a = extract(html, &page_url());
    assert_eq!(
        a.title.as_deref(),
        Some("Floods close schools in the north")
    );
}
