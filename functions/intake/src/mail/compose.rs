//! The e-mails of a request: the acknowledgement to the requester (in the request's
//! language, text and HTML, with the status page and the one-time confirmation link), the
//! notice to the operator (Reply-To the requester), the outcome e-mail after `completed` or
//! `refused`, the operator's daily digest and the summary of notices past the hourly limit. Every fact comes from the shared policy data;
//! every sentence from Fluent.

use super::MailError;
use crate::content::Content;
use crate::links;
use crate::request::kind::Answer;
use crate::request::{RefusalReason, RequestRecord, Status};
use fluent_bundle::FluentValue;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::Message;
use policy::{Catalog, Facts, Locale};
use serde_json::json;
use std::sync::Arc;
use tera::{Context, Tera};

/// Who the letters are from and to, and where their links point.
#[derive(Debug, Clone)]
pub struct Letterhead {
    /// The sender's address (`MAIL_FROM`); its display name is the operator's short name in
    /// the letter's language.
    pub from: Mailbox,
    /// The operator (`OPERATOR_EMAIL`): gets the notices, digests and summaries, and is the
    /// `Reply-To` of every letter to a requester (the sender address takes no replies).
    pub operator: Mailbox,
    pub site_url: String,
}

/// Writes every letter, from the content and the letterhead it holds.
pub struct Composer {
    tera: Tera,
    content: Arc<Content>,
    head: Letterhead,
}

fn fl(e: policy::catalog::CatalogError) -> MailError {
    MailError::Build(e.to_string())
}

impl Composer {
    pub fn new(content: Arc<Content>, head: Letterhead) -> Result<Composer, tera::Error> {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            ("ack.txt", include_str!("../../templates/ack.txt")),
            ("ack.html", include_str!("../../templates/ack.html")),
            ("notice.txt", include_str!("../../templates/notice.txt")),
            ("notice.html", include_str!("../../templates/notice.html")),
            ("outcome.txt", include_str!("../../templates/outcome.txt")),
            ("outcome.html", include_str!("../../templates/outcome.html")),
            ("digest.txt", include_str!("../../templates/digest.txt")),
            ("digest.html", include_str!("../../templates/digest.html")),
            ("summary.txt", include_str!("../../templates/summary.txt")),
            ("summary.html", include_str!("../../templates/summary.html")),
        ])?;
        tera.autoescape_on(vec![".html"]);
        Ok(Composer {
            tera,
            content,
            head,
        })
    }

    /// The content after `serve` read it again from disk.
    pub fn set_content(&mut self, content: Arc<Content>) {
        self.content = content;
    }

    fn catalog(&self) -> &Catalog {
        &self.content.catalog
    }

    fn facts(&self) -> &Facts {
        &self.content.facts
    }

    /// The sender, named as the operator is in language `l` («Interpay» ЖШС, ТОО «Interpay»,
    /// Interpay LLP).
    fn from(&self, l: Locale) -> Mailbox {
        Mailbox::new(
            Some(self.facts().operator.short_name.get(l).to_string()),
            self.head.from.email.clone(),
        )
    }

    fn render(&self, name: &str, ctx: &Context) -> Result<String, MailError> {
        self.tera
            .render(name, ctx)
            .map_err(|e| MailError::Build(e.to_string()))
    }

    /// What was asked, in words: «удаление персональных данных».
    pub fn what(&self, locale: Locale, r: &RequestRecord) -> Result<String, MailError> {
        self.catalog()
            .text(locale, &format!("request-type-{}", r.kind.as_str()))
            .map_err(fl)
    }

    /// What the law makes the operator keep, one localized item per retention rule, with
    /// the period phrased exactly as the site states it (`Catalog::format_retention`).
    fn keep_items(&self, l: Locale) -> Result<Vec<String>, MailError> {
        let (catalog, facts) = (self.catalog(), self.facts());
        let mut keep_items = Vec::new();
        for item in facts.retention.iter().filter(|i| i.years.is_some()) {
            let period = catalog.format_retention(l, item).map_err(fl)?;
            let bases = item
                .bases
                .iter()
                .map(|b| {
                    facts.laws.get(b).map(|law| law.get(l)).ok_or_else(|| {
                        MailError::Build(format!("retention.{}: no law `{b}`", item.id))
                    })
                })
                .collect::<Result<Vec<&str>, MailError>>()?;
            keep_items.push(
                catalog
                    .format(
                        l,
                        "ack-keep-item",
                        &[
                            ("what", item.what.get(l).to_string().into()),
                            ("period", period.into()),
                            ("bases", bases.join("; ").into()),
                        ],
                    )
                    .map_err(fl)?,
            );
        }
        Ok(keep_items)
    }

    /// What the policy says is processed, for the answer to an information request, from the
    /// facts: the recipients with the purpose of each, the retention periods with their legal
    /// bases, and the permanent page of the policy version the request was received under.
    /// (The facts hold no list of data categories or of processing purposes as such.)
    fn information(&self, r: &RequestRecord) -> Result<Vec<String>, MailError> {
        let (catalog, facts, site_url) = (self.catalog(), self.facts(), &self.head.site_url);
        let l = r.locale;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let recipients = facts
            .recipients
            .iter()
            .map(|p| {
                t(
                    "outcome-information-recipient",
                    &[
                        ("name", p.name.get(l).to_string().into()),
                        ("purpose", p.purpose.get(l).to_string().into()),
                    ],
                )
            })
            .collect::<Result<Vec<String>, MailError>>()?;
        let mut out = vec![
            t(
                "outcome-information-recipients",
                &[("items", recipients.join("; ").into())],
            )?,
            self.keep_text(l)?,
        ];
        if let Some(v) = &r.policy_version {
            out.push(t(
                "outcome-information-policy",
                &[
                    ("version", v.clone().into()),
                    ("url", links::policy_url(site_url, l, v).into()),
                ],
            )?);
        }
        Ok(out)
    }

    /// The laws behind the retention periods, each once, in the policy's order.
    fn retention_bases(&self, l: Locale) -> Vec<String> {
        let facts = self.facts();
        let mut bases: Vec<String> = Vec::new();
        for key in facts.retention.iter().flat_map(|i| i.bases.iter()) {
            if let Some(law) = facts.laws.get(key) {
                let text = law.get(l).to_string();
                if !bases.contains(&text) {
                    bases.push(text);
                }
            }
        }
        bases
    }

    /// The requester's bare address, never with a display name (the name is typed by
    /// whoever filled in the form).
    fn recipient(r: &RequestRecord) -> Result<Mailbox, MailError> {
        let address = r
            .email
            .as_deref()
            .ok_or_else(|| MailError::Build("the request has no e-mail address".into()))?
            .parse::<lettre::Address>()
            .map_err(|e| MailError::Build(e.to_string()))?;
        Ok(Mailbox::new(None, address))
    }

    /// The acknowledgement, with the status page and the confirmation link (`token`, valid
    /// until `token_valid_until`).
    pub fn acknowledgement(
        &self,
        r: &RequestRecord,
        token: &str,
        token_valid_until: jiff::civil::Date,
    ) -> Result<Letter, MailError> {
        let (catalog, facts, site_url) = (self.catalog(), self.facts(), &self.head.site_url);
        let l = r.locale;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let deadline_date = r
            .deadline_date()
            .ok_or_else(|| MailError::Build("deadline".into()))?;
        let rule = self.content.kinds.deadline(r.kind);
        let what = self.what(l, r)?;
        let scope_line = self.scope_line(l, r)?;
        let deadline = catalog.format_date(l, deadline_date).map_err(fl)?;
        let subject = t("ack-subject", &[("id", r.number().into())])?;
        let mut ctx = self.requester_letter(r, &subject)?;
        ctx.insert("intro", &t("ack-intro", &[("what", what.into())])?);
        ctx.insert("scope_line", &scope_line);
        ctx.insert(
            "labels",
            &json!({"id": t("ack-id", &[])?, "received": t("ack-received", &[])?, "deadline": t("ack-deadline", &[])?}),
        );
        ctx.insert(
            "deadline",
            &t("ack-deadline-value", &[("date", deadline.into())])?,
        );
        let duration = catalog
            .format_duration(l, rule.rule.amount, rule.rule.unit)
            .map_err(fl)?;
        // A deadline of the law names its article; one without is the operator's own
        // commitment and is stated as such (issue 10).
        let rule_text = match &rule.article {
            Some(article) => t(
                "ack-rule",
                &[
                    ("rule", duration.into()),
                    ("law", facts.policy.law_short.get(l).to_string().into()),
                    ("article", article.clone().into()),
                ],
            )?,
            None => t("ack-rule-commitment", &[("rule", duration.into())])?,
        };
        ctx.insert("rule", &rule_text);
        ctx.insert("next_title", &t("ack-next-title", &[])?);
        ctx.insert("next", &t(&format!("ack-next-{}", r.kind.as_str()), &[])?);
        ctx.insert("keep", &self.keep_text(l)?);
        ctx.insert(
            "complaint",
            &t(
                "ack-complaint",
                &[("authority", facts.authority.name.get(l).to_string().into())],
            )?,
        );
        ctx.insert("not_you", &t("ack-not-you", &[])?);
        ctx.insert(
            "confirm",
            &t(
                "ack-confirm",
                &[(
                    "date",
                    catalog
                        .format_date(l, token_valid_until)
                        .map_err(fl)?
                        .into(),
                )],
            )?,
        );
        ctx.insert("confirm_button", &t("ack-confirm-button", &[])?);
        ctx.insert("confirm_note", &t("ack-confirm-note", &[])?);
        ctx.insert("confirm_url", &links::confirm_url(site_url, &r.id, token));
        // The policy version in force at receipt and its permanent page (none on items from
        // before versions were recorded).
        let policy = match &r.policy_version {
            Some(v) => Some(json!({
                "text": t("ack-policy", &[("version", v.clone().into())])?,
                "url": links::policy_url(site_url, l, v),
            })),
            None => None,
        };
        ctx.insert("policy", &policy);
        build(
            self.from(l),
            Self::recipient(r)?,
            Some(self.head.operator.clone()),
            &subject,
            self.render("ack.txt", &ctx)?,
            self.render("ack.html", &ctx)?,
        )
    }

    /// What every e-mail to the requester has: language, subject, greeting, the request's
    /// number and receipt date, the status link, the operator's contacts and signature.
    fn requester_letter(&self, r: &RequestRecord, subject: &str) -> Result<Context, MailError> {
        let (catalog, facts, site_url) = (self.catalog(), self.facts(), &self.head.site_url);
        let l = r.locale;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let receipt_date = r
            .receipt_date()
            .ok_or_else(|| MailError::Build("receipt date".into()))?;
        let mut ctx = Context::new();
        ctx.insert("lang", l.code());
        ctx.insert("subject", subject);
        // Until the address has confirmed the request, nothing the requester typed goes to
        // it: otherwise anyone could send a text of their own from the operator's address.
        let greeting = match (&r.name, r.is_confirmed()) {
            (Some(name), true) => t("ack-greeting", &[("name", name.clone().into())])?,
            _ => t("ack-greeting-anonymous", &[])?,
        };
        ctx.insert("greeting", &greeting);
        ctx.insert("id", &r.number());
        ctx.insert(
            "received",
            &catalog.format_date(l, receipt_date).map_err(fl)?,
        );
        ctx.insert("status", &t("ack-status", &[])?);
        ctx.insert("status_button", &t("ack-status-button", &[])?);
        ctx.insert("status_url", &links::status_url(site_url, &r.id, Some(l)));
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
        ctx.insert("operator", facts.operator.name.get(l));
        ctx.insert("address", facts.operator.address.get(l));
        ctx.insert("site", &facts.operator.site_url);
        Ok(ctx)
    }

    /// «Scope of the withdrawal: …» for a consent withdrawal with a scope.
    fn scope_line(&self, l: Locale, r: &RequestRecord) -> Result<Option<String>, MailError> {
        let catalog = self.catalog();
        match (r.kind.spec().takes_scope, r.scope) {
            (true, Some(scope)) => {
                let scope = catalog
                    .text(l, &format!("scope-{}", scope.as_str()))
                    .map_err(fl)?;
                catalog
                    .format(l, "ack-scope", &[("scope", scope.into())])
                    .map(Some)
                    .map_err(fl)
            }
            _ => Ok(None),
        }
    }

    /// What the law keeps after a deletion, with periods and laws.
    fn keep_text(&self, l: Locale) -> Result<String, MailError> {
        let items = self.keep_items(l)?.join("; ");
        self.catalog()
            .format(l, "ack-keep", &[("items", items.into())])
            .map_err(fl)
    }

    /// Whether the requester confirmed, in the operator's words.
    fn confirmation_text(&self, l: Locale, r: &RequestRecord) -> Result<String, MailError> {
        let catalog = self.catalog();
        if !r.kind.has_requester() {
            return catalog
                .text(l, "notice-confirmed-not-applicable")
                .map_err(fl);
        }
        let date_of = |ts: i64| {
            jiff::Timestamp::from_second(ts)
                .map(crate::almaty::date)
                .map_err(|e| MailError::Build(e.to_string()))
        };
        match (&r.confirmed_at, r.token_expires) {
            (Some(at), _) => {
                let date = at
                    .get(..10)
                    .and_then(|d| d.parse().ok())
                    .ok_or_else(|| MailError::Build("confirmed_at".into()))?;
                catalog
                    .format(
                        l,
                        "notice-confirmed-yes",
                        &[("date", catalog.format_date(l, date).map_err(fl)?.into())],
                    )
                    .map_err(fl)
            }
            (None, Some(expires)) => catalog
                .format(
                    l,
                    "notice-confirmed-not-yet",
                    &[(
                        "date",
                        catalog
                            .format_date(l, date_of(expires)?)
                            .map_err(fl)?
                            .into(),
                    )],
                )
                .map_err(fl),
            (None, None) => catalog.text(l, "digest-confirmed-no").map_err(fl),
        }
    }

    pub fn operator_notice(&self, r: &RequestRecord) -> Result<Letter, MailError> {
        let (catalog, site_url) = (self.catalog(), &self.head.site_url);
        // The operator works in the language of the source policy.
        let l = Locale::DEFAULT;
        let t = |key: &str| catalog.text(l, key).map_err(fl);
        let what = self.what(l, r)?;
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
        let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| none.clone());
        let mut rows = vec![
            (t("ack-id")?, r.number()),
            (t("notice-type")?, what.clone()),
        ];
        if r.kind.spec().takes_scope {
            rows.push((t("notice-scope")?, scope));
        }
        if r.ack_withheld_by_limit() {
            rows.push((
                t("notice-ack-title")?,
                catalog
                    .format(
                        l,
                        "notice-ack-withheld",
                        &[("limit", crate::limits::RECIPIENT_ACKS_PER_DAY.into())],
                    )
                    .map_err(fl)?,
            ));
        }
        rows.extend([
            (t("notice-locale")?, r.locale.code().to_string()),
            (t("ack-received")?, r.received_at.clone()),
            (
                t("ack-deadline")?,
                catalog.format_date(l, deadline_date).map_err(fl)?,
            ),
            (t("notice-confirmed")?, self.confirmation_text(l, r)?),
            (
                t("notice-status-page")?,
                links::status_url(site_url, &r.id, None),
            ),
        ]);
        if !r.kind.has_requester() {
            rows.push((t("notice-meta-user")?, or_none(&r.meta_user_id)));
        } else {
            rows.extend([
                (t("notice-name")?, or_none(&r.name)),
                (t("notice-email")?, or_none(&r.email)),
                (t("notice-phone")?, or_none(&r.phone)),
                (t("notice-details")?, or_none(&r.details)),
            ]);
        }
        let subject = catalog
            .format(
                l,
                "notice-subject",
                &[("id", r.number().into()), ("what", what.into())],
            )
            .map_err(fl)?;
        let mut ctx = Context::new();
        ctx.insert("lang", l.code());
        ctx.insert("subject", &subject);
        ctx.insert("intro", &t("notice-intro")?);
        ctx.insert("rows", &rows);
        let reply_to = if r.has_email() {
            Some(Self::recipient(r)?)
        } else {
            None
        };
        build(
            self.from(l),
            self.head.operator.clone(),
            reply_to,
            &subject,
            self.render("notice.txt", &ctx)?,
            self.render("notice.html", &ctx)?,
        )
    }
}

/// The operator's digest of `today`: overdue requests, those due soon, and those whose
/// acknowledgement the per-recipient limit withheld.
pub struct Digest<'a> {
    pub today: jiff::civil::Date,
    pub overdue: &'a [DigestItem<'a>],
    pub due_soon: &'a [DigestItem<'a>],
    pub withheld: &'a [DigestItem<'a>],
}

/// One request in the operator's digest, with its working days left (negative: overdue).
pub struct DigestItem<'a> {
    pub record: &'a RequestRecord,
    pub days_left: i64,
}

impl Composer {
    /// The e-mail to the requester after `completed` or `refused`, in their language.
    pub fn outcome(&self, r: &RequestRecord) -> Result<Letter, MailError> {
        let (catalog, facts) = (self.catalog(), self.facts());
        let l = r.locale;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let kind = r.kind.as_str();
        let mut paragraphs = Vec::new();
        let subject = match r.status {
            Status::Completed => {
                paragraphs.push(t(&format!("outcome-completed-{kind}"), &[])?);
                match r.kind.spec().answer {
                    Answer::Scope => paragraphs.extend(self.scope_line(l, r)?),
                    Answer::Processing => paragraphs.extend(self.information(r)?),
                    Answer::Nothing => {}
                    Answer::Retention => paragraphs.push(self.keep_text(l)?),
                }
                if let Some(note) = &r.outcome_note {
                    paragraphs.push(t(
                        "outcome-note",
                        &[
                            (
                                "operator",
                                facts.operator.short_name.get(l).to_string().into(),
                            ),
                            ("note", note.clone().into()),
                        ],
                    )?);
                }
                t("outcome-subject-completed", &[("id", r.number().into())])?
            }
            Status::Refused => {
                let refusal = r
                    .refusal
                    .as_ref()
                    .ok_or_else(|| MailError::Build("a refused request without a reason".into()))?;
                paragraphs.push(t("outcome-refused", &[])?);
                let reason = catalog
                    .text(l, &format!("refusal-{}", refusal.reason.as_str()))
                    .map_err(fl)?;
                paragraphs.push(t("outcome-reason", &[("reason", reason.into())])?);
                let basis = match refusal.reason {
                    RefusalReason::LegalRetention => self.retention_bases(l).join("; "),
                    RefusalReason::IdentityNotVerified => facts.policy.law_short.get(l).to_string(),
                };
                paragraphs.push(t("outcome-basis", &[("basis", basis.into())])?);
                if let Some(note) = &refusal.note {
                    paragraphs.push(t(
                        "outcome-note",
                        &[
                            (
                                "operator",
                                facts.operator.short_name.get(l).to_string().into(),
                            ),
                            ("note", note.clone().into()),
                        ],
                    )?);
                }
                t("outcome-subject-refused", &[("id", r.number().into())])?
            }
            other => {
                return Err(MailError::Build(format!(
                    "no outcome e-mail for status {}",
                    other.as_str()
                )))
            }
        };
        let mut ctx = self.requester_letter(r, &subject)?;
        ctx.insert("paragraphs", &paragraphs);
        ctx.insert(
            "labels",
            &json!({"id": t("ack-id", &[])?, "received": t("ack-received", &[])?, "status": t("status-status", &[])?}),
        );
        ctx.insert(
            "status_value",
            &t(&format!("status-value-{}", r.status.as_str()), &[])?,
        );
        ctx.insert(
            "complaint",
            &t(
                "outcome-complaint",
                &[("authority", facts.authority.name.get(l).to_string().into())],
            )?,
        );
        build(
            self.from(l),
            Self::recipient(r)?,
            Some(self.head.operator.clone()),
            &subject,
            self.render("outcome.txt", &ctx)?,
            self.render("outcome.html", &ctx)?,
        )
    }

    /// The operator's digest of open requests that are overdue or due soon, and of those
    /// whose acknowledgement the per-recipient limit withheld.
    pub fn digest(&self, digest: &Digest) -> Result<Letter, MailError> {
        let (catalog, site_url) = (self.catalog(), &self.head.site_url);
        let Digest {
            today,
            overdue,
            due_soon,
            withheld,
        } = digest;
        let l = Locale::DEFAULT;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let row = |item: &DigestItem| -> Result<serde_json::Value, MailError> {
            let r = item.record;
            let deadline = r
                .deadline_date()
                .ok_or_else(|| MailError::Build("deadline".into()))?;
            let days = if item.days_left < 0 {
                t("digest-days-overdue", &[("days", (-item.days_left).into())])?
            } else {
                t("digest-days-left", &[("days", item.days_left.into())])?
            };
            let confirmed = if !r.kind.has_requester() {
                t("notice-confirmed-not-applicable", &[])?
            } else if r.is_confirmed() {
                t("digest-confirmed-yes", &[])?
            } else {
                t("digest-confirmed-no", &[])?
            };
            Ok(json!({
                "id": r.number(),
                "what": self.what(l, r)?,
                "status": t(&format!("status-value-{}", r.status.as_str()), &[])?,
                "confirmed": confirmed,
                "deadline": catalog.format_date(l, deadline).map_err(fl)?,
                "days": days,
                "version": match &r.policy_version {
                    Some(v) => t("digest-version", &[("version", v.clone().into())])?,
                    None => t("digest-version-unknown", &[])?,
                },
                "url": links::status_url(site_url, &r.id, None),
            }))
        };
        let mut sections = Vec::new();
        let limit = [("limit", crate::limits::RECIPIENT_ACKS_PER_DAY.into())];
        for (key, items, args) in [
            ("digest-overdue", *overdue, &[][..]),
            ("digest-due-soon", *due_soon, &[][..]),
            ("digest-withheld", *withheld, &limit[..]),
        ] {
            if items.is_empty() {
                continue;
            }
            let rows = items.iter().map(row).collect::<Result<Vec<_>, _>>()?;
            sections.push(json!({"title": t(key, args)?, "rows": rows}));
        }
        let subject = t(
            "digest-subject",
            &[
                ("overdue", overdue.len().into()),
                ("due_soon", due_soon.len().into()),
            ],
        )?;
        let mut ctx = Context::new();
        ctx.insert("lang", l.code());
        ctx.insert("subject", &subject);
        ctx.insert(
            "intro",
            &t(
                "digest-intro",
                &[("date", catalog.format_date(l, *today).map_err(fl)?.into())],
            )?,
        );
        ctx.insert("sections", &sections);
        ctx.insert("hint", &t("digest-hint", &[])?);
        build(
            self.from(l),
            self.head.operator.clone(),
            None,
            &subject,
            self.render("digest.txt", &ctx)?,
            self.render("digest.html", &ctx)?,
        )
    }
}

impl Composer {
    /// One notice for the requests past the hourly limit of notices: their numbers, types,
    /// receipt times and status pages (the operator looks each up with `intake show`).
    pub fn notice_summary(
        &self,
        records: &[RequestRecord],
        limit: u32,
    ) -> Result<Letter, MailError> {
        let (catalog, site_url) = (self.catalog(), &self.head.site_url);
        let l = Locale::DEFAULT;
        let t = |key: &str, args: &[(&str, FluentValue)]| catalog.format(l, key, args).map_err(fl);
        let rows = records
            .iter()
            .map(|r| {
                Ok(json!({
                    "id": r.number(),
                    "what": self.what(l, r)?,
                    "received": r.received_at,
                    "url": links::status_url(site_url, &r.id, None),
                }))
            })
            .collect::<Result<Vec<_>, MailError>>()?;
        let subject = t("summary-subject", &[("count", records.len().into())])?;
        let mut ctx = Context::new();
        ctx.insert("lang", l.code());
        ctx.insert("subject", &subject);
        ctx.insert("intro", &t("summary-intro", &[("limit", limit.into())])?);
        ctx.insert("rows", &rows);
        build(
            self.from(l),
            self.head.operator.clone(),
            None,
            &subject,
            self.render("summary.txt", &ctx)?,
            self.render("summary.html", &ctx)?,
        )
    }
}

/// A letter as composed: who it is from and to, and its text and HTML. [`Letter::message`]
/// makes the MIME message the mailer sends.
#[derive(Debug, Clone)]
pub struct Letter {
    pub from: Mailbox,
    pub to: Mailbox,
    pub reply_to: Option<Mailbox>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Letter {
    pub fn message(self) -> Result<Message, MailError> {
        let mut builder = Message::builder()
            .from(self.from)
            .to(self.to)
            .subject(self.subject);
        if let Some(r) = self.reply_to {
            builder = builder.reply_to(r);
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(self.text),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(self.html),
                    ),
            )
            .map_err(|e| MailError::Build(e.to_string()))
    }
}

fn build(
    from: Mailbox,
    to: Mailbox,
    reply_to: Option<Mailbox>,
    subject: &str,
    text: String,
    html: String,
) -> Result<Letter, MailError> {
    Ok(Letter {
        from,
        to,
        reply_to,
        subject: subject.to_string(),
        text,
        html,
    })
}

#[cfg(test)]
#[path = "compose_tests.rs"]
mod tests;
