//! Batch extraction for benchmarks and `newsclip extract --batch`: reads a
//! JSON Lines manifest (`{"id", "path", "url"}`), extracts every page on two
//! worker threads and writes one JSON object per page, in manifest order.
//! A page that cannot be read yields a line of nulls and a note on stderr;
//! the batch never aborts for one page.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{SecondsFormat, Utc};
use serde_json::{json, Value};
use url::Url;

use super::{extract_with, Article, Options};

/// Counts of a batch run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BatchStats {
    pub pages: usize,
    pub failed: usize,
}

/// Worker threads: one per core this process may use (its CPU affinity and
/// cgroup quota, so `taskset` or a container limit is honoured), never more
/// than there are pages.
fn worker_count(pages: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(pages).max(1)
}

struct Job {
    id: String,
    path: String,
    url: String,
}

/// Runs the manifest and writes JSON Lines to `out`. Only I/O errors on the
/// manifest or the output stop the batch.
pub fn run_batch(
    manifest: &Path,
    options: &Options,
    out: &mut impl Write,
) -> std::io::Result<BatchStats> {
    let file = std::fs::File::open(manifest)?;
    let mut jobs = Vec::new();
    let mut bad_lines = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match parse_job(&line) {
            Some(j) => jobs.push(j),
            None => bad_lines.push(n + 1),
        }
    }
    for n in bad_lines {
        eprintln!("manifest line {n}: not a {{\"id\",\"path\",\"url\"}} object, skipped");
    }
    let results: Vec<Mutex<Option<(String, bool)>>> =
        jobs.iter().map(|_| Mutex::new(None)).collect();
    // Largest pages first, so no worker is left with a big page at the end
    // while the other idles (output order stays the manifest's).
    let mut schedule: Vec<(u64, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, j)| (std::fs::metadata(&j.path).map_or(0, |m| m.len()), i))
        .collect();
    schedule.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..worker_count(jobs.len()) {
            s.spawn(|| loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(_, i)) = schedule.get(n) else {
                    break;
                };
                let job = &jobs[i];
                let line = run_job(job, options);
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(line);
                }
            });
        }
    });
    let mut stats = BatchStats::default();
    for (job, slot) in jobs.iter().zip(results) {
        let (line, ok) = slot
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| (failed_json(&job.id).to_string(), false));
        stats.pages += 1;
        if !ok {
            stats.failed += 1;
        }
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(stats)
}

fn parse_job(line: &str) -> Option<Job> {
    let v: Value = serde_json::from_str(line).ok()?;
    Some(Job {
        id: v.get("id")?.as_str()?.to_string(),
        path: v.get("path")?.as_str()?.to_string(),
        url: v
            .get("url")
            .and_then(|u| u.as_str())
            .unwrap_or("")
            .to_string(),
    })
}

/// Extracts one page; a panic or unreadable file becomes a null line.
fn run_job(job: &Job, options: &Options) -> (String, bool) {
    let html = match read_page(Path::new(&job.path)) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{}: cannot read {}: {e}", job.id, job.path);
            return (failed_json(&job.id).to_string(), false);
        }
    };
    let url = Url::parse(&job.url)
        .or_else(|_| Url::parse("http://localhost/"))
        .expect("static URL parses");
    match std::panic::catch_unwind(|| extract_with(&html, &url, options)) {
        Ok(article) => (article_json(&job.id, &article).to_string(), true),
        Err(_) => {
            eprintln!("{}: extraction failed", job.id);
            (failed_json(&job.id).to_string(), false)
        }
    }
}

/// Reads a page file (gzip when it ends in `.gz`) and decodes it to text.
pub fn read_page(path: &Path) -> std::io::Result<String> {
    let mut bytes = std::fs::read(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut raw = Vec::with_capacity(gzip_size_hint(&bytes));
        flate2::read::MultiGzDecoder::new(bytes.as_slice()).read_to_end(&mut raw)?;
        bytes = raw;
    }
    Ok(crate::fetch::charset::decode_html_owned(bytes, None))
}

/// The uncompressed size a gzip member declares in its trailer (modulo 4 GiB;
/// capped, since a lying trailer must not make us allocate gigabytes).
/// Only a capacity hint: reading to the end never depends on it.
fn gzip_size_hint(gz: &[u8]) -> usize {
    const MAX_HINT: usize = 64 << 20;
    gz.len()
        .checked_sub(4)
        .map(|at| u32::from_le_bytes([gz[at], gz[at + 1], gz[at + 2], gz[at + 3]]) as usize)
        .map_or(0, |n| n.min(MAX_HINT))
}

/// The batch/CLI JSON form of an article.
pub fn article_json(id: &str, a: &Article) -> Value {
    let images: Vec<Value> = a
        .lead
        .iter()
        .chain(a.figures.iter())
        .map(|f| json!({"url": f.url, "caption": f.caption, "credit": f.credit}))
        .collect();
    json!({
        "id": id,
        "title": a.title,
        "date": a.published.map(|d| d.with_timezone(&Utc).to_rfc3339_opts(SecondsFormat::Millis, true)),
        "image": a.lead.as_ref().map(|f| f.url.clone()),
        "images": images,
        "authors": a.authors,
        "text": a.text,
        "description": a.description,
        "language": a.language,
        "canonical_url": a.canonical_url,
        "markdown": a.body_markdown,
    })
}

fn failed_json(id: &str) -> Value {
    json!({
        "id": id, "title": null, "date": null, "image": null, "images": [],
        "authors": [], "text": null, "description": null, "language": null, "markdown": null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_are_at_least_one_and_never_more_than_pages() {
        assert_eq!(worker_count(0), 1);
        assert_eq!(worker_count(1), 1);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(worker_count(1000), cores);
    }

    #[test]
    fn unreadable_pages_give_null_lines() {
        let dir = std::env::temp_dir().join(format!("newsclip-batch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = dir.join("a.html");
        std::fs::write(&page, "<html><head><title>T</title></head><body><p>Hello there, this is text.</p></body></html>").unwrap();
        let manifest = dir.join("m.jsonl");
        std::fs::write(
            &manifest,
            format!(
                "{}\n{}\n",
                json!({"id": "ok", "path": page, "url": "https://e.com/a"}),
                json!({"id": "missing", "path": dir.join("nope.html"), "url": "https://e.com/b"})
            ),
        )
        .unwrap();
        let mut out = Vec::new();
        let stats = run_batch(&manifest, &Options::default(), &mut out).unwrap();
        assert_eq!(
            stats,
            BatchStats {
                pages: 2,
                failed: 1
            }
        );
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["id"], "ok");
        assert_eq!(lines[1]["id"], "missing");
        assert!(lines[1]["title"].is_null());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn gzip_pages_read_whole_whatever_their_size_hint() {
        use std::io::Write as _;
        let dir = std::env::temp_dir().join(format!("newsclip-gz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "<p>Grüße ".repeat(50_000);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(text.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(gzip_size_hint(&gz), text.len());
        assert_eq!(gzip_size_hint(&gz[..3]), 0);
        assert_eq!(gzip_size_hint(&[0xff; 8]), 64 << 20);
        let page = dir.join("p.html.gz");
        std::fs::write(&page, &gz).unwrap();
        assert_eq!(read_page(&page).unwrap(), text);
        std::fs::remove_dir_all(&dir).ok();
    }
}
