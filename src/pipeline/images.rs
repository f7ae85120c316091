//! Mirroring a post's images into the archive's image store before the post
//! is written (so a post never points to a file that is not there yet), and
//! retrying the images that failed, rewriting their posts once mirrored.

use futures_util::stream::{self, StreamExt};
use tracing::{info, warn};
use url::Url;

use super::Archiver;
use crate::error::{Error, Result};
use crate::extract::figures::escape_url;
use crate::store::atomic::write_atomic;
use crate::store::images::{self, ImageKind, StoredImage};
use crate::store::post::Post;
use crate::store::state::ImageRetry;

impl Archiver {
    /// Mirrors every image `post` shows (its `image` and each Markdown image
    /// of its body) and returns it showing the mirrored copies. An image that
    /// fails keeps its remote URL in the post and is queued for a later run.
    pub(super) async fn mirror_post_images(&self, mut post: Post, post_path: &str) -> Post {
        let mut urls: Vec<String> = post
            .image_urls()
            .filter(|u| is_mirrorable(u))
            .map(str::to_string)
            .collect();
        let mut seen = std::collections::HashSet::new();
        urls.retain(|u| seen.insert(u.clone()));
        for url in urls {
            match self.mirror_image(&url).await {
                Ok(stored) => {
                    show_mirrored(&mut post, &url, &stored.url(&self.config.images.base_url))
                }
                Err(e) => self.remember_image_failure(&url, post_path, &e),
            }
        }
        post
    }

    /// The stored copy of the image at `url`, downloading it if needed. Two
    /// articles showing one image wait for each other: one download.
    async fn mirror_image(&self, url: &str) -> Result<StoredImage> {
        let lock = {
            let mut locks = self.image_locks.lock().unwrap_or_else(|p| p.into_inner());
            locks.entry(url.to_string()).or_default().clone()
        };
        let _only_download_of_this_url = lock.lock().await;
        let archive = &self.config.archive;
        if let Some(stored) = self.state.image(url)? {
            if archive.join(stored.relative_path()).is_file() {
                return Ok(stored);
            }
        }
        let parsed = crate::config::parse_http_url(url).map_err(|reason| Error::InvalidUrl {
            url: url.to_string(),
            reason,
        })?;
        let fetched = self
            .fetcher
            .get_image(&parsed, self.config.images.max_bytes)
            .await?;
        let kind = ImageKind::sniff(&fetched.body).ok_or_else(|| Error::NotImage {
            url: url.to_string(),
            content_type: fetched
                .content_type
                .clone()
                .unwrap_or_else(|| "missing".into()),
        })?;
        let stored = images::store(archive, &fetched.body, kind)?;
        self.state
            .record_image(url, &stored, fetched.body.len() as u64)?;
        Ok(stored)
    }

    fn remember_image_failure(&self, url: &str, post_path: &str, e: &Error) {
        let max_runs = self.config.http.retries.article_runs;
        match self
            .state
            .record_image_failure(url, post_path, &e.to_string(), max_runs)
        {
            Ok(true) => warn!("image given up, the post keeps the remote URL: {e}"),
            Ok(false) => warn!("image not mirrored yet (the post shows the remote URL): {e}"),
            Err(state_error) => {
                warn!("image failed: {e}; and could not be remembered: {state_error}")
            }
        }
    }

    /// Retries the images that failed in earlier runs for posts already
    /// written, and rewrites each post whose image is now mirrored. Posts are
    /// handled concurrently, the images of one post one after the other (each
    /// rewrite reads the post the previous one wrote). Returns how many were mirrored.
    pub(super) async fn retry_images(&self) -> usize {
        let retries = match self.state.image_retries() {
            Ok(r) => r,
            Err(e) => {
                warn!("{e}");
                return 0;
            }
        };
        let mut by_post: Vec<Vec<ImageRetry>> = Vec::new();
        for retry in retries {
            match by_post.last_mut() {
                Some(group) if group[0].post_path == retry.post_path => group.push(retry),
                _ => by_post.push(vec![retry]),
            }
        }
        stream::iter(by_post)
            .take_until(self.shutdown.cancelled())
            .map(|group| self.retry_images_of_post(group))
            .buffer_unordered(self.config.concurrency)
            .fold(0, |total, n| async move { total + n })
            .await
    }

    async fn retry_images_of_post(&self, retries: Vec<ImageRetry>) -> usize {
        let mut mirrored = 0;
        for retry in retries {
            let result = match self.mirror_image(&retry.url).await {
                Ok(stored) => self.rewrite_post(&retry.post_path, &retry.url, &stored),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {
                    mirrored += 1;
                    info!(url = %retry.url, post = %retry.post_path, "image mirrored on retry, post rewritten");
                }
                Err(e) => self.remember_image_failure(&retry.url, &retry.post_path, &e),
            }
        }
        mirrored
    }

    /// Rewrites the post at `post_path` (relative) to show `stored` for `url`.
    fn rewrite_post(&self, post_path: &str, url: &str, stored: &StoredImage) -> Result<()> {
        let file = self.config.archive.join(post_path);
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Read {
            path: file.clone(),
            source,
        })?;
        let mut post = Post::from_text(&text).map_err(|message| Error::Post {
            path: file.clone(),
            message,
        })?;
        show_mirrored(&mut post, url, &stored.url(&self.config.images.base_url));
        write_atomic(&file, post.render().as_bytes())
    }
}

/// Replaces the remote image `remote` by its mirrored `local` URL in the
/// front-matter and in every Markdown image of the body, keeping the
/// original of the lead image as `image_origin`.
fn show_mirrored(post: &mut Post, remote: &str, local: &str) {
    if post.image == remote {
        post.image = local.to_string();
        post.image_origin = remote.to_string();
    }
    let target = format!("]({})", escape_url(remote));
    post.body = post
        .body
        .replace(&target, &format!("]({})", escape_url(local)));
}

/// Whether `url` can be mirrored at all (http or https).
fn is_mirrorable(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}
