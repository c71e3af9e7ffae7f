//! The request-intake function: validates data-deletion and consent-withdrawal requests,
//! logs each in DynamoDB and e-mails an acknowledgement stating the legal deadline.
//!
//! `handler` is the one HTTP handler (used by the Lambda and by the local `serve`): the
//! submission, the status page, the confirmation link and Meta's callback (`meta`).
//! `form` parses and validates; `record` is what is stored, with its lifecycle; `store` and
//! `mail` are the two outside systems, each with a production backend and a local one;
//! `lambda` adapts Lambda events; `resend` sends and resends what a request is owed;
//! `lifecycle` is the operator's status changes, `daily` the scheduled run, `operator` the
//! operator's commands; `pages` renders the function's own HTML.

pub mod app;
pub mod aws;
pub mod config;
pub mod daily;
pub mod form;
pub mod handler;
pub mod i18n;
pub mod lambda;
pub mod lifecycle;
pub mod limits;
pub mod links;
pub mod logging;
pub mod mail;
pub mod meta;
pub mod operator;
pub mod pages;
pub mod record;
pub mod resend;
pub mod store;
pub mod token;

pub use app::App;
pub use config::Config;
