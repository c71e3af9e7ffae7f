//! `cargo run --bin build-site [-- --out DIR --base-url URL --intake-url URL --root DIR]`,
//! `build-site --check` (everything checked, nothing written) and `build-site new <slug>`.

use site::{build, check, BuildOptions};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str =
    "usage: build-site [--root DIR] [--out DIR] [--base-url URL] [--intake-url URL] [--check]
       build-site [--root DIR] new <slug>
       build-site [--root DIR] reference
       build-site [--root DIR] freeze
  --root        project root holding content/, locales/, site/ (default: .)
  --out         output directory (default: ROOT/public)
  --base-url    origin for canonical URLs and the sitemap (default: https://interpay.kz)
  --intake-url  where the request form posts (default: /requests)
  --check       check everything a build checks, write nothing; exit 1 with the list of errors
  new <slug>    create content/{kk,ru,en}/<slug>.md as a draft with a first section
  reference     rewrite content/REFERENCE.md (facts, helpers and blocks a page can use)
  freeze        keep the current version (its facts and pages) in content/versions/<version>/,
                the first step of publishing the next version";

enum Command {
    Build(BuildOptions),
    Check(BuildOptions),
    New { root: PathBuf, slug: String },
    Reference { root: PathBuf },
    Freeze { root: PathBuf },
}

fn parse() -> Result<Command, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut root = PathBuf::from(".");
    let (mut out, mut base, mut intake) = (None, None, None);
    let mut check_only = false;
    let mut new_slug = None;
    let mut reference = false;
    let mut freeze = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("root") => root = parser.value()?.into(),
            Long("out") => out = Some(PathBuf::from(parser.value()?)),
            Long("base-url") => base = Some(parser.value()?.string()?),
            Long("intake-url") => intake = Some(parser.value()?.string()?),
            Long("check") => check_only = true,
            Long("help") | Short('h') => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            Value(v) if v == "new" && new_slug.is_none() => {
                new_slug = Some(parser.value()?.string()?);
            }
            Value(v) if v == "reference" => reference = true,
            Value(v) if v == "freeze" => freeze = true,
            _ => return Err(arg.unexpected()),
        }
    }
    if reference {
        return Ok(Command::Reference { root });
    }
    if freeze {
        return Ok(Command::Freeze { root });
    }
    if let Some(slug) = new_slug {
        return Ok(Command::New { root, slug });
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
    Ok(if check_only {
        Command::Check(options)
    } else {
        Command::Build(options)
    })
}

fn write_reference(root: &std::path::Path) -> Result<String, site::BuildError> {
    let facts_file = root.join("content/facts.toml");
    let text = std::fs::read_to_string(&facts_file)
        .map_err(|e| site::BuildError::io(facts_file.display(), e))?;
    let facts = policy::Facts::from_toml(&text, &facts_file.display().to_string())?;
    let path = root.join(site::reference::FILE);
    std::fs::write(&path, site::reference::markdown(&facts)?)
        .map_err(|e| site::BuildError::io(path.display(), e))?;
    Ok(format!("wrote {}", path.display()))
}

fn main() -> ExitCode {
    let command = match parse() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("build-site: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Build(options) => {
            build(&options).map(|summary| format!("{summary} -> {}", options.out.display()))
        }
        Command::Check(options) => check(&options).map(|summary| {
            format!("{summary}; checked only, nothing written").replacen("built", "checked", 1)
        }),
        Command::New { root, slug } => {
            site::pages::create(&root.join("content"), &slug).map(|files| {
                let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                format!(
                    "created {} (drafts: remove `draft = true` in all three and name the \
                     sections in content/sections.toml to publish)",
                    list.join(", ")
                )
            })
        }
        Command::Reference { root } => write_reference(&root),
        Command::Freeze { root } => site::versions::freeze(&root.join("content")).map(|dir| {
            format!(
                "froze the current version into {}; now bump policy.version and its dates in \
                 content/facts.toml and add its [[changelog]] entry",
                dir.display()
            )
        }),
    };
    match result {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build-site: error: {e}");
            ExitCode::FAILURE
        }
    }
}
