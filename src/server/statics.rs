//! Static files: the demo shop (`www/`) and the sample catalog (`models/`).

use std::path::{Component, Path, PathBuf};

use super::http::{Request, Response};

/// What the demo server serves.
pub struct Site {
    /// The web root (`www/`): `/` is its `index.html`.
    pub root: PathBuf,
    /// The catalog folder, served under `/models/`.
    pub models: PathBuf,
}

/// The Content-Type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "glb" => "model/gltf-binary",
        "gltf" => "model/gltf+json",
        "usdz" => "model/vnd.usdz+zip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ics" => "text/calendar; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Joins a URL path below `base`, refusing anything that could leave it.
fn safe_join(base: &Path, rel: &str) -> Option<PathBuf> {
    let mut out = base.to_path_buf();
    for c in Path::new(rel).components() {
        match c {
            Component::Normal(part) => {
                let s = part.to_str()?;
                if s.starts_with('.') || s.contains('\\') || s.contains('\0') {
                    return None;
                }
                out.push(part);
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

impl Site {
    /// Answers a request.
    pub fn handle(&self, req: &Request) -> Response {
        if req.method != "GET" && req.method != "HEAD" {
            let mut r = Response::text(405, "only GET and HEAD are served here\n");
            r.headers.push(("Allow".into(), "GET, HEAD".into()));
            return r;
        }
        let path = req.path.trim_start_matches('/');
        let file = match path.strip_prefix("models/") {
            Some(rest) => safe_join(&self.models, rest),
            None if path.is_empty() => Some(self.root.join("index.html")),
            None => safe_join(&self.root, path),
        };
        let Some(mut file) = file else {
            return Response::text(403, "forbidden path\n");
        };
        if file.is_dir() {
            file.push("index.html");
        }
        match std::fs::read(&file) {
            Ok(body) => Response {
                status: 200,
                content_type: content_type(&file).into(),
                headers: vec![("Cache-Control".into(), "no-cache".into())],
                body,
            },
            Err(_) => Response::text(404, "not found\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes() {
        let base = Path::new("/srv/www");
        assert_eq!(
            safe_join(base, "a/b.js"),
            Some(PathBuf::from("/srv/www/a/b.js"))
        );
        assert_eq!(safe_join(base, "../etc/passwd"), None);
        assert_eq!(safe_join(base, "a/../../x"), None);
        assert_eq!(safe_join(base, "/etc/passwd"), None);
        assert_eq!(safe_join(base, ".git/config"), None);
    }

    #[test]
    fn serves_files_and_refuses_others() {
        let dir = std::env::temp_dir().join(format!("roomfit-site-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("models")).unwrap();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").unwrap();
        std::fs::write(dir.join("models/a.glb"), "glTF").unwrap();
        let site = Site {
            root: dir.clone(),
            models: dir.join("models"),
        };
        let get = |p: &str| {
            site.handle(&Request {
                method: "GET".into(),
                path: p.into(),
                query: String::new(),
                headers: vec![],
                body: vec![],
            })
        };
        assert_eq!(get("/").status, 200);
        assert_eq!(get("/").content_type, "text/html; charset=utf-8");
        let glb = get("/models/a.glb");
        assert_eq!(
            (glb.status, glb.content_type.as_str()),
            (200, "model/gltf-binary")
        );
        assert_eq!(get("/missing.js").status, 404);
        assert_eq!(get("/../x").status, 403);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
