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
    /// Directories known to exist in `staging`.
    dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
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
        std::fs::create_dir_all(&staging).map_err(|e| BuildError::io(staging.display(), e))?;
        Ok(Staging {
            out: out.to_path_buf(),
            staging,
            previous,
            dirs: Default::default(),
        })
    }

    /// Writes one file (`ru/privacy/index.html`) into the staging tree.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildError> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            let known = self
                .dirs
                .lock()
                .map_err(|_| BuildError::io(dir.display(), "a writer thread panicked"))?
                .contains(dir);
            if !known {
                std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir.display(), e))?;
                if let Ok(mut dirs) = self.dirs.lock() {
                    dirs.insert(dir.to_path_buf());
                }
            }
        }
        std::fs::write(&path, bytes).map_err(|e| BuildError::io(path.display(), e))
    }

    /// Removes what an earlier build left in the reused tree and this one did not write
    /// (`written` says which files it wrote), then swaps the tree in.
    pub fn commit(self, written: &dyn Fn(&str) -> bool) -> Result<(), BuildError> {
        prune(&self.staging, &self.staging, written)?;
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
        if path.is_dir() {
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
