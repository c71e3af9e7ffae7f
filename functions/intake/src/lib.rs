//! The request-intake function: validates data-deletion and consent-withdrawal requests,
//! logs each in DynamoDB and e-mails an acknowledgement stating the legal deadline.
//!
//! `handler` is the one HTTP handler (used by the Lambda and by the local `serve`);
//! `form` parses and validates; `record` is what is stored; `store` and `mail` are the two
//! outside systems, each with a production backend and a local one; `lambda` adapts
//! Lambda events; `resend` retries pending acknowledgements.

pub mod app;
pub mod config;
pub mod form;
pub mod handler;
pub mod i18n;
pub mod lambda;
pub mod logging;
pub mod mail;
pub mod record;
pub mod resend;
pub mod store;

pub use app::App;
pub use config::Config;
