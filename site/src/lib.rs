//! The static policy site generator: structured facts + per-locale Markdown + Fluent UI
//! strings, through tera templates, into a static site in kk, ru and en.
//!
//! The pipeline: [`project`] finds the inputs, [`pages`] loads and checks the Markdown pages,
//! [`render`] turns them into HTML with [`templating`], [`links`] checks every internal link
//! and anchor, [`output`] writes the tree atomically.

pub mod build;
pub mod error;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod project;
pub mod reference;
pub mod render;
pub mod sections;
pub mod sitemap;
pub mod templating;

pub use build::{build, check, BuildOptions, BuildSummary};
pub use error::BuildError;
