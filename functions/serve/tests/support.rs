//! Starting `serve` as a process, as an editor or the load script does.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Serve {
    child: Child,
    pub origin: String,
    _data: tempfile::TempDir,
}

impl Serve {
    /// Starts `serve --port 0` with `env` (for DynamoDB/SMTP) or the embedded default.
    pub fn start(env: &[(&str, String)]) -> Serve {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        Serve::start_at(&root, env)
    }

    /// Starts `serve` on the project at `root` (a scratch copy, for tests that edit content).
    pub fn start_at(root: &std::path::Path, env: &[(&str, String)]) -> Serve {
        let data = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_serve"));
        cmd.args(["--port", "0", "--data-dir"])
            .arg(data.path())
            .arg("--root")
            .arg(root)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for var in ["REQUESTS_TABLE", "SMTP_URL", "SMTP_URL_PARAMETER"] {
            cmd.env_remove(var);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start serve");
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut origin = None;
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 {
            if let Some(rest) = line.trim().strip_prefix("serve: listening on ") {
                origin = Some(rest.split('/').take(3).collect::<Vec<_>>().join("/"));
                break;
            }
            line.clear();
        }
        let origin = origin.unwrap_or_else(|| panic!("serve did not start: {line}"));
        // Keep draining stdout so serve never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in reader.lines().map_while(Result::ok) {
                if line.contains("WARN") || line.contains("ERROR") {
                    eprintln!("serve: {line}");
                }
            }
        });
        Serve {
            child,
            origin,
            _data: data,
        }
    }
}

impl Serve {
    /// The data directory (`--data-dir`): store, outbox, built site.
    pub fn data_dir(&self) -> &std::path::Path {
        self._data.path()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
