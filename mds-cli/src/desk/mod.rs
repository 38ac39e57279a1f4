//! The desk (`mds app`): one page in the user's own browser that does the whole job, served by
//! this binary on 127.0.0.1 only. The page (plain HTML, CSS and JavaScript embedded here, no
//! build step, nothing from the network) holds the dropped files in the browser and sends them
//! with each request; the server keeps nothing and writes nothing to disk. It only translates:
//! every decision is made by the same code as the command line's (`commands::validate`,
//! `commands::compare`, `mds_core::submission`).
//!
//! Every request must name the page's address (`Host: 127.0.0.1:PORT` or `localhost:PORT`,
//! 403 otherwise: DNS rebinding); every `/api/` request carries `Authorization: Bearer TOKEN`, the
//! fresh random token printed with the address (401 without); a body over `--max-body-mib` is
//! refused from its declared length before it is read (413); a bounded number of requests run at
//! once (503 beyond). This is the one asynchronous part of mds (axum on tokio); the work of each
//! request runs on a blocking thread.

mod api;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Result, anyhow};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::Exit;
use crate::args::AppArgs;
use crate::context::Context;

/// Requests worked on at once; more are told to wait (503).
const AT_ONCE: usize = 4;

/// What every request of a running desk shares.
pub(crate) struct Desk {
    /// The page's token (hex).
    token: String,
    /// The port the desk listens on.
    port: u16,
    /// The largest request body, in bytes.
    max_body: u64,
    /// Bounds on each file, as on the command line.
    pub(crate) limits: crate::args::LimitArgs,
    /// The questionnaires installed on this PC and built in.
    pub(crate) catalog: mds_core::catalog::Catalog,
    /// The language the desk was started in.
    pub(crate) lang: mds_core::Lang,
    /// Requests being worked on.
    busy: tokio::sync::Semaphore,
}

pub fn run(args: AppArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| anyhow!("{}", crate::output::os_error(&e, lang)))?;
    runtime.block_on(serve(args, ctx))
}

async fn serve(args: AppArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port.unwrap_or(0)));
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        anyhow!(match lang {
            mds_core::Lang::Ja => format!(
                "127.0.0.1 の {} 番ポートで待ち受けられません: {}。別の番号を --port で指定するか、--port を付けずに起動してください。",
                addr.port(),
                crate::output::os_error(&e, lang)
            ),
            mds_core::Lang::En => format!(
                "cannot listen on 127.0.0.1 port {}: {}; give another --port, or none for any free port.",
                addr.port(),
                crate::output::os_error(&e, lang)
            ),
        })
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| anyhow!("{}", crate::output::os_error(&e, lang)))?
        .port();
    let mut random = [0u8; 24];
    getrandom::fill(&mut random).map_err(|e| anyhow!("{e}"))?;
    let token: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let desk = Arc::new(Desk {
        token: token.clone(),
        port,
        max_body: args.max_body_mib.saturating_mul(1 << 20),
        limits: args.limits,
        catalog: ctx.catalog().clone(),
        lang,
        busy: tokio::sync::Semaphore::new(AT_ONCE),
    });
    let url = format!("http://127.0.0.1:{port}/#{token}");
    // The address is the first line of standard output, at once.
    ctx.printer.out(&format!("{url}\n"));
    ctx.printer.notice(lang.pick(
        "mds の窓口を開きました。ブラウザーに表示されない場合は、上のアドレスを開いてください。終わるときは Ctrl+C を押します。",
        "the mds desk is open; if the browser does not show it, open the address above. Press Ctrl+C to stop.",
    ));
    if !args.no_browser {
        open_browser(&url, ctx);
    }
    let body_limit = usize::try_from(desk.max_body).unwrap_or(usize::MAX);
    let app = Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/app.css", get(style))
        .route("/favicon.svg", get(icon))
        .route("/favicon.ico", get(icon))
        .nest("/api", api::routes())
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(desk.clone(), guard))
        .with_state(desk);
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| anyhow!("{}", crate::output::os_error(&e, lang)))?;
    ctx.printer
        .notice(lang.pick("窓口を閉じました。", "the desk is closed."));
    Ok(Exit::Done)
}

/// Ctrl+C, or SIGTERM where there is one.
async fn stopped() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = interrupt => {}
            () = terminate => {}
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}

/// Opens the default browser on the page; says so when it cannot.
fn open_browser(url: &str, ctx: &Context) {
    #[cfg(windows)]
    let command = std::process::Command::new("rundll32")
        .args(["url.dll,FileProtocolHandler", url])
        .spawn();
    #[cfg(target_os = "macos")]
    let command = std::process::Command::new("open").arg(url).spawn();
    #[cfg(not(any(windows, target_os = "macos")))]
    let command = std::process::Command::new("xdg-open")
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if command.is_err() {
        ctx.printer.notice(ctx.lang.pick(
            "ブラウザーを開けませんでした。上のアドレスをブラウザーで開いてください。",
            "could not open the browser; open the address above in it.",
        ));
    }
}

/// The checks every request passes before anything of it is read: the address it names, its
/// token, its declared size, and room to work on it.
async fn guard(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let port = desk.port;
    if host != format!("127.0.0.1:{port}") && host != format!("localhost:{port}") {
        return refuse(
            StatusCode::FORBIDDEN,
            "this page is served for 127.0.0.1 only",
        );
    }
    let path = request.uri().path();
    if path.starts_with("/api/") {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "))
            .unwrap_or("");
        if !same(given.as_bytes(), desk.token.as_bytes()) {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "a token is needed (Authorization: Bearer TOKEN)",
            );
        }
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.parse::<u64>().ok());
        if declared.is_some_and(|n| n > desk.max_body) {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                &format!(
                    "the request is larger than {} MiB (mds app --max-body-mib)",
                    desk.max_body >> 20
                ),
            );
        }
        let Ok(_permit) = desk.busy.try_acquire() else {
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy: try again in a moment",
            );
        };
        return secured(next.run(request).await);
    }
    secured(next.run(request).await)
}

/// Two tokens compared in a time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A refusal as JSON: `{"error": …}`.
pub(crate) fn refuse(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    secured(
        (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
    )
}

/// The headers every answer carries: only the page's own script, style and requests; nothing
/// kept in a cache; no CORS headers at all.
fn secured(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], Body::from(body)).into_response()
}

async fn page() -> Response {
    asset("text/html; charset=utf-8", include_str!("page/index.html"))
}

async fn script() -> Response {
    asset(
        "text/javascript; charset=utf-8",
        include_str!("page/app.js"),
    )
}

async fn style() -> Response {
    asset("text/css; charset=utf-8", include_str!("page/app.css"))
}

async fn icon() -> Response {
    asset("image/svg+xml", include_str!("page/favicon.svg"))
}
