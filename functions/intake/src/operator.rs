//! The operator's commands, run by the `intake` binary with the function's configuration
//! (or a local data directory): list open requests, show one, change its status, run the
//! daily tasks, resend what is owed, export the register and report on a year. Output is for
//! a person (or `--json` for a script); it holds personal data only in `show` and in
//! `export --with-personal-data`, which is what the operator asked for.

use crate::app::App;
use crate::register::{self, Format, Range};
use crate::request::mark;
use crate::request::{Refusal, RefusalReason, RequestRecord, Status};
use serde_json::json;

pub const USAGE: &str = "usage: intake [--data-dir DIR [--site-url URL]] <command>
  list [--json] [--version V]        open requests, overdue first, with working days left
                                     (--version: only those received under policy version V)
  show <id> [--json]                 one request with its audit trail
                                     (<id>: the id `ip-…` or the reference `K7Q2-M9XD`,
                                     any case, with or without the hyphen)
  mark <id> in_progress
  mark <id> completed [--note <text> | --note-file <path>]
                                     e-mails the requester the outcome (with the note: for
                                     an information request, what applies to this person)
  mark <id> refused --reason <reason> [--note <text> | --note-file <path>]
                                     reasons: legal_retention, identity_not_verified
  daily                              resend, digest to the operator, record the run
  resend-pending                     resend pending or failed e-mails
  reindex                            once, after the indexes were added: put the requests
                                     stored before into them (one Scan: run it with your own
                                     credentials, the function's role cannot scan)
  export [--from DATE] [--to DATE] [--format csv|json] [--with-personal-data]
                                     the register: one row per request received from
                                     --from to --to (Almaty dates, YYYY-MM-DD, inclusive);
                                     CSV (UTF-8 with BOM) by default; name, e-mail and
                                     phone only with --with-personal-data
  report --year YEAR [--json]        the year's counts by type and outcome, share on
                                     time, working days to close, overdue now
Without a command, `intake` runs as the Lambda function. The configuration is the
function's (REQUESTS_TABLE, SMTP_URL or SMTP_URL_PARAMETER, MAIL_FROM, OPERATOR_EMAIL,
SITE_URL, ALLOWED_ORIGINS); --data-dir uses serve's local store and outbox instead.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    List {
        json: bool,
        /// Only requests received under this policy version.
        version: Option<String>,
    },
    Show {
        id: String,
        json: bool,
    },
    Mark {
        id: String,
        to: Status,
        refusal: Option<Refusal>,
        /// The operator's note for a `completed` request (a refusal's is in `refusal`).
        note: Option<String>,
    },
    Daily,
    ResendPending,
    Reindex,
    /// The register of the requests received within `range`.
    Export {
        range: Range,
        format: Format,
        with_personal: bool,
    },
    /// The figures of the requests received in `year`.
    Report {
        year: i16,
        json: bool,
    },
}

/// Parses the words after the global options.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut words = args.iter().map(String::as_str);
    let command = words.next().ok_or("no command")?;
    let rest: Vec<&str> = words.collect();
    let json = rest.contains(&"--json");
    let positional: Vec<&str> = rest.iter().copied().filter(|w| *w != "--json").collect();
    match (command, positional.as_slice()) {
        ("list", []) => Ok(Command::List {
            json,
            version: None,
        }),
        ("list", ["--version", v]) if !v.trim().is_empty() && !v.starts_with("--") => {
            Ok(Command::List {
                json,
                version: Some(v.trim().to_string()),
            })
        }
        ("list", ["--version"]) => Err("--version needs a value (e.g. 1.0)".into()),
        ("show", [id]) => Ok(Command::Show {
            id: id.to_string(),
            json,
        }),
        ("mark", [id, status, options @ ..]) => {
            let to = Status::parse(status)
                .filter(|s| *s != Status::Received)
                .ok_or_else(|| {
                    format!("unknown status `{status}` (in_progress, completed, refused)")
                })?;
            let mut reason = None;
            let mut note = None;
            let mut it = options.iter();
            while let Some(option) = it.next() {
                let value = it.next().ok_or_else(|| format!("{option} needs a value"))?;
                match *option {
                    "--reason" => {
                        reason = Some(RefusalReason::parse(value).ok_or_else(|| {
                            format!(
                                "unknown reason `{value}` (legal_retention, identity_not_verified)"
                            )
                        })?)
                    }
                    "--note" | "--note-file" if note.is_some() => {
                        return Err("one note: --note or --note-file, once".into())
                    }
                    "--note" => {
                        note = Some(
                            Some(value.trim().to_string())
                                .filter(|n| !n.is_empty())
                                .ok_or("--note is empty")?,
                        )
                    }
                    "--note-file" => {
                        let text = std::fs::read_to_string(value)
                            .map_err(|e| format!("cannot read --note-file {value}: {e}"))?;
                        note = Some(
                            Some(text.trim().to_string())
                                .filter(|n| !n.is_empty())
                                .ok_or_else(|| format!("--note-file {value} is empty"))?,
                        )
                    }
                    other => return Err(format!("unknown option `{other}`")),
                }
            }
            if note.is_some() && !matches!(to, Status::Completed | Status::Refused) {
                return Err("--note goes with completed or refused".into());
            }
            match reason {
                Some(reason) => Ok(Command::Mark {
                    id: id.to_string(),
                    to,
                    refusal: Some(Refusal { reason, note }),
                    note: None,
                }),
                None => Ok(Command::Mark {
                    id: id.to_string(),
                    to,
                    refusal: None,
                    note,
                }),
            }
        }
        ("daily", []) => Ok(Command::Daily),
        ("resend-pending", []) => Ok(Command::ResendPending),
        ("reindex", []) => Ok(Command::Reindex),
        ("export", options) => parse_export(options, json),
        ("report", ["--year", year]) => Ok(Command::Report {
            year: register::parse_year(year)?,
            json,
        }),
        ("report", []) | ("report", ["--year"]) => {
            Err("report needs --year YEAR (e.g. --year 2026)".into())
        }
        (other, _) => Err(format!("unknown command or arguments: `{other}`")),
    }
}

/// The options of `export` (`--json` is `--format json`).
fn parse_export(options: &[&str], json: bool) -> Result<Command, String> {
    let mut range = Range::default();
    let mut format = json.then_some(Format::Json);
    let mut with_personal = false;
    let mut it = options.iter().copied();
    while let Some(option) = it.next() {
        if option == "--with-personal-data" {
            with_personal = true;
            continue;
        }
        let value = it
            .next()
            .filter(|v| !v.starts_with("--"))
            .ok_or_else(|| format!("{option} needs a value"));
        match option {
            "--from" => range.from = Some(register::parse_date(option, value?)?),
            "--to" => range.to = Some(register::parse_date(option, value?)?),
            "--format" => {
                let chosen = Format::parse(value?)?;
                if format.is_some_and(|f| f != chosen) {
                    return Err("one format: --format csv, --format json or --json".into());
                }
                format = Some(chosen);
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if let (Some(from), Some(to)) = (range.from, range.to) {
        if from > to {
            return Err(format!("--from {from} is after --to {to}"));
        }
    }
    Ok(Command::Export {
        range,
        format: format.unwrap_or(Format::Csv),
        with_personal,
    })
}

/// What a command printed, and whether it succeeded.
pub struct Output {
    pub text: String,
    pub ok: bool,
}

fn ok(text: String) -> Output {
    Output { text, ok: true }
}

fn failed(text: String) -> Output {
    Output { text, ok: false }
}

fn today() -> jiff::civil::Date {
    crate::almaty::date(jiff::Timestamp::now())
}

fn days_left(app: &App, r: &RequestRecord, today: jiff::civil::Date) -> Option<i64> {
    r.deadline_date()
        .map(|d| app.content.calendar.working_days_between(today, d))
}

/// The id of the request named by `typed` (an id, or a reference as a person types it), and
/// how to name it in the output (`K7Q2-M9XD (ip-…)`). An unknown reference is passed on as
/// typed: the command then says there is no such request.
async fn resolve(app: &App, typed: &str) -> Result<(String, String), crate::store::StoreError> {
    if crate::request::is_id(typed.trim()) {
        let id = typed.trim().to_string();
        return Ok((id.clone(), id));
    }
    Ok(match app.store.get_by_id_or_reference(typed).await? {
        Some(r) => (r.id.clone(), format!("{} ({})", r.number(), r.id)),
        None => (typed.to_string(), typed.to_string()),
    })
}

/// The record as the operator may see it (without the token hash or the dedupe key).
fn public_json(r: &RequestRecord) -> serde_json::Value {
    let mut v = json!(r);
    if let Some(map) = v.as_object_mut() {
        map.remove("token_hash");
        map.remove("dedupe_key");
        if let Some(reference) = &r.reference {
            map.insert("reference".into(), json!(reference.grouped()));
        }
    }
    v
}

pub async fn run(app: &App, command: Command) -> Output {
    match command {
        Command::List { json, version } => match app.store.open_requests().await {
            Err(e) => failed(format!("cannot read the requests: {e}")),
            Ok(open) => {
                let open: Vec<RequestRecord> = match &version {
                    Some(v) => open
                        .into_iter()
                        .filter(|r| r.policy_version.as_deref() == Some(v.as_str()))
                        .collect(),
                    None => open,
                };
                let today = today();
                if json {
                    let rows: Vec<_> = open
                        .iter()
                        .map(|r| {
                            json!({
                                "id": r.id,
                                "reference": r.reference.as_ref().map(|x| x.grouped()),
                                "type": r.kind.as_str(),
                                "status": r.status.as_str(),
                                "confirmed": r.is_confirmed(),
                                "received_at": r.received_at,
                                "deadline": r.deadline,
                                "working_days_left": days_left(app, r, today),
                                "policy_version": r.policy_version,
                            })
                        })
                        .collect();
                    return ok(json!(rows).to_string());
                }
                let under = version
                    .as_deref()
                    .map(|v| format!(" under policy version {v}"))
                    .unwrap_or_default();
                let mut text = format!("{} open request(s){under}, {today} (Almaty)\n", open.len());
                if !open.is_empty() {
                    text.push_str(&format!(
                        "{:>5}  {:<10}  {:<11}  {:<9}  {:<7}  {:<18}  {:<9}  {}\n",
                        "LEFT", "DEADLINE", "STATUS", "CONFIRMED", "POLICY", "TYPE", "REF", "ID"
                    ));
                }
                for r in &open {
                    let left = days_left(app, r, today)
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "?".into());
                    text.push_str(&format!(
                        "{:>5}  {:<10}  {:<11}  {:<9}  {:<7}  {:<18}  {:<9}  {}{}\n",
                        left,
                        r.deadline,
                        r.status.as_str(),
                        if r.is_confirmed() { "yes" } else { "no" },
                        r.policy_version.as_deref().unwrap_or("-"),
                        r.kind.as_str(),
                        r.reference
                            .as_ref()
                            .map(|x| x.grouped())
                            .unwrap_or_else(|| "-".into()),
                        r.id,
                        if r.deadline_date().is_some_and(|d| d < today) {
                            "  OVERDUE"
                        } else {
                            ""
                        }
                    ));
                }
                ok(text)
            }
        },
        Command::Show { id, json } => match app.store.get_by_id_or_reference(&id).await {
            Err(e) => failed(format!("cannot read request {id}: {e}")),
            Ok(None) => failed(format!("no request {id}")),
            Ok(Some(r)) if json => ok(public_json(&r).to_string()),
            Ok(Some(r)) => ok(show_text(app, &r)),
        },
        Command::Mark {
            id,
            to,
            refusal,
            note,
        } => {
            // A reference stands for its request's id; the output names both.
            let (id, named) = match resolve(app, &id).await {
                Ok(found) => found,
                Err(e) => return failed(format!("cannot read request {id}: {e}; nothing changed")),
            };
            match mark::mark(app, &id, to, refusal, note).await {
                Ok(marked) => {
                    let mail = match marked.outcome_mail {
                    Some(crate::request::AckStatus::Sent) => "; the requester was e-mailed",
                    Some(_) => "; the e-mail to the requester FAILED and will be resent by the daily run",
                    None if !to.is_open() => "; no e-mail (the request has no address)",
                    None => "",
                };
                    let text = format!("{named} is now {}{mail}", to.as_str());
                    if marked.outcome_mail == Some(crate::request::AckStatus::Failed) {
                        failed(text)
                    } else {
                        ok(text)
                    }
                }
                Err(e) => failed(format!("{e}; nothing changed")),
            }
        }
        Command::Daily => match crate::daily::run(app, jiff::Timestamp::now()).await {
            Ok(report) => {
                let good = report.failed == 0;
                let text = json!(report).to_string();
                if good {
                    ok(text)
                } else {
                    failed(text)
                }
            }
            Err(e) => failed(format!("daily run failed: {e}")),
        },
        Command::ResendPending => match crate::resend::resend_pending(app).await {
            Ok(report) if report.failed == 0 => ok(json!(report).to_string()),
            Ok(report) => failed(json!(report).to_string()),
            Err(e) => failed(format!("resend failed: {e}")),
        },
        Command::Reindex => match app.store.reindex().await {
            Ok(n) => ok(format!("{n} requests put into the indexes")),
            Err(e) => failed(format!("reindex failed: {e}")),
        },
        Command::Export {
            range,
            format,
            with_personal,
        } => export(app, range, format, with_personal).await,
        Command::Report { year, json } => report(app, year, json).await,
    }
}

/// The register's rows of the requests received within `range`, as of today.
async fn register_rows(
    app: &App,
    range: Range,
    with_personal: bool,
) -> Result<Vec<register::Row>, String> {
    let records = app
        .store
        .requests_received(range.from, range.to)
        .await
        .map_err(|e| format!("cannot read the requests: {e}"))?;
    Ok(register::rows(
        &records,
        range,
        &app.content.calendar,
        today(),
        with_personal,
    ))
}

async fn export(app: &App, range: Range, format: Format, with_personal: bool) -> Output {
    let written = match register_rows(app, range, with_personal).await {
        Ok(rows) => match format {
            Format::Csv => register::to_csv(&rows, with_personal),
            Format::Json => register::to_json(&rows),
        },
        Err(e) => Err(e),
    };
    match written {
        Ok(text) => ok(text),
        Err(e) => failed(e),
    }
}

async fn report(app: &App, year: i16, json: bool) -> Output {
    let rows = match Range::year(year) {
        Ok(range) => register_rows(app, range, false).await,
        Err(e) => Err(e),
    };
    match rows {
        Ok(rows) => {
            let report = register::report(&rows, year, today());
            if json {
                ok(json!(report).to_string())
            } else {
                ok(register::report_text(&report))
            }
        }
        Err(e) => failed(e),
    }
}

fn show_text(app: &App, r: &RequestRecord) -> String {
    let left = days_left(app, r, today())
        .map(|d| format!(" ({d} working days left)"))
        .unwrap_or_default();
    let mut lines = vec![
        match &r.reference {
            Some(reference) => format!("{} ({}) — {}", reference.grouped(), r.id, r.kind.as_str()),
            None => format!("{} — {}", r.id, r.kind.as_str()),
        },
        format!("status:      {}", r.status.as_str()),
        format!("received:    {}", r.received_at),
        format!(
            "deadline:    {}{}",
            r.deadline,
            if r.status.is_open() {
                left
            } else {
                String::new()
            }
        ),
        format!("rule:        {}", r.rule),
        format!("confirmed:   {}", r.confirmed_at.as_deref().unwrap_or("no")),
        format!("language:    {}", r.locale),
        match &r.policy_version {
            Some(v) => format!(
                "policy:      version {v}, {}{}",
                crate::links::policy_url(&app.settings.site_url, r.locale, v),
                r.policy_digest
                    .as_deref()
                    .map(|d| format!(" (privacy page SHA-256 {d})"))
                    .unwrap_or_default()
            ),
            None => "policy:      version not recorded (received before versions were kept)".into(),
        },
    ];
    let mut field = |label: &str, v: &Option<String>| {
        if let Some(v) = v {
            lines.push(format!("{label:<12} {v}"));
        }
    };
    field("name:", &r.name);
    field("email:", &r.email);
    field("phone:", &r.phone);
    field("details:", &r.details);
    field("meta user:", &r.meta_user_id);
    if let Some(scope) = r.scope {
        lines.push(format!("scope:       {}", scope.as_str()));
    }
    if let Some(refusal) = &r.refusal {
        lines.push(format!("refusal:     {}", refusal.reason.as_str()));
        if let Some(note) = &refusal.note {
            lines.push(format!("note:        {note}"));
        }
    }
    match &r.ack_error {
        Some(why) => lines.push(format!("ack e-mail:  {} ({why})", r.ack_status.as_str())),
        None => lines.push(format!("ack e-mail:  {}", r.ack_status.as_str())),
    }
    if let Some(n) = r.notice_status {
        lines.push(format!("notice:      {}", n.as_str()));
    }
    if r.honeypot {
        lines.push(
            "honeypot:    yes (filed through the form's trap; nothing it typed is kept)".into(),
        );
    }
    if let Some(m) = r.outcome_mail {
        lines.push(format!("outcome:     {}", m.as_str()));
    }
    lines.push("history:".into());
    for e in &r.history {
        let by = serde_json::to_value(e.by)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let reason = e
            .reason
            .map(|r| format!(" ({})", r.as_str()))
            .unwrap_or_default();
        lines.push(format!(
            "  {}  {:<11}  {by}{reason}",
            e.at,
            e.status.as_str()
        ));
    }
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn commands_parse() {
        assert_eq!(
            parse(&args("list")),
            Ok(Command::List {
                json: false,
                version: None
            })
        );
        assert_eq!(
            parse(&args("list --json")),
            Ok(Command::List {
                json: true,
                version: None
            })
        );
        assert_eq!(
            parse(&args("list --version 1.0 --json")),
            Ok(Command::List {
                json: true,
                version: Some("1.0".into())
            })
        );
        assert_eq!(
            parse(&args("show ip-1 --json")),
            Ok(Command::Show {
                id: "ip-1".into(),
                json: true
            })
        );
        assert_eq!(
            parse(&args("mark ip-1 refused --reason legal_retention --note x")),
            Ok(Command::Mark {
                id: "ip-1".into(),
                to: Status::Refused,
                refusal: Some(Refusal {
                    reason: RefusalReason::LegalRetention,
                    note: Some("x".into())
                }),
                note: None,
            })
        );
        assert_eq!(
            parse(&args("mark ip-1 completed --note x")),
            Ok(Command::Mark {
                id: "ip-1".into(),
                to: Status::Completed,
                refusal: None,
                note: Some("x".into()),
            })
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("note.txt");
        std::fs::write(&file, "  Line one.\nLine two.\n").unwrap();
        assert_eq!(
            parse(&args(&format!(
                "mark ip-1 completed --note-file {}",
                file.display()
            ))),
            Ok(Command::Mark {
                id: "ip-1".into(),
                to: Status::Completed,
                refusal: None,
                note: Some("Line one.\nLine two.".into()),
            })
        );
        let missing = dir.path().join("missing.txt");
        let e = parse(&args(&format!(
            "mark ip-1 completed --note-file {}",
            missing.display()
        )))
        .unwrap_err();
        assert!(e.starts_with("cannot read --note-file"), "{e}");
        std::fs::write(&file, " \n").unwrap();
        let e = parse(&args(&format!(
            "mark ip-1 completed --note-file {}",
            file.display()
        )))
        .unwrap_err();
        assert!(e.ends_with("is empty"), "{e}");
        assert_eq!(parse(&args("daily")), Ok(Command::Daily));
        assert_eq!(parse(&args("resend-pending")), Ok(Command::ResendPending));
    }

    #[test]
    fn register_commands_parse() {
        let day = |s: &str| s.parse::<jiff::civil::Date>().ok();
        assert_eq!(
            parse(&args("export")),
            Ok(Command::Export {
                range: Range::default(),
                format: Format::Csv,
                with_personal: false
            })
        );
        assert_eq!(
            parse(&args(
                "export --from 2026-01-01 --to 2026-03-31 --format json --with-personal-data"
            )),
            Ok(Command::Export {
                range: Range {
                    from: day("2026-01-01"),
                    to: day("2026-03-31")
                },
                format: Format::Json,
                with_personal: true
            })
        );
        assert_eq!(
            parse(&args("export --json --to 2026-03-31")),
            Ok(Command::Export {
                range: Range {
                    from: None,
                    to: day("2026-03-31")
                },
                format: Format::Json,
                with_personal: false
            })
        );
        assert_eq!(
            parse(&args("report --year 2026 --json")),
            Ok(Command::Report {
                year: 2026,
                json: true
            })
        );
        assert_eq!(
            parse(&args("report --year 2026")),
            Ok(Command::Report {
                year: 2026,
                json: false
            })
        );
    }

    #[test]
    fn bad_register_commands_name_the_flag() {
        for (line, needle) in [
            (
                "export --from 2026-02-30",
                "--from: `2026-02-30` is not a date",
            ),
            ("export --to 31.03.2026", "--to: `31.03.2026` is not a date"),
            ("export --from", "--from needs a value"),
            ("export --from --to 2026-01-01", "--from needs a value"),
            (
                "export --format xlsx",
                "--format: `xlsx` is not csv or json",
            ),
            ("export --json --format csv", "one format"),
            ("export --from 2026-02-01 --to 2026-01-31", "is after --to"),
            ("export --with-free-text", "unknown option"),
            ("report", "report needs --year"),
            ("report --year", "report needs --year"),
            ("report --year 26", "--year: `26` is not a year"),
            ("report --year 2026 2027", "unknown command"),
        ] {
            let e = parse(&args(line)).unwrap_err();
            assert!(e.contains(needle), "{line}: {e}");
        }
    }

    #[test]
    fn bad_commands_say_why() {
        for (line, needle) in [
            ("", "no command"),
            ("mark ip-1 received", "unknown status"),
            ("mark ip-1 done", "unknown status"),
            ("mark ip-1 refused --reason because", "unknown reason"),
            ("mark ip-1 refused --reason", "needs a value"),
            (
                "mark ip-1 in_progress --note x",
                "--note goes with completed or refused",
            ),
            ("mark ip-1 completed --note x --note y", "one note"),
            ("mark ip-1 completed --force x", "unknown option"),
            ("show", "unknown command"),
            ("list --version", "--version needs a value"),
            ("list --version 1.0 2.0", "unknown command"),
            ("drop ip-1", "unknown command"),
        ] {
            let e = parse(&args(line)).unwrap_err();
            assert!(e.contains(needle), "{line}: {e}");
        }
    }
}
