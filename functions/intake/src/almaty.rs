//! Time as the law counts it: deadlines, tokens and runs count in Almaty days, and stored
//! times are RFC 3339 in Almaty.

use jiff::Timestamp;

/// The calendar day of `t` in Almaty.
pub fn date(t: Timestamp) -> jiff::civil::Date {
    t.to_zoned(policy::deadline::almaty()).date()
}

/// A time as stored: RFC 3339 in Almaty, with its offset (`2026-11-02T01:30:00+05:00`).
pub fn time(t: Timestamp) -> String {
    t.to_zoned(policy::deadline::almaty())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The Almaty date of a stored time (`2026-11-02T01:30:00+05:00` → 2026-11-02).
pub fn date_of_stored(stored: &str) -> Option<jiff::civil::Date> {
    stored.get(..10).and_then(|d| d.parse().ok())
}
