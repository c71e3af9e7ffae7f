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

/// Renders Markdown; every `##` heading must carry an explicit `{#id}`.
pub fn render(markdown: &str) -> Result<Rendered, String> {
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
                problems.push(
                    "use `##` for sections: the template prints the page title as the only `#`"
                        .to_string(),
                );
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
                        None => {
                            problems.push(format!("heading `## {}` has no `{{#id}}`", title.trim()))
                        }
                    }
                }
            }
            _ => {}
        })
        .collect();
    if let Some(p) = problems.into_iter().next() {
        return Err(p);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Ok(Rendered { html: out, toc })
}

#[cfg(test)]
mod tests {
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
        let err = render("## Rights\n").unwrap_err();
        assert!(err.contains("Rights"), "{err}");
    }
}
