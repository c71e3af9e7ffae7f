//! The register the operator hands to an auditor: one row per request (`intake export`) and
//! the year's figures (`intake report`), computed from the stored records alone.
//!
//! - **closed at**: the audit entry that made the request `completed` or `refused`;
//! - **working days taken**: working days (the project's calendar) after the date of receipt
//!   up to and including the closing date, the way the deadline counts (the day of receipt
//!   not counted: closed the day it arrived is 0, the next working day 1);
//! - **on time**: closed on or before the deadline; an open request is `no` once its
//!   deadline has passed (counting today in Almaty), else empty.
//!
//! Honeypot requests are never in the register (they are not requests), and the free text
//! (`details`, the operator's notes) never is either. Name, e-mail and phone only on demand.

use crate::request::{Event, Kind, RequestRecord, Status};
use jiff::civil::Date;
use policy::Calendar;
use serde::Serialize;
use std::collections::BTreeMap;

/// A UTF-8 byte order mark: spreadsheets then read the CSV's Cyrillic as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One request as the register shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub id: String,
    /// The short reference (`K7Q2-M9XD`); `None` for Meta's requests and items from before.
    pub reference: Option<String>,
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Almaty date and time of receipt, `YYYY-MM-DD HH:MM:SS`.
    pub received: String,
    /// `YYYY-MM-DD`
    pub deadline: String,
    pub status: Status,
    /// Almaty date and time of the change to `completed` or `refused`.
    pub closed_at: Option<String>,
    pub working_days_taken: Option<i64>,
    pub on_time: Option<bool>,
    pub confirmed: bool,
    pub policy_version: Option<String>,
    /// Only with `--with-personal-data`.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub personal: Option<Personal>,
}

/// Who asked, for the rows that carry it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Personal {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// How `intake export` writes the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format, String> {
        match s {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(format!("--format: `{other}` is not csv or json")),
        }
    }
}

/// Receipt dates (Almaty calendar dates), each bound inclusive and optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Range {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Range {
    /// The requests received in `year`.
    pub fn year(year: i16) -> Result<Range, String> {
        let day = |m, d| Date::new(year, m, d).map_err(|e| format!("year {year}: {e}"));
        Ok(Range {
            from: Some(day(1, 1)?),
            to: Some(day(12, 31)?),
        })
    }

    pub fn contains(&self, day: Date) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

/// A receipt date given to `flag`: `YYYY-MM-DD` and nothing else.
pub fn parse_date(flag: &str, value: &str) -> Result<Date, String> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| value.parse::<Date>().ok())
        .flatten()
        .ok_or_else(|| {
            format!("{flag}: `{value}` is not a date (YYYY-MM-DD, an Almaty calendar date)")
        })
}

/// A year given to `--year`.
pub fn parse_year(value: &str) -> Result<i16, String> {
    value
        .parse::<i16>()
        .ok()
        .filter(|y| (2000..=9999).contains(y))
        .ok_or_else(|| format!("--year: `{value}` is not a year (e.g. 2026)"))
}

/// A stored time (RFC 3339) as the register shows it: Almaty, `YYYY-MM-DD HH:MM:SS`; an
/// unreadable one as it is stored.
fn local_time(stored: &str) -> String {
    stored
        .parse::<jiff::Timestamp>()
        .map(|t| {
            t.to_zoned(policy::deadline::almaty())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|_| stored.to_string())
}

/// The Almaty date of a stored time.
fn local_date(stored: &str) -> Option<Date> {
    stored
        .parse::<jiff::Timestamp>()
        .map(crate::almaty::date)
        .ok()
        .or_else(|| crate::almaty::date_of_stored(stored))
}

/// When the request was closed: the audit entry that made it `completed` or `refused`.
fn closing_time(r: &RequestRecord) -> Option<&str> {
    if r.status.is_open() {
        return None;
    }
    r.history
        .iter()
        .rev()
        .find(|e| matches!(e.status, Event::Completed | Event::Refused))
        .map(|e| e.at.as_str())
}

/// The register's row of a request, as of `today` (Almaty).
pub fn row(r: &RequestRecord, calendar: &Calendar, today: Date, with_personal: bool) -> Row {
    let closed_at = closing_time(r);
    let closed_on = closed_at.and_then(local_date);
    let received_on = r.receipt_date();
    let deadline = r.deadline_date();
    let working_days_taken = match (received_on, closed_on) {
        (Some(from), Some(to)) => Some(calendar.working_days_between(from, to)),
        _ => None,
    };
    let on_time = match (closed_on, deadline) {
        (Some(closed), Some(due)) => Some(closed <= due),
        (None, Some(due)) if r.status.is_open() && due < today => Some(false),
        _ => None,
    };
    Row {
        id: r.id.clone(),
        reference: r.reference.as_ref().map(|x| x.grouped()),
        kind: r.kind,
        received: local_time(&r.received_at),
        deadline: r.deadline.clone(),
        status: r.status,
        closed_at: closed_at.map(local_time),
        working_days_taken,
        on_time,
        confirmed: r.is_confirmed(),
        policy_version: r.policy_version.clone(),
        personal: with_personal.then(|| Personal {
            name: r.name.clone(),
            email: r.email.clone(),
            phone: r.phone.clone(),
        }),
    }
}

/// The rows of `records` received within `range`, honeypots left out, in the given order.
pub fn rows(
    records: &[RequestRecord],
    range: Range,
    calendar: &Calendar,
    today: Date,
    with_personal: bool,
) -> Vec<Row> {
    records
        .iter()
        .filter(|r| !r.honeypot)
        .filter(|r| r.receipt_date().is_some_and(|d| range.contains(d)))
        .map(|r| row(r, calendar, today, with_personal))
        .collect()
}

/// A cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) gets a `'` in front, OWASP's rule against CSV injection.
pub fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

const COLUMNS: [&str; 11] = [
    "id",
    "reference",
    "type",
    "received",
    "deadline",
    "status",
    "closed_at",
    "working_days_taken",
    "on_time",
    "confirmed",
    "policy_version",
];
const PERSONAL_COLUMNS: [&str; 3] = ["name", "email", "phone"];

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn cells(row: &Row, with_personal: bool) -> Vec<String> {
    let mut cells = vec![
        row.id.clone(),
        row.reference.clone().unwrap_or_default(),
        row.kind.as_str().to_string(),
        row.received.clone(),
        row.deadline.clone(),
        row.status.as_str().to_string(),
        row.closed_at.clone().unwrap_or_default(),
        row.working_days_taken
            .map(|d| d.to_string())
            .unwrap_or_default(),
        row.on_time.map(yes_no).unwrap_or_default(),
        yes_no(row.confirmed),
        row.policy_version.clone().unwrap_or_default(),
    ];
    if with_personal {
        let p = row.personal.as_ref();
        let field =
            |f: fn(&Personal) -> &Option<String>| p.and_then(|p| f(p).clone()).unwrap_or_default();
        cells.push(field(|p| &p.name));
        cells.push(field(|p| &p.email));
        cells.push(field(|p| &p.phone));
    }
    cells.iter().map(|c| defuse(c)).collect()
}

/// The rows as CSV: UTF-8 with a byte order mark, a header line, CRLF line ends, every cell
/// defused ([`defuse`]); the personal columns only `with_personal`.
pub fn to_csv(rows: &[Row], with_personal: bool) -> Result<String, String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write the CSV: {e}");
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.as_bytes().to_vec());
    let mut header: Vec<&str> = COLUMNS.to_vec();
    if with_personal {
        header.extend(PERSONAL_COLUMNS);
    }
    out.write_record(&header).map_err(|e| fail(&e))?;
    for row in rows {
        out.write_record(cells(row, with_personal))
            .map_err(|e| fail(&e))?;
    }
    let bytes = out.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// The rows as a JSON array of objects (the CSV's columns; `null` for an empty cell).
pub fn to_json(rows: &[Row]) -> Result<String, String> {
    serde_json::to_string(rows).map_err(|e| format!("cannot write the JSON: {e}"))
}

/// How the requests of one type (or all) ended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    pub completed: usize,
    pub refused: usize,
    pub open: usize,
    pub total: usize,
}

impl Outcomes {
    fn count(&mut self, status: Status) {
        match status {
            Status::Completed => self.completed += 1,
            Status::Refused => self.refused += 1,
            Status::Received | Status::InProgress => self.open += 1,
        }
        self.total += 1;
    }
}

/// The figures of a year's requests (by date of receipt).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub year: i16,
    /// The Almaty date the figures are as of (for `overdue_now`).
    pub as_of: String,
    /// Every type, also those with no request.
    pub by_type: BTreeMap<&'static str, Outcomes>,
    pub total: Outcomes,
    /// Closed requests with a known closing date, and how many of them on time.
    pub closed: usize,
    pub closed_on_time: usize,
    /// `closed_on_time / closed`; `null` when none was closed.
    pub on_time_share: Option<f64>,
    pub median_working_days_to_close: Option<f64>,
    pub max_working_days_to_close: Option<i64>,
    /// Open and past the deadline today.
    pub overdue_now: usize,
}

/// The median: the middle value, or the mean of the two middle ones; `None` when empty.
pub fn median(values: &[i64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2] as f64),
        _ => Some((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0),
    }
}

/// The figures of `rows` (the register of `year`), as of `today`.
pub fn report(rows: &[Row], year: i16, today: Date) -> Report {
    let mut by_type: BTreeMap<&'static str, Outcomes> = Kind::ALL
        .iter()
        .map(|k| (k.as_str(), Outcomes::default()))
        .collect();
    let mut total = Outcomes::default();
    for row in rows {
        by_type
            .entry(row.kind.as_str())
            .or_default()
            .count(row.status);
        total.count(row.status);
    }
    let closed: Vec<&Row> = rows
        .iter()
        .filter(|r| !r.status.is_open() && r.on_time.is_some())
        .collect();
    let closed_on_time = closed.iter().filter(|r| r.on_time == Some(true)).count();
    let days: Vec<i64> = closed.iter().filter_map(|r| r.working_days_taken).collect();
    Report {
        year,
        as_of: today.to_string(),
        by_type,
        total,
        closed: closed.len(),
        closed_on_time,
        on_time_share: (!closed.is_empty()).then(|| closed_on_time as f64 / closed.len() as f64),
        median_working_days_to_close: median(&days),
        max_working_days_to_close: days.iter().copied().max(),
        overdue_now: rows
            .iter()
            .filter(|r| r.status.is_open() && r.on_time == Some(false))
            .count(),
    }
}

/// The report for a person.
pub fn report_text(report: &Report) -> String {
    let mut text = format!(
        "Requests received in {} (Almaty), as of {}\n",
        report.year, report.as_of
    );
    text.push_str(&format!(
        "{:<20}  {:>9}  {:>7}  {:>4}  {:>5}\n",
        "TYPE", "COMPLETED", "REFUSED", "OPEN", "TOTAL"
    ));
    let line = |name: &str, o: &Outcomes| {
        format!(
            "{name:<20}  {:>9}  {:>7}  {:>4}  {:>5}\n",
            o.completed, o.refused, o.open, o.total
        )
    };
    for kind in Kind::ALL {
        if let Some(o) = report.by_type.get(kind.as_str()) {
            text.push_str(&line(kind.as_str(), o));
        }
    }
    text.push_str(&line("all", &report.total));
    text.push_str(&match report.on_time_share {
        Some(share) => format!(
            "answered on time:    {} of {} closed ({:.0}%)\n",
            report.closed_on_time,
            report.closed,
            share * 100.0
        ),
        None => "answered on time:    none closed\n".to_string(),
    });
    let days = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    text.push_str(&format!(
        "working days to close: median {}, maximum {}\n",
        days(report.median_working_days_to_close.map(|m| m.to_string())),
        days(report.max_working_days_to_close.map(|m| m.to_string())),
    ));
    text.push_str(&format!("overdue now:         {}\n", report.overdue_now));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn calendar() -> Calendar {
        policy::embedded::calendar_checked().unwrap()
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A request received at `received` (Almaty), due `deadline`, with `closed` (status and
    /// time) if it was closed.
    fn record(
        kind: &str,
        received: &str,
        deadline: &str,
        closed: Option<(&str, &str)>,
    ) -> RequestRecord {
        let mut history = vec![json!({"at": received, "status": "received", "by": "requester"})];
        let mut status = "received";
        if let Some((to, at)) = closed {
            history.push(json!({"at": at, "status": "in_progress", "by": "operator"}));
            history.push(json!({"at": at, "status": to, "by": "operator"}));
            status = to;
        }
        serde_json::from_value(json!({
            "id": format!("ip-{}", "0".repeat(32)), "reference": "K7Q2M9XD", "type": kind, "locale": "ru",
            "name": "=HYPERLINK(\"http://evil.example\",\"Айгерим\")", "email": "a@b.kz",
            "phone": "+7 701 000 00 00", "details": "СЕКРЕТНЫЙ ТЕКСТ",
            "received_at": received, "receipt_date": &received[..10], "deadline": deadline,
            "rule": "10 working_days", "status": status, "history": history,
            "ack_status": "sent", "dedupe_key": "k", "expires_at": 1, "dedupe_until": 1,
            "policy_version": "1.0"
        }))
        .unwrap()
    }

    #[test]
    fn a_closed_request_counts_working_days_like_its_deadline() {
        // Received Thu 10 Dec 2026, due Fri 25 Dec (16 Dec is a holiday).
        let r = record(
            "deletion",
            "2026-12-10T23:30:00+05:00",
            "2026-12-25",
            Some(("completed", "2026-12-25T18:00:00+05:00")),
        );
        let row = row(&r, &calendar(), date("2027-01-10"), false);
        assert_eq!(row.received, "2026-12-10 23:30:00");
        assert_eq!(row.closed_at.as_deref(), Some("2026-12-25 18:00:00"));
        assert_eq!(row.working_days_taken, Some(10));
        assert_eq!(row.on_time, Some(true));
        assert!(row.personal.is_none());

        // Stored in UTC, it is still read as Almaty: 19:30Z on the 25th is the 26th there.
        let late = record(
            "deletion",
            "2026-12-10T10:00:00+05:00",
            "2026-12-25",
            Some(("refused", "2026-12-25T19:30:00Z")),
        );
        let row = super::row(&late, &calendar(), date("2027-01-10"), true);
        assert_eq!(row.closed_at.as_deref(), Some("2026-12-26 00:30:00"));
        assert_eq!(row.on_time, Some(false));
        assert_eq!(row.working_days_taken, Some(10), "the 26th is a Saturday");
        assert_eq!(row.status, Status::Refused);
        let p = row.personal.unwrap();
        assert_eq!(p.email.as_deref(), Some("a@b.kz"));
    }

    #[test]
    fn closed_the_day_it_arrived_is_zero_days() {
        let r = record(
            "information",
            "2026-11-02T09:00:00+05:00",
            "2026-11-05",
            Some(("completed", "2026-11-02T17:00:00+05:00")),
        );
        let row = row(&r, &calendar(), date("2026-11-03"), false);
        assert_eq!((row.working_days_taken, row.on_time), (Some(0), Some(true)));
    }

    #[test]
    fn an_open_request_is_late_only_once_its_deadline_has_passed() {
        let r = record(
            "information",
            "2026-11-02T09:00:00+05:00",
            "2026-11-05",
            None,
        );
        let on = |today| row(&r, &calendar(), date(today), false);
        for today in ["2026-11-02", "2026-11-05"] {
            let row = on(today);
            assert_eq!(row.on_time, None, "{today}");
            assert_eq!((row.closed_at, row.working_days_taken), (None, None));
        }
        assert_eq!(on("2026-11-06").on_time, Some(false));
    }

    #[test]
    fn ranges_are_inclusive_and_honeypots_are_not_requests() {
        let mut trap = record("deletion", "2026-11-03T09:00:00+05:00", "2026-11-17", None);
        trap.honeypot = true;
        let records = vec![
            record("deletion", "2026-11-01T23:59:00+05:00", "2026-11-16", None),
            record("deletion", "2026-11-02T00:00:00+05:00", "2026-11-16", None),
            trap,
            record("deletion", "2026-11-04T09:00:00+05:00", "2026-11-18", None),
            record("deletion", "2026-11-05T09:00:00+05:00", "2026-11-19", None),
        ];
        let range = Range {
            from: Some(date("2026-11-02")),
            to: Some(date("2026-11-04")),
        };
        let got = rows(&records, range, &calendar(), date("2026-11-05"), false);
        let received: Vec<&str> = got.iter().map(|r| &r.received[..10]).collect();
        assert_eq!(received, ["2026-11-02", "2026-11-04"]);
        assert_eq!(
            rows(
                &records,
                Range::default(),
                &calendar(),
                date("2026-11-05"),
                false
            )
            .len(),
            4
        );
    }

    #[test]
    fn dates_and_years_are_strict_and_name_the_flag() {
        assert_eq!(parse_date("--from", "2026-11-02"), Ok(date("2026-11-02")));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "02.11.2026",
            "2026-11-2",
            "2026-11-02T00:00",
            "",
        ] {
            let e = parse_date("--to", bad).unwrap_err();
            assert!(e.starts_with("--to: `"), "{bad}: {e}");
        }
        assert_eq!(parse_year("2026"), Ok(2026));
        for bad in ["26", "twenty", "2026-01", "99999"] {
            assert!(parse_year(bad).unwrap_err().starts_with("--year"), "{bad}");
        }
        let y = Range::year(2026).unwrap();
        assert!(y.contains(date("2026-01-01")) && y.contains(date("2026-12-31")));
        assert!(!y.contains(date("2025-12-31")) && !y.contains(date("2027-01-01")));
    }

    #[test]
    fn formulas_are_defused_by_owasps_rule() {
        for (cell, out) in [
            ("=1+1", "'=1+1"),
            ("+7 701", "'+7 701"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("Айгерим", "Айгерим"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(defuse(cell), out);
        }
    }

    #[test]
    fn the_csv_has_a_bom_a_header_cyrillic_and_no_formula_or_free_text() {
        let r = record(
            "rectification",
            "2026-11-02T09:00:00+05:00",
            "2026-11-16",
            Some(("completed", "2026-11-03T10:00:00+05:00")),
        );
        let plain = to_csv(&[row(&r, &calendar(), date("2026-11-05"), false)], false).unwrap();
        assert!(plain.starts_with(BOM));
        let mut lines = plain[BOM.len()..].split("\r\n");
        assert_eq!(
            lines.next(),
            Some("id,reference,type,received,deadline,status,closed_at,working_days_taken,on_time,confirmed,policy_version")
        );
        assert_eq!(
            lines
                .next()
                .map(|l| l.split(',').skip(1).collect::<Vec<_>>()),
            Some(vec![
                "K7Q2-M9XD",
                "rectification",
                "2026-11-02 09:00:00",
                "2026-11-16",
                "completed",
                "2026-11-03 10:00:00",
                "1",
                "yes",
                "no",
                "1.0"
            ])
        );
        assert!(!plain.contains("a@b.kz") && !plain.contains("HYPERLINK"));

        let with = to_csv(&[row(&r, &calendar(), date("2026-11-05"), true)], true).unwrap();
        assert!(with[BOM.len()..].starts_with("id,reference,type,"));
        assert!(with.contains(",name,email,phone\r\n"));
        assert!(
            with.contains(
                r#","'=HYPERLINK(""http://evil.example"",""Айгерим"")",a@b.kz,'+7 701 000 00 00"#
            ),
            "{with}"
        );
        assert!(!with.contains("СЕКРЕТНЫЙ"));
        // It reads back as the same cells.
        let mut reader = csv::Reader::from_reader(&with.as_bytes()[BOM.len()..]);
        let back = reader.records().next().unwrap().unwrap();
        assert_eq!(
            &back[11],
            "'=HYPERLINK(\"http://evil.example\",\"Айгерим\")"
        );
    }

    #[test]
    fn the_json_rows_carry_personal_data_only_when_asked() {
        let r = record("deletion", "2026-11-02T09:00:00+05:00", "2026-11-16", None);
        let plain: serde_json::Value = serde_json::from_str(
            &to_json(&[row(&r, &calendar(), date("2026-11-30"), false)]).unwrap(),
        )
        .unwrap();
        let mut keys: Vec<&str> = plain[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "closed_at",
                "confirmed",
                "deadline",
                "id",
                "on_time",
                "policy_version",
                "received",
                "reference",
                "status",
                "type",
                "working_days_taken"
            ]
        );
        assert_eq!(plain[0]["on_time"], false);
        assert_eq!(plain[0]["closed_at"], serde_json::Value::Null);
        let with: serde_json::Value = serde_json::from_str(
            &to_json(&[row(&r, &calendar(), date("2026-11-30"), true)]).unwrap(),
        )
        .unwrap();
        assert_eq!(with[0]["email"], "a@b.kz");
        assert_eq!(
            with[0]["phone"], "+7 701 000 00 00",
            "JSON is not a spreadsheet"
        );
        assert!(with[0].get("details").is_none());
    }

    #[test]
    fn medians_of_odd_even_and_no_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[4]), Some(4.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[7, 1, 2, 10]), Some(4.5));
        assert_eq!(median(&[3, 3]), Some(3.0));
    }

    #[test]
    fn the_report_counts_outcomes_time_and_what_is_overdue() {
        let cal = calendar();
        let today = date("2026-11-20");
        let records = vec![
            // 1 working day, on time.
            record(
                "deletion",
                "2026-11-02T09:00:00+05:00",
                "2026-11-16",
                Some(("completed", "2026-11-03T09:00:00+05:00")),
            ),
            // 4 working days, on time.
            record(
                "deletion",
                "2026-11-02T09:00:00+05:00",
                "2026-11-16",
                Some(("refused", "2026-11-06T09:00:00+05:00")),
            ),
            // 5 working days, late (3-day deadline).
            record(
                "information",
                "2026-11-02T09:00:00+05:00",
                "2026-11-05",
                Some(("completed", "2026-11-09T09:00:00+05:00")),
            ),
            // Open and overdue.
            record(
                "information",
                "2026-11-10T09:00:00+05:00",
                "2026-11-13",
                None,
            ),
            // Open, not yet due.
            record(
                "consent_withdrawal",
                "2026-11-19T09:00:00+05:00",
                "2026-12-03",
                None,
            ),
        ];
        let r = report(
            &rows(&records, Range::year(2026).unwrap(), &cal, today, false),
            2026,
            today,
        );
        assert_eq!(
            r.by_type["deletion"],
            Outcomes {
                completed: 1,
                refused: 1,
                open: 0,
                total: 2
            }
        );
        assert_eq!(
            r.by_type["information"],
            Outcomes {
                completed: 1,
                refused: 0,
                open: 1,
                total: 2
            }
        );
        assert_eq!(r.by_type["rectification"], Outcomes::default());
        assert_eq!(r.by_type.len(), Kind::ALL.len());
        assert_eq!(
            r.total,
            Outcomes {
                completed: 2,
                refused: 1,
                open: 2,
                total: 5
            }
        );
        assert_eq!((r.closed, r.closed_on_time), (3, 2));
        assert_eq!(r.on_time_share, Some(2.0 / 3.0));
        assert_eq!(r.median_working_days_to_close, Some(4.0));
        assert_eq!(r.max_working_days_to_close, Some(5));
        assert_eq!(r.overdue_now, 1);
        let text = report_text(&r);
        assert!(text.contains("2 of 3 closed (67%)"), "{text}");
        assert!(text.contains("median 4, maximum 5"), "{text}");
        assert!(text.contains("overdue now:         1"), "{text}");
    }

    #[test]
    fn an_empty_year_reports_zeros_and_no_figures() {
        let r = report(&[], 2030, date("2026-11-20"));
        assert_eq!(r.total, Outcomes::default());
        assert_eq!(r.on_time_share, None);
        assert_eq!(r.median_working_days_to_close, None);
        assert_eq!(r.max_working_days_to_close, None);
        assert_eq!(r.overdue_now, 0);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["on_time_share"], serde_json::Value::Null);
        assert_eq!(json["by_type"]["meta_deletion"]["total"], 0);
        let text = report_text(&r);
        assert!(
            text.contains("none closed") && text.contains("median -, maximum -"),
            "{text}"
        );
    }
}
