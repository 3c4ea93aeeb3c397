//! A small HTTP/1.1 reader and writer: enough for a demo server, strict about what it accepts.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Largest request head accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body accepted: an appointment request with 50 items, a 4096-character share
/// code and a 500-character note is about 12 KiB.
pub const MAX_BODY: usize = 32 * 1024;
/// After refusing a body, up to this much of it is read and dropped, so the client sees the
/// answer instead of a reset connection.
const DRAIN_LIMIT: u64 = 1 << 20;

/// A request that could not be read; the caller turns it into a response (plain text for
/// pages, JSON for the booking API).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// Status code (400, 411, 413).
    pub status: u16,
    /// Stable kebab-case code (`body-too-large`).
    pub code: &'static str,
    /// A sentence.
    pub message: String,
    /// The request path, when the request line was read.
    pub path: Option<String>,
}

impl HttpError {
    fn new(status: u16, code: &'static str, message: &str) -> Self {
        Self {
            status,
            code,
            message: message.to_owned(),
            path: None,
        }
    }
}

/// A parsed request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, percent-decoded, without the query.
    pub path: String,
    /// The raw query string (after `?`), if any.
    pub query: String,
    /// Headers with lower-case names.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Content type.
    pub content_type: String,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A JSON response.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Self {
            status,
            content_type: "application/json".into(),
            headers: vec![("Cache-Control".into(), "no-store".into())],
            body: serde_json::to_vec_pretty(body).unwrap_or_default(),
        }
    }

    /// An HTML page.
    pub fn html(status: u16, body: String) -> Self {
        Self {
            status,
            content_type: "text/html; charset=utf-8".into(),
            headers: vec![
                ("Cache-Control".into(), "no-store".into()),
                (
                    "Content-Security-Policy".into(),
                    "default-src 'none'; style-src 'unsafe-inline'".into(),
                ),
            ],
            body: body.into_bytes(),
        }
    }

    /// The same response with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A plain-text response.
    pub fn text(status: u16, body: &str) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8".into(),
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        303 => "See Other",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Decodes `%XX` escapes; `None` if an escape is malformed or the result is not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What [`read_request`] gives: a request, nothing (the client closed), or an error and
/// whether the connection still has an unread body.
type ReadResult = Result<Option<Request>, (HttpError, bool)>;

fn read_request(reader: &mut BufReader<TcpStream>) -> ReadResult {
    let bad = |code, message: &str| (HttpError::new(400, code, message), false);
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - head.len().min(MAX_HEAD)) as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|_| bad("unreadable-request", "The request could not be read."))?;
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(bad("incomplete-request", "The request ended early."))
            };
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return Err(bad(
                "head-too-large",
                "The request head is larger than 16 KiB.",
            ));
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let text = String::from_utf8(head)
        .map_err(|_| bad("malformed-request", "The request head is not UTF-8."))?;
    let mut lines = text.lines();
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed-request", "The request line is malformed."));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(bad(
            "malformed-request",
            "Only HTTP/1.0 and HTTP/1.1 are supported.",
        ));
    }
    let (raw_path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = percent_decode(raw_path).ok_or_else(|| {
        bad(
            "malformed-request",
            "The path is not valid percent-encoded UTF-8.",
        )
    })?;
    let with_path = |(mut e, unread): (HttpError, bool)| {
        e.path = Some(path.clone());
        (e, unread)
    };
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    if headers.iter().any(|(k, _)| k == "transfer-encoding") {
        // Chunked bodies are not read; refusing them also rules out request smuggling.
        return Err(with_path((
            HttpError::new(
                411,
                "length-required",
                "Send the body with a Content-Length header, not chunked.",
            ),
            true,
        )));
    }
    let lengths: Vec<&str> = headers
        .iter()
        .filter(|(k, _)| k == "content-length")
        .map(|(_, v)| v.as_str())
        .collect();
    let len = match lengths.as_slice() {
        [] => 0,
        [one] => one.parse::<usize>().map_err(|_| {
            with_path(bad(
                "malformed-request",
                "The Content-Length header is not a number.",
            ))
        })?,
        _ => {
            return Err(with_path(bad(
                "malformed-request",
                "The request has more than one Content-Length header.",
            )));
        }
    };
    if len > MAX_BODY {
        return Err(with_path((
            HttpError::new(
                413,
                "body-too-large",
                &format!("The request body is {len} bytes; at most {MAX_BODY} bytes are accepted."),
            ),
            true,
        )));
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).map_err(|_| {
        with_path(bad(
            "incomplete-request",
            "The request body is shorter than its Content-Length.",
        ))
    })?;
    Ok(Some(Request {
        method: method.to_string(),
        path,
        query: query.to_string(),
        headers,
        body,
    }))
}

fn write_response(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    for (k, v) in &r.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

/// Reads one request from `stream`, answers it with `handle` (or, when it cannot be read, with
/// `refuse`), and closes the connection.
pub fn serve_connection(
    stream: TcpStream,
    handle: impl Fn(&Request) -> Response,
    refuse: impl Fn(&HttpError) -> Response,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    match read_request(&mut reader) {
        Ok(Some(req)) => {
            let resp = handle(&req);
            write_response(&mut writer, &resp, req.method == "HEAD")
        }
        Ok(None) => Ok(()),
        Err((error, unread_body)) => {
            write_response(&mut writer, &refuse(&error), false)?;
            if unread_body {
                // Closing with unread data makes the kernel send a reset, which can destroy
                // the answer before the client reads it: read (a bounded amount) first.
                writer.shutdown(std::net::Shutdown::Write)?;
                reader
                    .get_mut()
                    .set_read_timeout(Some(Duration::from_secs(2)))?;
                let _ = std::io::copy(&mut reader.take(DRAIN_LIMIT), &mut std::io::sink());
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/%E5%85%B0").as_deref(), Some("/兰"));
        assert_eq!(percent_decode("/%zz"), None);
        assert_eq!(percent_decode("/%4"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }
}
