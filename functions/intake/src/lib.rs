//! The request-intake function: every right of the policy's §8 filed as a request, logged
//! in DynamoDB, acknowledged by e-mail with its legal deadline, and followed to its answer.
//!
//! - `request`: the core — kinds and their deadlines, validation, the stored record, its
//!   status and audit trail, and the use cases "file a request" and "change its status";
//! - `content`: what the function states (policy facts, calendar, strings, versions);
//! - `resend`: sending what a request is owed, and resending it; `daily`: the scheduled run;
//! - the edges: `handler` (HTTP, one handler for the Lambda and `serve`), `lambda` (Lambda
//!   events), `store` (DynamoDB or a local file), `mail` (letters, and SMTP or an outbox),
//!   `pages` (the function's HTML), `meta` (Meta's signed requests), `operator` (the
//!   operator's commands), `register` (the register for an auditor: rows and figures);
//! - `app` builds all of it, from `config` or locally; `keys`, `limits`, `links`, `almaty`,
//!   `i18n`, `logging` are small helpers.

pub mod almaty;
pub mod app;
pub mod aws;
pub mod config;
pub mod content;
pub mod daily;
pub mod handler;
pub mod i18n;
pub mod keys;
pub mod lambda;
pub mod limits;
pub mod links;
pub mod logging;
pub mod mail;
pub mod meta;
pub mod operator;
pub mod pages;
pub mod register;
pub mod request;
pub mod resend;
pub mod store;

pub use app::App;
pub use config::Config;
