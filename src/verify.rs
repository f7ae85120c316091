//! `newsclip verify`: checks the archive itself, without the network. Every
//! post must parse; every mirrored image a post shows must exist and match
//! the hash in its name. Orphan images (stored, shown by no post) are
//! listed but are not an error: writing the image before the post means a
//! crash in between leaves exactly that, and the next run uses it.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::config::Config;
use crate::error::Result;
use crate::store::images::{self, sha256_hex, StoredImage};
use crate::store::post::Post;
use crate::store::post_files;

/// What verify found.
#[derive(Debug, Default)]
pub struct VerifyReport {
    pub posts: usize,
    pub images_checked: usize,
    /// Each problem names the file at fault and what is wrong.
    pub problems: Vec<String>,
    pub orphans: Vec<PathBuf>,
}

impl VerifyReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the archive of `config`.
pub fn verify(config: &Config) -> Result<VerifyReport> {
    let mut report = VerifyReport::default();
    let base = &config.images.base_url;
    let mut referenced = HashSet::new();
    for file in post_files(&config.archive.join(&config.posts_dir))? {
        report.posts += 1;
        let post = match std::fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|text| Post::from_text(&text))
        {
            Ok(post) => post,
            Err(why) => {
                report
                    .problems
                    .push(format!("{}: unreadable post: {why}", file.display()));
                continue;
            }
        };
        for image in mirrored_images(&post, base) {
            if referenced.insert(image.relative_path()) {
                report.images_checked += 1;
                if let Some(problem) = check_image(config, &image) {
                    report
                        .problems
                        .push(format!("{}: {problem}", file.display()));
                }
            }
        }
    }
    report.orphans = images::all_files(&config.archive)
        .into_iter()
        .filter(|path| {
            let relative = path.strip_prefix(&config.archive).unwrap_or(path);
            let relative = relative.to_string_lossy().replace('\\', "/");
            !referenced.contains(&relative)
        })
        .collect();
    Ok(report)
}

/// The mirrored images a post shows: its `image` and the Markdown images
/// of its body whose URL is under the image base URL.
fn mirrored_images(post: &Post, base: &str) -> Vec<StoredImage> {
    post.image_urls()
        .filter_map(|url| StoredImage::from_url(url, base))
        .collect()
}

/// What is wrong with a stored image, if anything.
fn check_image(config: &Config, image: &StoredImage) -> Option<String> {
    let path = config.archive.join(image.relative_path());
    match std::fs::read(&path) {
        Err(e) => Some(format!(
            "shows {} which cannot be read: {e}",
            path.display()
        )),
        Ok(bytes) if sha256_hex(&bytes) != image.sha256 => Some(format!(
            "shows {} whose content does not match its hash (corrupted)",
            path.display()
        )),
        Ok(_) => None,
    }
}
