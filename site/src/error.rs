//! Build errors: each names the source file, and where it applies the line, the locale and
//! the key. A build reports every error it finds (up to a bound), sorted by file and line.

use policy::Locale;

/// How many errors one build reports; the summary line counts the rest.
pub const MAX_REPORTED: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Facts(#[from] policy::facts::FactsError),
    #[error("{0}")]
    Calendar(#[from] policy::calendar::CalendarError),
    #[error("{0}")]
    Catalog(#[from] policy::catalog::CatalogError),
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    #[error("{file} ({locale}): front matter: {message}")]
    FrontMatter {
        file: String,
        locale: Locale,
        message: String,
    },
    #[error("{file}: page `{page}` exists in {present} but not in {missing}")]
    PageParity {
        file: String,
        page: String,
        present: String,
        missing: String,
    },
    /// A mistake in a page's source, at a line of the file when it is known.
    #[error("{}{} ({locale}): {message}", file, line.map(|l| format!(":{l}")).unwrap_or_default())]
    Content {
        file: String,
        line: Option<usize>,
        locale: Locale,
        message: String,
    },
    #[error("{file} ({locale}): sections differ from the other languages: {message}")]
    SectionParity {
        file: String,
        locale: Locale,
        message: String,
    },
    #[error("{file}: template error: {message}")]
    Template { file: String, message: String },
    /// A broken link, named in the file (and at the line) it was written in.
    #[error("{}{}{}: broken link `{href}`: {message}", file, line.map(|l| format!(":{l}")).unwrap_or_default(), locale.map(|l| format!(" ({l})")).unwrap_or_default())]
    Link {
        file: String,
        line: Option<usize>,
        locale: Option<Locale>,
        href: String,
        message: String,
    },
    /// Every error of a build, sorted, at most [`MAX_REPORTED`] of them.
    #[error("{}", report(.0))]
    Many(Vec<BuildError>),
}

fn report(errors: &[BuildError]) -> String {
    let mut out = String::new();
    for e in errors.iter().take(MAX_REPORTED) {
        out.push_str(&e.to_string());
        out.push('\n');
    }
    let n = errors.len();
    if n > MAX_REPORTED {
        out.push_str(&format!(
            "{n} errors (the first {MAX_REPORTED} are shown); nothing was written"
        ));
    } else {
        out.push_str(&format!(
            "{n} error{}; nothing was written",
            if n == 1 { "" } else { "s" }
        ));
    }
    out
}

impl BuildError {
    pub fn io(file: impl std::fmt::Display, e: impl std::fmt::Display) -> Self {
        BuildError::Io {
            file: file.to_string(),
            message: e.to_string(),
        }
    }

    /// File and line, for sorting a build's errors.
    fn position(&self) -> (String, usize) {
        match self {
            BuildError::Content { file, line, .. } | BuildError::Link { file, line, .. } => {
                (file.clone(), line.unwrap_or(0))
            }
            BuildError::Io { file, .. }
            | BuildError::FrontMatter { file, .. }
            | BuildError::PageParity { file, .. }
            | BuildError::SectionParity { file, .. }
            | BuildError::Template { file, .. } => (file.clone(), 0),
            other => (other.to_string(), 0),
        }
    }

    /// The errors as a list (a `Many` is flattened).
    pub fn into_list(self) -> Vec<BuildError> {
        match self {
            BuildError::Many(list) => list.into_iter().flat_map(Self::into_list).collect(),
            one => vec![one],
        }
    }

    /// The error count of this error (a `Many` counts its members).
    pub fn count(&self) -> usize {
        match self {
            BuildError::Many(list) => list.len(),
            _ => 1,
        }
    }
}

/// Gathers the errors of a build, so one run reports them all.
#[derive(Debug, Default)]
pub struct Errors(Vec<BuildError>);

impl Errors {
    pub fn push(&mut self, e: BuildError) {
        self.0.extend(e.into_list());
    }

    /// Records every error of `other`.
    pub fn extend(&mut self, other: Errors) {
        self.0.extend(other.0);
    }

    /// Keeps the value, or records the error and gives `None`.
    pub fn take<T>(&mut self, r: Result<T, BuildError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing went wrong; otherwise every error, sorted by file and line, once.
    pub fn finish(self) -> Result<(), BuildError> {
        if self.0.is_empty() {
            return Ok(());
        }
        let mut list = self.0;
        list.sort_by_cached_key(|e| (e.position(), e.to_string()));
        list.dedup_by(|a, b| a.to_string() == b.to_string());
        Err(if list.len() == 1 {
            list.remove(0)
        } else {
            BuildError::Many(list)
        })
    }
}

/// tera hides the cause (an unknown variable, a failed function) in its source chain.
pub fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

/// The line of `source` (1-based, counted from `first_line`) where `needle` first occurs.
pub fn line_of(source: &str, first_line: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    source
        .lines()
        .position(|l| l.contains(needle))
        .map(|i| first_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(file: &str, line: usize) -> BuildError {
        BuildError::Content {
            file: file.into(),
            line: Some(line),
            locale: Locale::Ru,
            message: "m".into(),
        }
    }

    #[test]
    fn every_error_sorted_by_file_and_line_with_a_summary() {
        let mut errors = Errors::default();
        errors.push(content("content/ru/privacy.md", 30));
        errors.push(content("content/en/cookies.md", 7));
        errors.push(content("content/ru/privacy.md", 4));
        errors.push(content("content/ru/privacy.md", 4));
        let text = errors.finish().unwrap_err().to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "content/en/cookies.md:7 (ru): m",
                "content/ru/privacy.md:4 (ru): m",
                "content/ru/privacy.md:30 (ru): m",
                "3 errors; nothing was written"
            ]
        );
    }

    #[test]
    fn the_report_is_bounded() {
        let mut errors = Errors::default();
        for i in 0..(MAX_REPORTED + 5) {
            errors.push(content("content/ru/privacy.md", i + 1));
        }
        let text = errors.finish().unwrap_err().to_string();
        assert_eq!(text.lines().count(), MAX_REPORTED + 1);
        assert!(text.ends_with(&format!(
            "{} errors (the first {MAX_REPORTED} are shown); nothing was written",
            MAX_REPORTED + 5
        )));
    }
}
