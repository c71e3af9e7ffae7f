//! A form posted without JavaScript that cannot be filed (invalid, or the store failed) is
//! answered with the form itself, in the site's layout and the form's language: the values
//! kept (never the honeypot's), each error at its field and in a focusable summary at the
//! top, as the site's script shows them. The form is the site's own block
//! (`site/templates/blocks/request-form.html`), so both always offer the same fields.

use super::{Client, Ctx};
use crate::pages::PageSecurity;
use crate::request::submission::{FieldErrors, RawFields};
use lambda_http::http::StatusCode;
use lambda_http::{Body, Response};
use serde_json::json;

/// The types the rights page's form offers, in its order (the data-deletion page's form
/// offers the block's default two). `content/*/rights.md` sets the same list; a test holds
/// them together.
pub const RIGHTS_FORM_TYPES: [&str; 4] = [
    "information",
    "rectification",
    "deletion",
    "consent_withdrawal",
];

/// The fields in the form's order, with the label's message and the control an error's
/// summary link leads to (`None`: the type's first choice, which depends on the form).
const FIELDS: [(&str, &str, Option<&str>); 7] = [
    ("type", "form-type", None),
    ("scope", "form-scope", Some("scope-notifications")),
    ("name", "form-name", Some("f-name")),
    ("email", "form-email", Some("f-email")),
    ("phone", "form-phone", Some("f-phone")),
    ("details", "form-details", Some("f-details")),
    ("confirm", "form-confirm", Some("f-confirm")),
];

/// The site page a posted form came from (its hidden `page` field; else what its type
/// says): decides which types the form offers again and where the language links lead.
fn from_rights_page(raw: &RawFields) -> bool {
    match raw.page.as_deref() {
        Some("rights") => true,
        Some("data-deletion") => false,
        _ => raw
            .kind
            .as_deref()
            .is_some_and(|k| matches!(k, "information" | "rectification")),
    }
}

impl Ctx<'_> {
    /// The form again, answering `status` with `message_key` above it; `errors` may be empty
    /// (the store failed: "please try again", with everything typed still there).
    pub(super) fn form_again(
        &self,
        status: StatusCode,
        code: &str,
        message_key: &str,
        raw: &RawFields,
        errors: &FieldErrors,
    ) -> Response<Body> {
        debug_assert!(matches!(self.client, Client::Html));
        let rights = from_rights_page(raw);
        let types: Vec<&str> = if rights {
            RIGHTS_FORM_TYPES.to_vec()
        } else {
            vec!["deletion", "consent_withdrawal"]
        };
        let messages = self.field_messages(errors);
        let error_list: Vec<serde_json::Value> = FIELDS
            .iter()
            .filter_map(|(field, label, target)| {
                let message = messages.get(*field)?.as_str()?;
                let target = match target {
                    Some(t) => t.to_string(),
                    None => format!(
                        "type-{}",
                        match types.first() {
                            Some(&"consent_withdrawal") => "consent",
                            Some(first) => first,
                            None => "deletion",
                        }
                    ),
                };
                Some(json!({"target": target, "text": format!("{}: {message}", self.t(label))}))
            })
            // An error of a field the form does not show (the language) is listed as text.
            .chain(
                messages
                    .iter()
                    .filter(|(field, _)| !FIELDS.iter().any(|(f, _, _)| f == field))
                    .filter_map(|(_, m)| m.as_str())
                    .map(|m| json!({"target": null, "text": m})),
            )
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("code", code);
        ctx.insert("title", &self.t("error-page-title"));
        ctx.insert("errors_message", &self.t(message_key));
        ctx.insert("errors", &messages);
        ctx.insert("error_list", &error_list);
        ctx.insert(
            "values",
            &json!({
                "type": raw.kind,
                "scope": raw.scope.as_deref().unwrap_or("all"),
                "name": raw.name,
                "email": raw.email,
                "phone": raw.phone,
                "details": raw.details,
                "confirm": raw.confirm.as_ref().is_some_and(|c| c.is_yes()),
            }),
        );
        if rights {
            ctx.insert("form_types", &types);
        }
        let slug = if rights { "rights" } else { "data-deletion" };
        ctx.insert("slug", slug);
        // Relative: the form posts to where it was posted (behind any prefix).
        ctx.insert("intake_url", "requests");
        // The client-side date formats are the site script's; these pages run no script.
        ctx.insert("date_patterns", "[]");
        ctx.insert("switch", &self.site_page_switch(&format!("{slug}/")));
        self.html_page_as(status, "form.html", ctx, PageSecurity::CONFIRM_FORM)
    }
}

#[cfg(test)]
mod tests {
    /// The rights page's form offers the same types, in the same order, as the function's
    /// form page shows again.
    #[test]
    fn rights_page_lists_the_same_types() {
        let expected = format!(
            "{{% set form_types = [{}] %}}",
            super::RIGHTS_FORM_TYPES
                .iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for l in ["kk", "ru", "en"] {
            let path = format!("{}/../../content/{l}/rights.md", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(&expected), "{path} sets {expected}");
        }
    }
}
