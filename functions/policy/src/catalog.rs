//! The Fluent catalogue: UI strings of the three locales, strict. A syntax error, a message
//! that one locale has and another lacks, or a formatting error is an error that names the
//! file, the locale and the key; nothing ever renders a placeholder.

use crate::Locale;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use unic_langid::LanguageIdentifier;

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}:{line}: Fluent syntax error ({locale}): {message}")]
    Syntax {
        file: String,
        locale: Locale,
        line: usize,
        message: String,
    },
    #[error("{file}: cannot read ({locale}): {message}")]
    Read {
        file: String,
        locale: Locale,
        message: String,
    },
    #[error("{file}: message `{key}` is defined twice ({locale})")]
    Duplicate {
        file: String,
        locale: Locale,
        key: String,
    },
    #[error("locales/{locale}: message `{key}` is missing (it exists in {present_in})")]
    Missing {
        locale: Locale,
        key: String,
        present_in: String,
    },
    #[error("locales/{locale}: message `{key}` is missing")]
    Unknown { locale: Locale, key: String },
    /// `at` is where the message is defined (`locales/ru/site.ftl:12`), when known.
    #[error("{at}: message `{key}` ({locale}) could not be formatted: {message}")]
    Format {
        at: String,
        locale: Locale,
        key: String,
        message: String,
    },
}

/// One `.ftl` text of one locale; `file` is how errors name it.
pub struct Source<'a> {
    pub locale: Locale,
    pub file: String,
    pub text: &'a str,
}

pub struct Catalog {
    bundles: BTreeMap<Locale, FluentBundle<FluentResource>>,
    keys: BTreeSet<String>,
    /// Where each message is defined, `file:line`, for errors.
    defined_at: BTreeMap<(Locale, String), String>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog")
            .field("keys", &self.keys.len())
            .finish()
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

impl Catalog {
    /// Reads every `.ftl` file of `dir/{kk,ru,en}/`, in name order.
    pub fn from_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut texts = Vec::new();
        for locale in Locale::ALL {
            let locale_dir = dir.join(locale.code());
            let read_error = |path: &Path, e: std::io::Error| CatalogError::Read {
                file: path.display().to_string(),
                locale,
                message: e.to_string(),
            };
            let mut files: Vec<_> = std::fs::read_dir(&locale_dir)
                .map_err(|e| read_error(&locale_dir, e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            files.sort();
            for path in files {
                let text = std::fs::read_to_string(&path).map_err(|e| read_error(&path, e))?;
                texts.push((locale, path.display().to_string(), text));
            }
        }
        let sources: Vec<Source> = texts
            .iter()
            .map(|(locale, file, text)| Source {
                locale: *locale,
                file: file.clone(),
                text,
            })
            .collect();
        Catalog::from_sources(&sources)
    }

    pub fn from_sources(sources: &[Source]) -> Result<Catalog, CatalogError> {
        let mut bundles = BTreeMap::new();
        let mut keys_by_locale: BTreeMap<Locale, BTreeSet<String>> = BTreeMap::new();
        let mut defined_at = BTreeMap::new();
        for locale in Locale::ALL {
            let langid: LanguageIdentifier = locale
                .code()
                .parse()
                .unwrap_or_else(|_| LanguageIdentifier::default());
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks (U+2068/U+2069) would leak into attributes, mail and tests.
            bundle.set_use_isolating(false);
            bundles.insert(locale, bundle);
            keys_by_locale.insert(locale, BTreeSet::new());
        }
        for src in sources {
            // Where each message is defined (fluent-syntax keeps no positions): the line that
            // starts with its id and `=`, found in one pass over the file.
            let mut lines_of: HashMap<&str, usize> = HashMap::new();
            for (i, l) in src.text.lines().enumerate() {
                if let Some((id, _)) = l.split_once('=') {
                    let id = id.trim_end();
                    if !id.is_empty() && !id.starts_with([' ', '\t', '#', '.', '-']) {
                        lines_of.entry(id).or_insert(i + 1);
                    }
                }
            }
            let resource = FluentResource::try_new(src.text.to_string()).map_err(|(_, errs)| {
                let first = &errs[0];
                CatalogError::Syntax {
                    file: src.file.clone(),
                    locale: src.locale,
                    line: line_of(src.text, first.pos.start),
                    message: format!("{:?}", first.kind),
                }
            })?;
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    let key = m.id.name.to_string();
                    let attrs: Vec<String> = m
                        .attributes
                        .iter()
                        .map(|a| format!("{key}.{}", a.id.name))
                        .collect();
                    let line = lines_of.get(key.as_str()).copied().unwrap_or(0);
                    defined_at.insert((src.locale, key.clone()), format!("{}:{line}", src.file));
                    let keys = keys_by_locale.entry(src.locale).or_default();
                    if !keys.insert(key.clone()) {
                        return Err(CatalogError::Duplicate {
                            file: src.file.clone(),
                            locale: src.locale,
                            key,
                        });
                    }
                    keys.extend(attrs);
                }
            }
            if let Some(bundle) = bundles.get_mut(&src.locale) {
                bundle.add_resource(resource).map_err(|errs| {
                    let key = errs.first().map(|e| format!("{e:?}")).unwrap_or_default();
                    CatalogError::Duplicate {
                        file: src.file.clone(),
                        locale: src.locale,
                        key,
                    }
                })?;
            }
        }
        let all: BTreeSet<String> = keys_by_locale.values().flatten().cloned().collect();
        for key in &all {
            for locale in Locale::ALL {
                if !keys_by_locale[&locale].contains(key) {
                    let present_in = Locale::ALL
                        .iter()
                        .filter(|l| keys_by_locale[l].contains(key))
                        .map(|l| l.code())
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(CatalogError::Missing {
                        locale,
                        key: key.clone(),
                        present_in,
                    });
                }
            }
        }
        Ok(Catalog {
            bundles,
            keys: all,
            defined_at,
        })
    }

    /// Every message id (and `id.attribute`) of the catalogue.
    pub fn keys(&self) -> &BTreeSet<String> {
        &self.keys
    }

    /// Formats `key` (or `key.attribute`) with arguments; any Fluent error is an error.
    pub fn format(
        &self,
        locale: Locale,
        key: &str,
        args: &[(&str, FluentValue<'_>)],
    ) -> Result<String, CatalogError> {
        let unknown = || CatalogError::Unknown {
            locale,
            key: key.to_string(),
        };
        let bundle = self.bundles.get(&locale).ok_or_else(unknown)?;
        let (id, attr) = match key.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (key, None),
        };
        let message = bundle.get_message(id).ok_or_else(unknown)?;
        let pattern = match attr {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        }
        .ok_or_else(unknown)?;
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            fargs.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fargs), &mut errors);
        if let Some(e) = errors.first() {
            return Err(CatalogError::Format {
                at: self
                    .defined_at
                    .get(&(locale, id.to_string()))
                    .cloned()
                    .unwrap_or_else(|| format!("locales/{locale}")),
                locale,
                key: key.to_string(),
                message: e.to_string(),
            });
        }
        Ok(text.into_owned())
    }

    pub fn text(&self, locale: Locale, key: &str) -> Result<String, CatalogError> {
        self.format(locale, key, &[])
    }

    /// A long date in the locale: «13 июня 2026 г.», «2026 жылғы 13 маусым», «13 June 2026».
    /// fluent-rs has no DATETIME, so the pattern (`date-long`) gets day, month and year.
    pub fn format_date(&self, locale: Locale, date: Date) -> Result<String, CatalogError> {
        self.format(
            locale,
            "date-long",
            &[
                ("day", FluentValue::from(i64::from(date.day()))),
                ("month", FluentValue::from(i64::from(date.month()))),
                ("year", FluentValue::from(i64::from(date.year()))),
            ],
        )
    }

    /// A duration with Fluent's plural rules: «10 рабочих дней», «10 жұмыс күні».
    pub fn format_duration(
        &self,
        locale: Locale,
        amount: u32,
        unit: crate::facts::DeadlineUnit,
    ) -> Result<String, CatalogError> {
        let key = match unit {
            crate::facts::DeadlineUnit::WorkingDays => "duration-working-days",
            crate::facts::DeadlineUnit::CalendarDays => "duration-calendar-days",
        };
        self.format(
            locale,
            key,
            &[("count", FluentValue::from(i64::from(amount)))],
        )
    }

    /// A retention period as the policy states it: «не менее 5 лет с даты прекращения
    /// договорных отношений», «шарттық қатынастар тоқтатылған күннен бастап кемінде 5 жыл»;
    /// for a period without years, its `until` text. The site and the e-mails both use it.
    pub fn format_retention(
        &self,
        locale: Locale,
        item: &crate::facts::Retention,
    ) -> Result<String, CatalogError> {
        let Some(years) = item.years else {
            return item
                .until
                .as_ref()
                .map(|u| u.get(locale).to_string())
                .ok_or_else(|| CatalogError::Format {
                    at: "content/facts.toml".into(),
                    locale,
                    key: format!("retention.{}", item.id),
                    message: "has neither `years` nor `until`".into(),
                });
        };
        let mut period = self.format_years(locale, years)?;
        if item.minimum {
            period = self.format(
                locale,
                "retention-at-least",
                &[("years", FluentValue::from(period))],
            )?;
        }
        match &item.from {
            Some(from) => self.format(
                locale,
                "retention-period-from",
                &[
                    ("period", FluentValue::from(period)),
                    ("from", FluentValue::from(from.get(locale).to_string())),
                ],
            ),
            None => Ok(period),
        }
    }

    pub fn format_years(&self, locale: Locale, years: u32) -> Result<String, CatalogError> {
        self.format(
            locale,
            "duration-years",
            &[("count", FluentValue::from(i64::from(years)))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::DeadlineUnit;
    use jiff::civil::date;

    fn cat() -> Catalog {
        crate::embedded::catalog()
    }

    #[test]
    fn retention_periods_as_the_policy_states_them() {
        let c = cat();
        let facts = crate::embedded::facts().unwrap();
        let item = |id: &str| facts.retention.iter().find(|r| r.id == id).unwrap();
        let contracts = item("contracts");
        let ru = c.format_retention(Locale::Ru, contracts).unwrap();
        assert!(ru.starts_with("не менее 5 лет "), "{ru}");
        assert!(
            ru.ends_with(contracts.from.as_ref().unwrap().ru.as_str()),
            "{ru}"
        );
        let en = c.format_retention(Locale::En, contracts).unwrap();
        assert!(en.starts_with("at least 5 years "), "{en}");
        // Kazakh puts the starting point before the period.
        let kk = c.format_retention(Locale::Kk, contracts).unwrap();
        assert!(
            kk.starts_with(contracts.from.as_ref().unwrap().kk.as_str()),
            "{kk}"
        );
        assert!(kk.ends_with("кемінде 5 жыл"), "{kk}");
        let chat = c.format_retention(Locale::Ru, item("whatsapp")).unwrap();
        assert!(chat.starts_with("5 лет "), "{chat}");
        let consent = c
            .format_retention(Locale::En, item("consent_only"))
            .unwrap();
        assert_eq!(consent, item("consent_only").until.as_ref().unwrap().en);
    }

    #[test]
    fn long_dates_in_each_locale() {
        let c = cat();
        assert_eq!(
            c.format_date(Locale::Ru, date(2026, 6, 13)).unwrap(),
            "13 июня 2026 г."
        );
        assert_eq!(
            c.format_date(Locale::Kk, date(2026, 6, 13)).unwrap(),
            "2026 жылғы 13 маусым"
        );
        assert_eq!(
            c.format_date(Locale::En, date(2026, 6, 13)).unwrap(),
            "13 June 2026"
        );
        assert_eq!(
            c.format_date(Locale::Ru, date(2026, 11, 16)).unwrap(),
            "16 ноября 2026 г."
        );
        assert_eq!(
            c.format_date(Locale::Kk, date(2026, 11, 16)).unwrap(),
            "2026 жылғы 16 қараша"
        );
        assert_eq!(
            c.format_date(Locale::En, date(2026, 11, 16)).unwrap(),
            "16 November 2026"
        );
    }

    #[test]
    fn plural_durations() {
        let c = cat();
        let w = DeadlineUnit::WorkingDays;
        assert_eq!(
            c.format_duration(Locale::Ru, 10, w).unwrap(),
            "10 рабочих дней"
        );
        assert_eq!(
            c.format_duration(Locale::Ru, 3, w).unwrap(),
            "3 рабочих дня"
        );
        assert_eq!(
            c.format_duration(Locale::Ru, 1, w).unwrap(),
            "1 рабочий день"
        );
        assert_eq!(
            c.format_duration(Locale::Ru, 21, w).unwrap(),
            "21 рабочий день"
        );
        assert_eq!(
            c.format_duration(Locale::Kk, 10, w).unwrap(),
            "10 жұмыс күні"
        );
        assert_eq!(
            c.format_duration(Locale::En, 10, w).unwrap(),
            "10 working days"
        );
        assert_eq!(
            c.format_duration(Locale::En, 1, w).unwrap(),
            "1 working day"
        );
        assert_eq!(c.format_years(Locale::Ru, 5).unwrap(), "5 лет");
    }

    fn src<'a>(locale: Locale, text: &'a str) -> Source<'a> {
        Source {
            locale,
            file: format!("locales/{locale}/test.ftl"),
            text,
        }
    }

    #[test]
    fn missing_message_names_locale_and_key() {
        let err = Catalog::from_sources(&[
            src(Locale::Kk, "a = A\nb = B\n"),
            src(Locale::Ru, "a = A\n"),
            src(Locale::En, "a = A\nb = B\n"),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("locales/ru") && err.contains("`b`"), "{err}");
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let err = Catalog::from_sources(&[
            src(Locale::Kk, "a = A\n"),
            src(Locale::Ru, "a = A\n\n= oops\nc = C\n"),
            src(Locale::En, "a = A\n"),
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("locales/ru/test.ftl:3"), "{err}");
    }

    #[test]
    fn unknown_key_and_missing_argument_are_errors() {
        let c = Catalog::from_sources(&[
            src(Locale::Kk, "a = { $x }\n"),
            src(Locale::Ru, "a = { $x }\n"),
            src(Locale::En, "a = { $x }\n"),
        ])
        .unwrap();
        assert!(c
            .text(Locale::En, "nope")
            .unwrap_err()
            .to_string()
            .contains("`nope`"));
        assert!(c.text(Locale::En, "a").is_err());
        assert_eq!(
            c.format(Locale::En, "a", &[("x", "y".into())]).unwrap(),
            "y"
        );
    }
}
