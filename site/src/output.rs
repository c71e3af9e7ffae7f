//! The built site on disk, replaced atomically: files are written into a sibling staging
//! directory as they are rendered (`Staging`), which is swapped in only once the build has
//! passed every check, so a failed build never leaves half a site. `Output` is a site held
//! in memory (tests, small tools), written the same way.

use crate::error::BuildError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct Output {
    /// Relative path (`ru/privacy/index.html`) to content.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    pub fn add(&mut self, path: impl Into<String>, content: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), content.into());
    }

    pub fn html_files(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.ends_with(".html"))
    }

    /// Writes everything into `out`, replacing what was there only once all is written.
    pub fn write_atomically(&self, out: &Path) -> Result<(), BuildError> {
        let staging = Staging::begin(out)?;
        for (rel, bytes) in &self.files {
            staging.write(rel, bytes)?;
        }
        staging.commit(&|rel| self.files.contains_key(rel))
    }
}

/// The directory a build writes into as it renders, swapped in once everything is written
/// and checked, so a failed build never leaves half a site.
///
/// Double-buffered: the tree is written into `.NAME.next` beside `out`, then swapped in;
/// the replaced tree is kept as `.NAME.prev` and is overwritten in place by the next build.
/// Rewriting existing files is much cheaper than creating thousands of new inodes
/// (the ext4 allocator dominated the build of large sites when each build deleted the old
/// tree and created a new one).
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    previous: PathBuf,
    /// The tree is the previous build's, rewritten in place (else it was created empty: then
    /// there is nothing to prune and no file to overwrite).
    reused: bool,
}

impl Staging {
    /// Prepares `.NAME.next` (the previous build's `.NAME.prev`, when there is one).
    pub fn begin(out: &Path) -> Result<Staging, BuildError> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent).map_err(|e| BuildError::io(parent.display(), e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.next"));
        let previous = parent.join(format!(".{name}.prev"));
        if !staging.exists() && previous.exists() {
            std::fs::rename(&previous, &staging)
                .map_err(|e| BuildError::io(previous.display(), e))?;
        }
        // A tree left by an interrupted build, or the previous one: rewritten in place.
        let reused = match std::fs::create_dir(&staging) {
            Ok(()) => false,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => true,
            Err(_) => {
                std::fs::create_dir_all(&staging)
                    .map_err(|e| BuildError::io(staging.display(), e))?;
                false
            }
        };
        Ok(Staging {
            out: out.to_path_buf(),
            staging,
            previous,
            reused,
        })
    }

    /// Runs `make` (a write or a link at `path`), making the directory of `path` only when
    /// `make` finds it missing. That is one failed call for a new directory and two fewer
    /// (`mkdir`, `stat`) for one that exists, as in a rebuild over the previous tree; and
    /// nothing to remember: the set of every directory made (70,000 paths at 10,000 pages
    /// per language) was a tenth of the build's memory.
    fn in_dir(path: &Path, make: impl Fn() -> std::io::Result<()>) -> Result<(), BuildError> {
        let err = |e: std::io::Error| BuildError::io(path.display(), e);
        match make() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let dir = path
                    .parent()
                    .ok_or_else(|| BuildError::io(path.display(), "a file with no directory"))?;
                std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir.display(), e))?;
                make().map_err(err)
            }
            other => other.map_err(err),
        }
    }

    /// Writes one file (`ru/privacy/index.html`) into the staging tree.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.staging.join(rel);
        // A file of a reused tree may be a hard link (`link`): rewritten in place, the file it
        // shares its bytes with would change too, so it is replaced instead.
        if self.reused && std::fs::symlink_metadata(&path).is_ok_and(|m| shares_bytes(&m)) {
            std::fs::remove_file(&path).map_err(|e| BuildError::io(path.display(), e))?;
        }
        Self::in_dir(&path, || std::fs::write(&path, bytes))
    }

    /// Publishes at `rel` the file already written at `existing` (the same bytes): a hard
    /// link, so the bytes are stored, and an inode created, once.
    pub fn link(&self, rel: &str, existing: &str) -> Result<(), BuildError> {
        let path = self.staging.join(rel);
        let source = self.staging.join(existing);
        Self::in_dir(&path, || match std::fs::hard_link(&source, &path) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&path)?;
                std::fs::hard_link(&source, &path)
            }
            other => other,
        })
    }

    /// Removes what an earlier build left in the reused tree and this one did not write
    /// (`written` says which files it wrote), then swaps the tree in.
    pub fn commit(self, written: &dyn Fn(&str) -> bool) -> Result<(), BuildError> {
        if self.reused {
            prune(&self.staging, &self.staging, written)?;
        }
        let _ = std::fs::remove_dir_all(&self.previous);
        if self.out.exists() {
            std::fs::rename(&self.out, &self.previous)
                .map_err(|e| BuildError::io(self.out.display(), e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.out) {
            // Put the previous site back rather than leave none.
            let _ = std::fs::rename(&self.previous, &self.out);
            return Err(BuildError::io(self.out.display(), e));
        }
        Ok(())
    }
}

/// Whether a file has more than one name (a hard link).
#[cfg(unix)]
fn shares_bytes(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() > 1
}

#[cfg(not(unix))]
fn shares_bytes(_: &std::fs::Metadata) -> bool {
    true
}

/// Removes every file under `dir` that `written` does not name, and the directories left
/// empty. Returns whether anything under `dir` is kept.
fn prune(root: &Path, dir: &Path, written: &dyn Fn(&str) -> bool) -> Result<bool, BuildError> {
    let entries = std::fs::read_dir(dir).map_err(|e| BuildError::io(dir.display(), e))?;
    let mut kept = false;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        // The entry's type comes with the listing: no `stat` per file.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            if prune(root, &path, written)? {
                kept = true;
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if written(&rel) {
            kept = true;
        } else {
            std::fs::remove_file(&path).map_err(|e| BuildError::io(path.display(), e))?;
        }
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn links_serve_the_same_bytes_and_a_rebuild_never_writes_through_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Three builds: the third rewrites the first one's tree in place.
        for round in 0..3 {
            let staging = Staging::begin(&out).unwrap();
            staging.write("ru/p/index.html", b"page").unwrap();
            staging.link("p/index.html", "ru/p/index.html").unwrap();
            staging.commit(&|_| true).unwrap();
            assert_eq!(read(&out.join("p/index.html")), "page", "round {round}");
        }
        // A build where the alias has bytes of its own must not change the page through the
        // link the previous tree holds.
        let staging = Staging::begin(&out).unwrap();
        assert!(staging.reused);
        staging.write("ru/p/index.html", b"page").unwrap();
        staging.write("p/index.html", b"alias").unwrap();
        staging.commit(&|_| true).unwrap();
        assert_eq!(read(&out.join("ru/p/index.html")), "page");
        assert_eq!(read(&out.join("p/index.html")), "alias");
        // And the other way round: the page rewritten after its old alias.
        for _ in 0..2 {
            let staging = Staging::begin(&out).unwrap();
            staging.write("ru/p/index.html", b"page").unwrap();
            staging.link("p/index.html", "ru/p/index.html").unwrap();
            staging.commit(&|_| true).unwrap();
        }
        let staging = Staging::begin(&out).unwrap();
        staging.write("p/index.html", b"alias 2").unwrap();
        staging.write("ru/p/index.html", b"page 2").unwrap();
        staging.commit(&|_| true).unwrap();
        assert_eq!(read(&out.join("ru/p/index.html")), "page 2");
        assert_eq!(read(&out.join("p/index.html")), "alias 2");
    }

    #[test]
    fn directories_are_made_on_first_use_and_a_failure_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        staging.write("a/b/c/index.html", b"deep").unwrap();
        staging.write("a/b/c/other.html", b"same dir").unwrap();
        staging.link("x/y/index.html", "a/b/c/index.html").unwrap();
        // A file where a directory must go: an error with the path, nothing hidden.
        staging.write("f", b"file").unwrap();
        let err = staging.write("f/index.html", b"x").unwrap_err().to_string();
        assert!(err.contains("f/index.html"), "{err}");
        let err = staging
            .link("z/index.html", "missing/index.html")
            .unwrap_err();
        assert!(err.to_string().contains("z/index.html"), "{err}");
        staging.commit(&|_| true).unwrap();
        assert_eq!(read(&out.join("x/y/index.html")), "deep");
        assert_eq!(read(&out.join("a/b/c/other.html")), "same dir");
    }

    #[test]
    fn a_reused_tree_loses_what_this_build_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for files in [
            &["a/index.html", "b/index.html"][..],
            &["a/index.html"],
            &["a/index.html"],
        ] {
            let staging = Staging::begin(&out).unwrap();
            for f in files {
                staging.write(f, f.as_bytes()).unwrap();
            }
            staging.commit(&|rel| files.contains(&rel)).unwrap();
        }
        assert!(out.join("a/index.html").is_file());
        assert!(!out.join("b").exists());
    }
}
