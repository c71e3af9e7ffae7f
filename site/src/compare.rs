//! A readable comparison of two versions of a page, section by section: the words removed
//! and added, marked with `<del>`/`<ins>` and a text label each (so neither colour nor a
//! screen reader's silence about `del`/`ins` hides a change), printable. Generated blocks that
//! list the versions themselves (the change log) are left out of the comparison.

use crate::render::Body;
use crate::templating::escape_html;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// How a section changed between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Unchanged,
    Changed,
    Added,
    Removed,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionDiff {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// The section's text with removed and added words marked (empty when unchanged).
    pub html: String,
}

/// Markers around generated content that is not compared (see `blocks/changelog.html`).
pub const SKIP_START: &str = "<!--compare:skip-->";
pub const SKIP_END: &str = "<!--/compare:skip-->";

/// The sections of a rendered body: (id, title, html), from each `<h2 id="…">` to the next.
fn sections(body: &Body) -> Vec<(String, String, String)> {
    let html = &body.html;
    let mut starts: Vec<(usize, &crate::markdown::Heading)> = Vec::new();
    let mut from = 0;
    for heading in &body.toc {
        let marker = format!("<h2 id=\"{}\"", heading.id);
        if let Some(at) = html[from..].find(&marker) {
            starts.push((from + at, heading));
            from += at + marker.len();
        }
    }
    let mut out = Vec::new();
    // What precedes the first section (the introduction) is a section of its own.
    let first = starts.first().map_or(html.len(), |s| s.0);
    if !html[..first].trim().is_empty() {
        out.push((String::new(), String::new(), html[..first].to_string()));
    }
    for (i, (at, heading)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(html.len(), |n| n.0);
        out.push((
            heading.id.clone(),
            heading.title.clone(),
            html[*at..end].to_string(),
        ));
    }
    out
}

/// The text of some HTML: tags removed (block ends become line breaks), entities decoded,
/// skipped blocks left out.
pub fn text_of(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(SKIP_START) {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find(SKIP_END)
            .map_or("", |end| &rest[start + end + SKIP_END.len()..]);
    }
    kept.push_str(rest);
    let mut text = String::with_capacity(kept.len());
    let mut rest = kept.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let (tag, next) = match after.find('>') {
            Some(end) => (&after[..end], &after[end + 1..]),
            None => (after, ""),
        };
        let name = tag
            .trim_start_matches('/')
            .split([' ', '>'])
            .next()
            .unwrap_or("");
        if tag.starts_with('/')
            && matches!(name, "p" | "li" | "tr" | "h2" | "h3" | "dd" | "caption")
            || matches!(name, "br")
        {
            text.push('\n');
        } else if matches!(name, "td" | "th" | "dt") {
            text.push(' ');
        }
        rest = next;
    }
    text.push_str(rest);
    let decoded = decode_entities(&text);
    // Collapse runs of blank lines and trailing spaces: layout, not text.
    let mut out = String::new();
    for line in decoded.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            continue;
        }
        out.push_str(line.trim_start());
        out.push('\n');
    }
    out
}

/// The entities the generator writes, decoded in one pass. The same as replacing each in turn
/// (`&amp;` last): every entity starts with `&` and ends with `;`, and none is made by
/// decoding another.
fn decode_entities(text: &str) -> String {
    const ENTITIES: [(&str, &str); 6] = [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&nbsp;", "\u{a0}"),
        ("&amp;", "&"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((entity, decoded)) => {
                out.push_str(decoded);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Word-level marked-up difference of two texts.
fn marked(old: &str, new: &str, removed: &str, added: &str) -> String {
    let diff = TextDiff::from_words(old, new);
    let mut html = String::new();
    let mut open: Option<ChangeTag> = None;
    let close = |html: &mut String, tag: Option<ChangeTag>| match tag {
        Some(ChangeTag::Delete) => html.push_str("</del>"),
        Some(ChangeTag::Insert) => html.push_str("</ins>"),
        _ => {}
    };
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            close(&mut html, open);
            match tag {
                ChangeTag::Delete => html.push_str(&format!(
                    "<del><span class=\"change-label\">{}</span> ",
                    escape_html(removed)
                )),
                ChangeTag::Insert => html.push_str(&format!(
                    "<ins><span class=\"change-label\">{}</span> ",
                    escape_html(added)
                )),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        html.push_str(&escape_html(change.value()));
    }
    close(&mut html, open);
    html
}

/// Compares two versions of a page section by section (in the new version's order, then the
/// sections the new version dropped). `removed`/`added` are the labels in the page's language.
pub fn compare(old: &Body, new: &Body, removed: &str, added: &str) -> Vec<SectionDiff> {
    let old_sections = sections(old);
    let new_sections = sections(new);
    let mut out = Vec::new();
    for (id, title, html) in &new_sections {
        let same = old_sections
            .iter()
            .any(|(oid, _, old_html)| oid == id && old_html == html);
        if same {
            out.push(SectionDiff {
                id: id.clone(),
                title: title.clone(),
                status: Status::Unchanged,
                html: String::new(),
            });
            continue;
        }
        let new_text = text_of(html);
        let diff = match old_sections.iter().find(|(oid, ..)| oid == id) {
            None => SectionDiff {
                id: id.clone(),
                title: title.clone(),
                status: Status::Added,
                html: marked("", &new_text, removed, added),
            },
            Some((_, _, old_html)) => {
                // Most sections of most versions are the same markup: no need to read them.
                let old_text = if old_html == html {
                    new_text.clone()
                } else {
                    text_of(old_html)
                };
                if old_text == new_text {
                    SectionDiff {
                        id: id.clone(),
                        title: title.clone(),
                        status: Status::Unchanged,
                        html: String::new(),
                    }
                } else {
                    SectionDiff {
                        id: id.clone(),
                        title: title.clone(),
                        status: Status::Changed,
                        html: marked(&old_text, &new_text, removed, added),
                    }
                }
            }
        };
        out.push(diff);
    }
    for (id, title, html) in &old_sections {
        if !new_sections.iter().any(|(nid, ..)| nid == id) {
            out.push(SectionDiff {
                id: id.clone(),
                title: title.clone(),
                status: Status::Removed,
                html: marked(&text_of(html), "", removed, added),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Heading;

    fn body(html: &str, ids: &[(&str, &str)]) -> Body {
        Body {
            html: html.to_string(),
            toc: ids
                .iter()
                .map(|(id, title)| Heading {
                    id: id.to_string(),
                    title: title.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn words_removed_and_added_are_marked_per_section() {
        let old = body(
            "<p>Intro</p><h2 id=\"a\">A</h2><p>Kept for 5 years.</p><h2 id=\"b\">B</h2><p>Same.</p><h2 id=\"c\">C</h2><p>Gone.</p>",
            &[("a", "A"), ("b", "B"), ("c", "C")],
        );
        let new = body(
            "<p>Intro</p><h2 id=\"a\">A</h2><p>Kept for 6 years.</p><h2 id=\"b\">B</h2><p>Same.</p>\n<!--compare:skip--><table><tr><td>1.1</td></tr></table><!--/compare:skip--><h2 id=\"d\">D</h2><p>New &amp; here.</p>",
            &[("a", "A"), ("b", "B"), ("d", "D")],
        );
        let diffs = compare(&old, &new, "removed:", "added:");
        let status: Vec<(&str, Status)> = diffs.iter().map(|d| (d.id.as_str(), d.status)).collect();
        assert_eq!(
            status,
            [
                ("", Status::Unchanged),
                ("a", Status::Changed),
                ("b", Status::Unchanged),
                ("d", Status::Added),
                ("c", Status::Removed)
            ]
        );
        let a = &diffs[1].html;
        assert!(
            a.contains("<del><span class=\"change-label\">removed:</span> 5</del>"),
            "{a}"
        );
        assert!(
            a.contains("<ins><span class=\"change-label\">added:</span> 6</ins>"),
            "{a}"
        );
        assert!(
            diffs[3].html.contains("New &amp; here."),
            "{}",
            diffs[3].html
        );
    }
}
