//! The demo web server behind `roomfit serve`: static files for the demo shop and the sample
//! catalog, on loopback by default.

mod http;
mod statics;

pub use http::{Request, Response, percent_decode};
pub use statics::{Site, content_type};

use std::net::TcpListener;
use std::sync::Arc;

/// Serves `site` on `addr` until the process ends, one thread per connection.
pub fn run(addr: &str, site: Site) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr)?;
    eprintln!(
        "roomfit: serving the demo shop at http://{}/",
        listener.local_addr()?
    );
    let site = Arc::new(site);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let site = Arc::clone(&site);
        std::thread::spawn(move || {
            let _ = http::serve_connection(stream, |req| site.handle(req));
        });
    }
    Ok(())
}
