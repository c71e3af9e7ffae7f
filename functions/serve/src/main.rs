//! `cargo run --bin serve`: the whole product on a laptop. Builds the site, serves it with
//! the production URL behaviour, answers `POST /requests` with the Lambda's own handler, and
//! rebuilds when content, strings or templates change.

mod live;
mod local;
mod static_files;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: serve [--port N] [--data-dir DIR] [--root DIR]
  --port      port on 127.0.0.1 (default 8080; 0 picks a free one)
  --data-dir  local store, outbox and built site (default .local/)
  --root      project root with content/, locales/, site/ (default .)
With REQUESTS_TABLE and the other variables of the Lambda set, requests go to DynamoDB and
SMTP instead of the local store and outbox.";

pub struct Options {
    pub port: u16,
    pub data_dir: PathBuf,
    pub root: PathBuf,
}

fn parse() -> Result<Options, lexopt::Error> {
    use lexopt::prelude::*;
    let mut o = Options {
        port: 8080,
        data_dir: PathBuf::from(".local"),
        root: PathBuf::from("."),
    };
    let mut p = lexopt::Parser::from_env();
    while let Some(arg) = p.next()? {
        match arg {
            Long("port") => o.port = p.value()?.parse()?,
            Long("data-dir") => o.data_dir = p.value()?.into(),
            Long("root") => o.root = p.value()?.into(),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(o)
}

#[tokio::main]
async fn main() -> ExitCode {
    intake::logging::init();
    let options = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("serve: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match local::run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("serve: {e}");
            ExitCode::FAILURE
        }
    }
}
