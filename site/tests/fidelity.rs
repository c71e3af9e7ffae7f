//! The three languages state the same facts: every number, e-mail address, host, external
//! link and Latin-script name of a kk or en page is also on the ru page of the same name
//! (the language of the operator's policy), and the other way round. A translation that adds
//! a deadline, a date, a phone number or a company, or drops one, fails here.

mod common;
use common::root;

use policy::Locale;
use site::{build, BuildOptions};
use std::collections::BTreeSet;

/// The `<article>` of a page (its text, without the shared header, navigation and footer).
fn article(html: &str) -> &str {
    let start = html.find("<article").expect("a page has an <article>");
    let end = html.rfind("</article>").expect("closed");
    &html[start..end]
}

fn decode(text: &str) -> String {
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Text without tags, and the values of `href` attributes.
fn text_and_links(html: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut links = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        let tag = &rest[open..close];
        if let Some(at) = tag.find("href=\"") {
            let value = &tag[at + 6..];
            links.push(decode(&value[..value.find('"').unwrap_or(value.len())]));
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    (decode(&text), links)
}

/// What must be the same in every language.
#[derive(Debug, Default)]
struct Facts {
    numbers: BTreeSet<String>,
    addresses: BTreeSet<String>,
    external_links: BTreeSet<String>,
    latin_names: BTreeSet<String>,
}

fn facts_of(html: &str) -> Facts {
    let (text, links) = text_and_links(article(html));
    let mut f = Facts::default();
    // "4,000" (English thousands) is the number 4000.
    let chars: Vec<char> = text.chars().collect();
    let mut normalized = String::with_capacity(text.len());
    for (i, c) in chars.iter().enumerate() {
        let thousands = *c == ','
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        if !thousands {
            normalized.push(*c);
        }
    }
    let mut number = String::new();
    for c in normalized.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            number.push(c);
        } else if !number.is_empty() {
            f.numbers.insert(std::mem::take(&mut number));
        }
    }
    for word in normalized.split(|c: char| c.is_whitespace() || "()«»“”\"',;:".contains(c)) {
        let word = word.trim_end_matches(['.', '!', '?']);
        if word.contains('@') || (word.contains('.') && word.ends_with(".kz")) {
            f.addresses.insert(word.to_string());
        }
    }
    for link in links {
        if !link.starts_with('/') && !link.starts_with('#') {
            f.external_links.insert(link);
        }
    }
    // Names written in Latin script inside Cyrillic text: WhatsApp, Meta, Google Analytics…
    let mut word = String::new();
    for c in normalized.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            if word.len() >= 2 {
                // «cookies» in Russian is «cookie файлдары» in Kazakh: compare the stem.
                let stem = word.to_ascii_lowercase();
                let stem = stem.strip_suffix('s').unwrap_or(&stem).to_string();
                f.latin_names.insert(stem);
            }
            word.clear();
        }
    }
    f
}

fn missing<'a>(a: &'a BTreeSet<String>, b: &'a BTreeSet<String>) -> Vec<&'a String> {
    a.difference(b).collect()
}

#[test]
fn every_language_states_the_same_facts_as_the_russian_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut o = BuildOptions::new(&root());
    o.out = out.clone();
    build(&o).unwrap();
    let read = |l: Locale, page: &str| {
        std::fs::read_to_string(out.join(format!("{}/{page}/index.html", l.code()))).unwrap()
    };
    let mut problems = Vec::new();
    for page in ["privacy", "rights", "data-deletion", "cookies"] {
        let ru = facts_of(&read(Locale::Ru, page));
        assert!(
            ru.numbers.contains("2026") && !ru.latin_names.is_empty(),
            "{page}: {ru:?}"
        );
        for l in [Locale::Kk, Locale::En] {
            let other = facts_of(&read(l, page));
            let mut report = |what: &str, extra: Vec<&String>, lacking: Vec<&String>| {
                if !extra.is_empty() {
                    problems.push(format!("{l}/{page}: {what} not on the ru page: {extra:?}"));
                }
                if !lacking.is_empty() {
                    problems.push(format!(
                        "{l}/{page}: lacks the ru page's {what}: {lacking:?}"
                    ));
                }
            };
            report(
                "numbers",
                missing(&other.numbers, &ru.numbers),
                missing(&ru.numbers, &other.numbers),
            );
            report(
                "addresses",
                missing(&other.addresses, &ru.addresses),
                missing(&ru.addresses, &other.addresses),
            );
            report(
                "external links",
                missing(&other.external_links, &ru.external_links),
                missing(&ru.external_links, &other.external_links),
            );
            // Latin names of the Russian text must appear in both; Kazakh, being Cyrillic
            // too, may name nothing in Latin script that the Russian does not.
            let extra = if l == Locale::Kk {
                missing(&other.latin_names, &ru.latin_names)
            } else {
                Vec::new()
            };
            let lacking: Vec<&String> = ru
                .latin_names
                .iter()
                .filter(|n| !other.latin_names.contains(*n))
                .collect();
            report("Latin-script names", extra, lacking);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_comparison_catches_a_fact_in_one_language_only() {
    let ru = facts_of("<article>Срок 10 рабочих дней, WhatsApp, support@interpay.kz</article>");
    let en = facts_of(
        "<article>Within 15 working days, WhatsApp, Telegram, <a href=\"https://t.me/x\">t</a></article>",
    );
    assert_eq!(missing(&en.numbers, &ru.numbers), [&"15".to_string()]);
    assert_eq!(
        missing(&ru.addresses, &en.addresses),
        [&"support@interpay.kz".to_string()]
    );
    assert!(en.latin_names.contains("telegram") && !ru.latin_names.contains("telegram"));
    assert!(en.external_links.contains("https://t.me/x"));
    let thousands = facts_of("<article>Up to 4,000 characters; §5, §6</article>");
    assert!(thousands.numbers.contains("4000") && thousands.numbers.contains("5"));
}
