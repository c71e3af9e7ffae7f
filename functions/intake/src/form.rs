//! Parsing a submitted request (form-encoded or JSON) and validating its fields. Field
//! errors are codes; `handler` localizes them.

use policy::Locale;
use serde::Deserialize;
use std::collections::BTreeMap;

pub const MAX_BODY: usize = 16 * 1024;
pub const MAX_NAME: usize = 200;
pub const MAX_DETAILS: usize = 4000;
pub const MAX_EMAIL: usize = 254;
pub const MAX_PHONE: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Form,
    Json,
}

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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ConfirmValue {
    Bool(bool),
    Text(String),
}

impl ConfirmValue {
    fn is_yes(&self) -> bool {
        match self {
            ConfirmValue::Bool(b) => *b,
            ConfirmValue::Text(s) => matches!(s.as_str(), "on" | "true" | "1" | "yes"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Not valid UTF-8.
    Encoding,
    /// JSON that does not parse, or is not an object of the expected fields.
    MalformedJson,
    MalformedForm,
}

pub fn parse(kind: BodyKind, body: &[u8]) -> Result<RawFields, ParseError> {
    let text = std::str::from_utf8(body).map_err(|_| ParseError::Encoding)?;
    match kind {
        BodyKind::Json => serde_json::from_str(text).map_err(|_| ParseError::MalformedJson),
        BodyKind::Form => {
            // Percent-decoding can itself produce invalid UTF-8; serde_urlencoded replaces it
            // silently, so decode pairs first and reject it explicitly.
            let mut map: BTreeMap<String, String> = BTreeMap::new();
            for (k, v) in url::form_urlencoded::parse(text.as_bytes()) {
                if k.contains('\u{FFFD}') || v.contains('\u{FFFD}') {
                    return Err(ParseError::Encoding);
                }
                map.entry(k.into_owned()).or_insert_with(|| v.into_owned());
            }
            let value = serde_json::to_value(map).map_err(|_| ParseError::MalformedForm)?;
            serde_json::from_value(value).map_err(|_| ParseError::MalformedForm)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestType {
    Deletion,
    ConsentWithdrawal,
    /// Filed by Meta's data-deletion callback, never through the form.
    MetaDeletion,
}

impl RequestType {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestType::Deletion => "deletion",
            RequestType::ConsentWithdrawal => "consent_withdrawal",
            RequestType::MetaDeletion => "meta_deletion",
        }
    }
    /// The types a visitor may choose on the form.
    pub fn parse(s: &str) -> Option<RequestType> {
        match s {
            "deletion" => Some(RequestType::Deletion),
            "consent_withdrawal" => Some(RequestType::ConsentWithdrawal),
            _ => None,
        }
    }
    /// The key of `[request_deadlines]` in the policy data: a Meta deletion request has the
    /// deadline of a deletion request.
    pub fn deadline_key(self) -> &'static str {
        match self {
            RequestType::MetaDeletion => "deletion",
            other => other.as_str(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Service notifications (policy §3: sent "по предварительному согласию").
    Notifications,
    /// Analytics cookies on the operator's site (policy §9).
    Analytics,
    All,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Notifications => "notifications",
            Scope::Analytics => "analytics",
            Scope::All => "all",
        }
    }
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "notifications" => Some(Scope::Notifications),
            "analytics" => Some(Scope::Analytics),
            "all" => Some(Scope::All),
            _ => None,
        }
    }
}

/// A request that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub kind: RequestType,
    pub locale: Locale,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub details: Option<String>,
    pub scope: Option<Scope>,
    /// The honeypot was filled: answer as if accepted, store and send nothing.
    pub is_bot: bool,
}

/// Field name to error code (`required`, `invalid`, `too_long`, `control_characters`).
pub type FieldErrors = BTreeMap<&'static str, &'static str>;

fn has_control(s: &str, allow_newlines: bool) -> bool {
    s.chars()
        .any(|c| c.is_control() && !(allow_newlines && matches!(c, '\n' | '\r' | '\t')))
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
        Some(k) => RequestType::parse(k).or_else(|| {
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
    }
    let email = raw.email.as_deref().unwrap_or("").trim().to_string();
    if email.is_empty() {
        errors.insert("email", "required");
    } else if email.len() > MAX_EMAIL
        || has_control(&email, false)
        || !email_address::EmailAddress::is_valid(&email)
        || !email
            .rsplit('@')
            .next()
            .is_some_and(|domain| domain.contains('.'))
    {
        errors.insert("email", "invalid");
    }
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
    if let Some(d) = &details {
        if d.chars().count() > MAX_DETAILS {
            errors.insert("details", "too_long");
        } else if has_control(d, true) {
            errors.insert("details", "control_characters");
        }
    }
    let scope = match kind {
        Some(RequestType::ConsentWithdrawal) => match optional(&raw.scope) {
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
        assert_eq!(s.kind, RequestType::Deletion);
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
    fn malformed_bodies() {
        assert_eq!(
            parse(BodyKind::Json, b"{").unwrap_err(),
            ParseError::MalformedJson
        );
        assert_eq!(
            parse(BodyKind::Json, b"[1]").unwrap_err(),
            ParseError::MalformedJson
        );
        assert_eq!(
            parse(BodyKind::Form, b"name=\xff").unwrap_err(),
            ParseError::Encoding
        );
        assert_eq!(
            parse(BodyKind::Form, b"name=%FF").unwrap_err(),
            ParseError::Encoding
        );
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
