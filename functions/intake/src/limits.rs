//! Abuse limits (issue 14), each a counter of slots in a fixed window, kept in the store
//! under a key that holds no personal data:
//!
//! - per mailbox: at most [`RECIPIENT_ACKS_PER_DAY`] acknowledgements in 24 hours, across
//!   types and scopes; past it the request is recorded and answered as usual, the
//!   acknowledgement is withheld, and the operator's notice and digest say so;
//! - per source (the request's address, IPv6 by /64): [`DEFAULT_SOURCE_REQUESTS_PER_HOUR`]
//!   submissions an hour; past it 429, nothing stored;
//! - operator notices: [`DEFAULT_NOTICES_PER_HOUR`] an hour one by one; the rest wait for
//!   one summary, sent by the hourly resend;
//! - the status lookup (issue 15): as many attempts per source an hour as submissions, on
//!   a counter of its own, and [`LOOKUPS_PER_REFERENCE_PER_HOUR`] per reference; past
//!   either 429;
//! - sending the confirmation e-mail again: [`CONFIRMATION_RESENDS_PER_DAY`] per request,
//!   as many per source an hour as submissions (its own counter), and each one counts
//!   against its mailbox's [`RECIPIENT_ACKS_PER_DAY`]; past any of them 429.

use std::net::IpAddr;

/// Acknowledgements one mailbox may get in [`RECIPIENT_WINDOW_SECONDS`]: a person may ask
/// for deletion and withdraw consent and still retry once; a bomber gets three mails a day.
pub const RECIPIENT_ACKS_PER_DAY: u32 = 3;
pub const RECIPIENT_WINDOW_SECONDS: i64 = 24 * 3600;
/// Submissions one source may make in [`SOURCE_WINDOW_SECONDS`], unless configured: well
/// above what a household or an office behind one address sends (mobile carriers put many
/// subscribers behind one address), far below a flood.
pub const DEFAULT_SOURCE_REQUESTS_PER_HOUR: u32 = 30;
pub const SOURCE_WINDOW_SECONDS: i64 = 3600;
/// Attempts to find one reference (with some e-mail address) in [`LOOKUP_WINDOW_SECONDS`]:
/// a person mistyping their address a few times gets through; guessing addresses for a
/// known reference does not.
pub const LOOKUPS_PER_REFERENCE_PER_HOUR: u32 = 5;
pub const LOOKUP_WINDOW_SECONDS: i64 = 3600;
/// Confirmation e-mails one request may be sent again in [`RESEND_WINDOW_SECONDS`].
pub const CONFIRMATION_RESENDS_PER_DAY: u32 = 3;
pub const RESEND_WINDOW_SECONDS: i64 = 24 * 3600;

/// Individual operator notices in [`NOTICE_WINDOW_SECONDS`], unless configured.
pub const DEFAULT_NOTICES_PER_HOUR: u32 = 30;
pub const NOTICE_WINDOW_SECONDS: i64 = 3600;

/// The configurable limits (the load test raises them: all its requests come from one
/// address, and it counts every notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub source_requests_per_hour: u32,
    pub notices_per_hour: u32,
    /// The bound on any one store call, so a visitor is told to retry instead of waiting
    /// (`STORE_TIMEOUT_MS`; the load test raises it because moto is far slower than
    /// DynamoDB under concurrency).
    pub store_timeout: std::time::Duration,
}

/// The default bound on one store call.
pub const DEFAULT_STORE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(4);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            source_requests_per_hour: DEFAULT_SOURCE_REQUESTS_PER_HOUR,
            notices_per_hour: DEFAULT_NOTICES_PER_HOUR,
            store_timeout: DEFAULT_STORE_TIMEOUT,
        }
    }
}

impl Limits {
    /// `SOURCE_REQUESTS_PER_HOUR` and `OPERATOR_NOTICES_PER_HOUR` (1 to 1,000,000) and
    /// `STORE_TIMEOUT_MS` (100 to 120,000), each optional; a bad value is named.
    pub fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Limits, crate::config::ConfigError> {
        let read =
            |name: &'static str, default: u32| match get(name).filter(|v| !v.trim().is_empty()) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| (1..=1_000_000).contains(n))
                    .ok_or_else(|| crate::config::ConfigError {
                        variable: name,
                        message: "must be a whole number from 1 to 1000000".into(),
                    }),
            };
        Ok(Limits {
            source_requests_per_hour: read(
                "SOURCE_REQUESTS_PER_HOUR",
                DEFAULT_SOURCE_REQUESTS_PER_HOUR,
            )?,
            notices_per_hour: read("OPERATOR_NOTICES_PER_HOUR", DEFAULT_NOTICES_PER_HOUR)?,
            store_timeout: match get("STORE_TIMEOUT_MS").filter(|v| !v.trim().is_empty()) {
                None => DEFAULT_STORE_TIMEOUT,
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| (100..=120_000).contains(ms))
                    .map(std::time::Duration::from_millis)
                    .ok_or_else(|| crate::config::ConfigError {
                        variable: "STORE_TIMEOUT_MS",
                        message: "must be a whole number of milliseconds from 100 to 120000".into(),
                    })?,
            },
        })
    }
}

/// What taking a slot of a limit gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Taken,
    /// All slots of the window are used; it ends at this epoch second.
    Full {
        until: i64,
    },
}

/// The store key (after `limit#`) of the source limit: a keyed hash of the address, an IPv6
/// address by its /64 (one subscriber's prefix), an IPv4-mapped one as IPv4. An event
/// without an address shares one key (and logs that it had none).
pub fn source_key(keyer: &crate::keys::Keyer, source_ip: Option<&str>) -> String {
    let prefix = match source_ip.and_then(|s| s.trim().parse::<IpAddr>().ok()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        None => {
            tracing::warn!("no source address in the request: the shared source limit applies");
            "unknown".to_string()
        }
    };
    format!("source#{}", keyer.hash(&["source", &prefix]))
}

/// The store key of the lookup's per-source limit: the source's, on a counter of its own.
pub fn lookup_source_key(keyer: &crate::keys::Keyer, source_ip: Option<&str>) -> String {
    format!("lookup-{}", source_key(keyer, source_ip))
}

/// The store key of the lookup's per-reference limit: a keyed hash of the reference.
pub fn lookup_reference_key(
    keyer: &crate::keys::Keyer,
    reference: &crate::request::Reference,
) -> String {
    format!(
        "lookup-ref#{}",
        keyer.hash(&["lookup-ref", reference.as_str()])
    )
}

/// The store key of the per-source limit of confirmation resends (a counter of its own).
pub fn resend_source_key(keyer: &crate::keys::Keyer, source_ip: Option<&str>) -> String {
    format!("resend-{}", source_key(keyer, source_ip))
}

/// The store key of the per-request limit of confirmation resends.
pub fn resend_request_key(keyer: &crate::keys::Keyer, id: &str) -> String {
    format!("resend#{}", keyer.hash(&["resend", id]))
}

/// The store key of the per-recipient limit: a keyed hash of the mailbox.
pub fn recipient_key(keyer: &crate::keys::Keyer, address: &str) -> String {
    format!(
        "recipient#{}",
        keyer.hash(&[
            "recipient",
            &crate::request::submission::mailbox_key(address),
        ])
    )
}

/// The store key of the operator-notice limit (one for the whole function).
pub const NOTICES_KEY: &str = "notices";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_grouped_by_address_and_ipv6_prefix_and_hidden() {
        let k = |ip: &str| source_key(&crate::keys::Keyer::new(b"k").unwrap(), Some(ip));
        assert_eq!(k("2001:db8:1:2::1"), k("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_ne!(k("2001:db8:1:2::1"), k("2001:db8:1:3::1"));
        assert_eq!(k("::ffff:192.0.2.1"), k("192.0.2.1"));
        assert_ne!(k("192.0.2.1"), k("192.0.2.2"));
        assert!(!k("192.0.2.1").contains("192"));
        assert_ne!(
            source_key(
                &crate::keys::Keyer::new(b"other").unwrap(),
                Some("192.0.2.1")
            ),
            k("192.0.2.1")
        );
        assert_eq!(
            source_key(&crate::keys::Keyer::new(b"k").unwrap(), None),
            source_key(&crate::keys::Keyer::new(b"k").unwrap(), Some("not an ip"))
        );
    }

    #[test]
    fn every_limit_has_its_own_counter() {
        let k = crate::keys::Keyer::new(b"k").unwrap();
        let ip = Some("192.0.2.1");
        let reference = crate::request::Reference::parse("K7Q2-M9XD").unwrap();
        let keys = [
            source_key(&k, ip),
            lookup_source_key(&k, ip),
            resend_source_key(&k, ip),
            lookup_reference_key(&k, &reference),
            resend_request_key(&k, "ip-00000000000000000000000000000000"),
        ];
        let mut distinct = keys.to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), keys.len(), "{keys:?}");
        assert!(!lookup_reference_key(&k, &reference).contains("K7Q2"));
    }

    #[test]
    fn limits_come_from_the_environment_or_default() {
        let none = |_: &str| None;
        assert_eq!(Limits::from_lookup(none).unwrap(), Limits::default());
        let set = |k: &str| (k == "OPERATOR_NOTICES_PER_HOUR").then(|| "1000".to_string());
        assert_eq!(Limits::from_lookup(set).unwrap().notices_per_hour, 1000);
        let bad = |k: &str| (k == "SOURCE_REQUESTS_PER_HOUR").then(|| "0".to_string());
        let e = Limits::from_lookup(bad).unwrap_err().to_string();
        assert!(e.contains("SOURCE_REQUESTS_PER_HOUR"), "{e}");
    }
}
