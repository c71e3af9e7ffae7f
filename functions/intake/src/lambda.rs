//! The Lambda event adapter. lambda_http's own adapter panics on an invalid base64 body and
//! cannot take the scheduled `{"task": "resend_pending"}` / `{"task": "daily"}` events, so
//! events are decoded here:
//! API Gateway HTTP API / Function URL (2.0) and REST API (1.0) events become an
//! `http::Request` for [`crate::handler::handle`]; the answer is the proxy-integration
//! response shape that both payload versions accept.

use crate::app::App;
use base64::Engine;
use lambda_http::request::LambdaRequest;
use lambda_http::{Body, Request, Response};
use serde_json::{json, Value};

fn proxy_response(response: Response<Body>) -> Value {
    let (parts, body) = response.into_parts();
    let mut headers = serde_json::Map::new();
    for (name, value) in &parts.headers {
        if let Ok(v) = value.to_str() {
            headers.insert(name.as_str().to_string(), Value::from(v));
        }
    }
    let (body, base64) = match body {
        Body::Text(t) => (t, false),
        Body::Binary(b) => (base64::engine::general_purpose::STANDARD.encode(b), true),
        _ => (String::new(), false),
    };
    json!({
        "statusCode": parts.status.as_u16(),
        "headers": headers,
        "body": body,
        "isBase64Encoded": base64,
    })
}

fn bad_request(code: &str) -> Value {
    json!({
        "statusCode": 400,
        "headers": {"content-type": "application/json; charset=utf-8", "cache-control": "no-store"},
        "body": json!({"error": {"code": code, "message": "Bad request", "fields": {}}}).to_string(),
        "isBase64Encoded": false,
    })
}

/// Handles one Lambda event of any supported kind.
pub async fn on_event(app: &App, mut event: Value) -> Value {
    if let Some(task) = event.get("task").and_then(Value::as_str) {
        return match task {
            "resend_pending" => match crate::resend::resend_pending(app).await {
                Ok(report) => json!({"task": task, "report": report}),
                Err(e) => json!({"task": task, "error": e.class()}),
            },
            "daily" => match crate::daily::run(app, jiff::Timestamp::now()).await {
                Ok(report) => json!({"task": task, "report": report}),
                Err(e) => {
                    tracing::error!(error = e.class(), failed = 1, outcome = "daily", "daily");
                    json!({"task": task, "error": e.class()})
                }
            },
            other => {
                tracing::warn!(task = other, outcome = "unknown_task", "event");
                json!({"task": other, "error": "unknown_task"})
            }
        };
    }
    // An invalid base64 body would panic inside lambda_http: check it first, and answer it
    // from the event's headers once the body is set aside.
    let mut undecodable = false;
    if event.get("isBase64Encoded").and_then(Value::as_bool) == Some(true) {
        let valid = event
            .get("body")
            .and_then(Value::as_str)
            .is_none_or(|b| base64::engine::general_purpose::STANDARD.decode(b).is_ok());
        if !valid {
            if let Some(obj) = event.as_object_mut() {
                obj.insert("body".into(), Value::Null);
                obj.insert("isBase64Encoded".into(), Value::Bool(false));
            }
            undecodable = true;
        }
    }
    // Header values that are not strings would fail deserialization of the whole event.
    for key in ["headers", "multiValueHeaders", "queryStringParameters"] {
        if event.get(key).is_some_and(Value::is_null) {
            if let Some(obj) = event.as_object_mut() {
                obj.remove(key);
            }
        }
    }
    let request: Request = match serde_json::from_value::<LambdaRequest>(event) {
        Ok(r) => r.into(),
        Err(_) => {
            tracing::info!(outcome = "unsupported_event", status = 400, "request");
            return bad_request("unsupported_event");
        }
    };
    if undecodable {
        tracing::info!(outcome = "malformed", status = 400, "request");
        return proxy_response(crate::handler::undecodable_body(app, &request));
    }
    proxy_response(crate::handler::handle(app, request).await)
}
