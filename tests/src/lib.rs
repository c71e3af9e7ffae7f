//! Test support: the real servers tests run against. `tests/run` starts `moto_server` and
//! exports `MOTO_ENDPOINT`; each test creates its own table there. SMTP sinks (aiosmtpd) are
//! started per test, so a test can also have none (SMTP down) and start one later.

pub mod fault_proxy;
pub use fault_proxy::{Fault, FaultProxy};

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType,
};
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The moto server started by `tests/run`.
pub fn moto_endpoint() -> String {
    std::env::var("MOTO_ENDPOINT")
        .expect("MOTO_ENDPOINT is not set: run the tests with tests/run, which starts moto_server")
}

/// The Python of the test venv (with aiosmtpd), prepared by `tests/run`.
pub fn python() -> PathBuf {
    std::env::var_os("TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python"))
}

pub fn set_aws_test_env() {
    // Safe here: tests set the same values; moto accepts any credentials.
    for (k, v) in [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ] {
        if std::env::var_os(k).is_none() {
            unsafe { std::env::set_var(k, v) };
        }
    }
}

pub async fn dynamo_client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    set_aws_test_env();
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .load()
        .await;
    aws_sdk_dynamodb::Client::new(&config)
}

/// Creates a fresh table with the function's key schema: one string partition key `pk`.
pub async fn create_table(client: &aws_sdk_dynamodb::Client, name: &str) {
    use aws_sdk_dynamodb::types::{GlobalSecondaryIndex, Projection, ProjectionType};
    let attribute = |name: &str| {
        AttributeDefinition::builder()
            .attribute_name(name)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .unwrap()
    };
    let key = |name: &str, kind: KeyType| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .unwrap()
    };
    // The two sparse indexes of deploy/template.yaml (open requests by deadline, requests
    // owing an e-mail).
    let index = |name: &str, hash: &str, range: &str| {
        GlobalSecondaryIndex::builder()
            .index_name(name)
            .key_schema(key(hash, KeyType::Hash))
            .key_schema(key(range, KeyType::Range))
            .projection(
                Projection::builder()
                    .projection_type(ProjectionType::All)
                    .build(),
            )
            .build()
            .unwrap()
    };
    client
        .create_table()
        .table_name(name)
        .attribute_definitions(attribute("pk"))
        .attribute_definitions(attribute("open"))
        .attribute_definitions(attribute("due"))
        .attribute_definitions(attribute("owed"))
        .attribute_definitions(attribute("received_at"))
        .key_schema(key("pk", KeyType::Hash))
        .global_secondary_indexes(index("open-by-deadline", "open", "due"))
        .global_secondary_indexes(index("mail-owed", "owed", "received_at"))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .expect("create table in moto");
}

/// The DynamoDB operations moto's recorder logged for `table` (`Scan`, `Query`, …), in order.
/// The recorder is moto's own request log; it must be started with
/// [`moto_start_recording`], and `tests/run` points it at a temporary file.
pub fn moto_recorded_operations(table: &str) -> Vec<String> {
    let script = r#"
import base64, json, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1] + "/moto-api/recorder/download-recording").read().decode()
for line in text.splitlines():
    e = json.loads(line)
    target = {k.lower(): v for k, v in e.get("headers", {}).items()}.get("x-amz-target", "")
    body = e.get("body") or ""
    if e.get("body_encoded"):
        body = base64.b64decode(body).decode("utf-8", "replace")
    try:
        name = json.loads(body).get("TableName", "")
    except ValueError:
        name = ""
    if name == sys.argv[2]:
        print(target.split(".")[-1])
"#;
    let out = Command::new(python())
        .args(["-c", script, &moto_endpoint(), table])
        .output()
        .expect("run python to read moto's recording");
    assert!(
        out.status.success(),
        "reading moto's recording failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Empties moto's request log and starts logging.
pub fn moto_start_recording() {
    let script = r#"
import sys, urllib.request
for step in ("reset-recording", "start-recording"):
    urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/moto-api/recorder/" + step, method="POST"))
"#;
    let status = Command::new(python())
        .args(["-c", script, &moto_endpoint()])
        .status()
        .expect("run python to start moto's recording");
    assert!(status.success(), "could not start moto's recording");
}

/// Every item of a table whose `pk` starts with `prefix`.
pub async fn scan_prefix(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    prefix: &str,
) -> Vec<std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue>> {
    let out = client
        .scan()
        .table_name(table)
        .consistent_read(true)
        .send()
        .await
        .expect("scan");
    out.items()
        .iter()
        .filter(|i| {
            i.get("pk")
                .and_then(|v| v.as_s().ok())
                .is_some_and(|pk| pk.starts_with(prefix))
        })
        .cloned()
        .collect()
}

pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    )
}

/// A received e-mail, decoded by the sink.
#[derive(Debug, Clone, Deserialize)]
pub struct Mail {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub from: String,
    pub to: String,
    pub reply_to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// An aiosmtpd server writing each message into a directory.
pub struct SmtpSink {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        SmtpSink::start_on(None)
    }

    pub fn start_on(port: Option<u16>) -> SmtpSink {
        SmtpSink::spawn(port, &[])
    }

    /// A sink that refuses the mailboxes `reject` with a permanent 550 at RCPT TO (a bounce,
    /// as from a real server) and accepts every other recipient.
    pub fn start_rejecting(port: Option<u16>, reject: &[&str]) -> SmtpSink {
        SmtpSink::spawn(port, reject)
    }

    /// A slow server: it holds every DATA phase open until [`SmtpSink::release`].
    pub fn start_holding() -> SmtpSink {
        SmtpSink::spawn_with(None, &[], true, "")
    }

    /// A server with a fault: `data451` (every DATA answered with a transient 451) or
    /// `drop_after_rcpt` (the connection closed after each RCPT TO).
    pub fn start_faulty(port: Option<u16>, fault: &str) -> SmtpSink {
        SmtpSink::spawn_with(port, &[], false, fault)
    }

    /// Whether a DATA phase is being held (see [`SmtpSink::start_holding`]).
    pub fn is_holding(&self) -> bool {
        self.dir.path().join("holding").exists()
    }

    /// Lets every held and later DATA phase finish.
    pub fn release(&self) {
        std::fs::write(self.dir.path().join("release"), b"").unwrap();
    }

    fn spawn(port: Option<u16>, reject: &[&str]) -> SmtpSink {
        SmtpSink::spawn_with(port, reject, false, "")
    }

    fn spawn_with(port: Option<u16>, reject: &[&str], hold: bool, fault: &str) -> SmtpSink {
        let dir = tempfile::tempdir().unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("support/smtp_sink.py");
        let mut cmd = Command::new(python());
        cmd.arg(script).arg(dir.path());
        if let Some(p) = port {
            cmd.arg(p.to_string());
        }
        cmd.env("SMTP_SINK_REJECT", reject.join(","));
        cmd.env("SMTP_SINK_HOLD", if hold { "1" } else { "0" });
        cmd.env("SMTP_SINK_FAULT", fault);
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP sink (python with aiosmtpd from tests/.venv)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("READY ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("SMTP sink did not start: {line:?}"));
        SmtpSink { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far (the sink writes each before answering 250).
    pub fn mails(&self) -> Vec<Mail> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    pub fn mails_to(&self, address: &str) -> Vec<Mail> {
        self.mails()
            .into_iter()
            .filter(|m| m.rcpt_tos.iter().any(|r| r == address))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port with nothing listening (for "server down" cases).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A private moto server for one test (a load test should not pay for every other test's
/// tables: moto copies all tables on each transaction).
pub struct MotoServer {
    child: Child,
    pub endpoint: String,
}

impl MotoServer {
    pub fn start() -> MotoServer {
        let port = closed_port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("support/moto_server.py");
        let mut child = Command::new(python())
            .arg(script)
            .args(["127.0.0.1", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto (python from tests/.venv)");
        let endpoint = format!("http://127.0.0.1:{port}");
        // Readiness: bounded polling until it accepts connections.
        for _ in 0..300 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return MotoServer { child, endpoint };
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("moto did not start on port {port}");
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
