//! The requester's one-time confirmation token: 256 random bits, URL-safe, stored only as
//! its SHA-256.

/// How long the requester's confirmation link is valid.
pub const TOKEN_TTL_SECONDS: i64 = 7 * 24 * 3600;
use base64::Engine;
use sha2::{Digest, Sha256};

/// A token as issued: the token for the e-mail, its hash and expiry for the store.
pub struct Issued {
    pub token: String,
    pub hash: String,
    /// Epoch seconds: valid for [`TOKEN_TTL_SECONDS`] from issue.
    pub expires: i64,
}

/// Issues a fresh token now.
pub fn issue() -> Issued {
    let (token, hash) = new_token();
    Issued {
        token,
        hash,
        expires: jiff::Timestamp::now().as_second() + TOKEN_TTL_SECONDS,
    }
}

/// A fresh token and its hash.
pub fn new_token() -> (String, String) {
    let bytes: [u8; 32] = rand::random();
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The shape of a token (43 URL-safe base64 characters), checked before any store call.
pub fn is_token(s: &str) -> bool {
    s.len() == 43
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_well_formed_and_hashed() {
        let (t1, h1) = new_token();
        let (t2, _) = new_token();
        assert_ne!(t1, t2);
        assert!(is_token(&t1));
        assert_eq!(h1, hash(&t1));
        assert_eq!(h1.len(), 64);
        assert!(!h1.contains(&t1));
        assert!(!is_token("short"));
        assert!(!is_token(&format!("{}=", &t1[..42])));
    }
}
