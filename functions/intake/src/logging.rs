//! Structured JSON logs. Only ids, outcomes, classes and timings are logged: never a name,
//! an e-mail, a phone, free text or an IP address.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The filter when `RUST_LOG` is unset or not understood: the function at info, the AWS SDK
/// (which logs every retry and connection at info) at warn.
pub const DEFAULT_FILTER: &str =
    "info,aws_config=warn,aws_smithy_runtime=warn,aws_sdk_dynamodb=warn";

/// `RUST_LOG` as a list of `target=level` directives and a bare default level (`warn`,
/// `info,intake=debug`), parsed by `tracing_subscriber`'s `Targets`: prefix matches on the
/// target, the most specific wins, as `EnvFilter` matched them, without its span and field
/// directives (and without its regex engine, 0.5 MB of the binary). Anything else, or an unset
/// or empty variable, is [`DEFAULT_FILTER`].
pub fn filter(rust_log: Option<&str>) -> Targets {
    rust_log
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(default_filter)
}

fn default_filter() -> Targets {
    Targets::new()
        .with_default(tracing::Level::INFO)
        .with_target("aws_config", tracing::Level::WARN)
        .with_target("aws_smithy_runtime", tracing::Level::WARN)
        .with_target("aws_sdk_dynamodb", tracing::Level::WARN)
}

pub fn init() {
    let filter = filter(std::env::var("RUST_LOG").ok().as_deref());
    let _ = tracing_subscriber::fmt()
        .json()
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_ansi(false)
        .without_time()
        .finish()
        .with(filter)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    fn allows(f: &Targets, target: &str, level: Level) -> bool {
        f.would_enable(target, &level)
    }

    #[test]
    fn the_default_keeps_the_sdk_at_warn() {
        let parsed: Targets = DEFAULT_FILTER.parse().unwrap();
        for f in [filter(None), filter(Some("")), filter(Some(" ")), parsed] {
            assert!(allows(&f, "intake::handler", Level::INFO));
            assert!(!allows(&f, "intake::handler", Level::DEBUG));
            assert!(allows(&f, "aws_smithy_runtime::client", Level::WARN));
            assert!(!allows(&f, "aws_smithy_runtime::client", Level::INFO));
            assert!(!allows(&f, "aws_sdk_dynamodb", Level::INFO));
            assert!(!allows(&f, "aws_config::meta", Level::INFO));
            // SSM is read once at init: its info lines are kept, as before.
            assert!(allows(&f, "aws_sdk_ssm", Level::INFO));
        }
    }

    #[test]
    fn rust_log_replaces_the_default() {
        let f = filter(Some("warn,intake=debug"));
        assert!(allows(&f, "intake::resend", Level::DEBUG));
        assert!(!allows(&f, "lambda_runtime", Level::INFO));
        assert!(allows(&f, "lambda_runtime", Level::WARN));
        let f = filter(Some("info"));
        assert!(allows(&f, "aws_smithy_runtime", Level::INFO));
        // What `Targets` cannot read falls back to the default.
        let f = filter(Some("intake=loud"));
        assert!(!allows(&f, "intake", Level::DEBUG));
        assert!(!allows(&f, "aws_sdk_dynamodb", Level::INFO));
    }
}
