//! The request core: what a request is and what can happen to it, apart from how it
//! arrives (HTTP, Lambda events, the operator's commands) and where it goes (DynamoDB or
//! the file store, SMTP or the outbox).
//!
//! - [`kind`]: the kinds of request, all that differs between them, their deadlines from
//!   the policy data;
//! - [`submission`]: what a requester typed, validated;
//! - [`record`]: the stored request and the state of each e-mail it is owed;
//! - [`reference`]: its short reference, the number people quote;
//! - [`status`]: its status, audit trail and refusal reasons;
//! - [`token`]: the requester's one-time confirmation token;
//! - [`file`]: the use case "file a request" (the form and Meta's callback);
//! - [`confirm`]: the use case "the requester confirms" (the confirmation page's button);
//! - [`mark`]: the use case "change its status" (the operator);
//! - [`lookup`]: the use cases "find my request" (reference and e-mail) and "send the
//!   confirmation e-mail again" (the status page's button).

pub mod confirm;
pub mod file;
pub mod kind;
pub mod lookup;
pub mod mark;
pub mod record;
pub mod reference;
pub mod status;
pub mod submission;
pub mod token;

pub use confirm::confirm;
pub use file::{file, Filed, Filing};
pub use kind::{Kind, KindSpec, Kinds, Scope};
pub use lookup::{lookup, resend_confirmation, Found, Resent};
pub use record::{
    dedupe_key, is_id, new_id, DEDUPE_WINDOW_SECONDS, WITHHELD_HONEYPOT, WITHHELD_NO_ADDRESS,
    WITHHELD_RECIPIENT_LIMIT,
};
pub use record::{AckStatus, NewRequest, NoticeStatus, RequestRecord};
pub use reference::Reference;
pub use status::{
    progress, Actor, AuditEntry, Event, Refusal, RefusalReason, Status, Step, StepState,
};
pub use submission::{RawFields, Submission};
pub use token::TOKEN_TTL_SECONDS;
