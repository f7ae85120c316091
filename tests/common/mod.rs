//! Test support: an in-process publisher over real loopback HTTP (axum), and
//! helpers to write a configuration and look at the archive it produces.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode};
use axum::response::Response;

/// What the publisher answers on one path.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Wait this long before answering (to trip read timeouts).
    pub delay: Duration,
    pub headers: Vec<(String, String)>,
    /// Answer 304 when the request's If-None-Match equals this.
    pub etag: Option<String>,
    /// Announce the full length but send only half the body, then close.
    pub truncated: bool,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            content_type: Some(content_type.to_string()),
            body: body.into(),
            delay: Duration::ZERO,
            headers: Vec::new(),
            etag: None,
            truncated: false,
        }
    }

    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("text/html; charset=utf-8", body)
    }

    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            content_type: Some("text/plain".into()),
            body: b"error".to_vec(),
            delay: Duration::ZERO,
            headers: Vec::new(),
            etag: None,
            truncated: false,
        }
    }

    /// A redirect to `location` with `status` (301, 302, 307, 308).
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::status(status).header("location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn with_etag(mut self, etag: &str) -> Reply {
        self.etag = Some(etag.to_string());
        self.header("etag", etag)
    }

    pub fn truncated(mut self) -> Reply {
        self.truncated = true;
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

#[derive(Default)]
struct Routes {
    /// Replies in turn; the last one stays once the others are used.
    replies: HashMap<String, Vec<Reply>>,
    hits: HashMap<String, usize>,
    /// Every request: path and arrival time.
    log: Vec<(String, std::time::Instant)>,
}

/// A publisher on 127.0.0.1 with a random port; `{{BASE}}` in bodies is
/// replaced with its base URL.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    routes: Arc<Mutex<Routes>>,
}

impl Site {
    pub async fn start() -> Site {
        let routes = Arc::new(Mutex::new(Routes::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let shared = routes.clone();
        let app = axum::Router::new().fallback(move |req: Request<Body>| {
            let routes = shared.clone();
            async move { answer(&routes, req).await }
        });
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Site {
            base: format!("http://{addr}"),
            routes,
        }
    }

    /// Serves `reply` at `path` (path and query, e.g. `/a/1?x=y`).
    pub fn serve(&self, path: &str, reply: Reply) {
        self.serve_in_turn(path, vec![reply]);
    }

    /// Serves `replies` one per request at `path`, repeating the last one.
    pub fn serve_in_turn(&self, path: &str, replies: Vec<Reply>) {
        let replies = replies
            .into_iter()
            .map(|mut reply| {
                if let Ok(text) = String::from_utf8(reply.body.clone()) {
                    reply.body = text.replace("{{BASE}}", &self.base).into_bytes();
                }
                for (_, value) in &mut reply.headers {
                    *value = value.replace("{{BASE}}", &self.base);
                }
                reply
            })
            .collect();
        self.routes
            .lock()
            .unwrap()
            .replies
            .insert(path.to_string(), replies);
    }

    /// Arrival times of the requests for `path`.
    pub fn times(&self, path: &str) -> Vec<std::time::Instant> {
        let routes = self.routes.lock().unwrap();
        routes
            .log
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, t)| *t)
            .collect()
    }

    /// Every request so far: path and arrival time.
    pub fn log(&self) -> Vec<(String, std::time::Instant)> {
        self.routes.lock().unwrap().log.clone()
    }

    /// How many requests `path` has received.
    pub fn hits(&self, path: &str) -> usize {
        self.routes
            .lock()
            .unwrap()
            .hits
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

async fn answer(routes: &Mutex<Routes>, req: Request<Body>) -> Response {
    let key = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let reply = {
        let mut routes = routes.lock().unwrap();
        *routes.hits.entry(key.clone()).or_default() += 1;
        routes.log.push((key.clone(), std::time::Instant::now()));
        match routes.replies.get_mut(&key) {
            Some(list) if list.len() > 1 => Some(list.remove(0)),
            Some(list) => list.first().cloned(),
            None => None,
        }
    };
    let Some(reply) = reply else {
        return Response::builder()
            .status(404)
            .body(Body::from("not found"))
            .unwrap();
    };
    tokio::time::sleep(reply.delay).await;
    let if_none_match = req
        .headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok());
    let not_modified = reply.etag.is_some() && reply.etag.as_deref() == if_none_match;
    let full_length = reply.body.len();
    let body = if reply.truncated {
        // A stream that ends early: the client was promised `full_length` bytes.
        let half = reply.body[..full_length / 2].to_vec();
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
            Ok(half),
            Err(std::io::Error::other("connection reset mid-body")),
        ];
        Body::from_stream(futures_util::stream::iter(chunks))
    } else if not_modified {
        Body::empty()
    } else {
        Body::from(reply.body)
    };
    let mut response = Response::new(body);
    *response.status_mut() = if not_modified {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::from_u16(reply.status).unwrap()
    };
    let headers = response.headers_mut();
    if let Some(ct) = reply.content_type {
        headers.insert("content-type", HeaderValue::from_str(&ct).unwrap());
    }
    if reply.truncated {
        headers.insert("content-length", HeaderValue::from(full_length));
    }
    for (name, value) in reply.headers {
        headers.insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(&value).unwrap(),
        );
    }
    response
}

/// A feed entry in the fixtures' feeds.
pub struct Entry<'a> {
    pub path: &'a str,
    pub title: &'a str,
    /// RFC 3339.
    pub date: &'a str,
}

pub fn rss(entries: &[Entry]) -> String {
    let items: String = entries
        .iter()
        .map(|e| {
            let date = chrono::DateTime::parse_from_rfc3339(e.date).unwrap().to_rfc2822();
            format!(
                "<item><title>{}</title><link>{{{{BASE}}}}{}</link><pubDate>{date}</pubDate></item>",
                e.title, e.path
            )
        })
        .collect();
    format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Test</title><link>{{{{BASE}}}}/</link><description>d</description>{items}</channel></rss>")
}

pub fn atom(entries: &[Entry]) -> String {
    let items: String = entries
        .iter()
        .map(|e| {
            format!(
                "<entry><title>{}</title><id>{{{{BASE}}}}{}</id><link href=\"{{{{BASE}}}}{}\"/><updated>{}</updated></entry>",
                e.title, e.path, e.path, e.date
            )
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Test</title><id>urn:test</id><updated>2024-11-16T00:00:00Z</updated>{items}</feed>")
}

pub fn json_feed(entries: &[Entry]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                r#"{{"id":"{{{{BASE}}}}{p}","url":"{{{{BASE}}}}{p}","title":"{t}","date_published":"{d}"}}"#,
                p = e.path,
                t = e.title,
                d = e.date
            )
        })
        .collect();
    format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":"Test","items":[{}]}}"#,
        items.join(",")
    )
}

/// A plain article page.
pub fn article_page(title: &str, date: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} - Test Times</title>\
         <meta property=\"article:published_time\" content=\"{date}\"></head>\
         <body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer>© Test Times</footer></body></html>"
    )
}

/// The date every fixture feed gives its entries.
pub const FEED_DATE: &str = "2024-11-16T08:30:00Z";

/// A feed entry for `path`, titled and dated like every fixture's.
pub fn entry(path: &str) -> Entry<'_> {
    Entry {
        path,
        title: "Feed title",
        date: FEED_DATE,
    }
}

/// Serves an RSS feed at `/feed.rss` listing `paths`.
pub fn serve_feed<S: AsRef<str>>(site: &Site, paths: &[S]) {
    let entries: Vec<Entry> = paths.iter().map(|p| entry(p.as_ref())).collect();
    site.serve("/feed.rss", Reply::ok("application/rss+xml", rss(&entries)));
}

/// `len` bytes that pass for a PNG (the image store trusts magic bytes only),
/// distinct per `seed`.
pub fn png(seed: usize, len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(&(seed as u64).to_le_bytes());
    bytes.resize(len.max(bytes.len()), (seed % 251) as u8);
    bytes
}

/// An article page whose body starts with a figure holding `img` (HTML).
pub fn page_with_figure(title: &str, img: &str) -> String {
    let figure = format!(
        "<figure>{img}<figcaption>A caption that describes the picture in a few words.</figcaption></figure>"
    );
    article_page(title, "2024-11-16T09:30:00Z", PARAGRAPHS).replacen(
        "<p>",
        &format!("{figure}<p>"),
        1,
    )
}

/// Serves articles `/a/0` .. `/a/{n-1}`, each answering after `delay` and,
/// with `image_len`, showing its own image `/img/{i}.png` of that size; and
/// a feed at `/feed.rss` listing them.
pub fn publish_series(site: &Site, n: usize, image_len: Option<usize>, delay: Duration) {
    let paths: Vec<String> = (0..n).map(|i| format!("/a/{i}")).collect();
    for (i, path) in paths.iter().enumerate() {
        let title = format!("Story number {i} of the series");
        let page = match image_len {
            Some(len) => {
                site.serve(
                    &format!("/img/{i}.png"),
                    Reply::ok("image/png", png(i, len)),
                );
                page_with_figure(&title, &format!("<img src=\"/img/{i}.png\" alt=\"x\">"))
            }
            None => article_page(&title, "2024-11-16T09:30:00Z", PARAGRAPHS),
        };
        site.serve(path, Reply::html(page).delayed(delay));
    }
    serve_feed(site, &paths);
}

/// Serves an ordinary, well-formed article at `/good`.
pub fn serve_good_article(site: &Site) {
    let page = article_page(
        "Tram line extended north",
        "2024-11-16T09:30:00Z",
        PARAGRAPHS,
    );
    site.serve("/good", Reply::html(page));
}

/// Ordinary article text, long enough to be the page's main content.
pub const PARAGRAPHS: &[&str] = &[
    "The city council voted on Tuesday to extend the tram line to the northern suburbs, ending a debate that had lasted for more than a decade.",
    "Construction is expected to start next spring and to take three years, according to the transport department, which will publish a timetable in the coming weeks.",
    "Residents of the affected streets will be consulted before the final route is fixed, the mayor said after the vote.",
];

/// Writes a configuration for `site` with the given feeds (name, path,
/// category) into `dir`, archiving into `dir/archive`.
pub fn write_config(dir: &Path, site: &Site, feeds: &[(&str, &str, &str)], extra: &str) -> PathBuf {
    let mut yaml = format!(
        "archive: {}\nrate_per_host: 200\ntimeouts: {{connect: 2, read: 1, total: 3}}\n\
         retries: {{attempts: 2, base_delay: 0.05, max_delay: 2}}\n{extra}feeds:\n",
        dir.join("archive").display()
    );
    for (name, path, category) in feeds {
        yaml.push_str(&format!(
            "  - name: {name}\n    url: {}\n    category: {category}\n",
            site.url(path)
        ));
    }
    let file = dir.join("feeds.yaml");
    std::fs::write(&file, yaml).unwrap();
    file
}

/// Every file under `dir`, relative, sorted (dot-directories like the state skipped).
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_name().to_string_lossy() == ".newsclip" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The posts under an archive (what Jekyll publishes: no dot-files),
/// relative to it, sorted.
pub fn posts_under(archive: &Path) -> Vec<String> {
    files_under(archive)
        .into_iter()
        .filter(|f| f.starts_with("_posts/") && f.ends_with(".md") && !f.contains("/."))
        .collect()
}

/// Temporary files under an archive (left only by a crash).
pub fn temp_files_under(archive: &Path) -> Vec<String> {
    files_under(archive)
        .into_iter()
        .filter(|f| {
            f.rsplit('/')
                .next()
                .is_some_and(|n| n.starts_with(".newsclip-"))
        })
        .collect()
}

/// (path, modification time) of every post, to prove a run wrote nothing.
pub fn snapshot(dir: &Path) -> Vec<(String, std::time::SystemTime, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let p = dir.join(&f);
            (
                f,
                std::fs::metadata(&p).unwrap().modified().unwrap(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect()
}

/// Runs `newsclip crawl --all --config CONFIG` in a process of its own and
/// asserts it finished successfully (its stderr shown otherwise).
pub async fn crawl_all_in_process(config: &Path) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_newsclip"))
        .args(["crawl", "--all", "--config"])
        .arg(config)
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
