//! Load generator for `bench/load.sh` (a script, not a test): N distinct requests at
//! concurrency C against `serve`; prints throughput and latency percentiles as JSON.
//! `cargo run --release -p serve --example load -- URL N C`

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let origin = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let n: usize = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(1000);
    let c: usize = args.get(3).and_then(|v| v.parse().ok()).unwrap_or(50);
    let run = std::process::id();
    let client = reqwest::Client::new();
    let gate = Arc::new(Semaphore::new(c));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let (client, gate, origin) = (client.clone(), gate.clone(), origin.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.expect("semaphore");
            let body = serde_json::json!({
                "type": "deletion", "locale": "ru", "name": format!("Load {i}"),
                "email": format!("load-{run}-{i}@example.kz"), "confirm": true
            });
            let t = Instant::now();
            let status = match client
                .post(format!("{origin}/requests"))
                .header("origin", &origin)
                .header("accept", "application/json")
                .json(&body)
                .send()
                .await
            {
                Ok(r) => r.status().as_u16(),
                Err(_) => 0,
            };
            (status, t.elapsed())
        }));
    }
    let mut latencies: Vec<Duration> = Vec::with_capacity(n);
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for t in tasks {
        if let Ok((status, latency)) = t.await {
            *statuses.entry(status).or_default() += 1;
            latencies.push(latency);
        }
    }
    let total = started.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        let idx = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        latencies
            .get(idx)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or(0.0)
    };
    println!(
        "{}",
        serde_json::json!({
            "requests": n, "concurrency": c, "statuses": statuses,
            "seconds": total.as_secs_f64(),
            "throughput_rps": n as f64 / total.as_secs_f64(),
            "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0),
        })
    );
}
