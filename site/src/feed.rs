//! The Atom feed of policy changes, one per language (`/{l}/policy-changes.xml`): one entry
//! per version, newest first, linking to its permanent page and its comparison, so the
//! operator's other channels (and anyone who cares) can follow the changes the policy
//! promises to publish (§11).

use crate::error::BuildError;
use crate::templating::{escape_html, page_path};
use crate::versions::{self, Entry};
use policy::{Catalog, Facts, Locale};

/// Kazakhstan's offset: a date is a day in Almaty.
fn stamp(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00+05:00")
}

/// The feed of one language. `base_url` is the site's origin.
pub fn atom(
    base_url: &str,
    locale: Locale,
    history: &[Entry],
    facts: &Facts,
    catalog: &Catalog,
) -> Result<String, BuildError> {
    let base = base_url.trim_end_matches('/');
    let l = locale.code();
    let self_url = format!("{base}/{l}/policy-changes.xml");
    let privacy = format!("{base}{}", page_path(locale, "privacy"));
    let updated = history
        .iter()
        .map(|e| e.updated.max(e.effective))
        .max()
        .ok_or_else(|| BuildError::io("policy-changes.xml", "no version"))?;
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{l}\">\n<title>{}</title>\n\
         <id>{}</id>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}</updated>\n\
         <author><name>{}</name><uri>{}</uri></author>\n",
        escape_html(&catalog.text(locale, "feed-title")?),
        escape_html(&self_url),
        escape_html(&self_url),
        escape_html(&privacy),
        stamp(updated),
        escape_html(facts.operator.short_name.get(locale)),
        escape_html(&facts.operator.site_url),
    ));
    for (i, e) in history.iter().enumerate().rev() {
        let page = format!("{privacy}{}", versions::suffix(&e.number));
        let summary = facts
            .changelog
            .iter()
            .find(|c| c.version == e.number)
            .map(|c| c.summary.get(locale).to_string())
            .ok_or_else(|| {
                BuildError::io(
                    "content/facts.toml",
                    format!("no change log for {}", e.number),
                )
            })?;
        let title = catalog.format(
            locale,
            "feed-entry-title",
            &[
                ("version", e.number.clone().into()),
                ("date", catalog.format_date(locale, e.effective)?.into()),
            ],
        )?;
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_html(&title),
            escape_html(&page),
            escape_html(&page)
        ));
        if i > 0 {
            xml.push_str(&format!(
                "<link rel=\"related\" type=\"text/html\" href=\"{}\"/>\n",
                escape_html(&format!("{page}changes/"))
            ));
        }
        xml.push_str(&format!(
            "<published>{}</published>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            stamp(e.updated),
            stamp(e.updated.max(e.effective)),
            escape_html(&summary)
        ));
    }
    xml.push_str("</feed>\n");
    Ok(xml)
}
