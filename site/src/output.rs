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
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let result = self.write_tree(&staging);
        if let Err(e) = result {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        if out.exists() {
            std::fs::rename(out, &old).map_err(|e| BuildError::io(out.display(), e))?;
        }
        if let Err(e) = std::fs::rename(&staging, out) {
            // Put the previous site back rather than leave none.
            let _ = std::fs::rename(&old, out);
            return Err(BuildError::io(out.display(), e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    }

    fn write_tree(&self, root: &Path) -> Result<(), BuildError> {
        for (rel, bytes) in &self.files {
            let path = root.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir.display(), e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| BuildError::io(path.display(), e))?;
        }
        Ok(())
    }
}
