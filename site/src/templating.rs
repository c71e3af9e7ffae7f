//! The tera environment of one locale: the templates of `site/templates`, and the functions
//! page bodies and templates use to reach facts and UI strings (`t`, `date`, `duration`,
//! `years`, `page_url`). A lookup that does not resolve is an error, never a placeholder.

use crate::error::{tera_message, BuildError};
use fluent_bundle::FluentValue;
use policy::{Catalog, Facts, Locale};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use tera::{Tera, Value};

/// What the functions need, shared by the three locales.
#[derive(Clone)]
pub struct Shared {
    pub catalog: Arc<Catalog>,
    pub facts: Arc<Facts>,
    /// The facts as each locale's templates see them (`Locale::index` order).
    pub localized: [Arc<Value>; 3],
    /// Appended to every `page_url`: empty for the current pages, `v1.0/` for the pages of a
    /// frozen version (whose links stay within that version).
    pub suffix: Arc<String>,
    pub slugs: Arc<BTreeSet<String>>,
}

/// The URL path of a page in a locale: `/ru/privacy/`.
pub fn page_path(locale: Locale, slug: &str) -> String {
    format!("/{}/{slug}/", locale.code())
}

fn arg_str<'a>(args: &'a HashMap<String, Value>, name: &str, func: &str) -> tera::Result<&'a str> {
    args.get(name).and_then(Value::as_str).ok_or_else(|| {
        tera::Error::msg(format!(
            "{func}(): argument `{name}` (a string) is required"
        ))
    })
}

fn fluent_args(args: &HashMap<String, Value>) -> Vec<(&str, FluentValue<'static>)> {
    let mut out: Vec<(&str, FluentValue<'static>)> = args
        .iter()
        .filter(|(k, _)| k.as_str() != "key")
        .map(|(k, v)| {
            let value = match v {
                Value::Number(n) => n
                    .as_i64()
                    .map(FluentValue::from)
                    .or_else(|| n.as_f64().map(FluentValue::from))
                    .unwrap_or(FluentValue::None),
                Value::String(s) => FluentValue::from(s.clone()),
                other => FluentValue::from(other.to_string()),
            };
            (k.as_str(), value)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

thread_local! {
    /// The edition (a frozen version) whose bodies this thread is rendering, if not the
    /// current one: one parsed environment per locale serves every version, and the functions
    /// that read facts or make links look here first. Set only by `with_edition`.
    static EDITION: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

/// Runs `f` with the functions bound to `edition` (its facts and links) on this thread.
pub fn with_edition<T>(edition: &Shared, f: impl FnOnce() -> T) -> T {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            EDITION.with(|e| e.borrow_mut().take());
        }
    }
    EDITION.with(|e| *e.borrow_mut() = Some(edition.clone()));
    let _reset = Reset;
    f()
}

/// The edition the functions serve now: the one set by `with_edition`, else the default.
fn active(default: &Shared) -> Shared {
    EDITION
        .with(|e| e.borrow().clone())
        .unwrap_or_else(|| default.clone())
}

fn register_functions(tera: &mut Tera, shared: &Shared, locale: Locale) {
    let s = shared.clone();
    // A message without arguments reads the same on every page: formatted once.
    let plain = std::sync::Mutex::new(HashMap::<String, Value>::new());
    tera.register_function("t", move |args: &HashMap<String, Value>| {
        let key = arg_str(args, "key", "t")?;
        let cached = args.len() == 1;
        if cached {
            if let Some(text) = plain.lock().ok().and_then(|m| m.get(key).cloned()) {
                return Ok(text);
            }
        }
        let text = s
            .catalog
            .format(locale, key, &fluent_args(args))
            .map(Value::from)
            .map_err(|e| tera::Error::msg(e.to_string()))?;
        if cached {
            if let Ok(mut m) = plain.lock() {
                m.insert(key.to_string(), text.clone());
            }
        }
        Ok(text)
    });
    let s = shared.clone();
    tera.register_function("date", move |args: &HashMap<String, Value>| {
        let raw = arg_str(args, "value", "date")?;
        let date: jiff::civil::Date = raw
            .parse()
            .map_err(|e| tera::Error::msg(format!("date(): `{raw}` is not a date: {e}")))?;
        s.catalog
            .format_date(locale, date)
            .map(Value::from)
            .map_err(|e| tera::Error::msg(e.to_string()))
    });
    let s = shared.clone();
    tera.register_function("duration", move |args: &HashMap<String, Value>| {
        let s = active(&s);
        let name = arg_str(args, "deadline", "duration")?;
        let d = s.facts.deadlines.get(name).ok_or_else(|| {
            tera::Error::msg(format!(
                "duration(): no deadline `{name}` in content/facts.toml [deadlines]"
            ))
        })?;
        s.catalog
            .format_duration(locale, d.amount, d.unit)
            .map(Value::from)
            .map_err(|e| tera::Error::msg(e.to_string()))
    });
    let s = shared.clone();
    tera.register_function("years", move |args: &HashMap<String, Value>| {
        let n = args
            .get("n")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| {
                tera::Error::msg("years(): argument `n` (a whole number) is required")
            })?;
        s.catalog
            .format_years(locale, n)
            .map(Value::from)
            .map_err(|e| tera::Error::msg(e.to_string()))
    });
    let s = shared.clone();
    tera.register_function("retention_period", move |args: &HashMap<String, Value>| {
        let s = active(&s);
        let id = arg_str(args, "id", "retention_period")?;
        let item = s
            .facts
            .retention
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| {
                tera::Error::msg(format!(
                "retention_period(): no [[retention]] entry with id `{id}` in content/facts.toml"
            ))
            })?;
        s.catalog
            .format_retention(locale, item)
            .map(Value::from)
            .map_err(|e| tera::Error::msg(e.to_string()))
    });
    let s = shared.clone();
    tera.register_function("fact", move |args: &HashMap<String, Value>| {
        let s = active(&s);
        let list = arg_str(args, "list", "fact")?;
        let id = arg_str(args, "id", "fact")?;
        let entries = s.localized[locale.index()]
            .get(list)
            .and_then(Value::as_array)
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "fact(): no list `{list}` in content/facts.toml (lists: retention, \
                     recipients, cookies, changelog)"
                ))
            })?;
        // Entries are named by `id`; cookies by `name`, change-log entries by `version`.
        entries
            .iter()
            .find(|e| {
                ["id", "name", "version"]
                    .iter()
                    .any(|k| e.get(*k).and_then(Value::as_str) == Some(id))
            })
            .cloned()
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "fact(): no entry `{id}` in the list `{list}` of content/facts.toml"
                ))
            })
    });
    let s = shared.clone();
    tera.register_function("page_url", move |args: &HashMap<String, Value>| {
        let s = active(&s);
        let page = arg_str(args, "page", "page_url")?;
        if !s.slugs.contains(page) {
            return Err(tera::Error::msg(format!(
                "page_url(): no page `{page}` in content/"
            )));
        }
        let target = match args.get("lang").and_then(Value::as_str) {
            Some(code) => code
                .parse::<Locale>()
                .map_err(|e| tera::Error::msg(e.to_string()))?,
            None => locale,
        };
        let mut url = page_path(target, page);
        url.push_str(&s.suffix);
        if let Some(anchor) = args.get("anchor").and_then(Value::as_str) {
            url.push('#');
            url.push_str(anchor);
        }
        Ok(Value::from(url))
    });
}

/// Escapes `& < > " '` for HTML text and attributes.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    // Writing into a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, input);
    out
}

/// Loads every template under `dir` (names relative to it, e.g. `blocks/operator.html`).
pub fn load_templates(dir: &Path) -> Result<Vec<(String, String)>, BuildError> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| BuildError::io(d.display(), e))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| BuildError::io(path.display(), e))?;
                out.push((name, text));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The site's templates, parsed once for every locale's environment (parsing them was a
/// third of the real site's build CPU when each locale parsed its own copy), on two threads:
/// the same templates and the same first error (in name order) as `Tera::add_raw_templates`.
pub fn parse_templates(
    templates: &[(String, String)],
    templates_dir: &Path,
) -> Result<Tera, BuildError> {
    let fail = |e: tera::Error| BuildError::Template {
        file: templates_dir.display().to_string(),
        message: tera_message(&e),
    };
    type Parsed = Vec<(String, tera::Result<tera::Template>)>;
    let parse = |list: &[&(String, String)]| -> Parsed {
        list.iter()
            .map(|(name, text)| (name.clone(), tera::Template::new(name, None, text)))
            .collect()
    };
    // Two halves of about the same size.
    let mut by_size: Vec<&(String, String)> = templates.iter().collect();
    by_size.sort_by_key(|(_, text)| std::cmp::Reverse(text.len()));
    let (mut halves, mut sizes) = ([Vec::new(), Vec::new()], [0, 0]);
    for t in by_size {
        let half = usize::from(sizes[1] < sizes[0]);
        sizes[half] += t.1.len();
        halves[half].push(t);
    }
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| parse(&halves[1]));
        (parse(&halves[0]), second.join())
    });
    let second = second
        .map_err(|_| BuildError::io(templates_dir.display(), "a template parser panicked"))?;
    let mut parsed: Parsed = first.into_iter().chain(second).collect();
    parsed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tera = Tera::default();
    for (name, template) in parsed {
        let template = template
            .map_err(|e| fail(tera::Error::chain(format!("Failed to parse '{name}'"), e)))?;
        tera.templates.insert(name, template);
    }
    tera.build_inheritance_chains().map_err(fail)?;
    tera.check_macro_files().map_err(fail)?;
    Ok(tera)
}

/// One tera instance per locale, so `t()` and `date()` know their language, holding a copy of
/// the `parsed` templates.
pub fn environment(
    parsed: &Tera,
    templates_dir: &Path,
    shared: &Shared,
    locale: Locale,
) -> Result<Tera, BuildError> {
    let mut tera = Tera::default();
    // Page bodies (`.md`) are escaped too: Markdown decodes the entities again, and facts can
    // never inject markup into a page or break an attribute.
    tera.autoescape_on(vec![".html", ".xml", ".md"]);
    // tera's own escaper also escapes `/`, which turns every URL into `&#x2F;` soup.
    tera.set_escape_fn(escape_html);
    tera.register_filter("escape", |value: &Value, _: &HashMap<String, Value>| {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        Ok(Value::from(escape_html(&text)))
    });
    register_functions(&mut tera, shared, locale);
    tera.extend(parsed).map_err(|e| BuildError::Template {
        file: format!("{} ({locale})", templates_dir.display()),
        message: tera_message(&e),
    })?;
    Ok(tera)
}
