//! The two e-mails of a request: the acknowledgement to the requester (in the request's
//! language, text and HTML) and the notice to the operator (Reply-To the requester).
//! Every fact comes from the shared policy data; every sentence from Fluent.

use super::MailError;
use crate::form::RequestType;
use crate::record::RequestRecord;
use fluent_bundle::FluentValue;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use policy::{Catalog, Facts, Locale};
use serde_json::json;
use tera::{Context, Tera};

pub struct Composer {
    tera: Tera,
}

fn fl(e: policy::catalog::CatalogError) -> MailError {
    MailError::Build(e.to_string())
}

impl Composer {
    pub fn new() -> Result<Composer, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            ("ack.txt", include_str!("../../templates/ack.txt")),
            ("ack.html", include_str!("../../templates/ack.html")),
            ("notice.txt", include_str!("../../templates/notice.txt")),
            ("notice.html", include_str!("../../templates/notice.html")),
        ])?;
        tera.autoescape_on(vec![".html"]);
        Ok(Composer { tera })
    }

    fn render(&self, name: &str, ctx: &Context) -> Result<String, MailError> {
        self.tera
            .render(name, ctx)
            .map_err(|e| MailError::Build(e.to_string()))
    }

    /// What was asked, in words: «удаление персональных данных».
    pub fn what(catalog: &Catalog, locale: Locale, r: &RequestRecord) -> Result<String, MailError> {
        catalog
            .text(locale, &format!("request-type-{}", r.kind.as_str()))
            .map_err(fl)
    }

    pub fn acknowledgement(
        &self,
        catalog: &Catalog,
        facts: &Facts,
        from: &Mailbox,
        r: &RequestRecord,
    ) -> Result<Message, MailError> {
        let l = r.locale;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let deadline_date = r
            .deadline_date()
            .ok_or_else(|| MailError::Build("deadline".into()))?;
        let receipt_date = r
            .receipt_date()
            .ok_or_else(|| MailError::Build("receipt date".into()))?;
        let (_, rule) = facts
            .request_deadline(r.kind.as_str())
            .ok_or_else(|| MailError::Build("no deadline rule".into()))?;
        let what = Self::what(catalog, l, r)?;
        let scope_line = match (r.kind, r.scope) {
            (RequestType::ConsentWithdrawal, Some(scope)) => Some(t(
                "ack-scope",
                &[(
                    "scope",
                    catalog
                        .text(l, &format!("scope-{}", scope.as_str()))
                        .map_err(fl)?
                        .into(),
                )],
            )?),
            _ => None,
        };
        let mut keep_items = Vec::new();
        for item in facts.retention.iter().filter(|i| i.years.is_some()) {
            let years = catalog
                .format_years(l, item.years.unwrap_or_default())
                .map_err(fl)?;
            let period = match &item.from {
                Some(from) => format!("{years} {}", from.get(l)),
                None => years,
            };
            let bases: Vec<&str> = item
                .bases
                .iter()
                .filter_map(|b| facts.laws.get(b))
                .map(|t| t.get(l))
                .collect();
            keep_items.push(t(
                "ack-keep-item",
                &[
                    ("what", item.what.get(l).to_string().into()),
                    ("period", period.into()),
                    ("bases", bases.join("; ").into()),
                ],
            )?);
        }
        let deadline = catalog.format_date(l, deadline_date).map_err(fl)?;
        let subject = t("ack-subject", &[("id", r.id.clone().into())])?;
        let mut ctx = Context::new();
        ctx.insert("lang", l.code());
        ctx.insert("subject", &subject);
        ctx.insert(
            "greeting",
            &t("ack-greeting", &[("name", r.name.clone().into())])?,
        );
        ctx.insert("intro", &t("ack-intro", &[("what", what.into())])?);
        ctx.insert("scope_line", &scope_line);
        ctx.insert(
            "labels",
            &json!({"id": t("ack-id", &[])?, "received": t("ack-received", &[])?, "deadline": t("ack-deadline", &[])?}),
        );
        ctx.insert("id", &r.id);
        ctx.insert(
            "received",
            &catalog.format_date(l, receipt_date).map_err(fl)?,
        );
        ctx.insert(
            "deadline",
            &t("ack-deadline-value", &[("date", deadline.into())])?,
        );
        ctx.insert(
            "rule",
            &t(
                "ack-rule",
                &[
                    (
                        "rule",
                        catalog
                            .format_duration(l, rule.amount, rule.unit)
                            .map_err(fl)?
                            .into(),
                    ),
                    ("law", facts.policy.law_short.get(l).to_string().into()),
                    ("article", rule.article.clone().into()),
                ],
            )?,
        );
        ctx.insert("next_title", &t("ack-next-title", &[])?);
        ctx.insert("next", &t(&format!("ack-next-{}", r.kind.as_str()), &[])?);
        ctx.insert(
            "keep",
            &t("ack-keep", &[("items", keep_items.join("; ").into())])?,
        );
        ctx.insert(
            "complaint",
            &t(
                "ack-complaint",
                &[("authority", facts.authority.name.get(l).to_string().into())],
            )?,
        );
        ctx.insert(
            "contact",
            &t(
                "ack-contact",
                &[
                    ("email", facts.operator.email.clone().into()),
                    ("whatsapp", facts.operator.whatsapp.clone().into()),
                ],
            )?,
        );
        ctx.insert("not_you", &t("ack-not-you", &[])?);
        ctx.insert("operator", facts.operator.name.get(l));
        ctx.insert("address", facts.operator.address.get(l));
        ctx.insert("site", &facts.operator.site_url);
        let to: Mailbox = r
            .email
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Build(e.to_string()))?;
        build(
            from,
            to,
            None,
            &subject,
            self.render("ack.txt", &ctx)?,
            self.render("ack.html", &ctx)?,
        )
    }

    pub fn operator_notice(
        &self,
        catalog: &Catalog,
        facts: &Facts,
        from: &Mailbox,
        operator: &Mailbox,
        r: &RequestRecord,
    ) -> Result<Message, MailError> {
        // The operator works in the language of the source policy.
        let l = Locale::DEFAULT;
        let t = |key: &str| catalog.text(l, key).map_err(fl);
        let what = Self::what(catalog, l, r)?;
        let none = t("notice-none")?;
        let deadline_date = r
            .deadline_date()
            .ok_or_else(|| MailError::Build("deadline".into()))?;
        let scope = match r.scope {
            Some(s) => catalog
                .text(l, &format!("scope-{}", s.as_str()))
                .map_err(fl)?,
            None => none.clone(),
        };
        let rows = vec![
            (t("ack-id")?, r.id.clone()),
            (t("notice-type")?, what.clone()),
            (t("notice-scope")?, scope),
            (t("notice-locale")?, r.locale.code().to_string()),
            (t("ack-received")?, r.received_at.clone()),
            (
                t("ack-deadline")?,
                catalog.format_date(l, deadline_date).map_err(fl)?,
            ),
            (t("notice-name")?, r.name.clone()),
            (t("notice-email")?, r.email.clone()),
            (
                t("notice-phone")?,
                r.phone.clone().unwrap_or_else(|| none.clone()),
            ),
            (
                t("notice-details")?,
                r.details.clone().unwrap_or_else(|| none.clone()),
            ),
        ];
        let subject = catalog
            .format(
                l,
                "notice-subject",
                &[("id", r.id.clone().into()), ("what", what.into())],
            )
            .map_err(fl)?;
        let mut ctx = Context::new();
        ctx.insert("lang", l.code());
        ctx.insert("subject", &subject);
        ctx.insert("intro", &t("notice-intro")?);
        ctx.insert("rows", &rows);
        let reply_to: Mailbox = r
            .email
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::Build(e.to_string()))?;
        let _ = facts;
        build(
            from,
            operator.clone(),
            Some(reply_to),
            &subject,
            self.render("notice.txt", &ctx)?,
            self.render("notice.html", &ctx)?,
        )
    }
}

fn build(
    from: &Mailbox,
    to: Mailbox,
    reply_to: Option<Mailbox>,
    subject: &str,
    text: String,
    html: String,
) -> Result<Message, MailError> {
    let mut builder = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject);
    if let Some(r) = reply_to {
        builder = builder.reply_to(r);
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html),
                ),
        )
        .map_err(|e| MailError::Build(e.to_string()))
}
