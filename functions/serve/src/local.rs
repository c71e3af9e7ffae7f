//! Wiring: build, choose the backends (embedded default or the Lambda's configuration),
//! and route static files, `/requests…` and `/meta/…` (the function's routes).

use crate::{static_files, watch, Options};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;
use intake::app::{App, Settings};
use intake::mail::Mailer;
use intake::store::Store;
use intake::Config;
use std::path::PathBuf;
use std::sync::Arc;

struct Shared {
    app: App,
    site_dir: PathBuf,
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

pub async fn run(options: Options) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    let port = listener.local_addr().map_err(err)?.port();
    let origin = format!("http://127.0.0.1:{port}");

    let site_dir = options.data_dir.join("site");
    let mut build = site::BuildOptions::new(&options.root);
    build.out = site_dir.clone();
    build.base_url = origin.clone();
    build.intake_url = "/requests".into();
    let summary = site::build(&build).map_err(|e| format!("build failed: {e}"))?;
    println!("serve: {summary}");

    let local_origins = [origin.clone(), format!("http://localhost:{port}")];
    let app = if std::env::var_os("REQUESTS_TABLE").is_some() {
        let config = Config::from_env().map_err(err)?;
        let mut settings = Settings::from(&config);
        settings.site_url = origin.clone();
        settings
            .allowed_origins
            .extend(local_origins.iter().cloned());
        let shared = intake::app::aws_shared_config().await;
        let store = Store::Dynamo(intake::store::dynamo::DynamoStore::new(
            aws_sdk_dynamodb_client(&shared),
            config.requests_table.clone(),
        ));
        let url = intake::app::smtp_url(&config.smtp, &shared)
            .await
            .map_err(err)?;
        let mailer = Mailer::smtp(&url).map_err(err)?;
        let mut app = App::new(settings, store, mailer).await.map_err(err)?;
        if let Some(source) = &config.meta_secret {
            let secret =
                intake::app::secret_value(source, "META_APP_SECRET_PARAMETER", &shared).await?;
            app.meta_secret = Some(intake::meta::AppSecret::new(secret));
        }
        app
    } else {
        let mut app = App::local(
            &options.data_dir,
            &origin,
            local_origins.iter().cloned().collect(),
        )
        .await
        .map_err(err)?;
        // Meta's callback works out of the box locally: with META_APP_SECRET if set, else with
        // the secret of Meta's published test vector (`key`).
        let secret = std::env::var("META_APP_SECRET").unwrap_or_else(|_| "key".into());
        app.meta_secret = Some(intake::meta::AppSecret::new(secret));
        app
    };
    println!(
        "serve: listening on {origin}/ (site in {})",
        site_dir.display()
    );
    println!(
        "serve: requests go to {}; e-mail to {}",
        app.store.describe(),
        app.mailer.describe()
    );

    let _watcher = match watch::spawn(build) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("serve: not watching for changes: {e}");
            None
        }
    };
    let shared = Arc::new(Shared { app, site_dir });
    let router = Router::new()
        .fallback(route)
        .with_state(shared)
        .layer(tower_http::compression::CompressionLayer::new().gzip(true));
    axum::serve(listener, router).await.map_err(err)
}

fn aws_sdk_dynamodb_client(shared: &intake::app::SdkConfig) -> intake::app::DynamoClient {
    intake::app::DynamoClient::new(shared)
}

async fn route(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == intake::handler::PATH || path.starts_with("/requests/") || path.starts_with("/meta/")
    {
        return intake_request(&shared.app, req).await;
    }
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
        return r;
    }
    static_files::serve(&shared.site_dir, &path)
}

/// The Lambda's handler, on a request converted to `lambda_http` types and back.
async fn intake_request(app: &App, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    // Read a little past the limit so the handler still answers 413 itself.
    let bytes = match to_bytes(body, intake::form::MAX_BODY * 4).await {
        Ok(b) => b,
        Err(_) => {
            let mut r = Response::new(Body::from("payload too large"));
            *r.status_mut() = axum::http::StatusCode::PAYLOAD_TOO_LARGE;
            return r;
        }
    };
    let body = if bytes.is_empty() {
        lambda_http::Body::Empty
    } else {
        lambda_http::Body::Binary(bytes.to_vec())
    };
    let lambda_req = lambda_http::http::Request::from_parts(parts, body);
    let response = intake::handler::handle(app, lambda_req).await;
    let (parts, body) = response.into_parts();
    let body = match body {
        lambda_http::Body::Text(t) => Body::from(t),
        lambda_http::Body::Binary(b) => Body::from(b),
        _ => Body::empty(),
    };
    Response::from_parts(parts, body)
}
