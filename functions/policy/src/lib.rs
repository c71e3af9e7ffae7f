//! What the policy site and the intake function share, so neither re-types a fact:
//! the structured facts (`content/facts.toml`), the Kazakhstan working-day calendar
//! (`content/calendar.toml`), the deadline rule, and the Fluent catalogue with the
//! locale-aware date and duration formats.

pub mod calendar;
pub mod catalog;
pub mod deadline;
pub mod digests;
#[cfg(any(test, feature = "embedded"))]
pub mod embedded;
pub mod facts;
pub mod locale;
pub mod source;

pub use calendar::Calendar;
pub use catalog::Catalog;
pub use deadline::{Deadline, DeadlineRule};
pub use digests::PageDigests;
pub use facts::Facts;
pub use locale::Locale;
