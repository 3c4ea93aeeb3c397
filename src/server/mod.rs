//! The demo web server behind `roomfit serve`: static files for the demo shop and the sample
//! catalog, and the reference booking service (docs/booking.md), on loopback by default.

pub mod booking;
mod http;
mod statics;

pub use http::{HttpError, MAX_BODY, Request, Response, percent_decode};
pub use statics::{Site, content_type};

use std::net::TcpListener;
use std::sync::Arc;

use serde_json::json;

use booking::BookingService;

/// Everything the server answers: the booking service's paths first, then static files.
pub struct App {
    /// Static files.
    pub site: Site,
    /// The booking service, when a catalog with booking endpoints was given.
    pub booking: Option<BookingService>,
}

impl App {
    /// Answers a request.
    pub fn handle(&self, req: &Request) -> Response {
        if let Some(r) = self.booking.as_ref().and_then(|b| b.handle(req)) {
            return r;
        }
        if req.path.starts_with("/api/") {
            return Response::json(
                404,
                &json!({"code": "not-found", "field": null,
                        "message": "This server has no booking service (it was started without a catalog).",
                        "issues": []}),
            );
        }
        self.site.handle(req)
    }

    /// The answer to a request that could not be read: JSON under `/api/`, text elsewhere.
    pub fn refuse(&self, e: &HttpError) -> Response {
        if e.path.as_deref().is_some_and(|p| p.starts_with("/api/")) {
            let problem = json!({"code": e.code, "field": null, "message": e.message});
            let mut body = problem.clone();
            if let Some(o) = body.as_object_mut() {
                o.insert("issues".into(), json!([problem]));
            }
            Response::json(e.status, &body)
        } else {
            Response::text(e.status, &format!("{}\n", e.message))
        }
    }
}

/// Serves `app` on `listener` until the process ends, one thread per connection.
pub fn serve(listener: TcpListener, app: App) {
    let app = Arc::new(app);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let app = Arc::clone(&app);
        std::thread::spawn(move || {
            let _ = http::serve_connection(stream, |req| app.handle(req), |e| app.refuse(e));
        });
    }
}

/// Binds `addr` and serves `app` until the process ends.
pub fn run(addr: &str, app: App) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr)?;
    eprintln!(
        "roomfit: serving the demo shop at http://{}/",
        listener.local_addr()?
    );
    serve(listener, app);
    Ok(())
}
