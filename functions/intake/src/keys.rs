//! Keyed hashes (HMAC-SHA256 under the store's secret): keys for dedupe and limits that
//! hold no personal data and cannot be recomputed without the secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The HMAC keyed once at start-up; every key is computed from a copy of it, so computing
/// one cannot fail.
#[derive(Clone)]
pub struct Keyer {
    mac: Hmac<Sha256>,
}

#[derive(Debug, thiserror::Error)]
#[error("the dedupe secret cannot key HMAC-SHA256 ({0})")]
pub struct KeyError(String);

impl Keyer {
    pub fn new(secret: &[u8]) -> Result<Keyer, KeyError> {
        if secret.is_empty() {
            return Err(KeyError("it is empty".into()));
        }
        let mac =
            <Hmac<Sha256> as Mac>::new_from_slice(secret).map_err(|e| KeyError(e.to_string()))?;
        Ok(Keyer { mac })
    }

    /// HMAC-SHA256 (hex) of `parts` joined by newlines.
    pub fn hash(&self, parts: &[&str]) -> String {
        let mut mac = self.mac.clone();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                mac.update(b"\n");
            }
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for Keyer {
    // Never print the key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keyer(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_secret_and_every_part() {
        let k = Keyer::new(b"secret").unwrap();
        let a = k.hash(&["deletion", "a@b.kz", ""]);
        assert_eq!(a.len(), 64);
        assert_eq!(a, k.hash(&["deletion", "a@b.kz", ""]));
        assert_ne!(a, k.hash(&["deletion", "a@b.kz", "all"]));
        assert_ne!(
            a,
            Keyer::new(b"other")
                .unwrap()
                .hash(&["deletion", "a@b.kz", ""])
        );
        // RFC 4231 test case 2.
        assert_eq!(
            Keyer::new(b"Jefe")
                .unwrap()
                .hash(&["what do ya want for nothing?"]),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn an_empty_secret_is_refused() {
        assert!(Keyer::new(b"").is_err());
    }
}
