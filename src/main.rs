//! The `newsclip` command line: parses arguments, sets up logging, and hands
//! over to the library. Exit codes: 0 all went well; 1 the run finished but a
//! feed or article failed; 2 bad usage, bad configuration or a fatal error;
//! 3 another newsclip run holds the archive's lock (nothing was done).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand, ValueEnum};
use newsclip::config::{parse_http_url, Config, FeedConfig};
use newsclip::extract::Options as ExtractOptions;
use newsclip::pipeline::compose::{article_canonical, compose_post, FeedHints};
use newsclip::pipeline::{Archiver, Summary};
use newsclip::shutdown::{cancel_on_signal, with_grace};
use url::Url;

// Extraction builds and drops a DOM per page: many small allocations that
// mimalloc serves faster than the system allocator (docs/design.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// One pass over the feeds that are due (all with --all), then exit. For cron.
    Crawl {
        #[arg(long, short)]
        config: PathBuf,
        /// Poll every feed, due or not.
        #[arg(long)]
        all: bool,
    },
    /// Run as a daemon: poll each feed on its schedule until SIGTERM/SIGINT.
    Run {
        #[arg(long, short)]
        config: PathBuf,
        /// Serve Prometheus metrics at /metrics and a health check at /healthz on this address.
        #[arg(long)]
        metrics_addr: Option<std::net::SocketAddr>,
    },
    /// Show each feed's last poll, result and next due time, and failed articles.
    Status {
        #[arg(long, short)]
        config: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check the archive: every post parses, every mirrored image exists and matches its hash.
    Verify {
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
        /// Widest srcset candidate taken for an image (the config's `max_image_width`).
        #[arg(long, default_value_t = newsclip::extract::DEFAULT_MAX_IMAGE_WIDTH, value_parser = clap::value_parser!(u32).range(16..))]
        max_image_width: u32,
    },
    /// Rebuild the state database from the posts in the archive.
    Reindex {
        #[arg(long, short)]
        config: PathBuf,
    },
    /// Archive a feed's past: from sitemaps, its archived/paged feed, or a URL list.
    Backfill {
        #[arg(long, short)]
        config: PathBuf,
        /// Posts take this configured feed's category, language and code prefix.
        #[arg(long)]
        feed: String,
        /// Follow the feed's RFC 5005 archive chain or paged feed.
        #[arg(long)]
        archive: bool,
        /// Read this sitemap or sitemap index; without URL, the feed's configured
        /// sitemaps, else those its robots.txt announces. Repeatable.
        #[arg(long, value_name = "URL", num_args = 0..=1, default_missing_value = "")]
        sitemap: Vec<String>,
        /// Archive the URLs listed in FILE, one per line (`-`: standard input).
        #[arg(long, value_name = "FILE|-")]
        urls: Option<String>,
        /// Skip entries dated before DATE (2024-11-01 or RFC 3339).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Skip entries dated after DATE (a bare day includes that whole day).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Fetch at most N articles.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// List the article URLs that would be fetched, one per line; fetch none.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            match e.downcast_ref::<newsclip::error::Error>() {
                Some(newsclip::error::Error::Locked { .. }) => ExitCode::from(3),
                _ => ExitCode::from(2),
            }
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
        Command::Crawl { config, all } => {
            let archiver = open_archive(&config)?;
            let summary = until_shutdown(&archiver, async {
                if all {
                    Ok(archiver.crawl().await)
                } else {
                    archiver.crawl_due(chrono::Utc::now()).await
                }
            })?;
            Ok(report(
                summary,
                summary.feeds_failed > 0 || summary.disk_full,
            ))
        }
        Command::Run {
            config,
            metrics_addr,
        } => {
            let archiver = open_archive(&config)?;
            until_shutdown(&archiver, async {
                newsclip::daemon::run(&archiver, metrics_addr).await?;
                Ok(Summary::default())
            })?;
            tracing::info!("stopped");
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { config } => {
            let config = Config::load(&config)?;
            let report = newsclip::verify::verify(&config)?;
            for problem in &report.problems {
                println!("problem: {problem}");
            }
            for orphan in &report.orphans {
                println!("orphan image (shown by no post): {}", orphan.display());
            }
            println!(
                "{} posts, {} images checked: {} problems, {} orphan images",
                report.posts,
                report.images_checked,
                report.problems.len(),
                report.orphans.len()
            );
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Status { config, json } => {
            let config = Config::load(&config)?;
            let report = newsclip::status::report(&config)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", report.to_text(&config));
            }
            Ok(ExitCode::SUCCESS)
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
            let summary = until_shutdown(&archiver, async {
                Ok(archiver.fetch_urls(urls, &feed).await)
            })?;
            Ok(report(summary, summary.failed > 0))
        }
        Command::Extract {
            file,
            url,
            format,
            batch,
            max_image_width,
        } => {
            let options = ExtractOptions { max_image_width };
            match (batch, file, url) {
                (Some(manifest), _, _) => extract_batch(&manifest, &options),
                (None, Some(file), Some(url)) => extract_one(&file, &url, format, &options),
                _ => bail!("extract needs FILE and --url, or --batch MANIFEST"),
            }
        }
        Command::Backfill {
            config,
            feed,
            archive,
            sitemap,
            urls,
            since,
            until,
            limit,
            dry_run,
        } => {
            use newsclip::pipeline::backfill::{BackfillArgs, BackfillOptions, ProgressMode};
            use std::io::IsTerminal;
            let archiver = open_archive(&config)?;
            let feed = archiver
                .config()
                .feed(&feed)
                .cloned()
                .with_context(|| format!("{}: no feed named `{feed}`", config.display()))?;
            let args = BackfillArgs {
                archive,
                sitemaps: sitemap,
                urls,
                since,
                until,
                limit,
                dry_run,
            };
            let mut options =
                BackfillOptions::from_args(&args, &feed).map_err(anyhow::Error::msg)?;
            options.progress = if std::io::stderr().is_terminal() {
                ProgressMode::Bar
            } else {
                ProgressMode::Log
            };
            let mut report = None;
            until_shutdown(&archiver, async {
                report = Some(
                    archiver
                        .backfill(&feed, &options, &mut std::io::stdout())
                        .await?,
                );
                Ok(Summary::default())
            })?;
            let report = report.unwrap_or_default();
            // A dry run's stdout is the URL list; its summary goes to stderr.
            if dry_run {
                eprintln!("{report}");
            } else {
                println!("{report}");
            }
            Ok(if report.failed > 0 || report.document_errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
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

/// Runs `work` on a fresh runtime; SIGTERM/SIGINT stop new work and leave
/// `shutdown_grace` for the work in flight.
fn until_shutdown(
    archiver: &Archiver,
    work: impl std::future::Future<Output = newsclip::error::Result<Summary>>,
) -> anyhow::Result<Summary> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let token = archiver.shutdown_token();
    let grace = archiver.config().shutdown_grace;
    let result = runtime.block_on(async {
        cancel_on_signal(token.clone());
        with_grace(work, &token, grace).await
    });
    // Extraction threads of abandoned articles are not waited for: they write nothing.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Some(summary) => Ok(summary?),
        None => bail!(
            "stopped before the work in flight could finish; it will be redone by the next run"
        ),
    }
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

fn extract_batch(manifest: &std::path::Path, options: &ExtractOptions) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    newsclip::extract::batch::run_batch(manifest, options, &mut out)
        .with_context(|| format!("batch {}", manifest.display()))?;
    Ok(ExitCode::SUCCESS)
}

fn extract_one(
    file: &std::path::Path,
    url: &str,
    format: OutputFormat,
    options: &ExtractOptions,
) -> anyhow::Result<ExitCode> {
    let url = parse_http_url(url).map_err(|why| anyhow::anyhow!("--url {url}: {why}"))?;
    let html = newsclip::extract::batch::read_page(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let article = newsclip::extract::extract_with(&html, &url, options);
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
