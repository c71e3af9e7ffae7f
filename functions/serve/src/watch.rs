//! Rebuilds the site when content, strings, templates or assets change. A failed build is
//! printed and the last good site keeps being served (the build swaps atomically).

use site::BuildOptions;
use std::sync::mpsc;
use std::time::Duration;

pub fn spawn(options: BuildOptions) -> notify::Result<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(e) = event {
            if !matches!(e.kind, notify::EventKind::Access(_)) {
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
            match site::build(&options) {
                Ok(summary) => println!("serve: rebuilt: {summary}"),
                Err(e) => eprintln!("serve: build failed, still serving the last good site: {e}"),
            }
        }
    });
    Ok(watcher)
}
