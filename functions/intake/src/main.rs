//! The `intake` binary: the Lambda function, and the operator's subcommand
//! `intake resend-pending` (same configuration) to resend pending acknowledgements.

use intake::{App, Config};
use lambda_http::lambda_runtime::{self, service_fn, LambdaEvent};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    intake::logging::init();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            // A missing or invalid variable stops the function at init, with the reason.
            tracing::error!(error = %e, "init failed");
            eprintln!("intake: {e}");
            return ExitCode::FAILURE;
        }
    };
    let app = match App::from_config(&config).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!(error = %e, "init failed");
            eprintln!("intake: {e}");
            return ExitCode::FAILURE;
        }
    };
    match std::env::args().nth(1).as_deref() {
        Some("resend-pending") => match intake::resend::resend_pending(&app).await {
            Ok(report) => {
                println!("{}", serde_json::json!(report));
                if report.failed == 0 {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                }
            }
            Err(e) => {
                eprintln!("intake: resend failed: {e}");
                ExitCode::FAILURE
            }
        },
        Some(other) => {
            eprintln!("intake: unknown command `{other}` (expected: resend-pending, or none to run as a Lambda)");
            ExitCode::from(2)
        }
        None => {
            let app = &app;
            let handler = service_fn(move |event: LambdaEvent<serde_json::Value>| async move {
                Ok::<_, lambda_runtime::Error>(intake::lambda::on_event(app, event.payload).await)
            });
            match lambda_runtime::run(handler).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("intake: runtime: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
