//! The Jekyll scaffold: the archive root is a Jekyll / GitHub Pages site (posts
//! under `_posts/`, mirrored images under `assets/img/`). The first time
//! newsclip archives into a directory that is not a site yet, it writes a
//! minimal `_config.yml`, a `post` layout and an `index.html`, so
//! `jekyll build` works at once.
//!
//! The scaffold is the user's from then on: a file that exists is never
//! replaced (each file is created with a no-clobber link, so not even a race
//! can overwrite one), and once the scaffold has been written, a marker in the
//! state directory keeps later runs from recreating files the user deleted on
//! purpose. An archive that already has a Jekyll configuration belongs to a
//! site the user set up: nothing is written into it (a `post` layout of ours
//! would shadow their theme's).

use std::io::Write;
use std::path::{Path, PathBuf};

use tracing::info;

use crate::error::{Error, Result};

/// Name of the marker file, in the archive's state directory.
pub const MARKER: &str = "site-scaffold";

/// The site configuration. Posts are data, not templates: article text may
/// contain `{{` or `{%`, so Liquid is off for posts (Jekyll 4's
/// `render_with_liquid`). Posts dated slightly ahead (a publisher's clock) are
/// published (`future`), dates are shown in UTC like the posts' file names,
/// and newsclip's own directory is excluded.
pub const CONFIG_YML: &str = r#"# Jekyll configuration written by newsclip the first time it archived here.
# newsclip never changes or rewrites this file: edit it freely (title, url,
# theme...). Posts are under _posts/YYYY/MM/, mirrored images under assets/img/.
title: "News archive"
description: "Articles archived by newsclip"
lang: en
# A project site served under a sub-path (https://USER.github.io/REPO/) needs
# baseurl: "/REPO" here and image_base_url: /REPO/assets/img in newsclip's config.
url: ""
baseurl: ""
timezone: UTC
markdown: kramdown
# newsclip accepts publication dates up to two days ahead; publish those posts too.
future: true
defaults:
  - scope:
      path: ""
      type: posts
    values:
      layout: post
      # Article text is not a template: "{{" or "{%" in an article stays as written.
      render_with_liquid: false
      # No excerpts: Jekyll scans them for Liquid tags even then (use description).
      excerpt_separator: ""
exclude:
  - .newsclip/
"#;

/// The `post` layout: title, date, category, authors, the lead image and the
/// content. A post's Markdown already starts with `# Title` and the lead
/// figure, so the layout adds them only when the content lacks them.
pub const POST_LAYOUT: &str = r#"<!DOCTYPE html>
<html lang="{{ page.language | default: site.lang | default: 'en' }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page.title | escape }}{% if site.title %} | {{ site.title | escape }}{% endif %}</title>
{%- if page.description and page.description != "" %}
<meta name="description" content="{{ page.description | escape }}">
{%- endif %}
<style>
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1.05rem/1.6 Georgia, serif; color: #222; }
img { max-width: 100%; height: auto; }
.meta { color: #555; font-size: .9rem; }
</style>
</head>
<body>
<p><a href="{{ '/' | relative_url }}">{{ site.title | default: 'Archive' | escape }}</a></p>
<article>
<header>
{%- unless content contains "<h1" %}
<h1>{{ page.title | escape }}</h1>
{%- endunless %}
<p class="meta"><time datetime="{{ page.date | date_to_xmlschema }}">{{ page.date | date: "%Y-%m-%d %H:%M UTC" }}</time>
{%- if page.category and page.category != "" %} · <span class="category">{{ page.category | escape }}</span>{% endif %}
{%- if page.authors and page.authors.size > 0 %} · {{ page.authors | join: ", " | escape }}{% endif %}
{%- if page.origin_url and page.origin_url != "" %} · <a href="{{ page.origin_url | escape }}">original</a>{% endif %}</p>
</header>
{%- if page.image and page.image != "" %}{% unless content contains page.image %}
<figure><img src="{{ page.image | relative_url }}" alt=""></figure>
{%- endunless %}{% endif %}
{{ content }}
</article>
</body>
</html>
"#;

/// The home page: every post, newest first.
pub const INDEX_HTML: &str = r#"---
layout: null
---
<!DOCTYPE html>
<html lang="{{ site.lang | default: 'en' }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ site.title | escape }}</title>
<style>
body { max-width: 42rem; margin: 2rem auto; padding: 0 1rem; font: 1rem/1.5 Georgia, serif; color: #222; }
li { margin: .3rem 0; }
small, time { color: #555; }
</style>
</head>
<body>
<h1>{{ site.title | escape }}</h1>
<ul>
{%- for post in site.posts %}
<li><time datetime="{{ post.date | date_to_xmlschema }}">{{ post.date | date: "%Y-%m-%d" }}</time> <a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a>{% if post.category and post.category != "" %} <small>{{ post.category | escape }}</small>{% endif %}</li>
{%- endfor %}
</ul>
</body>
</html>
"#;

/// Jekyll configuration files: if one exists, the archive is already a site.
const SITE_CONFIGS: &[&str] = &["_config.yml", "_config.yaml", "_config.toml"];

/// Files that would give the home page too (`index.html` would conflict).
const INDEX_PAGES: &[&str] = &[
    "index.html",
    "index.htm",
    "index.md",
    "index.markdown",
    "index.mkd",
];

/// Writes the scaffold into `archive` unless it was written before (the marker
/// in `state_dir`) or the archive is already a Jekyll site. Returns the files
/// written (none on every later run). Never replaces an existing file.
pub fn ensure_scaffold(archive: &Path, state_dir: &Path) -> Result<Vec<PathBuf>> {
    let marker = state_dir.join(MARKER);
    if marker.exists() {
        return Ok(Vec::new());
    }
    let mut written = Vec::new();
    if !SITE_CONFIGS.iter().any(|name| archive.join(name).exists()) {
        let mut files = vec![
            ("_config.yml", CONFIG_YML),
            ("_layouts/post.html", POST_LAYOUT),
        ];
        if !INDEX_PAGES.iter().any(|name| archive.join(name).exists()) {
            files.push(("index.html", INDEX_HTML));
        }
        for (name, text) in files {
            let path = archive.join(name);
            if create_new(&path, text.as_bytes())? {
                written.push(path);
            }
        }
    }
    let note = format!(
        "Jekyll scaffold handled by newsclip {}; delete this file to have missing scaffold files written again.\n",
        env!("CARGO_PKG_VERSION")
    );
    create_new(&marker, note.as_bytes())?;
    if !written.is_empty() {
        info!(
            archive = %archive.display(),
            files = written.len(),
            "wrote a minimal Jekyll site scaffold (_config.yml, _layouts/post.html)"
        );
    }
    Ok(written)
}

/// Writes `bytes` to `path` only if `path` does not exist: a complete
/// temporary file is linked into place without replacing anything. Returns
/// whether the file was written.
fn create_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if path.exists() {
        return Ok(false);
    }
    let dir = path
        .parent()
        .ok_or_else(|| err(std::io::Error::other("path has no parent directory")))?;
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".newsclip-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(err(e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("archive");
        let state = archive.join(".newsclip");
        std::fs::create_dir_all(&state).unwrap();
        (dir, archive, state)
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn first_run_writes_config_layout_index_and_marker() {
        let (_dir, archive, state) = setup();
        let written = ensure_scaffold(&archive, &state).unwrap();
        assert_eq!(
            written,
            vec![
                archive.join("_config.yml"),
                archive.join("_layouts/post.html"),
                archive.join("index.html"),
            ]
        );
        assert_eq!(read(&archive.join("_config.yml")), CONFIG_YML);
        assert_eq!(read(&archive.join("_layouts/post.html")), POST_LAYOUT);
        assert_eq!(read(&archive.join("index.html")), INDEX_HTML);
        assert!(state.join(MARKER).exists());
        // No temporary file left behind.
        for dir in [&archive, &archive.join("_layouts")] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().file_name();
                assert!(!name.to_string_lossy().ends_with(".tmp"), "{name:?}");
            }
        }
    }

    #[test]
    fn config_turns_liquid_off_for_posts_and_excludes_state() {
        let config: serde_json::Value = serde_saphyr::from_str(CONFIG_YML).unwrap();
        let defaults = config["defaults"].as_array().unwrap();
        let posts = defaults
            .iter()
            .find(|d| d["scope"]["type"] == "posts")
            .expect("defaults for posts");
        assert_eq!(posts["values"]["render_with_liquid"], false);
        assert_eq!(posts["values"]["layout"], "post");
        assert_eq!(posts["values"]["excerpt_separator"], "");
        assert_eq!(posts["scope"]["path"], "");
        let exclude: Vec<&str> = config["exclude"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(exclude.contains(&".newsclip/"), "{exclude:?}");
        assert_eq!(config["future"], true);
        assert_eq!(config["timezone"], "UTC");
    }

    #[test]
    fn layout_shows_title_date_category_image_and_content() {
        for needle in [
            "page.title",
            "page.date",
            "page.category",
            "page.image",
            "{{ content }}",
        ] {
            assert!(POST_LAYOUT.contains(needle), "layout lacks {needle}");
        }
        assert!(INDEX_HTML.starts_with("---\n"), "index needs front matter");
        assert!(INDEX_HTML.contains("site.posts"));
    }

    #[test]
    fn later_runs_never_overwrite_or_recreate() {
        let (_dir, archive, state) = setup();
        ensure_scaffold(&archive, &state).unwrap();
        std::fs::write(archive.join("_config.yml"), "title: Mine\n").unwrap();
        std::fs::remove_file(archive.join("index.html")).unwrap();
        let written = ensure_scaffold(&archive, &state).unwrap();
        assert!(written.is_empty());
        assert_eq!(read(&archive.join("_config.yml")), "title: Mine\n");
        assert!(!archive.join("index.html").exists(), "deleted on purpose");
    }

    #[test]
    fn existing_files_are_kept_even_without_the_marker() {
        let (_dir, archive, state) = setup();
        std::fs::create_dir_all(archive.join("_layouts")).unwrap();
        std::fs::write(archive.join("_layouts/post.html"), "{{ content }}\n").unwrap();
        std::fs::write(archive.join("index.md"), "# Home\n").unwrap();
        let written = ensure_scaffold(&archive, &state).unwrap();
        assert_eq!(written, vec![archive.join("_config.yml")]);
        assert_eq!(read(&archive.join("_layouts/post.html")), "{{ content }}\n");
        assert_eq!(read(&archive.join("index.md")), "# Home\n");
        assert!(
            !archive.join("index.html").exists(),
            "would clash with index.md"
        );
    }

    #[test]
    fn an_existing_site_gets_nothing() {
        let (_dir, archive, state) = setup();
        std::fs::write(archive.join("_config.yml"), "theme: minima\n").unwrap();
        let written = ensure_scaffold(&archive, &state).unwrap();
        assert!(written.is_empty());
        assert_eq!(read(&archive.join("_config.yml")), "theme: minima\n");
        assert!(!archive.join("_layouts").exists(), "would shadow the theme");
        assert!(!archive.join("index.html").exists());
        assert!(state.join(MARKER).exists());
    }

    #[test]
    fn create_new_never_replaces() {
        let (_dir, archive, _state) = setup();
        let path = archive.join("x.txt");
        assert!(create_new(&path, b"one").unwrap());
        assert!(!create_new(&path, b"two").unwrap());
        assert_eq!(read(&path), "one");
    }
}
