//! Markdown to HTML with pulldown-cmark, collecting the `##` headings for the table of
//! contents. Anchors come from `{#id}` so they are identical in every language.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Heading {
    pub id: String,
    pub title: String,
}

#[derive(Debug)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<Heading>,
}

/// A mistake in the Markdown, with a piece of source text that finds its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub source_text: Option<String>,
}

/// Renders Markdown; every `##` heading must carry an explicit `{#id}`. Reports every
/// problem, not only the first.
pub fn render(markdown: &str) -> Result<Rendered, Vec<Problem>> {
    let options = Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut toc = Vec::new();
    let mut current: Option<(Option<String>, String)> = None;
    let mut problems = Vec::new();
    let events: Vec<Event> = Parser::new_ext(markdown, options)
        .inspect(|event| match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                id,
                ..
            }) => {
                current = Some((id.as_ref().map(|s| s.to_string()), String::new()));
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => {
                problems.push(Problem {
                    message:
                        "use `##` for sections: the template prints the page title as the only `#`"
                            .to_string(),
                    source_text: None,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = current.as_mut() {
                    title.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((id, title)) = current.take() {
                    match id {
                        Some(id) => toc.push(Heading {
                            id,
                            title: title.trim().to_string(),
                        }),
                        None => problems.push(Problem {
                            message: format!(
                                "heading `## {}` has no `{{#id}}` (write `## {} {{#an-id}}`, the \
                                 same id in every language)",
                                title.trim(),
                                title.trim()
                            ),
                            source_text: Some(format!("## {}", title.trim())),
                        }),
                    }
                }
            }
            _ => {}
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Ok(Rendered { html: out, toc })
}

/// The cells of a table row: `| a | b |` and `a | b` both have two.
fn cells(line: &str) -> usize {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    let mut count = 1;
    let mut escaped = false;
    let mut in_code = false;
    for c in t.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '`' => in_code = !in_code,
            '|' if !escaped && !in_code => count += 1,
            _ => {}
        }
        escaped = false;
    }
    count
}

fn is_separator_cell(cell: &str) -> bool {
    let c = cell.trim();
    let c = c.strip_prefix(':').unwrap_or(c);
    let c = c.strip_suffix(':').unwrap_or(c);
    !c.is_empty() && c.chars().all(|ch| ch == '-')
}

/// Tables in a body's source whose rows do not match their header, or whose separator row is
/// malformed: pulldown-cmark would render them silently as something else (a paragraph of
/// pipes, or a table with cells dropped). Returns (0-based line, message).
pub fn check_tables(source: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut problems = Vec::new();
    let is_row = |l: &str| l.trim_start().starts_with('|');
    let mut i = 0;
    while i < lines.len() {
        if !is_row(lines[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_row(lines[i]) {
            i += 1;
        }
        let block = &lines[start..i];
        let header = cells(block[0]);
        let separator_ok = block.get(1).is_some_and(|sep| {
            let t = sep.trim();
            let t = t.strip_prefix('|').unwrap_or(t);
            let t = t.strip_suffix('|').unwrap_or(t);
            t.split('|').all(is_separator_cell)
        });
        if !separator_ok {
            problems.push((
                start + 1,
                "table: the second row must be the separator, e.g. `|---|---|`, one `---` per \
                 column"
                    .to_string(),
            ));
            continue;
        }
        for (n, row) in block.iter().enumerate().skip(1) {
            let count = cells(row);
            if count != header {
                problems.push((
                    start + n,
                    format!("table: this row has {count} cells, the header has {header}"),
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    #[test]
    fn broken_tables_are_found_at_their_line() {
        let ok = "Text\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n| `x|y` | 3 |\n";
        assert_eq!(check_tables(ok), []);
        let short = "| a | b |\n|---|---|\n| 1 |\n";
        assert_eq!(
            check_tables(short),
            [(
                2,
                "table: this row has 1 cells, the header has 2".to_string()
            )]
        );
        let bad_separator = "intro\n| a | b |\n| - x | --- |\n| 1 | 2 |\n";
        assert_eq!(check_tables(bad_separator)[0].0, 2);
    }

    use super::*;

    #[test]
    fn collects_headings_with_ids() {
        let r = render("Intro\n\n## 1. Who we are {#operator}\n\nText\n\n### Sub {#sub}\n\n## Rights {#rights}\n").unwrap();
        assert_eq!(r.toc.len(), 2);
        assert_eq!(
            r.toc[0],
            Heading {
                id: "operator".into(),
                title: "1. Who we are".into()
            }
        );
        assert!(r.html.contains("<h2 id=\"operator\">"));
    }

    #[test]
    fn heading_without_id_is_an_error() {
        let err = render("## Rights\n\n## Contacts\n").unwrap_err();
        assert_eq!(err.len(), 2, "every heading without an id: {err:?}");
        assert!(err[0].message.contains("Rights"), "{err:?}");
        assert_eq!(err[1].source_text.as_deref(), Some("## Contacts"));
    }
}
