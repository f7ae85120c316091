//! The image store: a content-addressed mirror of every image a post shows,
//! at `assets/img/<first 2 hex>/<sha256>.<ext>` under the archive, so the
//! same picture in many articles is kept once and a file's name proves its
//! content.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::store::atomic::write_atomic;

/// Where mirrored images live, relative to the archive root.
pub const IMAGES_DIR: &str = "assets/img";

/// An image kind recognised from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Avif,
}

impl ImageKind {
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "jpg",
            ImageKind::Png => "png",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
            ImageKind::Avif => "avif",
        }
    }

    /// Recognises a raster image by its magic bytes. The Content-Type is not
    /// trusted: servers send HTML error pages as image/jpeg. SVG is refused on
    /// purpose: it can carry scripts, which the published site would serve.
    pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(ImageKind::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(ImageKind::Png),
            [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some(ImageKind::Gif),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => {
                Some(ImageKind::Webp)
            }
            [_, _, _, _, b'f', b't', b'y', b'p', b'a', b'v', b'i', b'f' | b's', ..] => {
                Some(ImageKind::Avif)
            }
            _ => None,
        }
    }
}

/// A stored image: its content hash and extension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImage {
    pub sha256: String,
    pub ext: String,
}

impl StoredImage {
    /// The path relative to the archive root, with `/` separators.
    pub fn relative_path(&self) -> String {
        format!(
            "{IMAGES_DIR}/{}/{}.{}",
            &self.sha256[..2],
            self.sha256,
            self.ext
        )
    }

    /// The URL a post uses for it, under `base_url` (e.g. `/assets/img`).
    pub fn url(&self, base_url: &str) -> String {
        format!(
            "{}/{}/{}.{}",
            base_url.trim_end_matches('/'),
            &self.sha256[..2],
            self.sha256,
            self.ext
        )
    }

    /// Reads a stored image back from a mirrored URL under `base_url`.
    pub fn from_url(url: &str, base_url: &str) -> Option<StoredImage> {
        let rest = url
            .strip_prefix(base_url.trim_end_matches('/'))?
            .strip_prefix('/')?;
        let (dir, file) = rest.split_once('/')?;
        let (sha256, ext) = file.rsplit_once('.')?;
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            && dir == &sha256[..2]
            && ["jpg", "png", "gif", "webp", "avif"].contains(&ext);
        valid.then(|| StoredImage {
            sha256: sha256.to_string(),
            ext: ext.to_string(),
        })
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores `bytes` (already known to be of `kind`) under `archive`, once:
/// an existing file of the same hash is kept as is.
pub fn store(archive: &Path, bytes: &[u8], kind: ImageKind) -> Result<StoredImage> {
    let image = StoredImage {
        sha256: sha256_hex(bytes),
        ext: kind.extension().to_string(),
    };
    let path = archive.join(image.relative_path());
    if !path.exists() {
        write_atomic(&path, bytes)?;
        crate::metrics::METRICS.images_stored.inc();
    }
    Ok(image)
}

/// Every image file in the store, for finding orphans.
pub fn all_files(archive: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(archive.join(IMAGES_DIR)) else {
        return out;
    };
    for dir in dirs.flatten() {
        if let Ok(files) = std::fs::read_dir(dir.path()) {
            out.extend(files.flatten().map(|f| f.path()).filter(|p| p.is_file()));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn kinds_are_recognised_by_their_bytes_only() {
        assert_eq!(
            ImageKind::sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"),
            Some(ImageKind::Jpeg)
        );
        assert_eq!(ImageKind::sniff(PNG), Some(ImageKind::Png));
        assert_eq!(ImageKind::sniff(b"GIF89a\x01\0"), Some(ImageKind::Gif));
        assert_eq!(
            ImageKind::sniff(b"RIFF\x24\0\0\0WEBPVP8 "),
            Some(ImageKind::Webp)
        );
        assert_eq!(
            ImageKind::sniff(b"\0\0\0\x1cftypavif\0\0"),
            Some(ImageKind::Avif)
        );
        assert_eq!(ImageKind::sniff(b"<!doctype html><html>"), None);
        assert_eq!(
            ImageKind::sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\">"),
            None
        );
        assert_eq!(ImageKind::sniff(b""), None);
    }

    #[test]
    fn identical_bytes_are_stored_once_under_their_hash() {
        let dir = tempfile::tempdir().unwrap();
        let a = store(dir.path(), PNG, ImageKind::Png).unwrap();
        let b = store(dir.path(), PNG, ImageKind::Png).unwrap();
        assert_eq!(a, b);
        assert_eq!(all_files(dir.path()).len(), 1);
        assert!(a
            .relative_path()
            .starts_with(&format!("assets/img/{}/", &a.sha256[..2])));
        let url = a.url("/assets/img/");
        assert_eq!(
            url,
            format!("/assets/img/{}/{}.png", &a.sha256[..2], a.sha256)
        );
        assert_eq!(StoredImage::from_url(&url, "/assets/img"), Some(a));
        assert_eq!(
            StoredImage::from_url("https://cdn.example/x.png", "/assets/img"),
            None
        );
    }
}
