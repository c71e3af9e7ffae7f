//! What a requester asked, validated: the fields as submitted ([`RawFields`], from a form
//! or JSON) become a [`Submission`] or one error code per field (`handler` localizes them).

use super::kind::{Details, Kind, Scope};
use policy::Locale;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const MAX_NAME: usize = 200;
pub const MAX_DETAILS: usize = 4000;
pub const MAX_EMAIL: usize = 254;
pub const MAX_PHONE: usize = 40;

/// Fields as submitted, before validation. JSON's `confirm` may be a boolean.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct RawFields {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub locale: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub details: Option<String>,
    pub scope: Option<String>,
    pub confirm: Option<ConfirmValue>,
    pub website: Option<String>,
    /// The site page the form was on (`data-deletion`, `rights`): only for showing that form
    /// again when it cannot be filed.
    pub page: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ConfirmValue {
    Bool(bool),
    Text(String),
}

impl ConfirmValue {
    pub fn is_yes(&self) -> bool {
        match self {
            ConfirmValue::Bool(b) => *b,
            ConfirmValue::Text(s) => matches!(s.as_str(), "on" | "true" | "1" | "yes"),
        }
    }
}

/// A request that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub kind: Kind,
    pub locale: Locale,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub details: Option<String>,
    pub scope: Option<Scope>,
    /// The honeypot was filled: answer as if accepted, store and send nothing.
    pub is_bot: bool,
}

/// Field name to error code (`required`, `invalid`, `too_long`, `control_characters`,
/// `invisible_characters`).
pub type FieldErrors = BTreeMap<&'static str, &'static str>;

fn has_control(s: &str, allow_newlines: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(allow_newlines && matches!(c, '\n' | '\r' | '\t')))
}

/// A format character (general category Cf): bidi controls (U+202A–U+202E, U+2066–U+2069),
/// zero-width characters, the BOM, the soft hyphen… They reorder or hide text in a greeting,
/// a header or the operator's notice.
fn is_format(c: char) -> bool {
    use icu_properties::props::GeneralCategory;
    icu_properties::CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

/// Invisible by definition (Default_Ignorable_Code_Point: the Cf characters, and fillers
/// such as U+3164 that are letters yet show nothing).
fn is_ignorable(c: char) -> bool {
    icu_properties::CodePointSetData::new::<icu_properties::props::DefaultIgnorableCodePoint>()
        .contains(c)
}

/// A name must show at least one letter; `trim` alone lets a name of invisible characters
/// through.
fn has_visible_letter(s: &str) -> bool {
    s.chars().any(|c| c.is_alphabetic() && !is_ignorable(c))
}

/// The longest local part and domain SMTP allows (RFC 5321 §4.5.3.1).
const MAX_LOCAL_PART: usize = 64;

/// The bare address (addr-spec, dot-atom only) of `raw`, normalised: the domain lower-cased
/// and in ASCII (IDNA), the local part as typed; `None` for anything else: a display name,
/// a comment, a list, a quoted local part, a domain literal or IP address, a host without a
/// dot, a non-ASCII local part (it would need SMTPUTF8, which a server may refuse). What
/// passes is what the mail transport can send (checked with lettre's own parsers).
pub fn normalize_email(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (local, domain) = raw.rsplit_once('@')?;
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    if local.is_empty()
        || local.len() > MAX_LOCAL_PART
        || local
            .split('.')
            .any(|atom| atom.is_empty() || !atom.chars().all(atext))
    {
        return None;
    }
    // The UTS 46 mapping of a hostname, STD3 rules and DNS lengths: no brackets, spaces,
    // underscores, empty labels or trailing dot.
    let domain = idna::domain_to_ascii_strict(domain).ok()?;
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| l.is_empty())
        || labels
            .last()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let address = format!("{local}@{domain}");
    if address.len() > MAX_EMAIL {
        return None;
    }
    let sendable = address.parse::<lettre::Address>().is_ok()
        && address
            .parse::<lettre::message::Mailbox>()
            .is_ok_and(|m| m.name.is_none() && m.email.to_string() == address);
    sendable.then_some(address)
}

/// One mailbox however its address is spelled, for the per-recipient limit: lower-cased,
/// without a `+tag` (most providers deliver `name+tag@` to `name@`), and without dots for
/// Gmail, which ignores them. Only ever a key: mail goes to the address as given.
pub fn mailbox_key(address: &str) -> String {
    let lower = address.to_lowercase();
    let Some((local, domain)) = lower.rsplit_once('@') else {
        return lower;
    };
    let local = local.split('+').next().unwrap_or(local);
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let local = if domain == "gmail.com" {
        local.replace('.', "")
    } else {
        local.to_string()
    };
    format!("{local}@{domain}")
}

fn optional(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The locale of the answer: the field if valid, else `Accept-Language`, else Russian.
pub fn pick_locale(raw: Option<&str>, accept_language: Option<&str>) -> Locale {
    raw.and_then(|l| l.trim().parse().ok())
        .or_else(|| accept_language.and_then(Locale::from_accept_language))
        .unwrap_or(Locale::DEFAULT)
}

pub fn validate(
    raw: &RawFields,
    accept_language: Option<&str>,
) -> (Locale, Result<Submission, FieldErrors>) {
    let locale = pick_locale(raw.locale.as_deref(), accept_language);
    let mut errors = FieldErrors::new();
    if raw
        .locale
        .as_deref()
        .is_some_and(|l| !l.trim().is_empty() && l.trim().parse::<Locale>().is_err())
    {
        errors.insert("locale", "invalid");
    }
    let kind = match raw.kind.as_deref().map(str::trim) {
        None | Some("") => {
            errors.insert("type", "required");
            None
        }
        Some(k) => Kind::from_form(k).or_else(|| {
            errors.insert("type", "invalid");
            None
        }),
    };
    let name = raw.name.as_deref().unwrap_or("").trim().to_string();
    if name.is_empty() {
        errors.insert("name", "required");
    } else if name.chars().count() > MAX_NAME {
        errors.insert("name", "too_long");
    } else if has_control(&name, false) {
        errors.insert("name", "control_characters");
    } else if !has_visible_letter(&name) {
        errors.insert("name", "required");
    } else if name.chars().any(|c| is_format(c) || is_ignorable(c)) {
        errors.insert("name", "invisible_characters");
    }
    let typed = raw.email.as_deref().unwrap_or("").trim();
    let email = if typed.is_empty() {
        errors.insert("email", "required");
        String::new()
    } else {
        normalize_email(typed).unwrap_or_else(|| {
            errors.insert("email", "invalid");
            String::new()
        })
    };
    let phone = optional(&raw.phone);
    if let Some(p) = &phone {
        let digits = p.chars().filter(char::is_ascii_digit).count();
        if p.chars().count() > MAX_PHONE
            || digits < 5
            || !p
                .chars()
                .all(|c| c.is_ascii_digit() || " +()-.".contains(c))
        {
            errors.insert("phone", "invalid");
        }
    }
    let details = optional(&raw.details);
    // A rectification must say what is wrong and what is right.
    if details.is_none() && kind.is_some_and(|k| k.spec().details == Details::Required) {
        errors.insert("details", "required");
    }
    if let Some(d) = &details {
        if d.chars().count() > MAX_DETAILS {
            errors.insert("details", "too_long");
        } else if has_control(d, true) {
            errors.insert("details", "control_characters");
        } else if d.chars().any(is_format) {
            // Only Cf here: emoji variation selectors are default-ignorable but harmless.
            errors.insert("details", "invisible_characters");
        }
    }
    let scope = match kind {
        Some(k) if k.spec().takes_scope => match optional(&raw.scope) {
            None => Some(Scope::All),
            Some(s) => Scope::parse(&s).or_else(|| {
                errors.insert("scope", "invalid");
                None
            }),
        },
        _ => None,
    };
    if !raw.confirm.as_ref().is_some_and(ConfirmValue::is_yes) {
        errors.insert("confirm", "required");
    }
    let is_bot = raw.website.as_deref().is_some_and(|w| !w.trim().is_empty());
    match (kind, errors.is_empty()) {
        (Some(kind), true) => (
            locale,
            Ok(Submission {
                kind,
                locale,
                name,
                email,
                phone,
                details,
                scope,
                is_bot,
            }),
        ),
        _ => (locale, Err(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::handler::body::{parse, BodyKind};

    fn form(s: &str) -> RawFields {
        parse(BodyKind::Form, s.as_bytes()).unwrap()
    }

    #[test]
    fn a_good_form() {
        let (l, r) = validate(
            &form("type=deletion&locale=kk&name=A+B&email=a%40b.kz&confirm=on&website="),
            None,
        );
        assert_eq!(l, Locale::Kk);
        let s = r.unwrap();
        assert_eq!(s.kind, Kind::Deletion);
        assert_eq!(s.scope, None);
        assert!(!s.is_bot);
    }

    #[test]
    fn json_with_boolean_confirm_and_default_scope() {
        let raw = parse(
            BodyKind::Json,
            br#"{"type":"consent_withdrawal","name":"A","email":"a@b.kz","confirm":true}"#,
        )
        .unwrap();
        let (l, r) = validate(&raw, Some("en-GB,en;q=0.9"));
        assert_eq!(l, Locale::En);
        assert_eq!(r.unwrap().scope, Some(Scope::All));
    }

    #[test]
    fn consent_scopes_are_those_the_policy_names() {
        let scope_of = |value: &str| {
            validate(
                &form(&format!(
                    "type=consent_withdrawal&name=A&email=a%40b.kz&confirm=on&scope={value}"
                )),
                None,
            )
            .1
        };
        assert_eq!(
            scope_of("notifications").unwrap().scope,
            Some(Scope::Notifications)
        );
        assert_eq!(scope_of("analytics").unwrap().scope, Some(Scope::Analytics));
        assert_eq!(scope_of("all").unwrap().scope, Some(Scope::All));
        // The policy never says that Interpay sends marketing messages (issue 10).
        let errors = scope_of("marketing").unwrap_err();
        assert_eq!(errors.get("scope").copied(), Some("invalid"), "{errors:?}");
    }

    #[test]
    fn every_type_of_policy_s8_and_details_required_for_rectification() {
        for kind in [
            "deletion",
            "consent_withdrawal",
            "information",
            "rectification",
        ] {
            let raw = form(&format!(
                "type={kind}&name=A&email=a%40b.kz&details=x&confirm=on"
            ));
            let (_, r) = validate(&raw, None);
            assert_eq!(r.unwrap().kind.as_str(), kind);
        }
        let (_, r) = validate(
            &form("type=rectification&name=A&email=a%40b.kz&confirm=on"),
            None,
        );
        assert_eq!(r.unwrap_err().get("details"), Some(&"required"));
        let (_, r) = validate(
            &form("type=information&name=A&email=a%40b.kz&confirm=on"),
            None,
        );
        assert!(
            r.unwrap().details.is_none(),
            "details optional for information"
        );
        let (_, r) = validate(
            &form("type=meta_deletion&name=A&email=a%40b.kz&confirm=on"),
            None,
        );
        assert_eq!(r.unwrap_err().get("type"), Some(&"invalid"));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let long = "x".repeat(201);
        let raw = form(&format!(
            "type=erase&locale=de&name={long}&email=a%0D%0Ab%40c.kz&phone=abc&scope=x&details=%01"
        ));
        let (l, r) = validate(&raw, None);
        assert_eq!(l, Locale::Ru);
        let e = r.unwrap_err();
        for f in [
            "type", "locale", "name", "email", "phone", "details", "confirm",
        ] {
            assert!(e.contains_key(f), "{f}: {e:?}");
        }
    }

    #[test]
    fn addresses_are_bare_sendable_and_normalised() {
        for (raw, normal) in [
            ("a@b.kz", "a@b.kz"),
            (" Name.Sur+tag@Example.KZ ", "Name.Sur+tag@example.kz"),
            ("Victim@ПРИМЕР.рф", "Victim@xn--e1afmkfd.xn--p1ai"),
            ("o'brien@mail.example.com", "o'brien@mail.example.com"),
        ] {
            assert_eq!(normalize_email(raw).as_deref(), Some(normal), "{raw}");
        }
        for raw in [
            "Name <a@b.kz>",
            "<a@b.kz>",
            "a@b.kz (c)",
            "a@b.kz, c@d.kz",
            "\"a b\"@b.kz",
            "a@[127.0.0.1]",
            "a@127.0.0.1",
            "a@b",
            "a@b_c.kz",
            "a..b@c.kz",
            ".a@c.kz",
            "a.@c.kz",
            "юзер@b.kz",
            "a@b.kz.",
            "a\r\n@b.kz",
            "@b.kz",
            "a@",
            &format!("{}@b.kz", "a".repeat(65)),
        ] {
            assert_eq!(normalize_email(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn one_mailbox_one_key() {
        let key = mailbox_key("Victim+1@Example.com");
        assert_eq!(key, "victim@example.com");
        assert_eq!(mailbox_key("VICTIM@example.com"), key);
        assert_eq!(mailbox_key("vic.tim+x@googlemail.com"), "victim@gmail.com");
        assert_eq!(mailbox_key("v.ictim@gmail.com"), "victim@gmail.com");
        // Dots count elsewhere.
        assert_ne!(mailbox_key("vic.tim@example.com"), key);
    }

    #[test]
    fn invisible_characters() {
        let name = |n: &str| {
            let mut raw = form("type=deletion&email=a%40b.kz&confirm=on");
            raw.name = Some(n.into());
            validate(&raw, None)
                .1
                .err()
                .and_then(|e| e.get("name").copied())
        };
        assert_eq!(name("\u{200B}"), Some("required"));
        assert_eq!(name("\u{3164}\u{3164}"), Some("required"));
        assert_eq!(name("A\u{202E}B"), Some("invisible_characters"));
        assert_eq!(name("A\u{3164}"), Some("invisible_characters"));
        assert_eq!(name("Айгерім Сапарова"), None);
        assert_eq!(name("O'Brien-Smith"), None);
        let details = |d: &str| {
            let mut raw = form("type=deletion&name=A&email=a%40b.kz&confirm=on");
            raw.details = Some(d.into());
            validate(&raw, None)
                .1
                .err()
                .and_then(|e| e.get("details").copied())
        };
        assert_eq!(details("see \u{2066}x"), Some("invisible_characters"));
        assert_eq!(details("спасибо ❤\u{FE0F}"), None);
    }

    #[test]
    fn honeypot() {
        let (_, r) = validate(
            &form("type=deletion&name=A&email=a%40b.kz&confirm=on&website=http%3A%2F%2Fspam"),
            None,
        );
        assert!(r.unwrap().is_bot);
    }
}
