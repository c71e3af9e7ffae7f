//! Decoding a submitted body (form-encoded or JSON) into the fields of a request, strictly.

use crate::request::RawFields;
use std::collections::BTreeMap;

pub const MAX_BODY: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Form,
    Json,
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
            let mut map: BTreeMap<String, String> = BTreeMap::new();
            for (k, v) in decode_form(text)? {
                map.entry(k).or_insert(v);
            }
            let value = serde_json::to_value(map).map_err(|_| ParseError::MalformedForm)?;
            serde_json::from_value(value).map_err(|_| ParseError::MalformedForm)
        }
    }
}

/// The pairs of a form body (the confirmation's `token`), decoded strictly as below.
pub fn decode_form_text(body: &[u8]) -> Result<Vec<(String, String)>, ParseError> {
    let text = std::str::from_utf8(body).map_err(|_| ParseError::Encoding)?;
    decode_form(text)
}

/// `application/x-www-form-urlencoded` pairs, decoded strictly: percent-decoding that gives
/// invalid UTF-8 is an error (url's parser would put U+FFFD in its place, and then a real
/// U+FFFD could not be told from a broken one).
fn decode_form(text: &str) -> Result<Vec<(String, String)>, ParseError> {
    let decode = |part: &str| -> Result<String, ParseError> {
        let spaced = part.replace('+', " ");
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
        String::from_utf8(bytes).map_err(|_| ParseError::Encoding)
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(k)?, decode(v)?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(s: &str) -> RawFields {
        parse(BodyKind::Form, s.as_bytes()).unwrap()
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
    fn form_decoding_is_strict_but_takes_a_real_replacement_character() {
        let raw = form("name=%EF%BF%BD+x&email=a%40b.kz");
        assert_eq!(raw.name.as_deref(), Some("\u{FFFD} x"));
        for bad in ["name=%FF", "name=%C3", "name=%ED%A0%80", "%FF=x"] {
            assert_eq!(
                parse(BodyKind::Form, bad.as_bytes()).unwrap_err(),
                ParseError::Encoding,
                "{bad}"
            );
        }
    }
}
