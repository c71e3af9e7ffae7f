//! A proxy in front of moto for the DynamoDB faults moto cannot produce: throttling
//! (`ThrottlingException`, `ProvisionedThroughputExceededException`), a 500, a connection
//! reset, an answer slower than the caller's bound. Every request passes through unchanged
//! unless a fault is armed for its operation (the `X-Amz-Target` header); used by the fault
//! tests only, never for the behaviour of DynamoDB itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Throttling,
    ProvisionedThroughputExceeded,
    InternalServerError,
    /// The connection is reset (RST) instead of answered.
    Reset,
    /// The answer comes after this long.
    Slow(Duration),
}

#[derive(Default)]
struct Armed {
    /// operation -> (fault, how many more requests get it)
    faults: HashMap<String, (Fault, u32)>,
    /// operation -> faults served
    served: HashMap<String, u32>,
}

pub struct FaultProxy {
    pub url: String,
    armed: Arc<Mutex<Armed>>,
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream` (`http://host:port`). It
    /// runs on a thread and runtime of its own, so it keeps serving while a test's runtime is
    /// blocked (e.g. a table deleted when the test ends).
    pub async fn start(upstream: &str) -> FaultProxy {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        std_listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}", std_listener.local_addr().unwrap());
        let armed = Arc::new(Mutex::new(Armed::default()));
        let shared = armed.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::from_std(std_listener).unwrap();
                while let Ok((client, _)) = listener.accept().await {
                    tokio::spawn(serve(client, upstream.clone(), shared.clone()));
                }
            });
        });
        FaultProxy { url, armed }
    }

    /// The next `times` requests of `operation` (e.g. `TransactWriteItems`) get `fault`.
    pub fn arm(&self, operation: &str, fault: Fault, times: u32) {
        self.armed
            .lock()
            .unwrap()
            .faults
            .insert(operation.to_string(), (fault, times));
    }

    pub fn disarm(&self) {
        self.armed.lock().unwrap().faults.clear();
    }

    /// How many faults requests of `operation` got.
    pub fn served(&self, operation: &str) -> u32 {
        self.armed
            .lock()
            .unwrap()
            .served
            .get(operation)
            .copied()
            .unwrap_or(0)
    }
}

/// One HTTP/1.1 message: its head (through the blank line) and its body, by Content-Length.
async fn read_message(stream: &mut TcpStream) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
    let length = text
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some((head, body))
}

fn operation(head: &[u8]) -> String {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("x-amz-target")
                .then(|| value.trim().rsplit('.').next().unwrap_or("").to_string())
        })
        .unwrap_or_default()
}

fn error_response(status: &str, kind: &str, message: &str) -> Vec<u8> {
    let body =
        format!(r#"{{"__type":"com.amazonaws.dynamodb.v20120810#{kind}","message":"{message}"}}"#);
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: fault\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn serve(mut client: TcpStream, upstream: String, armed: Arc<Mutex<Armed>>) {
    while let Some((head, body)) = read_message(&mut client).await {
        let op = operation(&head);
        let fault = {
            let mut a = armed.lock().unwrap();
            let hit = match a.faults.get_mut(&op) {
                Some((fault, left)) if *left > 0 => {
                    *left -= 1;
                    Some(*fault)
                }
                _ => None,
            };
            if hit.is_some() {
                *a.served.entry(op.clone()).or_default() += 1;
            }
            hit
        };
        let answer = match fault {
            Some(Fault::Throttling) => {
                error_response("400 Bad Request", "ThrottlingException", "Rate exceeded")
            }
            Some(Fault::ProvisionedThroughputExceeded) => error_response(
                "400 Bad Request",
                "ProvisionedThroughputExceededException",
                "The level of configured provisioned throughput for the table was exceeded",
            ),
            Some(Fault::InternalServerError) => error_response(
                "500 Internal Server Error",
                "InternalServerError",
                "Internal server error",
            ),
            Some(Fault::Reset) => {
                // Linger 0: closing sends RST, not FIN (the socket is closed at once, so
                // the blocking that tokio warns of does not happen).
                if let Ok(std) = client.into_std() {
                    let _ = socket2::SockRef::from(&std).set_linger(Some(Duration::ZERO));
                }
                return;
            }
            Some(Fault::Slow(d)) => {
                tokio::time::sleep(d).await;
                match forward(&upstream, &head, &body).await {
                    Some(a) => a,
                    None => return,
                }
            }
            None => match forward(&upstream, &head, &body).await {
                Some(a) => a,
                None => return,
            },
        };
        if client.write_all(&answer).await.is_err() {
            return;
        }
    }
}

async fn forward(upstream: &str, head: &[u8], body: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect(upstream).await.ok()?;
    server.write_all(head).await.ok()?;
    server.write_all(body).await.ok()?;
    let (head, body) = read_message(&mut server).await?;
    let mut answer = head;
    answer.extend_from_slice(&body);
    Some(answer)
}
