//! The static policy site generator: structured facts + per-locale Markdown + Fluent UI
//! strings, through tera templates, into a static site in kk, ru and en.
//!
//! The pipeline: [`project`] finds the inputs, [`pages`] loads and checks the Markdown pages,
//! [`render`] turns them into HTML with [`templating`], [`links`] checks every internal link
//! and anchor, [`output`] writes the tree atomically.

pub mod build;
pub mod compare;
pub mod error;
pub mod feed;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod policy_data;
pub mod project;
pub mod reference;
pub mod render;
pub mod sections;
pub mod shell;
pub mod sitemap;
pub mod templating;
pub mod versions;

pub use build::{build, check, BuildOptions, BuildSummary};
pub use error::BuildError;
