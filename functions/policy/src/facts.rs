//! The typed facts file (`content/facts.toml`): parsing, validation and the per-locale view
//! that templates and emails read.

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
    pub laws: BTreeMap<String, L10n>,
    pub retention: Vec<Retention>,
    pub recipients: Vec<Recipient>,
    pub cookies: Vec<Cookie>,
    pub changelog: Vec<Change>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInfo {
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
    pub amount: u32,
    pub unit: DeadlineUnit,
    pub article: String,
}

/// Names (keys of `[deadlines]`) of the deadline each request type gets.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestDeadlines {
    pub deletion: String,
    pub consent_withdrawal: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
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
    pub id: String,
    pub name: L10n,
    pub country: L10n,
    pub role: RecipientRole,
    pub cross_border: bool,
    pub purpose: L10n,
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
    pub version: String,
    #[serde(deserialize_with = "toml_date")]
    pub date: Date,
    pub summary: L10n,
}

/// TOML has a native date type; jiff's serde wants a string.
pub(crate) fn toml_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
    let value = toml::value::Datetime::deserialize(d)?;
    value
        .to_string()
        .parse::<Date>()
        .map_err(|e| serde::de::Error::custom(format!("`{value}` is not a date (YYYY-MM-DD): {e}")))
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
        let facts: Facts = toml::from_str(text).map_err(|e| FactsError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        facts.validate(file)?;
        Ok(facts)
    }

    fn validate(&self, file: &str) -> Result<(), FactsError> {
        let invalid = |field: String, message: &str| FactsError::Invalid {
            file: file.to_string(),
            field,
            message: message.to_string(),
        };
        // Every localized text must be filled in all three languages.
        let value =
            serde_json::to_value(self).map_err(|e| invalid(String::new(), &e.to_string()))?;
        check_l10n_filled(&value, String::new()).map_err(|field| invalid(field, "is empty"))?;

        if self.policy.last_updated < self.policy.effective_date {
            return Err(invalid(
                "policy.last_updated".into(),
                "is before policy.effective_date",
            ));
        }
        if !self
            .changelog
            .iter()
            .any(|c| c.version == self.policy.version)
        {
            return Err(invalid(
                "changelog".into(),
                "has no entry for policy.version",
            ));
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
        for (field, key) in [
            (
                "request_deadlines.deletion",
                &self.request_deadlines.deletion,
            ),
            (
                "request_deadlines.consent_withdrawal",
                &self.request_deadlines.consent_withdrawal,
            ),
        ] {
            if !self.deadlines.contains_key(key) {
                return Err(invalid(field.into(), &format!("names no deadline `{key}`")));
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
        Ok(())
    }

    /// The deadline a request type gets (`deletion` or `consent_withdrawal`).
    pub fn request_deadline(&self, request_type: &str) -> Option<(&str, &DeadlineFact)> {
        let key = match request_type {
            "deletion" => &self.request_deadlines.deletion,
            "consent_withdrawal" => &self.request_deadlines.consent_withdrawal,
            _ => return None,
        };
        self.deadlines
            .get_key_value(key)
            .map(|(k, v)| (k.as_str(), v))
    }

    /// The facts as templates see them in one locale: every `{kk, ru, en}` text is replaced
    /// by the text of that locale, so `{{ facts.operator.address }}` is a plain string.
    pub fn localized(&self, locale: Locale) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        collapse_l10n(&mut value, locale);
        if let Some(op) = value.get_mut("operator").and_then(|o| o.as_object_mut()) {
            op.insert(
                "whatsapp_digits".into(),
                self.operator.whatsapp_digits().into(),
            );
        }
        value
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
        let v = f.localized(Locale::En);
        assert_eq!(v["operator"]["short_name"], "Interpay LLP");
        assert_eq!(v["retention"][0]["years"], 5);
        let v = f.localized(Locale::Kk);
        assert_eq!(v["operator"]["short_name"], "«Interpay» ЖШС");
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
    fn dates_must_be_ordered() {
        let text = real().replace("last_updated = 2026-06-13", "last_updated = 2026-01-01");
        let err = Facts::from_toml(&text, "facts.toml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("policy.last_updated"), "{err}");
    }
}
