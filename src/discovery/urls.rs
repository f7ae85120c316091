//! A list of article URLs, one per line, from a file or standard input.
//! Blank lines and `#` comments are skipped. The list is read by a thread
//! into a bounded channel, so a list of millions of lines is never held.

use std::io::BufRead;
use std::path::PathBuf;

use tokio::sync::mpsc;
use url::Url;

use crate::config::parse_http_url;

/// Where the list comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlList {
    File(PathBuf),
    Stdin,
}

impl std::fmt::Display for UrlList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UrlList::File(p) => write!(f, "{}", p.display()),
            UrlList::Stdin => f.write_str("standard input"),
        }
    }
}

/// One line of the list that holds something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlLine {
    Url(Url),
    /// Not an http(s) URL: the line number, and why.
    Invalid {
        line: usize,
        why: String,
    },
    /// The list could not be read further.
    Error(String),
}

/// What a line says: nothing (blank, comment), a URL, or why it is not one.
pub fn parse_line(line: &str) -> Option<Result<Url, String>> {
    let text = line.trim().trim_start_matches('\u{feff}');
    if text.is_empty() || text.starts_with('#') {
        return None;
    }
    Some(parse_http_url(text).map_err(|why| format!("{text:?} {why}")))
}

/// Opens `list` (a missing file is an error now) and reads it on a thread;
/// the receiver gets at most `capacity` lines ahead of its consumer.
pub fn read_list(list: &UrlList, capacity: usize) -> std::io::Result<mpsc::Receiver<UrlLine>> {
    let input: Box<dyn BufRead + Send> = match list {
        UrlList::File(path) => Box::new(std::io::BufReader::new(std::fs::File::open(path)?)),
        UrlList::Stdin => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let (tx, rx) = mpsc::channel(capacity.max(1));
    std::thread::spawn(move || {
        for (i, line) in input.lines().enumerate() {
            let message = match line {
                Ok(line) => match parse_line(&line) {
                    None => continue,
                    Some(Ok(url)) => UrlLine::Url(url),
                    Some(Err(why)) => UrlLine::Invalid { line: i + 1, why },
                },
                Err(e) => UrlLine::Error(e.to_string()),
            };
            let stop = matches!(message, UrlLine::Error(_));
            // The consumer is gone (limit reached, shutdown): stop reading.
            if tx.blocking_send(message).is_err() || stop {
                return;
            }
        }
    });
    Ok(rx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        assert_eq!(parse_line("  "), None);
        assert_eq!(parse_line("# note"), None);
        assert_eq!(
            parse_line(" https://news.example/a/1 ")
                .unwrap()
                .unwrap()
                .as_str(),
            "https://news.example/a/1"
        );
        assert!(parse_line("mailto:x@example.com").unwrap().is_err());
    }

    #[tokio::test]
    async fn file_list_streams_through_a_small_channel() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("urls.txt");
        let text: String = (0..50)
            .map(|i| format!("https://news.example/a/{i}\n"))
            .collect::<String>()
            + "not a url\n";
        std::fs::write(&path, text).unwrap();
        let mut rx = read_list(&UrlList::File(path), 2).unwrap();
        let mut urls = 0;
        let mut invalid = Vec::new();
        while let Some(line) = rx.recv().await {
            match line {
                UrlLine::Url(_) => urls += 1,
                UrlLine::Invalid { line, .. } => invalid.push(line),
                UrlLine::Error(e) => panic!("{e}"),
            }
        }
        assert_eq!((urls, invalid), (50, vec![51]));
        assert!(read_list(&UrlList::File(dir.path().join("missing")), 2).is_err());
    }
}
