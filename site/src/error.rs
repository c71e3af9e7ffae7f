//! Build errors: each names the file, and where it applies the locale and the key or line.

use policy::Locale;

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
    #[error("{file} ({locale}): {message}")]
    Content {
        file: String,
        locale: Locale,
        message: String,
    },
    #[error("{file} ({locale}): headings differ from {other}: {message}")]
    SectionParity {
        file: String,
        locale: Locale,
        other: String,
        message: String,
    },
    #[error("{file}: template error: {message}")]
    Template { file: String, message: String },
    #[error("{file}: broken link `{href}`: {message}")]
    Link {
        file: String,
        href: String,
        message: String,
    },
}

impl BuildError {
    pub fn io(file: impl std::fmt::Display, e: impl std::fmt::Display) -> Self {
        BuildError::Io {
            file: file.to_string(),
            message: e.to_string(),
        }
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
