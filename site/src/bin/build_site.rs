//! `cargo run --bin build-site [-- --out DIR --base-url URL --intake-url URL --root DIR]`

use site::{build, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: build-site [--root DIR] [--out DIR] [--base-url URL] [--intake-url URL]
  --root        project root holding content/, locales/, site/ (default: .)
  --out         output directory (default: ROOT/public)
  --base-url    origin for canonical URLs and the sitemap (default: https://interpay.kz)
  --intake-url  where the request form posts (default: /requests)";

fn parse() -> Result<BuildOptions, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut root = PathBuf::from(".");
    let (mut out, mut base, mut intake) = (None, None, None);
    while let Some(arg) = parser.next()? {
        match arg {
            Long("root") => root = parser.value()?.into(),
            Long("out") => out = Some(PathBuf::from(parser.value()?)),
            Long("base-url") => base = Some(parser.value()?.string()?),
            Long("intake-url") => intake = Some(parser.value()?.string()?),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    let mut options = BuildOptions::new(&root);
    if let Some(out) = out {
        options.out = out;
    }
    if let Some(base) = base {
        options.base_url = base;
    }
    if let Some(intake) = intake {
        options.intake_url = intake;
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("build-site: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match build(&options) {
        Ok(summary) => {
            println!("{summary} -> {}", options.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build-site: error: {e}");
            ExitCode::FAILURE
        }
    }
}
