//! Wiring: build, choose the backends (embedded default or the Lambda's configuration),
//! and route static files, `/requests…` and `/meta/…` (the function's routes).

use crate::live::{self, Live};
use crate::{static_files, watch, Options};
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use axum::Router;
use intake::app::App;
use intake::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

struct Shared {
    /// Behind a lock so a good rebuild can give the function the content on disk.
    app: Arc<tokio::sync::RwLock<App>>,
    site_dir: PathBuf,
    live: Arc<Live>,
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
    // A broken content still starts the preview: it shows the errors until the content builds.
    let live = Arc::new(Live::new());

    let local_origins = [origin.clone(), format!("http://localhost:{port}")];
    let app = if std::env::var_os("REQUESTS_TABLE").is_some() {
        // The Lambda's own constructor, with this server's origin for links and CORS.
        let mut config = Config::from_env().map_err(err)?;
        config.site_url = origin.clone();
        config.allowed_origins.extend(local_origins.iter().cloned());
        App::from_config(&config).await.map_err(err)?
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
        "serve: requests go to {}; e-mail to {}; the function's e-mails state the content on disk",
        app.store.describe(),
        app.mailer.describe()
    );

    let app = Arc::new(tokio::sync::RwLock::new(app));
    // The function's facts, calendar, strings and page layouts follow the project on disk
    // after each good build (the deployed Lambda compiles them in).
    let on_success: Box<dyn Fn() + Send> = {
        let app = app.clone();
        let root = options.root.clone();
        Box::new(move || match intake::content::Content::from_dir(&root) {
            Ok(c) => {
                if let Err(e) = app.blocking_write().set_content(c) {
                    eprintln!("serve: the function keeps its previous content: {e}");
                }
            }
            Err(e) => eprintln!("serve: the function keeps its previous content: {e}"),
        })
    };
    let first = {
        let (build, live) = (build.clone(), live.clone());
        tokio::task::spawn_blocking(move || {
            watch::build_and_report(&build, &live, &*on_success);
            on_success
        })
    };
    let on_success = first.await.map_err(err)?;
    let _watcher = match watch::spawn(build, live.clone(), on_success) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("serve: not watching for changes: {e}");
            None
        }
    };
    let shared = Arc::new(Shared {
        app,
        site_dir,
        live,
    });
    let router = Router::new()
        .fallback(route)
        .with_state(shared)
        .layer(tower_http::compression::CompressionLayer::new().gzip(true));
    // With the peer's address: the function's per-source limit needs it, as the Lambda gets
    // it from the event.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .map_err(err)
}

async fn route(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if path == intake::handler::PATH || path.starts_with("/requests/") || path.starts_with("/meta/")
    {
        // As the function answers: its pages forbid every script (CSP `default-src 'none'`),
        // so the live-reload script is not added (it could only be blocked, as an error).
        let app = shared.app.read().await;
        return intake_request(&app, req).await;
    }
    if path.starts_with(live::PREFIX) {
        return shared.live.endpoint(&path, req.uri().query()).await;
    }
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = axum::http::StatusCode::METHOD_NOT_ALLOWED;
        return r;
    }
    let response = static_files::serve(&shared.site_dir, &path);
    // While the last build failed, pages (and the pages a never-built site lacks) are the
    // error page; assets stay as they are.
    if live::is_html(&response) || response.status() == axum::http::StatusCode::NOT_FOUND {
        if let Some(errors) = shared.live.failure() {
            return shared.live.error_page(&errors);
        }
    }
    with_live(&shared.live, response).await
}

/// An HTML response with the live-reload script; anything else as it is.
async fn with_live(live: &Live, response: Response) -> Response {
    if !live::is_html(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    match to_bytes(body, 8 * 1024 * 1024).await {
        Ok(bytes) => {
            parts.headers.remove(axum::http::header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(live.inject(&bytes)))
        }
        Err(e) => {
            let mut r = Response::new(Body::from(format!("serve: cannot read the page: {e}")));
            *r.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    }
}

/// How long serve waits for a request's body: a client that sends the headers and then
/// nothing must not hold a connection and the handler. `SERVE_BODY_TIMEOUT_MS`, default 10 s.
fn body_timeout() -> Duration {
    static TIMEOUT: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *TIMEOUT.get_or_init(|| {
        std::env::var("SERVE_BODY_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| (1..=600_000).contains(ms))
            .map(Duration::from_millis)
            .unwrap_or(Duration::from_secs(10))
    })
}

/// The most of a body the function reads: past it the handler answers itself (413 for a
/// submission, 400 for Meta's callback), as in the Lambda.
const BODY_LIMIT: usize = if intake::handler::body::MAX_BODY > intake::meta::MAX_SIGNED_REQUEST * 2
{
    intake::handler::body::MAX_BODY
} else {
    intake::meta::MAX_SIGNED_REQUEST * 2
};

/// How much of an oversized body is read and discarded after [`BODY_LIMIT`], so that a client
/// still sending it gets the function's answer rather than a reset connection (a closed
/// socket while it writes: "broken pipe" before it can read the 413 / 400).
const DRAIN_LIMIT: usize = 1024 * 1024;

/// A body read up to one byte past [`BODY_LIMIT`] (enough for the handler to see it is too
/// large; the rest, up to [`DRAIN_LIMIT`], is read and dropped), within [`body_timeout`];
/// `None` if it did not arrive.
async fn read_body(mut body: Body) -> Option<Vec<u8>> {
    use http_body_util::BodyExt;
    let mut out = Vec::new();
    let mut drained = 0usize;
    let read = async {
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.ok()?.into_data() {
                if out.len() > BODY_LIMIT {
                    drained += data.len();
                    if drained > DRAIN_LIMIT {
                        break;
                    }
                    continue;
                }
                out.extend_from_slice(&data);
                if out.len() > BODY_LIMIT {
                    out.truncate(BODY_LIMIT + 1);
                }
            }
        }
        Some(())
    };
    match tokio::time::timeout(body_timeout(), read).await {
        Ok(Some(())) => Some(out),
        // Too large already: the handler's answer (413 / 400), even if the rest stalls.
        _ if out.len() > BODY_LIMIT => Some(out),
        _ => None,
    }
}

/// The Lambda's handler, on a request converted to `lambda_http` types (with the peer as
/// the event's source address) and back.
async fn intake_request(app: &App, req: Request) -> Response {
    use lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext;
    use lambda_http::request::RequestContext;
    use lambda_http::RequestExt;
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let (parts, body) = req.into_parts();
    let mut context = ApiGatewayV2httpRequestContext::default();
    context.http.source_ip = peer.map(|ip| ip.to_string());
    let response = match read_body(body).await {
        Some(bytes) => {
            let body = if bytes.is_empty() {
                lambda_http::Body::Empty
            } else {
                lambda_http::Body::Binary(bytes)
            };
            let lambda_req = lambda_http::http::Request::from_parts(parts, body)
                .with_request_context(RequestContext::ApiGatewayV2(context));
            intake::handler::handle(app, lambda_req).await
        }
        None => {
            let lambda_req =
                lambda_http::http::Request::from_parts(parts, lambda_http::Body::Empty);
            intake::handler::incomplete_body(app, &lambda_req)
        }
    };
    let (parts, body) = response.into_parts();
    let body = match body {
        lambda_http::Body::Text(t) => Body::from(t),
        lambda_http::Body::Binary(b) => Body::from(b),
        _ => Body::empty(),
    };
    Response::from_parts(parts, body)
}
