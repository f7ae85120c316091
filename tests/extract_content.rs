//! Main-content choice on small fixture pages (tests/fixtures/extract):
//! each case is one boilerplate pattern seen on real publisher pages.

use newsclip::extract::extract;
use url::Url;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/extract/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn url() -> Url {
    Url::parse("https://news.example.com/city/council-budget").unwrap()
}

/// Five paragraphs of body text, numbered, each saying `sentence`.
fn paragraphs(sentence: &str) -> String {
    (1..=5)
        .map(|n| format!("<p>Paragraph {n}: {sentence}</p>"))
        .collect()
}

#[test]
fn a_small_box_named_article_does_not_beat_the_long_body() {
    // A "save-article" drawer and a "list-articles" teaser list win on
    // their class names alone; the story split into one section per
    // paragraph holds the text.
    let a = extract(&fixture("small_named_box.html"), &url());
    for i in 1..=8 {
        assert!(
            a.text.contains(&format!("Paragraph {i} of the story")),
            "paragraph {i} missing from {:?}",
            a.text
        );
    }
    assert!(!a.text.contains("Save this article"), "{:?}", a.text);
    assert!(!a.text.contains("Other story one"), "{:?}", a.text);
}

#[test]
fn bem_parts_of_the_content_block_are_judged_by_their_own_name() {
    // "article-content__sign-in-group" is a registration wall and
    // "article-body__ad-slot__x1Y2z" an ad, though their block names
    // say content.
    let a = extract(&fixture("small_named_box.html"), &url());
    assert!(a.text.contains("Paragraph 8 of the story"), "{:?}", a.text);
    assert!(!a.text.contains("RESERVED FOR SUBSCRIBERS"), "{:?}", a.text);
    assert!(!a.text.contains("Subscribe now"), "{:?}", a.text);
    assert!(!a.text.contains("Scroll to continue"), "{:?}", a.text);
}

#[test]
fn a_body_wrapper_named_summary_is_not_a_standfirst() {
    // The wrapper after the headline is named "summary" and holds the
    // whole body: it must not be rendered once as a teaser and again as body.
    let a = extract(&fixture("body_inside_summary_wrapper.html"), &url());
    assert_eq!(
        a.text.matches("Paragraph 1 of the report").count(),
        1,
        "{:?}",
        a.text
    );
    assert!(a.text.contains("Paragraph 6 of the report"), "{:?}", a.text);
}

#[test]
fn a_page_without_date_metadata_takes_the_visible_dateline() {
    // No JSON-LD, meta or <time>: the dateline under the headline (an h3
    // with a kicker here) gives day and minute, with a 2-digit year.
    let a = extract(&fixture("dateline_only.html"), &url());
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-04-25T14:07:00+00:00")
    );
}

#[test]
fn a_teaser_card_to_another_story_is_neither_text_nor_image() {
    let a = extract(&fixture("inline_teaser_card.html"), &url());
    assert!(!a.text.contains("Another story headline"), "{:?}", a.text);
    let urls: Vec<&str> = a
        .lead
        .iter()
        .chain(&a.figures)
        .map(|f| f.url.as_str())
        .collect();
    assert!(!urls.iter().any(|u| u.contains("78828646")), "{urls:?}");
    assert!(
        urls.iter().any(|u| u.ends_with("/images/knife.jpg")),
        "{urls:?}"
    );
    assert!(a.text.contains("Grim details"), "{:?}", a.text);
}

#[test]
fn embed_consent_placeholders_are_not_article_text() {
    let a = extract(&fixture("embed_consent_placeholder.html"), &url());
    assert!(a.text.contains("smart ring"), "{:?}", a.text);
    assert!(a.text.contains("test its health features"), "{:?}", a.text);
    assert!(
        !a.text.contains("Recommended editorial content"),
        "{:?}",
        a.text
    );
    assert!(!a.text.contains("third-party platforms"), "{:?}", a.text);
    assert!(!a.text.contains("revocable consent"), "{:?}", a.text);
}

#[test]
fn repeated_text_widgets_are_all_body() {
    // The body is split into text widgets whose shared class name reads
    // like furniture ("article-widget"); the related-articles widget is not body.
    let a = extract(&fixture("repeated_text_widgets.html"), &url());
    for i in 1..=11 {
        assert!(
            a.text
                .contains(&format!("Paragraph {i} of the budget story")),
            "paragraph {i} missing from {:?}",
            a.text
        );
    }
    assert!(!a.text.contains("Other story"), "{:?}", a.text);
}

#[test]
fn the_share_image_takes_the_caption_of_its_picture_in_a_side_column() {
    let para = "<p>Lego celebrates the Star Wars day with many offers for young and old fans, and the shop has prepared a long list of sets that will be cheaper during the whole week of the celebration.</p>";
    let html = format!(
        r#"<html><head><title>Lego offers</title><meta property="og:image" content="https://news.example/img/lego-title.jpg?size=1280"></head><body>
        <div class="mediaBlock ps-sidebar"><div class="image"><img src="https://news.example/img/lego-title.jpg?size=630" width="630" height="270">
          <div class="caption"><span class="source">Lego</span><span class="caption">Lego celebrates the Star Wars day.</span></div></div></div>
        <article><h1>Lego offers</h1>{para}{para}{para}{para}</article></body></html>"#
    );
    let a = extract(&html, &url());
    let lead = a.lead.expect("a lead figure");
    assert_eq!(
        lead.caption.as_deref(),
        Some("Lego celebrates the Star Wars day.")
    );
    assert_eq!(lead.credit.as_deref(), Some("Lego"));
}

#[test]
fn a_share_card_the_page_never_shows_is_no_lead_of_an_article_with_figures() {
    let para = "<p>Lego celebrates the Star Wars day with many offers for young and old fans, and the shop has prepared a long list of sets that will be cheaper during the whole week of the celebration.</p>";
    let page = |figure_file: &str| {
        format!(
            r#"<html><head><title>Lego offers</title><meta property="og:image" content="https://news.example/social/lego-card.jpg?w=1200&h=630"></head><body>
            <article><h1>Lego offers</h1>{para}{para}{para}
            <figure><img src="https://news.example/img/{figure_file}"><figcaption>The new sets on a shelf.</figcaption></figure>{para}</article></body></html>"#
        )
    };
    let a = extract(&page("lego-shelf.jpg"), &url());
    assert_eq!(a.lead, None);
    assert_eq!(a.figures.len(), 1);
    // Shown on the page, the share image stays the lead (as the page shows it).
    let a = extract(&page("lego-card.jpg?w=600"), &url());
    assert_eq!(
        a.lead.map(|l| l.url).as_deref(),
        Some("https://news.example/img/lego-card.jpg?w=600")
    );
}

#[test]
fn picture_widgets_and_their_titles_are_content_and_other_widgets_furniture() {
    let para = "<p>Searches for the grey tracksuit rose tenfold over the weekend, and the jacket sold out in most sizes on the brand's own shop within two days of the picture.</p>";
    let html = format!(
        r#"<html><head><title>A tracksuit goes viral</title></head><body>
        <article><h1>A tracksuit goes viral</h1>{para}{para}
        <h2 class="widget-title">The meme board</h2>
        <div class="widget widget--type-image widget--size-fullwidth"><div class="widget__wrapper"><figure class="widget__figure">
          <img src="https://news.example/img/meme-board.jpg"><figcaption><span class="widget__captionText">"Just Coup It"</span>
          <span class="widget__captionCredit">Screenshot from Reddit</span></figcaption></figure></div></div>
        {para}
        <div class="widget widget--type-quote"><div class="widget__wrapper"><p class="widget__quoteText">The sea is generous if we let it be, a fisherman told us on the quay at dawn last spring.</p></div></div>
        {para}</article></body></html>"#
    );
    let a = extract(&html, &url());
    let figure = a
        .figures
        .first()
        .or(a.lead.as_ref())
        .expect("the picture widget");
    assert_eq!(figure.url, "https://news.example/img/meme-board.jpg");
    assert_eq!(figure.caption.as_deref(), Some("\"Just Coup It\""));
    assert_eq!(figure.credit.as_deref(), Some("Screenshot from Reddit"));
    assert!(!a.text.contains("The sea is generous"), "{:?}", a.text);
    // A heading named for its slot is a subheading where the slot is content.
    assert!(a.text.contains("The meme board"), "{:?}", a.text);
}

#[test]
fn a_caption_repeating_the_headline_is_no_caption() {
    let para = "<p>Fishing quotas set fifteen years ago let the stocks of the North Atlantic recover, and the boats that had to stay in port are back at sea with a larger catch every year.</p>";
    let page = |title_attr: &str| {
        format!(
            r#"<html><head><title>How Europe saved the hake</title></head><body>
            <article><h1>How Europe saved the hake</h1>
            <figure><img src="https://news.example/img/hake-boat.jpg" title="{title_attr}"><figcaption><span class="credit">Euronews</span></figcaption></figure>
            {para}{para}{para}</article></body></html>"#
        )
    };
    let caption = |html: &str| extract(html, &url()).lead.and_then(|l| l.caption);
    // The CMS wrote the headline into the picture's title: nothing about the picture.
    assert_eq!(caption(&page("How Europe saved the hake")), None);
    let kicker_page = page("How Europe saved the hake").replace(
        ">How Europe saved the hake</",
        ">\"Back from the brink\": How Europe saved the hake</",
    );
    // The headline without its kicker is still the headline.
    assert_eq!(caption(&kicker_page), None);
    assert_eq!(
        caption(&page("A trawler lands hake in Vigo.")).as_deref(),
        Some("A trawler lands hake in Vigo.")
    );
}

#[test]
fn the_lead_in_another_size_is_not_repeated_in_the_body() {
    let para = "<p>Fire was seen on the plane shortly after take-off, and the crew returned to the airport where the passengers left the aircraft safely, the airline said on Monday evening.</p>";
    let page = |lead: &str, shown: &str| {
        format!(
            r#"<html><head><title>Plane fire</title></head><body>
            <article><h1>Plane fire</h1><figure><img src="{lead}"></figure>{para}{para}
            <figure><img src="{shown}"><figcaption>Fire on the plane.</figcaption></figure>{para}{para}</article></body></html>"#
        )
    };
    let images = |a: &newsclip::extract::Article| -> Vec<(String, Option<String>)> {
        a.lead
            .iter()
            .chain(&a.figures)
            .map(|f| (f.url.clone(), f.caption.clone()))
            .collect()
    };
    // A resizer serving one original in two sizes: one picture, its caption kept.
    let a = extract(
        &page(
            "https://cdn.example/resizer/Zk1=/1920x1005/smart/photos/KX7QHRVMPLT4ZD2WNE.jpg",
            "https://cdn.example/resizer/Qp2=/960x0/photos/KX7QHRVMPLT4ZD2WNE.jpg",
        ),
        &url(),
    );
    let got = images(&a);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].0.contains("1920x1005"), "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Fire on the plane."));
    // A short generic file name names no picture: two pictures stay two.
    let a = extract(
        &page(
            "https://cdn.example/media/4f1c/3000.webp",
            "https://cdn.example/media/9ab2/3000.webp",
        ),
        &url(),
    );
    assert_eq!(images(&a).len(), 2, "{:?}", images(&a));
}

#[test]
fn related_posts_after_a_short_article_are_not_its_body() {
    // The story is one paragraph in the headline's <article>; the next
    // <article> holds four post excerpts that together score higher.
    let a = extract(&fixture("related_posts_articles.html"), &url());
    assert!(a.text.contains("Living a true experience"), "{:?}", a.text);
    assert!(!a.text.contains("optimism and courage"), "{:?}", a.text);
    assert!(!a.text.contains("united family"), "{:?}", a.text);
}

#[test]
fn a_byline_set_in_the_body_names_the_authors_when_the_metadata_names_the_site() {
    let page = fixture("byline_in_body.html");
    let a = extract(&page, &url());
    assert_eq!(a.authors, ["Jane Mokoena", "Peter Phakela"]);
    assert!(!a.text.contains("Mokoena"), "{:?}", a.text);
    assert!(
        a.text.starts_with("…as the valley's courts fill up"),
        "{:?}",
        a.text
    );

    // A person named in the metadata is the author; the body keeps its line.
    let named = page.replace(
        r#"<meta name="author" content="Valley Times">"#,
        r#"<meta name="author" content="Sam Writer">"#,
    );
    let a = extract(&named, &url());
    assert_eq!(a.authors, ["Sam Writer"]);
    assert!(
        a.text.contains("Jane Mokoena/Peter Phakela"),
        "{:?}",
        a.text
    );

    // A line signed "By", with the place it was filed from, names the
    // reporter whatever the metadata says: there it names whoever posted
    // the story.
    let signed = named.replace(
        "<strong>Jane Mokoena/Peter Phakela</strong>",
        "<strong>By Chukwuemeka Eze, Enugu</strong>",
    );
    let a = extract(&signed, &url());
    assert_eq!(a.authors, ["Chukwuemeka Eze"]);
    assert!(!a.text.contains("Chukwuemeka"), "{:?}", a.text);
}

#[test]
fn the_standfirst_and_top_image_in_the_contents_own_header_are_kept() {
    // The content block is the whole <article>, header included; the
    // renderer leaves headers out (bylines, share bars), so the header's
    // standfirst and picture are found by the header scan.
    let a = extract(&fixture("header_inside_content.html"), &url());
    assert!(
        a.text
            .starts_with("The resort completes a sweeping overhaul after the wildfire"),
        "{:?}",
        a.text
    );
    assert_eq!(a.text.matches("sweeping overhaul after").count(), 1);
    let lead = a.lead.expect("a lead figure");
    assert_eq!(lead.url, "https://news.example.com/img/lodge-1600.jpg");
    assert_eq!(lead.caption.as_deref(), Some("The rebuilt main hall."));
    assert!(!a.text.contains("By Jane Doe"), "{:?}", a.text);
}

/// A page with `header` after the headline and three paragraphs of body.
fn page_with_header(description: &str, header: &str) -> String {
    format!(
        r#"<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Strommasten brennen</title>
        <meta name="description" content="{description}"></head><body><nav><a href="/">Start</a></nav>
        <article><div class="top"><h1>Strommasten brennen in Berlin</h1>{header}</div>
        <div class="article-body">
        <p>Immer wieder kommt es zu Angriffen auf die Versorgung der Stadt, doch selten waren so viele Haushalte zugleich betroffen wie in dieser Nacht im Südosten Berlins.</p>
        <p>Die Polizei regelte an den ausgefallenen Ampeln den Verkehr, während die Techniker des Netzbetreibers versuchten, die Leitungen über andere Masten umzuleiten.</p>
        <p>Am Morgen waren noch immer mehrere Zehntausend Haushalte ohne Strom; der Betreiber rechnet damit, dass die Reparatur mehrere Tage dauern wird.</p>
        </div></article></body></html>"#
    )
}

#[test]
fn a_standfirst_is_found_by_its_name_or_the_description_after_a_dateline() {
    let description = "In Berlin brennen zwei Strommasten. Zehntausende sind ohne Energie.";
    // No name, but the description's text after the city's dateline.
    let page = page_with_header(
        description,
        &format!(
            r#"<div class="x-lg"><span class="a">Berlin.</span> <span class="b">{description}</span></div>"#
        ),
    );
    let a = extract(&page, &url());
    assert!(
        a.text.starts_with(&format!("Berlin. {description}")),
        "{:?}",
        a.text
    );

    // A source line and a heading before the text are no dateline.
    let page = page_with_header(
        description,
        &format!(r#"<div class="x-lg"><p>Agentur</p><h2>{description}</h2></div>"#),
    );
    let a = extract(&page, &url());
    assert!(!a.text.contains("Agentur"), "{:?}", a.text);

    // Named as the epigraph, set in a heading tag: a paragraph, not a heading.
    let page = page_with_header(
        "Something else.",
        r#"<div class="epigraph-container"><h2 class="epigraph">Zehntausende Haushalte ohne Strom nach einem Brand an zwei Masten</h2></div>"#,
    );
    let a = extract(&page, &url());
    assert!(
        a.body_markdown
            .starts_with("Zehntausende Haushalte ohne Strom nach einem Brand an zwei Masten\n\n"),
        "{:?}",
        a.body_markdown
    );
}

#[test]
fn a_standfirst_named_in_a_data_attribute_follows_a_headline_set_in_an_h2() {
    // Generated class names; the roles are in data attributes, and the
    // visible headline is an h2 (the page's only h1 is an SEO line).
    let page = page_with_header("Eine ganz andere Beschreibung.", "")
        .replace(
            "<h1>Strommasten brennen in Berlin</h1>",
            r#"<header class="css-17z8yw4"><h2>Strommasten brennen</h2></header>
            <div class="css-19akfyr"><p data-manual="teaserText" class="css-1485smx">Zwei Masten brennen, und Zehntausende Haushalte sind ohne Strom.</p></div>"#,
        );
    let a = extract(&page, &url());
    assert!(
        a.text
            .starts_with("Zwei Masten brennen, und Zehntausende Haushalte sind ohne Strom."),
        "{:?}",
        a.text
    );
}

#[test]
fn the_sites_default_share_card_is_no_picture_of_the_article() {
    let page = |image: &str| {
        page_with_header("Beschreibung.", "").replace(
            "<meta name=\"description\"",
            &format!("<meta property=\"og:image\" content=\"{image}\"><meta name=\"description\""),
        )
    };
    for default_card in [
        "https://www.example.com/img/pages/article/opengraph_default.jpg",
        "https://blog.example.org/images/example_fb_logo.jpg",
    ] {
        let a = extract(&page(default_card), &url());
        assert!(a.lead.is_none(), "{default_card}: {:?}", a.lead);
    }
    // A company's logo in the news is the article's picture.
    let a = extract(
        &page("https://www.example.com/uploads/alibaba-logo-getty-1024.jpg"),
        &url(),
    );
    assert!(a.lead.is_some());
}

#[test]
fn a_text_block_set_beside_a_picture_in_a_layout_row_is_body() {
    // Squarespace: the post is a run of text blocks; a row of two columns
    // sets one of them beside a picture, a level deeper than the others.
    let para = |n: u32| {
        format!("<p>Paragraph {n} of the school story tells how eleven pupils came to a town of ninety people, and why the county kept the building open.</p>")
    };
    let block = |paras: &[u32]| {
        let ps: String = paras.iter().map(|&n| para(n)).collect();
        format!(
            r#"<div class="sqs-block html-block"><div class="sqs-block-content">{ps}</div></div>"#
        )
    };
    let html = format!(
        r#"<html><head><title>School story</title></head><body><article><h1>School story</h1><div class="sqs-layout">
        {}<div class="row sqs-row"><div class="col sqs-col-6"><div class="sqs-block image-block"><figure><img src="https://news.example.com/bell.jpg" width="800"><figcaption>The school bell.</figcaption></figure></div></div>
        <div class="col sqs-col-6">{}</div></div>{}</div></article></body></html>"#,
        block(&[1, 2, 3, 4]),
        block(&[5]),
        block(&[6, 7])
    );
    let a = extract(&html, &url());
    for n in 1..=7 {
        assert!(
            a.text.contains(&format!("Paragraph {n} of")),
            "paragraph {n} missing from {:?}",
            a.text
        );
    }
}

#[test]
fn the_hatom_published_abbr_gives_the_publication_time() {
    // Blogger: the time of the post is only in the title of an <abbr>.
    let html = r#"<html><head><title>Council delays vote</title></head><body><h2 class="date-header"><span>Tuesday, March 11, 2025</span></h2>
        <div class="post hentry"><h3 class="post-title">Council delays vote</h3><div class="post-body entry-content"><p>The city council delayed its vote on the Brunswick Road roundabout on Tuesday, after two hours of public comment.</p></div>
        <div class="post-footer">Posted by <span class="fn">Dana</span> at <abbr class="published" title="2025-03-11T19:42:00-07:00">7:42 PM</abbr></div></div></body></html>"#;
    let a = extract(html, &url());
    assert_eq!(
        a.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2025-03-11T19:42:00-07:00")
    );
}

#[test]
fn standfirsts_named_spot_or_by_a_component_name_are_kept() {
    let body = paragraphs("the tram story says why the line to Misburg opens two years later than planned, and what it costs.");
    for (standfirst, kept) in [
        // Turkish sites call it the "spot".
        (
            r#"<div class="news-detail-spot"><h2>The extension of line 4 was due to open in 2027; now the region says not before 2029.</h2></div>"#,
            true,
        ),
        // styled-components: "ArticleTeaser" in a generated name.
        (
            r#"<p class="ArticleHeadstyled__ArticleTeaser-sc-1xd2qac-3 dnfNsa">The extension of line 4 was due to open in 2027; now the region says not before 2029.</p>"#,
            true,
        ),
        // A utility class's theme colour names nothing.
        (
            r#"<p class="text-summaryGrayDark">The extension of line 4 was due to open in 2027; now the region says not before 2029.</p>"#,
            false,
        ),
    ] {
        let html = format!(
            r#"<html><head><title>Tram to Misburg delayed</title></head><body><article><header><h1>Tram to Misburg delayed</h1>{standfirst}</header><div class="article-body">{body}</div></article></body></html>"#
        );
        let a = extract(&html, &url());
        assert_eq!(
            a.text.contains("The extension of line 4"),
            kept,
            "{standfirst}: {:?}",
            a.text
        );
    }
}

#[test]
fn a_headline_edited_after_the_metadata_is_the_title() {
    // The h1 differs from every metadata title by a word, and sits in a
    // column named like a sidebar.
    let body = paragraphs("the salinity story: farmers in Ben Tre buy fresh water by the boat to save their durian orchards.");
    let html = format!(
        r#"<html><head><title>Salt water reaches 60 km inland, farmers ship fresh water to save durians - VnExpress</title>
        <meta property="og:title" content="Salt water reaches 60 km inland, farmers ship fresh water to save durians"></head>
        <body><div class="sidebar-1"><h1 class="title-detail">Salt water reaches 60 km inland, farmers ship fresh water to save durian orchards</h1><article class="fck_detail">{body}</article></div></body></html>"#
    );
    let a = extract(&html, &url());
    assert_eq!(
        a.title.as_deref(),
        Some("Salt water reaches 60 km inland, farmers ship fresh water to save durian orchards")
    );
}

#[test]
fn an_seo_h1_in_the_breadcrumb_trail_is_not_the_headline() {
    // The trail ends in an h1 in small print (named only in its test hook);
    // the reader's headline is the large h2 the og:title repeats.
    let body = paragraphs("the president shared another picture made by a generator, a week after deleting the first one.");
    let html = format!(
        r#"<html><head><title>Trump posts another AI picture after criticism of the Pope</title>
        <meta property="og:title" content="After new criticism: Trump posts yet another AI picture"></head>
        <body><div data-testid="BreadcrumbArea"><div class="flex"><a href="/">Home</a><a href="/politics/">Politics</a><h1 class="text-10 inline">Trump posts another AI picture after criticism of the Pope</h1></div></div>
        <main><h2><span class="kicker">After new criticism</span><div class="headline">Trump posts yet another AI picture</div></h2>{body}</main></body></html>"#
    );
    let a = extract(&html, &url());
    assert_eq!(
        a.title.as_deref(),
        Some("After new criticism: Trump posts yet another AI picture")
    );
    // A theme's class on the page's body only says it shows a trail.
    let themed = format!(
        r#"<html><head><title>Roundabout plan on hold</title></head><body class="single has-breadcrumbs"><main><h1>Council delays vote on the Brunswick Road roundabout</h1>{body}</main></body></html>"#
    );
    assert_eq!(
        extract(&themed, &url()).title.as_deref(),
        Some("Council delays vote on the Brunswick Road roundabout")
    );
}

#[test]
fn a_tooltip_and_a_box_labelled_authors_are_not_body() {
    let body = paragraphs("the president shared another picture made by a generator, a week after deleting the first one.");
    let html = format!(
        r#"<html><head><title>Another AI picture</title></head><body><article><h1>Another AI picture</h1>
        <div class="flex"><div aria-label="Autoren"><div><span>Von </span><span aria-label="Autor">t-online</span><span>, </span><a href="/author/jse"><span>jse</span></a></div></div><hr><div><span>15.04.2026 - 15:48 Uhr</span><span>Lesedauer: 2 Min.</span></div></div>
        <div><span><div role="tooltip" aria-hidden="true"><p>New on t-online:</p><p>Change the font size!</p></div></span><button aria-label="Font size">A</button></div>
        {body}</article></body></html>"#
    );
    let a = extract(&html, &url());
    assert!(!a.text.contains("jse"), "{:?}", a.text);
    assert!(!a.text.contains("font size"), "{:?}", a.text);
}

#[test]
fn standfirsts_named_desc_or_synopsis_are_kept() {
    let body = paragraphs("pupils near Ngcobo moved into the new classrooms on Monday after three years under the trees.");
    for class in ["article__desc", "article__synopsis"] {
        let html = format!(
            r#"<html><head><title>Pupils move into classrooms</title></head><body><article><div class="article__header"><h1>Pupils move into classrooms</h1><p class="{class}">Pupils spent three years taught in a church hall and under a row of gum trees.</p></div><div class="article__body">{body}</div></article></body></html>"#
        );
        let a = extract(&html, &url());
        assert!(
            a.text.starts_with("Pupils spent three years"),
            "{class}: {:?}",
            a.text
        );
    }
}

#[test]
fn a_see_also_line_that_is_mostly_a_link_is_not_body() {
    let body = paragraphs("the reservoir of 240,000 cubic metres divides the growers and the villagers of the valley.");
    let html = format!(
        r#"<html><head><title>Reservoir divides valley</title></head><body><article><h1>Reservoir divides valley</h1>{body}
        <section class="catcher"><p><span class="catcher__label">Lire aussi</span> | <a href="/a/1">Sécheresse : les arboriculteurs face au casse-tête de l’irrigation</a></p></section>
        <section class="catcher"><p><span class="catcher__label">Lire aussi la tribune</span> | <a href="/a/2">« Les retenues ne sont ni un eldorado ni un scandale »</a></p></section>
        <p>Read more about the reservoir in <a href="/a/3">our report</a>: the prefecture says work starts in the autumn.</p></article></body></html>"#
    );
    let a = extract(&html, &url());
    assert!(!a.text.contains("Lire aussi"), "{:?}", a.text);
    // A sentence that only opens with the words, its link a small part, stays.
    assert!(
        a.text.contains("Read more about the reservoir"),
        "{:?}",
        a.text
    );
}

#[test]
fn furniture_named_only_in_a_component_hook_is_not_body() {
    // The BBC: generated classes; the byline's parts are named in data-testid.
    let body: String = (1..=5)
        .map(|n| format!(r#"<div data-component="text-block"><p class="sc-9a00e533-0">Paragraph {n}: a metal detectorist found a hoard of Roman coins in a ploughed field near Shrewsbury.</p></div>"#))
        .collect();
    let html = format!(
        r#"<html><head><title>Roman coins found in field</title></head><body><main><article><h1>Roman coins found in field</h1>
        <div data-testid="byline-new-contributors" class="sc-a0542c14-9"><div><span>Eleri Watkins</span><div class="sc-2fee6f63-9"><span>BBC News, Shropshire</span></div></div></div>
        {body}</article></main></body></html>"#
    );
    let a = extract(&html, &url());
    assert!(!a.text.contains("BBC News, Shropshire"), "{:?}", a.text);
    assert!(a.text.starts_with("Paragraph 1"), "{:?}", a.text);

    // The World Service: the byline box is named only by the heading that
    // labels it (aria-labelledby).
    let labelled = html.replace(
        r#"data-testid="byline-new-contributors" class="sc-a0542c14-9""#,
        r#"aria-labelledby="article-byline" role="region""#,
    );
    let a = extract(&labelled, &url());
    assert!(!a.text.contains("BBC News, Shropshire"), "{:?}", a.text);
    assert!(a.text.starts_with("Paragraph 1"), "{:?}", a.text);
}

/// A page of five paragraphs about a hoard, then `tail`, with the site name
/// "Valley Times".
fn hoard_page(tail: &str) -> String {
    let body = paragraphs(
        "a metal detectorist found a hoard of Roman coins in a ploughed field near Shrewsbury.",
    );
    format!(
        r#"<html><head><title>Roman coins found in field</title><meta property="og:site_name" content="Valley Times"></head><body><article><h1>Roman coins found in field</h1>{body}{tail}</article></body></html>"#
    )
}

/// Asserts that `tail`, set after the story's paragraphs, adds nothing to
/// its text.
fn assert_not_body(tail: &str) {
    let a = extract(&hoard_page(tail), &url());
    assert!(a.text.ends_with("near Shrewsbury."), "{tail}: {:?}", a.text);
}

#[test]
fn closing_appeals_to_follow_the_site_are_not_body() {
    for appeal in [
        "<p><i>Follow BBC Shropshire on <a href=\"https://facebook.com/x\">Facebook</a>, <a href=\"https://x.com/x\">X</a> and Instagram. Send your story ideas to: shropshire@bbc.co.uk</i></p>",
        "<div>Stay updated with the latest <a href=\"/pune\">Pune news</a> on Times of India. Get Pune weather updates daily.</div>",
        "<p><i>Corriere della Sera è anche su Whatsapp. È sufficiente <a href=\"https://whatsapp.com/channel/1\">cliccare qui</a> per iscriversi al canale.</i></p>",
    ] {
        assert_not_body(appeal);
    }
    // Reported speech is no appeal.
    let reported =
        "<p>Millions of people follow the detectorist on TikTok, where he posts his finds.</p>";
    let a = extract(&hoard_page(reported), &url());
    assert!(a.text.contains("Millions of people follow"), "{:?}", a.text);
}

#[test]
fn a_box_of_related_internet_links_is_not_body() {
    let links = r#"<div data-component="links-block"><h2>Related internet links</h2><ul><li><a href="https://finds.org.uk/">Portable Antiquities Scheme</a></li><li><a href="https://museum.example.org/">Shrewsbury Museum</a></li></ul><p>The BBC is not responsible for the content of external sites.</p></div>"#;
    assert_not_body(links);
}

#[test]
fn the_sites_name_signing_off_the_story_is_not_body() {
    assert_not_body("<p>Valley Times Nigeria</p>");
    // A sentence about the site is text.
    let sentence = "<p>Valley Times first reported the find.</p>";
    let a = extract(&hoard_page(sentence), &url());
    assert!(
        a.text.ends_with("Valley Times first reported the find."),
        "{:?}",
        a.text
    );
}

#[test]
fn an_embed_a_skip_link_jumps_over_is_not_body() {
    // BBC World Service (Persian): the labels are in the page's language,
    // so the box is known by its shape: a link to its own last element.
    let embed = r##"<div class="bbc-1ff36h2"><a href="#end-of-twitter-content-1">پرش از پست X</a><div data-e2e="consentBanner-twitter"><strong>اجازه نمایش محتوای X داده شود؟</strong><p>این مطلب شامل محتوایی است که X فراهم کرده است.</p><button type="button">قبول و ادامه</button></div><p>هشدار: بی‌بی‌سی مسئول محتوای سایت‌های دیگر نیست.</p><strong id="end-of-twitter-content-1">پایان پست X</strong></div>"##;
    assert_not_body(embed);
}

#[test]
fn furniture_named_in_a_components_camel_case_name_is_not_body() {
    // Condé Nast: styled components name the part inside one class.
    for furniture in [
        r#"<p class="BaseWrap-sc-gjQpdd MagazineDisclaimerWrapper-cUBXQE"><em>This article appears in the June 2025 issue.</em> <a href="/subscribe">Subscribe to Parallax.</a></p>"#,
        r#"<div data-testid="ContributorBio"><p class="ContributorBioBio-cHxbDa"><a href="/contributor/h">Hannah Okonkwo</a> is a contributing editor at <em>Parallax</em>, where she writes about film.</p></div>"#,
    ] {
        assert_not_body(furniture);
    }
}

#[test]
fn a_video_box_named_in_a_components_camel_case_name_is_not_body() {
    let video = r#"<div class="CneVideoEmbedWrapper-fpfKJN"><span class="CneVideoEmbedLabel-hQwNbi">Watch</span><h3 class="CneVideoEmbedHed-bAqsJt">How a Stop-Motion Puppet Is Made</h3><div class="cne-video-embed" data-video-id="6632"><div class="cne-player-placeholder"><img src="https://media.example.com/thumb.jpg" alt=""></div></div></div>"#;
    assert_not_body(video);
}

#[test]
fn a_reader_revenue_epic_is_not_body() {
    // The Guardian: the appeal under the story, named "epic"; it may open
    // with the reader's article count.
    let epic = r#"<div data-testid="contributions-liveblog-epic"><h2>Can you help us keep reporting from the frontlines of the climate crisis?</h2><div><p>Our environment coverage is free to read because readers like you choose to fund it. We have no billionaire owner and no shareholders.</p><p>If you can, please support the Guardian today.</p></div><a href="https://support.example.com/contribute">Support us</a></div>"#;
    assert_not_body(epic);
    let meter = "<p>You’ve read 12 articles in the last year</p>";
    assert_not_body(meter);
}

#[test]
fn a_list_of_sources_under_its_heading_is_body_however_linked() {
    let sources = r#"<h3>Fuentes</h3><ul class="wp-block-list"><li><a href="https://www.valencia.es/normativa">Ordenanza de Convivencia Ciudadana del Ayuntamiento de Valencia (texto consolidado)</a></li><li><a href="https://bop.dival.es/">Boletín Oficial de la Provincia de Valencia, enero-marzo de 2025</a></li><li>Área de Urbanismo del Ayuntamiento</li></ul>"#;
    let a = extract(&hoard_page(sources), &url());
    assert!(
        a.text.ends_with("Área de Urbanismo del Ayuntamiento"),
        "{:?}",
        a.text
    );
    // The same list under another heading is a link list.
    let a = extract(
        &hoard_page(&sources.replace("Fuentes", "Lo último")),
        &url(),
    );
    assert!(!a.text.contains("Boletín Oficial"), "{:?}", a.text);
}

#[test]
fn a_call_to_action_box_and_an_authors_bio_are_not_body() {
    for furniture in [
        r#"<div class="lupa-whatsapp-cta"><p class="lupa-whatsapp-cta__titulo">¿Has recibido un mensaje sospechoso?</p><p>Envíanoslo a nuestro servicio de verificación por WhatsApp y lo comprobamos por ti.</p></div>"#,
        r#"<div class="lupa-autores"><div class="lupa-autor"><p class="lupa-autor__nombre"><a href="/autor/lucia/">Lucía Ferrándiz</a></p><p class="lupa-autor__bio">Periodista de verificación. Antes trabajó en la sección de Local de un diario valenciano.</p></div></div>"#,
    ] {
        assert_not_body(furniture);
    }
}

#[test]
fn the_visible_byline_adds_the_reporters_the_metadata_leaves_out() {
    let page = |byline: &str| {
        let body = paragraphs(
            "a metal detectorist found a hoard of Roman coins in a ploughed field near Shrewsbury.",
        );
        format!(
            r#"<html><head><title>Roman coins found in field</title><script type="application/ld+json">{{"@type":"NewsArticle","headline":"Roman coins found in field","author":{{"@type":"Person","name":"Lucía Ferrándiz"}}}}</script></head><body><article><h1>Roman coins found in field</h1><p class="byline">{byline}</p>{body}</article></body></html>"#
        )
    };
    let two = r#"por <span itemprop="author">Lucía Ferrándiz</span> y <span itemprop="author">Marcos Iribarren</span>"#;
    let a = extract(&page(two), &url());
    assert_eq!(a.authors, ["Lucía Ferrándiz", "Marcos Iribarren"]);
    // A role beside the name is no second reporter.
    let role = r#"<span itemprop="author">Lucía Ferrándiz</span>, <span itemprop="author">Staff Writer</span>"#;
    let a = extract(&page(role), &url());
    assert_eq!(a.authors, ["Lucía Ferrándiz"]);
}

#[test]
fn a_bare_picture_box_with_a_lazy_images_noscript_copy_keeps_its_caption() {
    // iDNES: the picture's link holds the lazy image and its <noscript>
    // copy; the caption and credit follow in an unnamed text block.
    let picture = r#"<div class="img-in-bbtext"><div class="photo"><a href="/foto#photo=1" title="Zobrazit fotogalerii"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="https://img.example.com/povel_auta.jpg" class="lazy" width="640" height="427" alt="Auta"><noscript><img src="https://img.example.com/povel_auta.jpg" width="640" height="427" alt="Auta"></noscript></a></div><div class="text"><p>Poškozená auta na sídlišti Povel.</p><span class="author">Foto: Petra Dvořáková, MAFRA</span></div></div>"#;
    let a = extract(&hoard_page(picture), &url());
    let figure = a
        .figures
        .iter()
        .chain(a.lead.iter())
        .find(|f| f.url.ends_with("povel_auta.jpg"))
        .unwrap_or_else(|| panic!("no picture: {:?} {:?}", a.lead, a.figures));
    assert_eq!(
        figure.caption.as_deref(),
        Some("Poškozená auta na sídlišti Povel.")
    );
    assert_eq!(figure.credit.as_deref(), Some("Petra Dvořáková, MAFRA"));
    assert!(a.text.ends_with("near Shrewsbury."), "{:?}", a.text);
}

#[test]
fn the_kicker_over_the_headline_inside_the_content_is_not_body() {
    let body = paragraphs("fourteen libraries in Milan stay open until ten at night as climate shelters for the summer.");
    let html = format!(
        r#"<html><head><title>Libraries become climate shelters</title></head><body><div class="content-article"><p class="occhiello is-uppercase">l'emergenza afa</p><h1>Libraries become climate shelters</h1>{body}</div></body></html>"#
    );
    let a = extract(&html, &url());
    assert!(a.text.starts_with("Paragraph 1"), "{:?}", a.text);
}

#[test]
fn a_reader_forum_and_a_reaction_box_are_not_body() {
    assert_not_body(
        r#"<section class="forum" id="story-community"><h2>Forum</h2><p class="forum-intro">1204 Postings · <a href="/richtlinien">Community-Richtlinien</a></p><div class="posting"><span class="posting-user">kritischer_Leser_77</span><p class="posting-text">Herdenschutz funktioniert in der Schweiz auch im Hochgebirge. Man muss es halt wollen und finanzieren.</p></div></section>"#,
    );
    assert_not_body(
        r#"<div class="empathy-zone"><strong class="tit">이 기사에 대해 어떻게 생각하시나요?</strong><ul class="empathy-list"><li><button type="button">좋아요 <span class="num">12</span></button></li></ul></div>"#,
    );
}

#[test]
fn a_reporters_profile_box_is_not_body() {
    assert_not_body(
        r#"<div class="writer-zone02"><div class="writer-info"><strong class="tit-name">김지훈 기자</strong><p class="txt-dept">경제부</p><p class="txt-intro">기획재정부와 통계청을 출입하며 거시경제와 물가를 취재합니다.</p></div></div>"#,
    );
}

#[test]
fn a_galleries_label_counter_and_link_are_not_body() {
    let slides: String = ["harbour", "pier", "market"]
        .iter()
        .map(|p| format!(r#"<div class="gallery__slide"><figure><img src="/{p}.jpg"><figcaption>The {p} at dawn, seen from the old town walls</figcaption></figure></div>"#))
        .collect();
    let gallery = format!(
        r#"<div class="gallery"><div class="gallery__header"><span class="gallery__title">In pictures</span><span class="gallery__counter">1 / 3</span></div>{slides}<a class="art-gallery-more" href="/foto">Zobrazit fotogalerii</a></div>"#
    );
    let a = extract(&hoard_page(&gallery), &url());
    assert_eq!(a.figures.len(), 3, "{:?}", a.figures);
    for label in ["In pictures", "1 / 3", "Zobrazit fotogalerii"] {
        assert!(!a.text.contains(label), "{label}: {:?}", a.text);
    }
}

#[test]
fn suggestions_and_appeals_to_follow_or_fund_the_site_are_not_body() {
    for appeal in [
        r#"<p class="suggest">一手掌握經濟脈動 <a href="https://www.youtube.com/@x">自由財經Youtube頻道</a></p>"#,
        "<p>☆自由電子報生活新聞，按讚追蹤☆</p>",
        "<p>點我訂閱自由財經Youtube頻道</p>",
        "<p>歡迎追蹤粉絲團，新聞不漏接</p>",
        "<p>加入LINE好友，掌握最新消息</p>",
        "<p>欢迎关注我们的微信公众号</p>",
        "<p>Would you join us to help keep our stories free for all?</p>",
        "<p>Your contribution of as little as $2 will go a long way.</p>",
    ] {
        assert_not_body(appeal);
    }
}

#[test]
fn a_chinese_dateline_names_the_reporters_where_the_metadata_names_the_paper() {
    let page = r#"<html><head><meta property="og:site_name" content="自由時報電子報"><script type="application/ld+json">{"@type":"NewsArticle","headline":"萬大線第一期最快明年底通車","author":{"@type":"Person","name":"自由時報"}}</script></head><body><article><h1>萬大線第一期最快明年底通車</h1><p>〔記者林宜萱／台北報導〕台北捷運萬大線第一期工程進度超過9成，北市捷運局今日表示，最快可望在明年底通車，全線施工將進入機電整合測試階段。</p><p>萬大線第一期路線全長約9.5公里，共設9座地下車站及1座機廠，從中正紀念堂站出發，沿南海路、西藏路、萬大路進入新北市中和區。</p></article></body></html>"#;
    let a = extract(page, &url());
    assert_eq!(a.authors, ["林宜萱"]);
    assert!(
        a.text.starts_with("〔記者林宜萱／台北報導〕"),
        "{:?}",
        a.text
    );
}

#[test]
fn the_reporters_contact_addresses_closing_a_story_are_not_body() {
    assert_not_body("<p>jhkim@yna.co.kr<br>suyeon@yna.co.kr</p>");
    assert_not_body("<p>paul.takahashi@chron.com</p>");
    // A sentence giving an address is text.
    let page = hoard_page("<p>Finds can be reported to finds@museum.example.org by anyone.</p>");
    let a = extract(&page, &url());
    assert!(a.text.ends_with("by anyone."), "{:?}", a.text);
}

#[test]
fn a_subscription_prompt_is_not_body() {
    assert_not_body(
        r#"<div class="article-premium-prompt"><h3>Nation.Africa Premium</h3><p>In-depth analysis, investigations and the daily ePaper, for Sh10 a day.</p></div>"#,
    );
    assert_not_body(
        "<div><p>Get unlimited access to in-depth analysis and the daily ePaper.</p></div>",
    );
    assert_not_body("<p>Subscribe today from Sh10 a day.</p>");
    assert_not_body(
        r#"<div class="article-upsell"><p>Enjoy every story with a digital pass for $1 a week.</p></div>"#,
    );
}
