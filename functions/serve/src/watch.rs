//! Rebuilds the site when content, strings, templates or assets change. A failed build is
//! printed, shown in the browser (see `live`) and the last good site stays on disk; a good one
//! also gives the function's e-mails the content on disk.

use crate::live::Live;
use site::BuildOptions;
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Builds once and reports the outcome to the terminal and to open pages.
pub fn build_and_report(options: &BuildOptions, live: &Live, on_success: &dyn Fn()) {
    match site::build(options) {
        Ok(summary) => {
            println!("serve: built: {summary}");
            on_success();
            live.succeeded();
        }
        Err(e) => {
            eprintln!("serve: build failed (the browser shows the errors; the last good site stays on disk):\n{e}");
            live.failed(e.to_string());
        }
    }
}

/// Whether an event's paths are all the build's own writes: under its output directory, or
/// the digests file (`digests`: its path in the project).
fn builds_own(
    paths: &[std::path::PathBuf],
    out: &std::path::Path,
    digests: &std::path::Path,
) -> bool {
    !paths.is_empty()
        && paths
            .iter()
            .all(|p| p.starts_with(out) || p.ends_with(digests))
}

pub fn spawn(
    options: BuildOptions,
    live: Arc<Live>,
    on_success: Box<dyn Fn() + Send>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel::<()>();
    let out = options.out.clone();
    // The build also rewrites `content/page-digests.toml` when the pages' text changed: seen
    // as an edit, it started a second build and a second reload of every open page. Matched
    // by its path in the project, as the watcher may report it absolute or relative.
    let digests = std::path::Path::new(site::policy_data::DIGESTS_FILE);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event {
            // The build's own writes (an output directory inside the project, the digests
            // file) are not edits.
            let own = builds_own(&e.paths, &out, digests);
            if !matches!(e.kind, notify::EventKind::Access(_)) && !own {
                let _ = tx.send(());
            }
        }
    })?;
    for dir in options.project.watched() {
        watcher.watch(&dir, RecursiveMode::Recursive)?;
    }
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            // Editors save in bursts (temp file, rename): wait for the burst to end.
            while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
            build_and_report(&options, &live, &*on_success);
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::builds_own;
    use std::path::{Path, PathBuf};

    #[test]
    fn the_digests_file_and_the_output_are_the_builds_own_writes_nothing_else() {
        let (out, digests) = (
            Path::new("/p/.local/site"),
            Path::new("content/page-digests.toml"),
        );
        let own = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            builds_own(&paths, out, digests)
        };
        assert!(own(&["/p/content/page-digests.toml"]));
        assert!(own(&[
            "./content/page-digests.toml",
            "/p/.local/site/ru/index.html"
        ]));
        assert!(!own(&["/p/content/facts.toml"]));
        assert!(!own(&[
            "/p/content/page-digests.toml",
            "/p/content/ru/privacy.md"
        ]));
        assert!(!own(&["/p/content/ru/page-digests.toml.md"]));
        assert!(!own(&[]));
    }
}
