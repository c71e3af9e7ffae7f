//! The `intake` binary: the Lambda function, and the operator's commands (same
//! configuration, or `--data-dir` for serve's local store): see [`intake::operator::USAGE`].

use intake::operator::{self, USAGE};
use intake::{App, Config};
use lambda_http::lambda_runtime::{self, service_fn, LambdaEvent};
use std::path::PathBuf;
use std::process::ExitCode;

struct Options {
    data_dir: Option<PathBuf>,
    site_url: String,
    words: Vec<String>,
}

/// The arguments after the program's name. An option's value may not look like an option:
/// `--data-dir --help` would otherwise open a store in `./--help`.
fn options(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        data_dir: None,
        site_url: "http://127.0.0.1:8080".into(),
        words: Vec::new(),
    };
    fn value(name: &str, args: &mut impl Iterator<Item = String>) -> Result<String, String> {
        args.next()
            .filter(|v| !v.starts_with("--"))
            .ok_or_else(|| format!("{name} needs a value"))
    }
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data-dir" => o.data_dir = Some(value("--data-dir", &mut args)?.into()),
            "--site-url" => o.site_url = value("--site-url", &mut args)?,
            "--help" | "-h" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => {
                o.words.push(arg);
                o.words.extend(args.by_ref());
            }
        }
    }
    Ok(o)
}

async fn app(o: &Options) -> Result<App, String> {
    match &o.data_dir {
        Some(dir) => App::local(dir, &o.site_url, Default::default())
            .await
            .map_err(|e| e.to_string()),
        None => {
            let config = Config::from_env().map_err(|e| e.to_string())?;
            App::from_config(&config).await.map_err(|e| e.to_string())
        }
    }
}

// One thread: Lambda hands the process one event at a time, and an operator command is one
// sequence of calls; no worker threads to start at init.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    intake::logging::init();
    let o = match options(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("intake: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let command = if o.words.is_empty() {
        None
    } else {
        match operator::parse(&o.words) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("intake: {e}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    };
    let app = match app(&o).await {
        Ok(a) => a,
        Err(e) => {
            // A missing or invalid variable stops the function at init, with the reason.
            tracing::error!(error = %e, "init failed");
            eprintln!("intake: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(command) = command {
        let out = operator::run(&app, command).await;
        if out.ok {
            print!("{}", out.text);
            if !out.text.ends_with('\n') {
                println!();
            }
            return ExitCode::SUCCESS;
        }
        eprintln!("intake: {}", out.text.trim_end());
        return ExitCode::FAILURE;
    }
    let app = &app;
    let handler = service_fn(move |event: LambdaEvent<serde_json::Value>| async move {
        Ok::<_, lambda_runtime::Error>(intake::lambda::on_event(app, event.payload).await)
    });
    match lambda_runtime::run(handler).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("intake: runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::options;

    fn args(words: &[&str]) -> impl Iterator<Item = String> {
        words
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn an_option_takes_a_value_that_is_not_an_option() {
        let o = options(args(&["--data-dir", ".local", "list"])).unwrap();
        assert_eq!(o.data_dir.as_deref(), Some(std::path::Path::new(".local")));
        assert_eq!(o.words, ["list"]);
        for bad in [
            &["--data-dir", "--help"][..],
            &["--site-url"],
            &["--data-dir"],
        ] {
            let e = options(args(bad)).err().unwrap();
            assert!(e.ends_with("needs a value"), "{bad:?}: {e}");
        }
    }
}
