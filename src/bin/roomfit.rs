//! The roomfit command line: inspect and render models, write USDZ, generate the sample catalog, serve the
//! demo shop.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main(std::env::args().skip(1).collect()));
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Path, PathBuf};

    use roomfit::asset::{self, Limits, Model};
    use roomfit::render::{Renderer, offscreen};

    const USAGE: &str = "usage:
  roomfit catalog check CATALOG.json [--json]
  roomfit catalog build CATALOG.json --out DIR [--poster-size N] [--threads N]
                [--posters-per-process N]
  roomfit inspect FILE.glb [--json]
  roomfit render FILE.glb -o OUT.png [--variant NAME] [--size WxH] [--transparent]
  roomfit usdz FILE.glb -o OUT.usdz [--variant NAME]
  roomfit samples [--out DIR]
  roomfit serve [--root www] [--models models] [--addr 127.0.0.1:8080]
                [--catalog models/catalog.json] [--data data] [--public-url URL]";

    /// Runs the command line; returns the exit status.
    pub fn main(args: Vec<String>) -> i32 {
        let result = match args.first().map(String::as_str) {
            Some("catalog") if args.get(1).is_some_and(|a| a == "check") => {
                catalog_check(&args[2..])
            }
            Some("catalog") if args.get(1).is_some_and(|a| a == "build") => {
                catalog_build(&args[2..])
            }
            // Not for people: `catalog build` runs its posters in these (see
            // roomfit::catalog_build::Posters).
            Some("catalog") if args.get(1).is_some_and(|a| a == "poster-worker") => {
                let stdin = std::io::stdin().lock();
                roomfit::catalog_build::serve_worker(stdin, std::io::stdout().lock())
                    .map(|()| 0)
                    .map_err(|e| format!("poster-worker: {e}"))
            }
            Some("inspect") => inspect(&args[1..]),
            Some("render") => render(&args[1..]),
            Some("usdz") => usdz(&args[1..]),
            Some("samples") => samples(&args[1..]),
            Some("serve") => serve(&args[1..]),
            Some("-h" | "--help" | "help") => {
                println!("{USAGE}");
                Ok(0)
            }
            _ => Err(USAGE.to_string()),
        };
        match result {
            Ok(code) => code,
            Err(e) => {
                eprintln!("roomfit: {e}");
                2
            }
        }
    }

    /// The value after `flag`, if present.
    fn option<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(String::as_str)
    }

    fn positional(args: &[String]) -> Option<&str> {
        let mut skip = false;
        for a in args {
            if skip {
                skip = false;
                continue;
            }
            if a.starts_with('-') {
                skip = !matches!(a.as_str(), "--json" | "--transparent");
                continue;
            }
            return Some(a);
        }
        None
    }

    fn load_file(path: &str) -> Result<Result<Model, asset::AssetError>, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let dir = Path::new(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let resolve = move |uri: &str| -> Result<Vec<u8>, String> {
            let decoded = uri.replace("%20", " ");
            if decoded.contains("..") || decoded.starts_with('/') || decoded.contains(':') {
                return Err("only files beside the model may be referenced".into());
            }
            std::fs::read(dir.join(decoded)).map_err(|e| e.to_string())
        };
        Ok(asset::load(&bytes, &Limits::default(), Some(&resolve)))
    }

    /// `catalog check`: the catalog's issues, then its models'; exit status 1 if any is an error.
    fn catalog_check(args: &[String]) -> Result<i32, String> {
        use roomfit::catalog::report;
        let path = positional(args).ok_or(USAGE)?;
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        // Model URLs as written in the catalog: relative ones are files beside it.
        let load = |url: &str| -> Result<Vec<u8>, String> {
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                return Err("remote files are not fetched offline".into());
            }
            if url.starts_with('/') {
                return Err("paths from the web server's root cannot be found offline".into());
            }
            let file = url.split(['?', '#']).next().unwrap_or(url);
            let file = roomfit::server::percent_decode(file)
                .ok_or("the path is not valid percent-encoded UTF-8")?;
            std::fs::read(dir.join(&file))
                .map_err(|e| format!("{} ({e})", dir.join(&file).display()))
        };
        let issues = report::check(&text, &load);
        let (errors, _) = report::counts(&issues);
        if args.iter().any(|a| a == "--json") {
            let out = serde_json::to_string_pretty(&report::to_json(&issues)).unwrap_or_default();
            println!("{out}");
        } else {
            if !issues.is_empty() {
                println!("{}", report::to_text(&issues, &text));
            }
            println!("{path}: {}", report::summary(&issues));
        }
        Ok(i32::from(errors > 0))
    }

    /// `catalog build`: the CDN-ready folder; exit status 1 if the catalog has errors (nothing
    /// is built) or any product failed (the others are built).
    fn catalog_build(args: &[String]) -> Result<i32, String> {
        use roomfit::catalog::report;
        use roomfit::catalog_build::{self, BuildError, Options, Posters};
        let path = positional(args).ok_or(USAGE)?;
        let out = option(args, "--out").ok_or("catalog build needs --out DIR")?;
        let mut options = Options::new(out);
        if let Some(n) = option(args, "--poster-size") {
            options.poster_size = n
                .parse()
                .ok()
                .filter(|n| (16..=4096).contains(n))
                .ok_or("--poster-size must be a number of pixels from 16 to 4096")?;
        }
        if let Some(n) = option(args, "--threads") {
            options.threads = n
                .parse()
                .ok()
                .filter(|n| (1..=64).contains(n))
                .ok_or("--threads must be a number from 1 to 64")?;
        }
        // Posters are drawn in child processes, a new one every N posters (0: in this process).
        let every = match option(args, "--posters-per-process") {
            Some(n) => n.parse().ok().filter(|n| (0..=100_000).contains(n)).ok_or(
                "--posters-per-process must be a number from 0 (in this process) to 100000",
            )?,
            None => 16,
        };
        if every > 0 {
            let exe = std::env::current_exe()
                .map_err(|e| format!("cannot find the roomfit program to render posters: {e}"))?;
            options.posters = Posters::Worker {
                command: vec![exe.into(), "catalog".into(), "poster-worker".into()],
                every,
            };
        }
        let started = std::time::Instant::now();
        let report = match catalog_build::build(Path::new(path), &options) {
            Ok(r) => r,
            Err(BuildError::Invalid(issues)) => {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                println!("{}", report::to_text(&issues, &text));
                println!(
                    "{path}: {}; nothing was built (roomfit catalog check {path})",
                    report::summary(&issues)
                );
                return Ok(1);
            }
            Err(e) => return Err(e.to_string()),
        };
        for f in &report.failed {
            println!("FAILED {} at {}: {}", f.product, f.pointer, f.message);
        }
        println!(
            "{out}: built {}, skipped {} (already built), failed {}; {} files written, {} warnings, {:.1} s",
            report.built.len(),
            report.skipped.len(),
            report.failed.len(),
            report.written.len(),
            report.warnings.len(),
            started.elapsed().as_secs_f64()
        );
        Ok(i32::from(!report.failed.is_empty()))
    }

    fn inspect(args: &[String]) -> Result<i32, String> {
        let path = positional(args).ok_or(USAGE)?;
        let json = args.iter().any(|a| a == "--json");
        match load_file(path)? {
            Ok(m) => {
                let textures: Vec<_> = m
                    .images
                    .iter()
                    .map(|i| serde_json::json!({"name": i.name, "mime_type": i.mime_type, "width": i.width, "height": i.height, "bytes": i.bytes.len()}))
                    .collect();
                let size = m.bounds.size();
                let report = serde_json::json!({
                    "file": path,
                    "valid": true,
                    "triangles": m.stats.triangles,
                    "vertices": m.stats.vertices,
                    "nodes": m.stats.nodes,
                    "primitives": m.stats.primitives,
                    "bounds_m": {"min": m.bounds.min.to_array(), "max": m.bounds.max.to_array(), "size": size.to_array()},
                    "materials": m.materials.iter().map(|x| x.name.clone()).collect::<Vec<_>>(),
                    "variants": m.variants,
                    "extensions_used": m.extensions_used,
                    "extensions_required": m.extensions_required,
                    "textures": textures,
                });
                if json {
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&report).unwrap_or_default()
                    );
                } else {
                    println!("{path}: valid glTF");
                    println!("  triangles   {}", m.stats.triangles);
                    println!(
                        "  size        {:.3} × {:.3} × {:.3} m (width × height × depth)",
                        size.x, size.y, size.z
                    );
                    println!("  materials   {}", m.materials.len());
                    println!(
                        "  variants    {}",
                        if m.variants.is_empty() {
                            "none".to_string()
                        } else {
                            m.variants.join(", ")
                        }
                    );
                    println!(
                        "  extensions  used: {:?}, required: {:?}",
                        m.extensions_used, m.extensions_required
                    );
                    for i in &m.images {
                        println!(
                            "  texture     {} {}×{} ({} bytes)",
                            i.mime_type,
                            i.width,
                            i.height,
                            i.bytes.len()
                        );
                    }
                }
                Ok(0)
            }
            Err(e) => {
                if json {
                    let report = serde_json::json!({"file": path, "valid": false, "errors": [e]});
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&report).unwrap_or_default()
                    );
                } else {
                    println!("{path}: invalid: {e}");
                }
                Ok(1)
            }
        }
    }

    fn render(args: &[String]) -> Result<i32, String> {
        let path = positional(args).ok_or(USAGE)?;
        let out = PathBuf::from(option(args, "-o").ok_or("render needs -o OUT.png")?);
        let (w, h) = match option(args, "--size") {
            Some(s) => {
                let (w, h) = s
                    .split_once('x')
                    .ok_or("--size must be WxH, e.g. 1024x768")?;
                let w: u32 = w.parse().map_err(|_| "--size width is not a number")?;
                let h: u32 = h.parse().map_err(|_| "--size height is not a number")?;
                if !(16..=8192).contains(&w) || !(16..=8192).contains(&h) {
                    return Err("--size must be between 16 and 8192 pixels on each side".into());
                }
                (w, h)
            }
            None => (1024, 1024),
        };
        let model = load_file(path)?.map_err(|e| format!("{path}: {e}"))?;
        let variant =
            match option(args, "--variant") {
                Some(name) => Some(model.variants.iter().position(|v| v == name).ok_or_else(
                    || {
                        format!(
                            "{path} has no variant \"{name}\"; it has: {}",
                            model.variants.join(", ")
                        )
                    },
                )?),
                None => None,
            };
        let transparent = args.iter().any(|a| a == "--transparent");
        let gpu = offscreen::headless()?;
        let mut renderer =
            Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
        let clear = (!transparent).then_some([0.93, 0.93, 0.93, 1.0]);
        let images = offscreen::decode_images(&model);
        let mut pixels = offscreen::render_product(
            &gpu,
            &mut renderer,
            &model,
            &images,
            variant,
            clear,
            (w, h),
        )?;
        offscreen::unpremultiply(&mut pixels);
        image::save_buffer(&out, &pixels, w, h, image::ColorType::Rgba8)
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        eprintln!(
            "roomfit: wrote {} ({w}×{h}, {:?} on {})",
            out.display(),
            gpu.adapter.backend,
            gpu.adapter.name
        );
        Ok(0)
    }

    /// `usdz`: the model (one variant) as a USDZ package for AR Quick Look.
    fn usdz(args: &[String]) -> Result<i32, String> {
        let path = positional(args).ok_or(USAGE)?;
        let out = PathBuf::from(option(args, "-o").ok_or("usdz needs -o OUT.usdz")?);
        let model = load_file(path)?.map_err(|e| format!("{path}: {e}"))?;
        let variant = option(args, "--variant");
        let bytes =
            roomfit::usdz::write_model(&model, variant).map_err(|e| format!("{path}: {e}"))?;
        std::fs::write(&out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        let input = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        eprintln!(
            "roomfit: wrote {} ({} bytes; the GLB is {} bytes){}",
            out.display(),
            bytes.len(),
            input,
            variant
                .map(|v| format!(", variant {v}"))
                .unwrap_or_default()
        );
        Ok(0)
    }

    fn samples(args: &[String]) -> Result<i32, String> {
        let out = PathBuf::from(option(args, "--out").unwrap_or("models"));
        std::fs::create_dir_all(&out)
            .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
        for f in roomfit::samples::generate() {
            let p = out.join(&f.name);
            std::fs::write(&p, &f.bytes)
                .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
            println!("{} ({} bytes)", p.display(), f.bytes.len());
        }
        Ok(0)
    }

    fn serve(args: &[String]) -> Result<i32, String> {
        use roomfit::server::booking::{BookingService, SqliteStore};
        let site = roomfit::server::Site {
            root: PathBuf::from(option(args, "--root").unwrap_or("www")),
            models: PathBuf::from(option(args, "--models").unwrap_or("models")),
        };
        let addr = option(args, "--addr").unwrap_or("127.0.0.1:8080");
        let listener = std::net::TcpListener::bind(addr)
            .map_err(|e| format!("cannot serve on {addr}: {e}"))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot serve on {addr}: {e}"))?;
        let origin = option(args, "--public-url")
            .map(str::to_owned)
            .unwrap_or_else(|| format!("http://{local}"));
        let catalog_path = match option(args, "--catalog") {
            Some(c) => Some(PathBuf::from(c)),
            None => Some(site.models.join("catalog.json")).filter(|p| p.is_file()),
        };
        let booking = match catalog_path {
            None => {
                eprintln!(
                    "roomfit: no catalog.json in {}, so no booking service (give --catalog FILE)",
                    site.models.display()
                );
                None
            }
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let catalog = roomfit::catalog::parse(&text).map_err(|e| {
                    format!(
                        "{}: {e} (roomfit catalog check {0} lists every problem)",
                        path.display()
                    )
                })?;
                let data = PathBuf::from(option(args, "--data").unwrap_or("data"));
                let storage = SqliteStore::open(&data).map_err(|e| e.to_string())?;
                eprintln!(
                    "roomfit: bookings for {} in {}; staff pages at {origin}/staff",
                    path.display(),
                    storage.path().display()
                );
                Some(
                    BookingService::new(catalog, Box::new(storage), &origin)
                        .map_err(|e| format!("{}: {e}", path.display()))?,
                )
            }
        };
        eprintln!("roomfit: serving the demo shop at http://{local}/");
        roomfit::server::serve(listener, roomfit::server::App { site, booking });
        Ok(0)
    }
}
