//! Where each fact of `content/facts.toml` comes from: a clause of the operator's policy,
//! public law, a rule over other facts, or a decision the operator has still to confirm.
//! Every fact names one, so a reviewer can check the site against the policy, and the
//! facts awaiting the operator are counted and listed rather than presented as its words.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// One origin, written in the facts file as a string (see the file's header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Clauses of the operator's policy: `§6`, `§5, §6`, `header`, `preamble`.
    Policy(String),
    /// An act of public law, named.
    Law(String),
    /// A rule that computes the fact from other facts.
    Derived(String),
    /// A product decision the policy does not make: the question to put to the operator.
    Operator(String),
}

impl Origin {
    pub fn is_operator(&self) -> bool {
        matches!(self, Origin::Operator(_))
    }

    /// Parses `policy §6`, `law: …`, `derived: …`, `operator: …`.
    pub fn parse(text: &str) -> Result<Origin, String> {
        let text = text.trim();
        let nonempty = |kind: &str, rest: &str| {
            let rest = rest.trim();
            if rest.is_empty() {
                Err(format!("`{kind}:` needs a text after it"))
            } else {
                Ok(rest.to_string())
            }
        };
        if let Some(rest) = text.strip_prefix("policy ") {
            let rest = rest.trim();
            let clauses_ok = rest.split(',').all(|part| {
                let part = part.trim();
                part == "header"
                    || part == "preamble"
                    || part
                        .strip_prefix('§')
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            });
            if rest.is_empty() || !clauses_ok {
                return Err(format!(
                    "`{text}`: name the policy's clauses as `policy §6` or `policy §5, §6` \
                     (or `policy header`, `policy preamble`)"
                ));
            }
            return Ok(Origin::Policy(rest.to_string()));
        }
        if let Some(rest) = text.strip_prefix("law:") {
            return nonempty("law", rest).map(Origin::Law);
        }
        if let Some(rest) = text.strip_prefix("derived:") {
            return nonempty("derived", rest).map(Origin::Derived);
        }
        if let Some(rest) = text.strip_prefix("operator:") {
            return nonempty("operator", rest).map(Origin::Operator);
        }
        Err(format!(
            "`{text}` is not a source: write `policy §N`, `law: <act>`, `derived: <rule>` or \
             `operator: <question for the operator>`"
        ))
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Policy(c) => write!(f, "policy {c}"),
            Origin::Law(t) => write!(f, "law: {t}"),
            Origin::Derived(t) => write!(f, "derived: {t}"),
            Origin::Operator(t) => write!(f, "operator: {t}"),
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Origin::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// `source = "…"` for a whole table or entry, or `source.<field> = "…"` for each field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SourceSpec {
    One(Origin),
    PerField(BTreeMap<String, Origin>),
}

impl<'de> Deserialize<'de> for SourceSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Strings first, then parsed, so a bad source gets its own message rather than
        // "did not match any variant".
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            PerField(BTreeMap<String, String>),
        }
        let raw = Raw::deserialize(d).map_err(|_| {
            serde::de::Error::custom("`source` is a string or a table of strings, one per field")
        })?;
        match raw {
            Raw::One(text) => Origin::parse(&text)
                .map(SourceSpec::One)
                .map_err(serde::de::Error::custom),
            Raw::PerField(map) => map
                .into_iter()
                .map(|(field, text)| {
                    Origin::parse(&text)
                        .map(|o| (field.clone(), o))
                        .map_err(|e| serde::de::Error::custom(format!("source.{field}: {e}")))
                })
                .collect::<Result<_, _>>()
                .map(SourceSpec::PerField),
        }
    }
}

/// A fact and its origin: `policy.version`, `retention.contracts`, `deadlines.information`.
#[derive(Debug, Clone, PartialEq)]
pub struct FactSource {
    pub key: String,
    pub origin: Origin,
}

/// Walks the facts (as JSON) and returns the origin of every fact, or the first fact that
/// names none (`Err(key, message)`). Facts are the top-level tables, the entries of the
/// named maps (`deadlines`, `laws`) and the entries of the lists (by `id`, `name` or
/// `version`).
pub fn collect(facts: &serde_json::Value) -> Result<Vec<FactSource>, (String, String)> {
    let mut out = Vec::new();
    let Some(top) = facts.as_object() else {
        return Err((String::new(), "the facts are not a table".into()));
    };
    for (key, value) in top {
        match value {
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let name = ["id", "name", "version"]
                        .iter()
                        .find_map(|k| item.get(*k).and_then(|v| v.as_str()))
                        .map_or_else(|| format!("{key}[{i}]"), |id| format!("{key}.{id}"));
                    entry(&name, item, &mut out)?;
                }
            }
            serde_json::Value::Object(map) if key == "deadlines" || key == "laws" => {
                for (name, item) in map {
                    entry(&format!("{key}.{name}"), item, &mut out)?;
                }
            }
            other => entry(key, other, &mut out)?,
        }
    }
    Ok(out)
}

fn entry(
    key: &str,
    value: &serde_json::Value,
    out: &mut Vec<FactSource>,
) -> Result<(), (String, String)> {
    let missing = || {
        (
            key.to_string(),
            "has no `source` (where it comes from: `policy §N`, `law: …`, `derived: …` or \
             `operator: …`)"
                .to_string(),
        )
    };
    let Some(fields) = value.as_object() else {
        return Err(missing());
    };
    let source = fields
        .get("source")
        .filter(|v| !v.is_null())
        .ok_or_else(missing)?;
    let spec: SourceSpec =
        serde_json::from_value(source.clone()).map_err(|e| (key.to_string(), e.to_string()))?;
    match spec {
        SourceSpec::One(origin) => out.push(FactSource {
            key: key.to_string(),
            origin,
        }),
        SourceSpec::PerField(map) => {
            for field in fields.keys().filter(|f| f.as_str() != "source") {
                if !map.contains_key(field) {
                    return Err((
                        format!("{key}.{field}"),
                        "has no `source` (the table names a source for each field)".into(),
                    ));
                }
            }
            for (field, origin) in map {
                if !fields.contains_key(&field) {
                    return Err((
                        format!("{key}.source.{field}"),
                        format!("names a field `{field}` that `{key}` does not have"),
                    ));
                }
                out.push(FactSource {
                    key: format!("{key}.{field}"),
                    origin,
                });
            }
        }
    }
    Ok(())
}

/// Removes every `source` from the facts (as JSON): pages render facts, not their origins.
pub fn strip(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("source");
            map.values_mut().for_each(strip);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn origins_parse() {
        assert_eq!(
            Origin::parse("policy §5, §6").unwrap(),
            Origin::Policy("§5, §6".into())
        );
        assert_eq!(
            Origin::parse("policy header").unwrap(),
            Origin::Policy("header".into())
        );
        assert!(Origin::parse("operator: Ten days?").unwrap().is_operator());
        assert!(Origin::parse("policy 6").is_err());
        assert!(Origin::parse("policy §").is_err());
        assert!(Origin::parse("law:").is_err());
        assert!(Origin::parse("my guess").is_err());
    }

    #[test]
    fn every_fact_needs_a_source() {
        let ok = json!({
            "operator": {"source": "policy §1", "email": "a@b"},
            "policy": {"source": {"version": "operator: 1.0?", "law": "policy preamble"}, "version": "1", "law": "x"},
            "deadlines": {"information": {"source": "policy §8", "amount": 3}},
            "retention": [{"id": "chat", "source": "policy §6"}],
        });
        let sources = collect(&ok).unwrap();
        let keys: Vec<&str> = sources.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "deadlines.information",
                "operator",
                "policy.law",
                "policy.version",
                "retention.chat"
            ]
        );
        let no_source = json!({"retention": [{"id": "chat", "years": 5}]});
        assert_eq!(collect(&no_source).unwrap_err().0, "retention.chat");
        let field_without =
            json!({"policy": {"source": {"version": "policy header"}, "version": "1", "law": "x"}});
        assert_eq!(collect(&field_without).unwrap_err().0, "policy.law");
        let unknown_field = json!({"policy": {"source": {"version": "policy header", "fax": "policy §1"}, "version": "1"}});
        assert_eq!(collect(&unknown_field).unwrap_err().0, "policy.source.fax");
    }
}
