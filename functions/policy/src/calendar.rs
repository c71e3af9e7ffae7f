//! The Kazakhstan working-day calendar (`content/calendar.toml`): published years as data,
//! and the holiday rules as a fallback for a year that has none.

use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    holidays: Vec<HolidayRule>,
    years: Vec<YearData>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayRule {
    pub name: String,
    /// `MM-DD`
    pub dates: Vec<String>,
    pub moves: bool,
    #[serde(default)]
    pub from_year: Option<i16>,
    #[serde(default)]
    pub until_year: Option<i16>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearData {
    year: i16,
    #[allow(dead_code)] // documentation in the data file
    source: String,
    #[serde(deserialize_with = "toml_dates")]
    days_off: Vec<Date>,
    #[serde(deserialize_with = "toml_dates")]
    working_weekends: Vec<Date>,
}

/// Where an answer about a day came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// The year's published list.
    Published,
    /// The year has no list: the fixed-date rules were applied.
    Rules,
}

#[derive(Debug, Clone)]
struct Year {
    days_off: BTreeSet<Date>,
    working_weekends: BTreeSet<Date>,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    rules: Vec<HolidayRule>,
    years: BTreeMap<i16, Year>,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct CalendarError {
    pub file: String,
    pub message: String,
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

impl Calendar {
    pub fn from_toml(text: &str, file: &str) -> Result<Calendar, CalendarError> {
        let err = |message: String| CalendarError {
            file: file.to_string(),
            message,
        };
        let parsed: CalendarFile = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        for rule in &parsed.holidays {
            for md in &rule.dates {
                parse_month_day(md, 2024).ok_or_else(|| {
                    err(format!("holiday `{}`: date `{md}` is not MM-DD", rule.name))
                })?;
            }
        }
        let mut years = BTreeMap::new();
        for y in parsed.years {
            for d in &y.days_off {
                if d.year() != y.year || is_weekend(*d) {
                    return Err(err(format!(
                        "year {}: days_off {d} is not a weekday of that year",
                        y.year
                    )));
                }
            }
            for d in &y.working_weekends {
                if d.year() != y.year || !is_weekend(*d) {
                    return Err(err(format!(
                        "year {}: working_weekends {d} is not a weekend day of that year",
                        y.year
                    )));
                }
            }
            let data = Year {
                days_off: y.days_off.into_iter().collect(),
                working_weekends: y.working_weekends.into_iter().collect(),
            };
            if years.insert(y.year, data).is_some() {
                return Err(err(format!("year {} is listed twice", y.year)));
            }
        }
        Ok(Calendar {
            rules: parsed.holidays,
            years,
        })
    }

    /// The years that have a published list.
    pub fn published_years(&self) -> impl Iterator<Item = i16> + '_ {
        self.years.keys().copied()
    }

    /// Whether `day` is a working day, and whether the answer came from published data.
    pub fn is_working_day(&self, day: Date) -> (bool, Provenance) {
        match self.years.get(&day.year()) {
            Some(year) => {
                let working = if is_weekend(day) {
                    year.working_weekends.contains(&day)
                } else {
                    !year.days_off.contains(&day)
                };
                (working, Provenance::Published)
            }
            None => (
                !is_weekend(day) && !self.rule_days_off(day.year()).contains(&day),
                Provenance::Rules,
            ),
        }
    }

    /// The weekdays off that the fixed-date rules give for a year: weekend holidays move to
    /// the next weekday that is not already off, unless the rule says they do not move.
    pub fn rule_days_off(&self, year: i16) -> BTreeSet<Date> {
        let mut holidays: Vec<(Date, bool)> = self
            .rules
            .iter()
            .filter(|r| {
                r.from_year.is_none_or(|f| year >= f) && r.until_year.is_none_or(|u| year <= u)
            })
            .flat_map(|r| {
                r.dates
                    .iter()
                    .filter_map(move |md| parse_month_day(md, year).map(|d| (d, r.moves)))
            })
            .collect();
        holidays.sort();
        let mut off: BTreeSet<Date> = holidays
            .iter()
            .filter(|(d, _)| !is_weekend(*d))
            .map(|(d, _)| *d)
            .collect();
        for (d, moves) in holidays {
            if !is_weekend(d) || !moves {
                continue;
            }
            let mut next = d;
            while is_weekend(next) || off.contains(&next) {
                match next.tomorrow() {
                    Ok(n) => next = n,
                    Err(_) => break,
                }
            }
            off.insert(next);
        }
        off
    }

    /// The `n`th working day after `start` (not counting `start`), and whether any day on
    /// the way had to be judged by the rules because its year has no published list.
    pub fn add_working_days(&self, start: Date, n: u32) -> (Date, Provenance) {
        let mut day = start;
        let mut counted = 0;
        let mut provenance = Provenance::Published;
        while counted < n {
            day = match day.tomorrow() {
                Ok(d) => d,
                Err(_) => return (day, Provenance::Rules),
            };
            let (working, p) = self.is_working_day(day);
            if p == Provenance::Rules {
                provenance = Provenance::Rules;
            }
            if working {
                counted += 1;
            }
        }
        (day, provenance)
    }

    /// Working days from `from` to `to`: how many lie after `from` up to and including `to`
    /// (0 when both are the same day), negative when `to` is earlier. "Due within 3 working
    /// days" is `0..=3`; overdue is below 0.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let (start, end, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut day = start;
        let mut count = 0i64;
        while day < end {
            day = match day.tomorrow() {
                Ok(d) => d,
                Err(_) => break,
            };
            if self.is_working_day(day).0 {
                count += 1;
            }
        }
        sign * count
    }
}

fn toml_dates<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Date>, D::Error> {
    let values = Vec::<toml::value::Datetime>::deserialize(d)?;
    values
        .iter()
        .map(|v| {
            v.to_string()
                .parse::<Date>()
                .map_err(|e| serde::de::Error::custom(format!("`{v}`: {e}")))
        })
        .collect()
}

fn parse_month_day(md: &str, year: i16) -> Option<Date> {
    let (m, d) = md.split_once('-')?;
    Date::new(year, m.parse().ok()?, d.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> Calendar {
        crate::embedded::calendar()
    }

    #[test]
    fn working_days_between_counts_like_the_deadline_rule() {
        let c = cal();
        // Received Thu 10 Dec 2026, due Fri 25 Dec (16 Dec is a holiday): 10 working days.
        assert_eq!(
            c.working_days_between(date(2026, 12, 10), date(2026, 12, 25)),
            10
        );
        assert_eq!(
            c.working_days_between(date(2026, 12, 25), date(2026, 12, 10)),
            -10
        );
        assert_eq!(
            c.working_days_between(date(2026, 11, 16), date(2026, 11, 16)),
            0
        );
        // Fri → Mon is one working day; Sat → Sun none.
        assert_eq!(
            c.working_days_between(date(2026, 11, 20), date(2026, 11, 23)),
            1
        );
        assert_eq!(
            c.working_days_between(date(2026, 11, 21), date(2026, 11, 22)),
            0
        );
        for n in [1u32, 3, 10, 25] {
            let start = date(2026, 3, 2);
            let (due, _) = c.add_working_days(start, n);
            assert_eq!(c.working_days_between(start, due), i64::from(n));
        }
    }

    #[test]
    fn published_2026_days() {
        let c = cal();
        assert_eq!(
            c.is_working_day(date(2026, 12, 16)),
            (false, Provenance::Published)
        );
        assert!(c.is_working_day(date(2026, 8, 31)).0);
        assert!(!c.is_working_day(date(2026, 11, 7)).0);
        assert!(!c.is_working_day(date(2026, 5, 27)).0);
    }

    #[test]
    fn rules_reproduce_2027_and_2026_but_kurban_ait() {
        let c = cal();
        let published_2027: BTreeSet<Date> = c.years[&2027].days_off.clone();
        assert_eq!(c.rule_days_off(2027), published_2027);
        let mut published_2026 = c.years[&2026].days_off.clone();
        published_2026.remove(&date(2026, 5, 27)); // Kurban Ait: a lunar date, not a rule
        assert_eq!(c.rule_days_off(2026), published_2026);
    }

    #[test]
    fn a_year_without_data_uses_rules() {
        let c = cal();
        assert_eq!(
            c.is_working_day(date(2030, 1, 1)),
            (false, Provenance::Rules)
        );
        assert_eq!(
            c.is_working_day(date(2030, 1, 3)),
            (true, Provenance::Rules)
        );
        // 16 Dec 2029 is a Sunday: moved to Monday 17 Dec.
        assert!(!c.is_working_day(date(2029, 12, 17)).0);
    }

    #[test]
    fn transfers_are_honoured() {
        let c = cal();
        assert!(c.is_working_day(date(2025, 1, 5)).0); // a working Sunday
        assert!(!c.is_working_day(date(2025, 1, 3)).0);
    }

    #[test]
    fn bad_data_names_the_file() {
        let err = Calendar::from_toml(
            "holidays = []\n[[years]]\nyear = 2026\nsource = \"x\"\ndays_off = [2026-11-07]\nworking_weekends = []\n",
            "content/calendar.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("content/calendar.toml") && err.contains("2026-11-07"),
            "{err}"
        );
    }
}
