//! The built site in memory, written to disk atomically: into a sibling temporary directory,
//! then swapped in, so a failed build never leaves half a site.

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
    ///
    /// Double-buffered: the tree is written into `.NAME.next` beside `out`, then swapped in;
    /// the replaced tree is kept as `.NAME.prev` and is overwritten in place by the next build.
    /// Rewriting existing files is much cheaper than creating thousands of new inodes
    /// (the ext4 allocator dominated the build of large sites when each build deleted the old
    /// tree and created a new one).
    pub fn write_atomically(&self, out: &Path) -> Result<(), BuildError> {
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
        self.write_tree(&staging)?;
        self.prune(&staging, &staging)?;
        let _ = std::fs::remove_dir_all(&previous);
        if out.exists() {
            std::fs::rename(out, &previous).map_err(|e| BuildError::io(out.display(), e))?;
        }
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the previous site back rather than leave none.
            let _ = std::fs::rename(&previous, out);
            return Err(BuildError::io(out.display(), e));
        }
        Ok(())
    }

    fn write_tree(&self, root: &Path) -> Result<(), BuildError> {
        // Directories first (in order, so parents exist), then the files on a few threads:
        // creating inodes is the kernel's work, and it overlaps well.
        let mut dirs: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
        for rel in self.files.keys() {
            if let Some(dir) = root.join(rel).parent() {
                dirs.insert(dir.to_path_buf());
            }
        }
        for dir in &dirs {
            std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir.display(), e))?;
        }
        let files: Vec<(&String, &Vec<u8>)> = self.files.iter().collect();
        let threads = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 4);
        let chunk = files.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || -> Result<(), BuildError> {
                        for (rel, bytes) in part {
                            let path = root.join(rel);
                            std::fs::write(&path, bytes)
                                .map_err(|e| BuildError::io(path.display(), e))?;
                        }
                        Ok(())
                    })
                })
                .collect();
            for h in handles {
                h.join()
                    .map_err(|_| BuildError::io(root.display(), "a writer thread panicked"))??;
            }
            Ok(())
        })
    }

    /// Removes whatever a previous build left in the reused tree that this build did not write.
    fn prune(&self, root: &Path, dir: &Path) -> Result<(), BuildError> {
        let entries = std::fs::read_dir(dir).map_err(|e| BuildError::io(dir.display(), e))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() {
                self.prune(root, &path)?;
                let prefix = format!("{rel}/");
                let used = self
                    .files
                    .range(prefix.clone()..)
                    .next()
                    .is_some_and(|(k, _)| k.starts_with(&prefix));
                if !used {
                    let _ = std::fs::remove_dir_all(&path);
                }
            } else if !self.files.contains_key(&rel) {
                std::fs::remove_file(&path).map_err(|e| BuildError::io(path.display(), e))?;
            }
        }
        Ok(())
    }
}
