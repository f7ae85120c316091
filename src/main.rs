//! The `newsclip` command line: parses arguments, sets up logging, and hands
//! over to the library. Exit codes: 0 all went well; 1 the run finished but a
//! feed or article failed; 2 bad usage, bad configuration or a fatal error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use newsclip::config::{parse_http_url, Config, FeedConfig};
use newsclip::pipeline::compose::{article_canonical, compose_post, FeedHints};
use newsclip::pipeline::{Archiver, Summary};
use url::Url;

#[derive(Parser)]
#[command(
    name = "newsclip",
    version,
    about = "Archive news feeds as Markdown posts"
)]
struct Cli {
    /// Log lines as human text or as JSON objects (for containers).
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// One pass over all feeds: archive new articles, then exit.
    Crawl {
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Archive the given article URLs.
    Fetch {
        #[arg(long, short)]
        config: PathBuf,
        /// Take category, language and code prefix from this configured feed.
        #[arg(long)]
        feed: Option<String>,
        #[arg(required = true)]
        urls: Vec<String>,
    },
    /// Extract an article from a saved page, offline.
    Extract {
        /// The page (.html or .html.gz).
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        file: Option<PathBuf>,
        /// The URL the page was fetched from (resolves relative links).
        #[arg(long, required_unless_present = "batch")]
        url: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
        format: OutputFormat,
        /// JSON Lines manifest of {"id","path","url"}: one JSON result per line.
        #[arg(long)]
        batch: Option<PathBuf>,
    },
    /// Rebuild the state database from the posts in the archive.
    Reindex {
        #[arg(long, short)]
        config: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // html5ever reports every parse quirk of real pages at warn level.
        .unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new("info,html5ever=error,selectors=error")
        });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Crawl { config } => {
            let archiver = open_archive(&config)?;
            let summary = runtime()?.block_on(archiver.crawl());
            Ok(report(summary, summary.feeds_failed > 0))
        }
        Command::Fetch { config, feed, urls } => {
            let archiver = open_archive(&config)?;
            let urls = urls
                .iter()
                .map(|u| parse_http_url(u).map_err(|why| anyhow::anyhow!("{u}: {why}")))
                .collect::<anyhow::Result<Vec<Url>>>()?;
            let feed = match feed {
                Some(name) => archiver
                    .config()
                    .feed(&name)
                    .cloned()
                    .with_context(|| format!("{}: no feed named `{name}`", config.display()))?,
                None => FeedConfig::adhoc(urls[0].clone()),
            };
            let summary = runtime()?.block_on(archiver.fetch_urls(urls, &feed));
            Ok(report(summary, summary.failed > 0))
        }
        Command::Extract {
            file,
            url,
            format,
            batch,
        } => match (batch, file, url) {
            (Some(manifest), _, _) => extract_batch(&manifest),
            (None, Some(file), Some(url)) => extract_one(&file, &url, format),
            _ => bail!("extract needs FILE and --url, or --batch MANIFEST"),
        },
        Command::Reindex { config } => {
            let archiver = open_archive(&config)?;
            let report = archiver.reindex()?;
            println!(
                "reindexed {} posts; {} unreadable",
                report.indexed,
                report.unreadable.len()
            );
            Ok(if report.unreadable.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn open_archive(config: &std::path::Path) -> anyhow::Result<Archiver> {
    let config = Config::load(config)?;
    Ok(Archiver::open(config)?)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn report(summary: Summary, failed: bool) -> ExitCode {
    tracing::info!("{summary}");
    println!("{summary}");
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn extract_batch(manifest: &std::path::Path) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    newsclip::extract::batch::run_batch(manifest, &mut out)
        .with_context(|| format!("batch {}", manifest.display()))?;
    Ok(ExitCode::SUCCESS)
}

fn extract_one(
    file: &std::path::Path,
    url: &str,
    format: OutputFormat,
) -> anyhow::Result<ExitCode> {
    let url = parse_http_url(url).map_err(|why| anyhow::anyhow!("--url {url}: {why}"))?;
    let html = newsclip::extract::batch::read_page(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let article = newsclip::extract::extract(&html, &url);
    match format {
        OutputFormat::Json => {
            let json =
                newsclip::extract::batch::article_json(&file.display().to_string(), &article);
            println!("{json}");
        }
        OutputFormat::Markdown => {
            let canonical = article_canonical(&article, &url);
            let feed = FeedConfig::adhoc(url.clone());
            let post = compose_post(
                &article,
                &canonical,
                &feed,
                &FeedHints::default(),
                chrono::Utc::now(),
            )?;
            print!("{}", post.render());
        }
    }
    Ok(ExitCode::SUCCESS)
}
