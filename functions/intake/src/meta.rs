//! Meta's data-deletion request callback: `signed_request` is
//! `base64url(HMAC-SHA256(payload part, app secret))` `.` `base64url(JSON payload)`; the
//! signature is checked in constant time before the payload is read.

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The path Meta is registered to call.
pub const PATH: &str = "/meta/data-deletion";

/// Meta writes base64url without padding; padding is tolerated.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The longest `signed_request` accepted (Meta's are a few hundred bytes).
pub const MAX_SIGNED_REQUEST: usize = 4096;

/// How old a signed request may be (`issued_at`): Meta calls at once, so an older one is a
/// replay of a captured request. A little clock skew the other way is tolerated.
pub const MAX_AGE_SECONDS: i64 = 3600;
pub const MAX_SKEW_SECONDS: i64 = 300;

/// The app secret, never printed.
#[derive(Clone)]
pub struct AppSecret(Vec<u8>);

impl AppSecret {
    pub fn new(secret: impl Into<Vec<u8>>) -> AppSecret {
        AppSecret(secret.into())
    }
}

impl std::fmt::Debug for AppSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AppSecret(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The app-scoped user id.
    pub user_id: String,
    pub issued_at: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignedRequestError {
    #[error("no signed_request")]
    Missing,
    #[error("signed_request is not signature.payload in base64url")]
    Malformed,
    #[error("the signature does not match")]
    BadSignature,
    #[error("the algorithm is not HMAC-SHA256")]
    Algorithm,
    #[error("the payload has no user_id")]
    NoUser,
    #[error("issued_at is missing, older than the window or in the future")]
    Stale,
}

impl SignedRequestError {
    /// The class for logs and the error code.
    pub fn class(self) -> &'static str {
        match self {
            SignedRequestError::Missing => "missing",
            SignedRequestError::Malformed => "malformed",
            SignedRequestError::BadSignature => "bad_signature",
            SignedRequestError::Algorithm => "algorithm",
            SignedRequestError::NoUser => "no_user",
            SignedRequestError::Stale => "stale",
        }
    }
}

#[derive(serde::Deserialize)]
struct Payload {
    algorithm: Option<String>,
    user_id: Option<serde_json::Value>,
    issued_at: Option<i64>,
}

/// Verifies `signed_request` with the app secret and returns its user.
pub fn verify(
    signed_request: &str,
    secret: &AppSecret,
) -> Result<SignedRequest, SignedRequestError> {
    let signed_request = signed_request.trim();
    if signed_request.is_empty() {
        return Err(SignedRequestError::Missing);
    }
    if signed_request.len() > MAX_SIGNED_REQUEST {
        return Err(SignedRequestError::Malformed);
    }
    let (signature, payload) = signed_request
        .split_once('.')
        .ok_or(SignedRequestError::Malformed)?;
    let signature = B64URL
        .decode(signature)
        .map_err(|_| SignedRequestError::Malformed)?;
    let payload_bytes = B64URL
        .decode(payload)
        .map_err(|_| SignedRequestError::Malformed)?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&secret.0)
        .map_err(|_| SignedRequestError::BadSignature)?;
    mac.update(payload.as_bytes());
    // `verify_slice` compares in constant time and rejects a wrong length.
    mac.verify_slice(&signature)
        .map_err(|_| SignedRequestError::BadSignature)?;
    let payload: Payload =
        serde_json::from_slice(&payload_bytes).map_err(|_| SignedRequestError::Malformed)?;
    if !payload
        .algorithm
        .as_deref()
        .is_some_and(|a| a.eq_ignore_ascii_case("HMAC-SHA256"))
    {
        return Err(SignedRequestError::Algorithm);
    }
    let user_id = match payload.user_id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(SignedRequestError::NoUser),
    };
    let user_id = user_id.trim().to_string();
    if user_id.is_empty() || user_id.len() > 128 || user_id.chars().any(char::is_control) {
        return Err(SignedRequestError::NoUser);
    }
    Ok(SignedRequest {
        user_id,
        issued_at: payload.issued_at,
    })
}

/// A verified request must have been issued within [`MAX_AGE_SECONDS`] before `now` (and
/// not more than [`MAX_SKEW_SECONDS`] after it).
pub fn check_fresh(request: &SignedRequest, now: i64) -> Result<(), SignedRequestError> {
    match request.issued_at {
        Some(t) if t >= now - MAX_AGE_SECONDS && t <= now + MAX_SKEW_SECONDS => Ok(()),
        _ => Err(SignedRequestError::Stale),
    }
}

/// Signs a payload the way Meta does (for tests and the local `serve`).
pub fn sign(payload: &str, secret: &AppSecret) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let body = engine.encode(payload.as_bytes());
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&secret.0) else {
        return String::new();
    };
    mac.update(body.as_bytes());
    format!("{}.{body}", engine.encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str = "Mf_s6nTb38UYqioBmPqu0Ewm9souPZB9I2fIGwV729U.eyJ1c2VyX2lkIjoiMCIsImFsZ29yaXRobSI6IkhNQUMtU0hBMjU2IiwiaXNzdWVkX2F0IjoxNjI0MjQ0MTU2fQ";

    fn key() -> AppSecret {
        AppSecret::new("key")
    }

    #[test]
    fn metas_test_vector_verifies() {
        assert_eq!(
            verify(VECTOR, &key()),
            Ok(SignedRequest {
                user_id: "0".into(),
                issued_at: Some(1_624_244_156)
            })
        );
        assert_eq!(
            sign(
                r#"{"user_id":"0","algorithm":"HMAC-SHA256","issued_at":1624244156}"#,
                &key()
            ),
            VECTOR
        );
    }

    #[test]
    fn a_wrong_secret_or_tampered_payload_is_rejected() {
        assert_eq!(
            verify(VECTOR, &AppSecret::new("other")),
            Err(SignedRequestError::BadSignature)
        );
        let (sig, _) = VECTOR.split_once('.').unwrap();
        let tampered = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"user_id":"1","algorithm":"HMAC-SHA256","issued_at":1624244156}"#);
        assert_eq!(
            verify(&format!("{sig}.{tampered}"), &key()),
            Err(SignedRequestError::BadSignature)
        );
        // One flipped character of the signature.
        let mut bad = VECTOR.to_string();
        bad.replace_range(0..1, "N");
        assert_eq!(verify(&bad, &key()), Err(SignedRequestError::BadSignature));
        // A truncated signature.
        assert_eq!(
            verify(&VECTOR[4..], &key()),
            Err(SignedRequestError::BadSignature)
        );
    }

    #[test]
    fn malformed_inputs_are_rejected() {
        assert_eq!(verify("", &key()), Err(SignedRequestError::Missing));
        assert_eq!(
            verify(&VECTOR.replace('.', ""), &key()),
            Err(SignedRequestError::Malformed)
        );
        assert_eq!(
            verify("%%%.abc", &key()),
            Err(SignedRequestError::Malformed)
        );
        assert_eq!(
            verify("abc.!!!", &key()),
            Err(SignedRequestError::Malformed)
        );
        assert_eq!(
            verify(&"a".repeat(MAX_SIGNED_REQUEST + 1), &key()),
            Err(SignedRequestError::Malformed)
        );
        // Correctly signed, but not JSON.
        let s = sign("not json", &key());
        assert_eq!(verify(&s, &key()), Err(SignedRequestError::Malformed));
    }

    #[test]
    fn only_hmac_sha256_with_a_user_is_accepted() {
        for payload in [
            r#"{"user_id":"0","algorithm":"HMAC-SHA1","issued_at":1}"#,
            r#"{"user_id":"0","algorithm":"none","issued_at":1}"#,
            r#"{"user_id":"0","issued_at":1}"#,
        ] {
            assert_eq!(
                verify(&sign(payload, &key()), &key()),
                Err(SignedRequestError::Algorithm),
                "{payload}"
            );
        }
        for payload in [
            r#"{"algorithm":"HMAC-SHA256"}"#,
            r#"{"user_id":"","algorithm":"HMAC-SHA256"}"#,
            r#"{"user_id":{"a":1},"algorithm":"HMAC-SHA256"}"#,
        ] {
            assert_eq!(
                verify(&sign(payload, &key()), &key()),
                Err(SignedRequestError::NoUser),
                "{payload}"
            );
        }
        let numeric = sign(r#"{"user_id":42,"algorithm":"hmac-sha256"}"#, &key());
        assert_eq!(verify(&numeric, &key()).unwrap().user_id, "42");
        // Padding is tolerated.
        let (sig, body) = VECTOR.split_once('.').unwrap();
        assert!(verify(&format!("{sig}=.{body}"), &key()).is_ok());
    }

    #[test]
    fn only_fresh_requests_pass() {
        let at = |t: Option<i64>| SignedRequest {
            user_id: "0".into(),
            issued_at: t,
        };
        let now = 1_800_000_000;
        assert!(check_fresh(&at(Some(now)), now).is_ok());
        assert!(check_fresh(&at(Some(now - MAX_AGE_SECONDS)), now).is_ok());
        assert!(check_fresh(&at(Some(now + MAX_SKEW_SECONDS)), now).is_ok());
        for t in [
            Some(now - MAX_AGE_SECONDS - 1),
            Some(now + MAX_SKEW_SECONDS + 1),
            None,
        ] {
            assert_eq!(
                check_fresh(&at(t), now),
                Err(SignedRequestError::Stale),
                "{t:?}"
            );
        }
        // Meta's published vector verifies, but is from 2021.
        let vector = verify(VECTOR, &key()).unwrap();
        assert_eq!(check_fresh(&vector, now), Err(SignedRequestError::Stale));
    }

    #[test]
    fn the_secret_is_never_printed() {
        assert!(!format!("{:?}", key()).contains("key"));
    }
}
