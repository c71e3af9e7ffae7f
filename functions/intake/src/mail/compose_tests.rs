//! Each letter in each language, composed from the embedded content: who it is from and to,
//! its language, and the facts it states.

use super::*;
use crate::keys::Keyer;
use crate::request::{Actor, Kind, NewRequest, Refusal, Scope};

const SITE: &str = "https://interpay.kz";
const TOKEN: &str = "tok3n";

fn composer() -> Composer {
    let head = Letterhead {
        from: "Interpay <no-reply@interpay.kz>".parse().unwrap(),
        operator: "operator@interpay.kz".parse().unwrap(),
        site_url: SITE.into(),
    };
    Composer::new(Arc::new(Content::embedded().unwrap()), head).unwrap()
}

/// A request received on Monday 2 November 2026 at 10:00 in Almaty.
fn record(c: &Composer, kind: Kind, l: Locale) -> RequestRecord {
    let received: jiff::Timestamp = "2026-11-02T05:00:00Z".parse().unwrap();
    let deadline = c
        .content
        .kinds
        .deadline(kind)
        .rule
        .compute(&c.content.calendar, received);
    let person = kind.has_requester();
    let new = NewRequest {
        kind,
        locale: l,
        name: person.then_some("Айгерім Сапарова"),
        email: person.then_some("aigerim@example.kz"),
        phone: None,
        details: person.then_some("Тегім қате жазылған"),
        scope: kind.spec().takes_scope.then_some(Scope::Analytics),
        meta_user_id: (!person).then_some("1234567890"),
        by: if person {
            Actor::Requester
        } else {
            Actor::System
        },
        honeypot: false,
    };
    RequestRecord::new(&new, &deadline, &Keyer::new(b"k").unwrap(), 30)
        .with_policy(&c.content.digests)
}

fn t(c: &Composer, l: Locale, key: &str) -> String {
    c.catalog().text(l, key).unwrap()
}

fn date(c: &Composer, l: Locale, d: &str) -> String {
    c.catalog().format_date(l, d.parse().unwrap()).unwrap()
}

/// The text and the HTML both carry `needle`.
fn states(letter: &Letter, needle: &str) {
    assert!(
        letter.text.contains(needle),
        "text lacks {needle:?}:\n{}",
        letter.text
    );
    assert!(
        letter.html.contains(&tera::escape_html(needle)),
        "HTML lacks {needle:?}:\n{}",
        letter.html
    );
}

const FORM_KINDS: [Kind; 4] = [
    Kind::Deletion,
    Kind::ConsentWithdrawal,
    Kind::Information,
    Kind::Rectification,
];

#[test]
fn acknowledgement_of_every_kind_in_every_language() {
    let c = composer();
    for l in Locale::ALL {
        for kind in FORM_KINDS {
            let r = record(&c, kind, l);
            let until: jiff::civil::Date = "2026-11-09".parse().unwrap();
            let a = c.acknowledgement(&r, TOKEN, until).unwrap();
            let ctx = format!("{kind:?} {l:?}");
            // From the operator as named in the letter's language; replies go to the operator.
            assert_eq!(
                a.from.name.as_deref(),
                Some(c.facts().operator.short_name.get(l)),
                "{ctx}"
            );
            assert_eq!(a.from.email.to_string(), "no-reply@interpay.kz");
            assert_eq!(
                a.reply_to.as_ref().unwrap().email.to_string(),
                "operator@interpay.kz"
            );
            assert_eq!(a.to.email.to_string(), "aigerim@example.kz");
            assert!(
                a.to.name.is_none(),
                "never the typed name as a display name"
            );
            // The short reference people quote, in the subject and the letter; the long id
            // only in the links.
            let reference = r
                .reference
                .as_ref()
                .expect("a person's request has a reference");
            assert_eq!(r.number(), reference.grouped());
            assert!(a.subject.contains(&reference.grouped()), "{ctx}");
            assert!(!a.subject.contains(&r.id), "{ctx}");
            states(&a, &reference.grouped());
            assert!(
                a.html.starts_with("<!DOCTYPE html>")
                    && a.html.contains(&format!("lang=\"{}\"", l.code())),
                "{ctx}"
            );
            // What was asked, and the deadline from the facts: 3 working days for
            // information, 10 for the others, dated in the letter's language.
            states(&a, &t(&c, l, &format!("request-type-{}", kind.as_str())));
            let due = if kind == Kind::Information {
                "2026-11-05"
            } else {
                "2026-11-16"
            };
            assert_eq!(r.deadline, due, "{ctx}");
            states(&a, &date(&c, l, due));
            let rule = c.content.kinds.deadline(kind);
            let duration = c
                .catalog()
                .format_duration(l, rule.rule.amount, rule.rule.unit)
                .unwrap();
            states(&a, &duration);
            let rule_text = match &rule.article {
                Some(article) => c.catalog().format(
                    l,
                    "ack-rule",
                    &[
                        ("rule", duration.clone().into()),
                        ("law", c.facts().policy.law_short.get(l).to_string().into()),
                        ("article", article.clone().into()),
                    ],
                ),
                // The operator's own commitment is stated as such, without an article.
                None => c.catalog().format(
                    l,
                    "ack-rule-commitment",
                    &[("rule", duration.clone().into())],
                ),
            };
            states(&a, &rule_text.unwrap());
            states(&a, &t(&c, l, &format!("ack-next-{}", kind.as_str())));
            // The one-time confirmation link and the status page.
            states(&a, &crate::links::confirm_url(SITE, &r.id, TOKEN));
            states(&a, &crate::links::status_url(SITE, &r.id, Some(l)));
            // Unconfirmed: nothing the requester typed goes back to the address.
            assert!(
                !a.text.contains("Айгерім") && !a.html.contains("Айгерім"),
                "{ctx}"
            );
            assert!(!a.text.contains("Тегім"), "{ctx}");
            // The scope only where the kind takes one.
            let scope = t(&c, l, "scope-analytics");
            assert_eq!(a.text.contains(&scope), kind.spec().takes_scope, "{ctx}");
            // The same facts as the site: the operator's address in this language.
            states(&a, c.facts().operator.address.get(l));
            // Never a word of another language's subject line.
            for other in Locale::ALL.into_iter().filter(|o| *o != l) {
                let theirs = t(&c, other, &format!("request-type-{}", kind.as_str()));
                assert!(
                    !a.text.contains(&theirs),
                    "{ctx}: {other:?} text in the letter"
                );
            }
        }
    }
}

#[test]
fn operator_notice_is_in_russian_with_the_requester_as_reply_to() {
    let c = composer();
    for l in Locale::ALL {
        for kind in FORM_KINDS {
            let r = record(&c, kind, l);
            let n = c.operator_notice(&r).unwrap();
            let ctx = format!("{kind:?} {l:?}");
            assert_eq!(n.to.email.to_string(), "operator@interpay.kz");
            assert_eq!(
                n.reply_to.as_ref().unwrap().email.to_string(),
                "aigerim@example.kz"
            );
            assert_eq!(
                n.from.name.as_deref(),
                Some(c.facts().operator.short_name.ru.as_str())
            );
            states(
                &n,
                &t(&c, Locale::Ru, &format!("request-type-{}", kind.as_str())),
            );
            states(&n, &r.number());
            assert!(n.subject.contains(&r.number()), "{ctx}");
            states(&n, "Айгерім Сапарова");
            states(&n, "aigerim@example.kz");
            states(&n, "Тегім қате жазылған");
            states(&n, &date(&c, Locale::Ru, &r.deadline));
            assert_eq!(
                n.text.contains(&t(&c, Locale::Ru, "notice-scope")),
                kind.spec().takes_scope,
                "{ctx}"
            );
        }
    }
    let meta = record(&c, Kind::MetaDeletion, Locale::Ru);
    let n = c.operator_notice(&meta).unwrap();
    assert!(n.reply_to.is_none(), "nobody to reply to");
    states(&n, "1234567890");
    states(&n, &t(&c, Locale::Ru, "notice-confirmed-not-applicable"));
    assert!(!n.text.contains(&t(&c, Locale::Ru, "notice-name")));
}

#[test]
fn outcome_of_every_kind_in_every_language() {
    let c = composer();
    for l in Locale::ALL {
        for kind in FORM_KINDS {
            let mut r = record(&c, kind, l);
            r.status = Status::Completed;
            r.outcome_note = Some("Деректер түзетілді".into());
            let o = c.outcome(&r).unwrap();
            let ctx = format!("{kind:?} {l:?}");
            assert_eq!(o.to.email.to_string(), "aigerim@example.kz");
            assert_eq!(
                o.reply_to.as_ref().unwrap().email.to_string(),
                "operator@interpay.kz"
            );
            assert!(o.subject.contains(&r.number()) && !o.subject.contains(&r.id));
            states(&o, &r.number());
            states(
                &o,
                &t(&c, l, &format!("outcome-completed-{}", kind.as_str())),
            );
            states(&o, "Деректер түзетілді");
            let first_recipient = c.facts().recipients[0].name.get(l);
            let retention = c
                .facts()
                .retention
                .iter()
                .find(|i| i.years.is_some())
                .unwrap();
            let period = c.catalog().format_retention(l, retention).unwrap();
            match kind.spec().answer {
                Answer::Processing => {
                    // What the policy says is processed, from the facts, in this language.
                    states(&o, first_recipient);
                    states(&o, &period);
                    states(
                        &o,
                        &crate::links::policy_url(SITE, l, r.policy_version.as_deref().unwrap()),
                    );
                }
                Answer::Retention => {
                    states(&o, &period);
                    assert!(!o.text.contains(first_recipient), "{ctx}");
                }
                Answer::Scope => states(&o, &t(&c, l, "scope-analytics")),
                Answer::Nothing => {
                    assert!(!o.text.contains(&period), "{ctx}");
                }
            }
            // Refused, with its reason and legal basis.
            r.status = Status::Refused;
            r.outcome_note = None;
            r.refusal = Some(Refusal {
                reason: RefusalReason::IdentityNotVerified,
                note: Some("Жеке куәлік қажет".into()),
            });
            let refused = c.outcome(&r).unwrap();
            states(&refused, &t(&c, l, "refusal-identity_not_verified"));
            states(&refused, c.facts().policy.law_short.get(l));
            states(&refused, "Жеке куәлік қажет");
        }
    }
}

#[test]
fn an_outcome_needs_a_final_status_and_a_refusal_its_reason() {
    let c = composer();
    let mut r = record(&c, Kind::Deletion, Locale::En);
    let err = c.outcome(&r).unwrap_err().to_string();
    assert!(
        err.contains("no outcome e-mail for status received"),
        "{err}"
    );
    r.status = Status::Refused;
    let err = c.outcome(&r).unwrap_err().to_string();
    assert!(err.contains("without a reason"), "{err}");
}

#[test]
fn digest_and_summary() {
    let c = composer();
    let late = record(&c, Kind::Information, Locale::Kk);
    let soon = record(&c, Kind::MetaDeletion, Locale::Ru);
    let overdue = [DigestItem {
        record: &late,
        days_left: -2,
    }];
    let due_soon = [DigestItem {
        record: &soon,
        days_left: 1,
    }];
    let d = c
        .digest(&Digest {
            today: "2026-11-10".parse().unwrap(),
            overdue: &overdue,
            due_soon: &due_soon,
            withheld: &[],
        })
        .unwrap();
    assert_eq!(d.to.email.to_string(), "operator@interpay.kz");
    // A person's request by its reference, Meta's (which has none) by its id.
    assert!(late.reference.is_some() && soon.reference.is_none());
    states(&d, &late.number());
    states(&d, &soon.id);
    states(&d, &t(&c, Locale::Ru, "request-type-information"));
    states(&d, &t(&c, Locale::Ru, "notice-confirmed-not-applicable"));
    states(&d, &date(&c, Locale::Ru, "2026-11-10"));
    let withheld = c
        .catalog()
        .format(Locale::Ru, "digest-withheld", &[("limit", 3.into())])
        .unwrap();
    assert!(!d.text.contains(&withheld), "no section without requests");
    let s = c.notice_summary(&[late.clone(), soon.clone()], 30).unwrap();
    states(&s, &late.number());
    states(&s, &soon.id);
    assert!(s.subject.contains('2'), "{}", s.subject);
}
