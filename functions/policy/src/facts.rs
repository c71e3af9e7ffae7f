//! The typed facts file (`content/facts.toml`): parsing, validation and the per-locale view
//! that templates and emails read.

use crate::source::{self, FactSource, SourceSpec};
use crate::Locale;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text written in each of the three languages. All three are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct L10n {
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl L10n {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Kk => &self.kk,
            Locale::Ru => &self.ru,
            Locale::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    pub policy: PolicyInfo,
    pub operator: Operator,
    pub authority: Authority,
    pub deadlines: BTreeMap<String, DeadlineFact>,
    pub request_deadlines: RequestDeadlines,
    pub laws: BTreeMap<String, Law>,
    pub retention: Vec<Retention>,
    pub recipients: Vec<Recipient>,
    /// Empty until the operator names its cookies (the policy names none).
    #[serde(default)]
    pub cookies: Vec<Cookie>,
    pub changelog: Vec<Change>,
    /// Every fact's origin, collected when the file is validated.
    #[serde(skip)]
    sources: Vec<FactSource>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInfo {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub version: String,
    #[serde(deserialize_with = "toml_date")]
    pub effective_date: Date,
    #[serde(deserialize_with = "toml_date")]
    pub last_updated: Date,
    pub canonical_path: String,
    pub deletion_path: String,
    pub law: L10n,
    pub law_short: L10n,
    pub minimum_age: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub name: L10n,
    pub short_name: L10n,
    pub address: L10n,
    pub email: String,
    pub whatsapp: String,
    pub site_url: String,
    pub site_host: String,
}

impl Operator {
    /// The WhatsApp number as `wa.me` wants it: digits only.
    pub fn whatsapp_digits(&self) -> String {
        self.whatsapp.chars().filter(char::is_ascii_digit).collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Authority {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub name: L10n,
    pub site: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineUnit {
    WorkingDays,
    CalendarDays,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineFact {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub amount: u32,
    pub unit: DeadlineUnit,
    /// The article of Law No. 94-V that the policy cites; absent for a deadline that is the
    /// operator's own commitment (shown as such, never with an article).
    #[serde(default)]
    pub article: Option<String>,
}

/// For each kind of request, the name (a key of `[deadlines]`) of the deadline it gets.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestDeadlines {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    #[serde(flatten)]
    pub kinds: BTreeMap<String, String>,
}

/// An act of law as the policy names it, in the three languages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub kk: String,
    pub ru: String,
    pub en: String,
}

impl Law {
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::Kk => &self.kk,
            Locale::Ru => &self.ru,
            Locale::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub id: String,
    #[serde(default)]
    pub years: Option<u32>,
    #[serde(default)]
    pub minimum: bool,
    pub bases: Vec<String>,
    pub what: L10n,
    #[serde(default, rename = "where")]
    pub place: Option<L10n>,
    #[serde(default)]
    pub from: Option<L10n>,
    #[serde(default)]
    pub until: Option<L10n>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientRole {
    Processor,
    Recipient,
    Internal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub id: String,
    pub name: L10n,
    /// Where the policy places the recipient, in its words; `None`: the policy does not say.
    #[serde(default)]
    pub location: Option<L10n>,
    /// ISO 3166 alpha-2 codes of the places the policy names for this recipient.
    pub countries: Vec<String>,
    pub role: RecipientRole,
    pub purpose: L10n,
}

impl Recipient {
    /// Derived, never written: a transfer to a country other than Kazakhstan is
    /// cross-border; `None` when the policy names no place.
    pub fn cross_border(&self) -> Option<bool> {
        if self.countries.is_empty() {
            None
        } else {
            Some(self.countries.iter().any(|c| c != "KZ"))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CookieCategory {
    StrictlyNecessary,
    Functional,
    Analytics,
    Marketing,
}

impl CookieCategory {
    pub const ALL: [CookieCategory; 4] = [
        CookieCategory::StrictlyNecessary,
        CookieCategory::Functional,
        CookieCategory::Analytics,
        CookieCategory::Marketing,
    ];
    pub fn id(self) -> &'static str {
        match self {
            CookieCategory::StrictlyNecessary => "strictly_necessary",
            CookieCategory::Functional => "functional",
            CookieCategory::Analytics => "analytics",
            CookieCategory::Marketing => "marketing",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cookie {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub name: String,
    pub provider: String,
    pub category: CookieCategory,
    pub first_party: bool,
    pub lifetime_days: u32,
    pub needs_consent: bool,
    pub purpose: L10n,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    #[serde(default)]
    pub source: Option<SourceSpec>,
    pub version: String,
    #[serde(deserialize_with = "toml_date")]
    pub date: Date,
    pub summary: L10n,
}

/// TOML has a native date type; jiff's serde wants a string.
pub fn toml_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    // A quoted or misformatted date gets a message saying which form is wanted.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Date(toml::value::Datetime),
        Text(String),
        Other(toml::Value),
    }
    let value = match Raw::deserialize(d)? {
        Raw::Date(v) => v,
        Raw::Text(t) => {
            return Err(serde::de::Error::custom(format!(
                "`\"{t}\"` is text: write the date as YYYY-MM-DD without quotes, e.g. 2026-06-13"
            )))
        }
        Raw::Other(v) => {
            return Err(serde::de::Error::custom(format!(
                "`{v}` is not a date: write it as YYYY-MM-DD without quotes, e.g. 2026-06-13"
            )))
        }
    };
    if value.time.is_some() || value.offset.is_some() || value.date.is_none() {
        return Err(serde::de::Error::custom(format!(
            "`{value}` is not a date: write it as YYYY-MM-DD without a time, e.g. 2026-06-13"
        )));
    }
    value.to_string().parse::<Date>().map_err(|e| {
        serde::de::Error::custom(format!(
            "`{value}` is not a date: write it as YYYY-MM-DD without a time, e.g. 2026-06-13 ({e})"
        ))
    })
}

/// A facts file that cannot be used, with the file and the field that is wrong.
#[derive(Debug, thiserror::Error)]
pub enum FactsError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: field `{field}`: {message}")]
    Invalid {
        file: String,
        field: String,
        message: String,
    },
}

impl Facts {
    /// Parses and validates a facts file; `file` names it in errors.
    pub fn from_toml(text: &str, file: &str) -> Result<Facts, FactsError> {
        let mut facts: Facts = toml::from_str(text).map_err(|e| FactsError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        facts.sources = facts.validate(file)?;
        Ok(facts)
    }

    /// Checks the facts; returns every fact's origin.
    fn validate(&self, file: &str) -> Result<Vec<FactSource>, FactsError> {
        let invalid = |field: String, message: &str| FactsError::Invalid {
            file: file.to_string(),
            field,
            message: message.to_string(),
        };
        // Every localized text must be filled in all three languages.
        let value =
            serde_json::to_value(self).map_err(|e| invalid(String::new(), &e.to_string()))?;
        // Every fact names where it comes from.
        let sources = source::collect(&value).map_err(|(key, message)| invalid(key, &message))?;
        let mut texts = value;
        source::strip(&mut texts);
        check_l10n_filled(&texts, String::new()).map_err(|field| invalid(field, "is empty"))?;

        // `last_updated` (published) may be before `effective_date`: a change is announced
        // before it applies. The change-log entry of the current version carries the date
        // from which that version applies.
        match self
            .changelog
            .iter()
            .find(|c| c.version == self.policy.version)
        {
            None => {
                return Err(invalid(
                    "changelog".into(),
                    &format!(
                        "has no entry for policy.version `{}`: add a [[changelog]] entry with \
                         its date and summary in kk, ru and en",
                        self.policy.version
                    ),
                ))
            }
            Some(entry) if entry.date != self.policy.effective_date => {
                return Err(invalid(
                    format!("changelog.{}.date", entry.version),
                    &format!(
                        "is {}, but version {} applies from policy.effective_date {}: the \
                         entry's date is the date its version takes effect",
                        entry.date, entry.version, self.policy.effective_date
                    ),
                ))
            }
            Some(_) => {}
        }
        if !self.operator.email.contains('@') || self.operator.email.contains(char::is_whitespace) {
            return Err(invalid("operator.email".into(), "is not an e-mail address"));
        }
        if self.operator.whatsapp_digits().len() < 10 || !self.operator.whatsapp.starts_with('+') {
            return Err(invalid(
                "operator.whatsapp".into(),
                "is not an international phone number (+7 …)",
            ));
        }
        if !self.operator.site_url.starts_with("https://") {
            return Err(invalid(
                "operator.site_url".into(),
                "must start with https://",
            ));
        }
        for (name, d) in &self.deadlines {
            if d.amount == 0 {
                return Err(invalid(
                    format!("deadlines.{name}.amount"),
                    "must be at least 1",
                ));
            }
        }
        for (kind, key) in &self.request_deadlines.kinds {
            if !self.deadlines.contains_key(key) {
                return Err(invalid(
                    format!("request_deadlines.{kind}"),
                    &format!("names no deadline `{key}`"),
                ));
            }
        }
        for (name, d) in &self.deadlines {
            // An article is the law's; a deadline without one is the operator's commitment.
            let commitment = matches!(&d.source, Some(SourceSpec::One(o)) if o.is_operator());
            match (&d.article, commitment) {
                (Some(_), true) => {
                    return Err(invalid(
                        format!("deadlines.{name}.article"),
                        "an operator's commitment cites no article of the law",
                    ))
                }
                (None, false) => {
                    return Err(invalid(
                        format!("deadlines.{name}"),
                        "has no `article`: a deadline of the law names its article, and one \
                         without is the operator's commitment (`source = \"operator: …\"`)",
                    ))
                }
                _ => {}
            }
        }
        for r in &self.recipients {
            if let Some(c) = r
                .countries
                .iter()
                .find(|c| c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()))
            {
                return Err(invalid(
                    format!("recipients.{}.countries", r.id),
                    &format!("`{c}` is not an ISO 3166 alpha-2 code (KZ, US, …)"),
                ));
            }
        }
        for (i, r) in self.retention.iter().enumerate() {
            for b in &r.bases {
                if !self.laws.contains_key(b) {
                    return Err(invalid(
                        format!("retention[{i}].bases"),
                        &format!("names no law `{b}` in [laws]"),
                    ));
                }
            }
            if r.years.is_none() && r.until.is_none() {
                return Err(invalid(
                    format!("retention[{i}]"),
                    "needs `years` or `until`",
                ));
            }
        }
        unique(self.retention.iter().map(|r| &r.id), "retention.id")
            .map_err(|f| invalid(f, "is not unique"))?;
        unique(self.recipients.iter().map(|r| &r.id), "recipients.id")
            .map_err(|f| invalid(f, "is not unique"))?;
        unique(self.cookies.iter().map(|c| &c.name), "cookies.name")
            .map_err(|f| invalid(f, "is not unique"))?;
        Ok(sources)
    }

    /// The deadline a kind of request gets (a key of `[request_deadlines]`).
    pub fn request_deadline(&self, request_type: &str) -> Option<(&str, &DeadlineFact)> {
        let key = self.request_deadlines.kinds.get(request_type)?;
        self.deadlines
            .get_key_value(key)
            .map(|(k, v)| (k.as_str(), v))
    }

    /// The origin of every fact, in key order.
    pub fn sources(&self) -> Vec<FactSource> {
        self.sources.clone()
    }

    /// The facts that the operator has still to confirm, with the question to ask.
    pub fn awaiting_operator(&self) -> Vec<FactSource> {
        self.sources()
            .into_iter()
            .filter(|s| s.origin.is_operator())
            .collect()
    }

    /// The facts as templates see them in one locale: every `{kk, ru, en}` text is replaced
    /// by the text of that locale, so `{{ facts.operator.address }}` is a plain string;
    /// sources are left out and derived facts (`whatsapp_digits`, a recipient's
    /// `cross_border`) are added.
    pub fn localized(&self, locale: Locale) -> Result<serde_json::Value, FactsError> {
        let mut value = serde_json::to_value(self).map_err(|e| FactsError::Parse {
            file: "facts".into(),
            message: e.to_string(),
        })?;
        source::strip(&mut value);
        collapse_l10n(&mut value, locale);
        if let Some(op) = value.get_mut("operator").and_then(|o| o.as_object_mut()) {
            op.insert(
                "whatsapp_digits".into(),
                self.operator.whatsapp_digits().into(),
            );
        }
        // The change log in date order, each entry with the last day its version applied.
        if let Some(list) = value.get_mut("changelog").and_then(|c| c.as_array_mut()) {
            list.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
            let starts: Vec<Option<Date>> = list
                .iter()
                .map(|c| c["date"].as_str().and_then(|d| d.parse::<Date>().ok()))
                .collect();
            for (i, item) in list.iter_mut().enumerate() {
                let until = starts
                    .get(i + 1)
                    .copied()
                    .flatten()
                    .and_then(|next| next.yesterday().ok());
                if let Some(obj) = item.as_object_mut() {
                    obj.insert(
                        "until".into(),
                        until.map_or(serde_json::Value::Null, |d| d.to_string().into()),
                    );
                }
            }
        }
        if let Some(list) = value.get_mut("recipients").and_then(|r| r.as_array_mut()) {
            for (item, r) in list.iter_mut().zip(&self.recipients) {
                if let Some(obj) = item.as_object_mut() {
                    obj.insert("cross_border".into(), r.cross_border().into());
                }
            }
        }
        Ok(value)
    }
}

fn is_l10n(map: &serde_json::Map<String, serde_json::Value>) -> bool {
    map.len() == 3
        && Locale::ALL
            .iter()
            .all(|l| map.get(l.code()).is_some_and(|v| v.is_string()))
}

fn check_l10n_filled(value: &serde_json::Value, path: String) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) if is_l10n(map) => {
            for l in Locale::ALL {
                if map[l.code()].as_str().is_some_and(|s| s.trim().is_empty()) {
                    return Err(format!("{path}.{}", l.code()));
                }
            }
            Ok(())
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                check_l10n_filled(v, p)?;
            }
            Ok(())
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                check_l10n_filled(v, format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn collapse_l10n(value: &mut serde_json::Value, locale: Locale) {
    match value {
        serde_json::Value::Object(map) if is_l10n(map) => {
            *value = map[locale.code()].clone();
        }
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| collapse_l10n(v, locale)),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| collapse_l10n(v, locale)),
        _ => {}
    }
}

fn unique<'a>(ids: impl Iterator<Item = &'a String>, field: &str) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(format!("{field} `{id}`"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real() -> String {
        crate::embedded::FACTS_TOML.to_string()
    }

    #[test]
    fn the_real_facts_file_parses() {
        let f = Facts::from_toml(&real(), "facts.toml").unwrap();
        assert_eq!(f.operator.email, "support@interpay.kz");
        assert_eq!(f.deadlines["information"].amount, 3);
        assert_eq!(f.deadlines["rectification"].amount, 10);
        assert_eq!(f.request_deadline("deletion").unwrap().1.amount, 10);
        assert_eq!(f.operator.whatsapp_digits(), "77010819196");
    }

    #[test]
    fn localized_view_collapses_texts() {
        let f = Facts::from_toml(&real(), "facts.toml").unwrap();
        let v = f.localized(Locale::En).unwrap();
        assert_eq!(v["operator"]["short_name"], "Interpay LLP");
        assert_eq!(v["retention"][0]["years"], 5);
        assert_eq!(v["laws"]["tax_financial"], f.laws["tax_financial"].en);
        assert!(v["operator"].get("source").is_none(), "{}", v["operator"]);
        let v = f.localized(Locale::Kk).unwrap();
        assert_eq!(v["operator"]["short_name"], "«Interpay» ЖШС");
    }

    #[test]
    fn a_fact_without_a_source_names_file_and_key() {
        let text = real().replace(
            "id = \"contracts\"\nsource = \"policy §6\"\n",
            "id = \"contracts\"\n",
        );
        let err = Facts::from_toml(&text, "content/facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("content/facts.toml"), "{err}");
        assert!(err.contains("retention.contracts"), "{err}");
        assert!(err.contains("no `source`"), "{err}");
        let text = real().replace("source.minimum_age = \"policy §10\"\n", "");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("policy.minimum_age"), "{err}");
        let text = real().replace("source = \"policy §8\"", "source = \"section 8\"");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not a source"), "{err}");
    }

    #[test]
    fn operator_decisions_are_listed_with_their_question() {
        let f = Facts::from_toml(&real(), "facts.toml").unwrap();
        let keys: Vec<String> = f.awaiting_operator().into_iter().map(|s| s.key).collect();
        assert!(
            keys.contains(&"deadlines.consent_withdrawal".to_string()),
            "{keys:?}"
        );
        assert!(keys.contains(&"policy.version".to_string()), "{keys:?}");
        assert!(
            !keys.contains(&"deadlines.information".to_string()),
            "{keys:?}"
        );
    }

    #[test]
    fn a_commitment_cites_no_article_and_a_legal_deadline_does() {
        let f = Facts::from_toml(&real(), "facts.toml").unwrap();
        assert_eq!(f.deadlines["consent_withdrawal"].article, None);
        assert_eq!(
            f.request_deadline("consent_withdrawal").unwrap().0,
            "consent_withdrawal"
        );
        assert_eq!(f.request_deadline("deletion").unwrap().0, "rectification");
        let text = real().replace(
            "amount = 3\nunit = \"working_days\"\narticle = \"25\"",
            "amount = 3\nunit = \"working_days\"",
        );
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("deadlines.information"), "{err}");
        let text = real().replace(
            "amount = 10\nunit = \"working_days\"\n\n# Which",
            "amount = 10\nunit = \"working_days\"\narticle = \"8\"\n\n# Which",
        );
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("deadlines.consent_withdrawal.article"),
            "{err}"
        );
    }

    #[test]
    fn cross_border_is_derived_from_the_countries_the_policy_names() {
        let f = Facts::from_toml(&real(), "facts.toml").unwrap();
        let by_id = |id: &str| f.recipients.iter().find(|r| r.id == id).unwrap();
        assert_eq!(by_id("meta").cross_border(), Some(true));
        assert_eq!(by_id("banks").cross_border(), Some(false));
        assert_eq!(by_id("staff").cross_border(), None);
        let v = f.localized(Locale::Ru).unwrap();
        let meta = v["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "meta")
            .unwrap();
        assert_eq!(meta["cross_border"], true);
        let text = real().replace("countries = [\"US\"]", "countries = [\"USA\"]");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("recipients.meta.countries"), "{err}");
    }

    #[test]
    fn unknown_field_names_file_and_field() {
        let text = real().replace("[operator]", "[operator]\nfax = \"1\"");
        let err = Facts::from_toml(&text, "content/facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("content/facts.toml"), "{err}");
        assert!(err.contains("fax"), "{err}");
    }

    #[test]
    fn missing_translation_names_field() {
        let text = real().replace("short_name.en = \"Interpay LLP\"\n", "");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("en"), "{err}");
    }

    #[test]
    fn empty_translation_names_field_and_locale() {
        let text = real().replace(
            "short_name.kk = \"«Interpay» ЖШС\"",
            "short_name.kk = \" \"",
        );
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("operator.short_name.kk"), "{err}");
    }

    #[test]
    fn dangling_references_are_rejected() {
        let text = real().replace("deletion = \"rectification\"", "deletion = \"erasure\"");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("request_deadlines.deletion"), "{err}");
        let text = real().replace("bases = [\"tax_code\", \"aml\"]", "bases = [\"tax\"]");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("retention[0].bases"), "{err}");
    }

    #[test]
    fn dates_an_announced_change_and_the_change_log() {
        // Published before it takes effect: normal for an announced change.
        let text = real().replace("last_updated = 2026-06-13", "last_updated = 2026-05-01");
        Facts::from_toml(&text, "facts.toml").unwrap();
        // The current version's change-log entry is dated from when it applies.
        let text = real().replace("\ndate = 2026-06-13", "\ndate = 2026-06-14");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("changelog.1.0.date") && err.contains("2026-06-13"),
            "{err}"
        );
        // A version bump without its entry.
        let text = real().replace(
            "version = \"1.0\"\neffective_date",
            "version = \"1.1\"\neffective_date",
        );
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("changelog") && err.contains("1.1"), "{err}");
        // A bad date says which form it wants.
        for bad in ["\"13.06.2026\"", "\"2026-06-13\"", "2026-06-13T10:00:00"] {
            let text = real().replace(
                "effective_date = 2026-06-13",
                &format!("effective_date = {bad}"),
            );
            let err = Facts::from_toml(&text, "facts.toml")
                .unwrap_err()
                .to_string();
            assert!(err.contains("YYYY-MM-DD"), "{bad}: {err}");
        }
    }
}
