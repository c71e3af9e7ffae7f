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

pub fn spawn(
    options: BuildOptions,
    live: Arc<Live>,
    on_success: Box<dyn Fn() + Send>,
) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel::<()>();
    let out = options.out.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event {
            // The build's own writes (an output directory inside the project) are not edits.
            let own = !e.paths.is_empty() && e.paths.iter().all(|p| p.starts_with(&out));
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
