//! `roomfit catalog build`: a catalog and its GLB files become a CDN-ready folder.
//!
//! The folder holds each product's GLB under a content-hashed name (`models/<product>-<hash>.glb`,
//! the first 16 hex digits of its SHA-256), a USDZ ([`crate::usdz::write_model`]) and a poster
//! PNG (rendered natively, [`crate::render::offscreen`]) per product and `KHR_materials_variants`
//! variant (`usdz/…`, `posters/…`, named the same way), `manifest.json` ([`manifest`]) listing
//! every file with its size and SHA-256, and `catalog.json`, the catalog with its model URLs
//! pointing at those files (relative to the folder).
//!
//! The catalog is checked first: an error in the catalog itself (what `catalog check` reports
//! without the models) stops the build before anything is written. Errors in a product's model
//! fail only that product. Products are built on a small pool of threads (the GPU renders one
//! poster at a time, in this process or in child processes: [`Posters`]); a failed product is reported with its JSON pointer and the others are
//! built. A product whose input (GLB bytes, variants, poster size) matches the manifest of an
//! earlier build, and whose files are all there, is skipped.

pub mod manifest;
mod posters;
pub mod sha256;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::asset::{self, Limits};
use crate::catalog::{self, Catalog, Issue, Product};
use manifest::{FileEntry, Manifest, ProductEntry, VariantEntry};
use posters::PosterRenderer;
pub use posters::{Posters, serve_worker};

/// Changes whenever what a build writes for the same input changes (invalidates old entries).
pub const BUILDER_VERSION: u32 = 2;

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The output folder (created if missing).
    pub out: PathBuf,
    /// Width and height of the square poster PNGs in pixels.
    pub poster_size: u32,
    /// Worker threads (at least 1).
    pub threads: usize,
    /// Where posters are rendered ([`Posters::InProcess`] by default; the CLI uses
    /// [`Posters::Worker`] so a long catalog does not pile up the software driver's memory).
    pub posters: Posters,
}

impl Options {
    /// 512-pixel posters and one thread per core, at most 4.
    pub fn new(out: impl Into<PathBuf>) -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Options {
            out: out.into(),
            poster_size: 512,
            threads: cores.clamp(1, 4),
            posters: Posters::InProcess,
        }
    }
}

/// A product that could not be built.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// `retailer/product`.
    pub product: String,
    /// JSON pointer of what is wrong (`/retailers/0/products/2/model/glb`).
    pub pointer: String,
    /// Why.
    pub message: String,
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Products built in this run (`retailer/product`).
    pub built: Vec<String>,
    /// Products already built by an earlier run.
    pub skipped: Vec<String>,
    /// Products that failed.
    pub failed: Vec<Failure>,
    /// Warnings of the catalog check (they do not stop anything).
    pub warnings: Vec<Issue>,
    /// Files written in this run (relative to the output folder).
    pub written: Vec<String>,
}

/// Why nothing was built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The catalog cannot be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// The catalog has errors (listed by `roomfit catalog check`).
    #[error("the catalog has {} error(s); nothing was built", .0.iter().filter(|i| i.is_error()).count())]
    Invalid(Vec<Issue>),
    /// The output folder cannot be written.
    #[error("cannot write {path}: {message}")]
    Write {
        /// The file or folder.
        path: String,
        /// Why.
        message: String,
    },
}

/// Reads a model URL as written in the catalog: a file relative to `dir` (remote URLs and
/// paths from a web server's root cannot be read offline).
pub fn read_local(dir: &Path, url: &str) -> Result<Vec<u8>, String> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Err("remote files are not fetched offline".into());
    }
    if url.starts_with('/') {
        return Err("paths from the web server's root cannot be found offline".into());
    }
    let file = url.split(['?', '#']).next().unwrap_or(url);
    let file =
        crate::server::percent_decode(file).ok_or("the path is not valid percent-encoded UTF-8")?;
    std::fs::read(dir.join(&file)).map_err(|e| format!("{} ({e})", dir.join(&file).display()))
}

/// The pointer `/retailers/I/products/J` an issue's pointer lies under, if any.
fn product_of(pointer: &str) -> Option<(usize, usize)> {
    let mut parts = pointer.split('/').skip(1);
    if parts.next()? != "retailers" {
        return None;
    }
    let i = parts.next()?.parse().ok()?;
    if parts.next()? != "products" {
        return None;
    }
    let j = parts.next()?.parse().ok()?;
    Some((i, j))
}

/// Builds `catalog_path` into `options.out`. Returns what was built, skipped and failed; an
/// error only when nothing could be built at all.
pub fn build(catalog_path: &Path, options: &Options) -> Result<Report, BuildError> {
    let text = std::fs::read_to_string(catalog_path).map_err(|e| BuildError::Read {
        path: catalog_path.display().to_string(),
        message: e.to_string(),
    })?;
    let issues = catalog::validate(&text);
    if issues.iter().any(Issue::is_error) {
        return Err(BuildError::Invalid(issues));
    }
    let catalog = catalog::parse(&text).map_err(|e| {
        BuildError::Invalid(vec![Issue::error(
            "",
            catalog::code::INVALID_SHAPE,
            e.to_string(),
        )])
    })?;
    let dir = catalog_path.parent().unwrap_or(Path::new("")).to_path_buf();
    let load = |url: &str| read_local(&dir, url);
    let model_issues = catalog::check_models(&catalog, &load);
    let mut report = Report {
        warnings: issues
            .into_iter()
            .chain(model_issues.iter().filter(|i| !i.is_error()).cloned())
            .collect(),
        ..Default::default()
    };
    let mut broken: BTreeMap<(usize, usize), &Issue> = BTreeMap::new();
    let mut global = Vec::new();
    for issue in model_issues.iter().filter(|i| i.is_error()) {
        match product_of(&issue.pointer) {
            Some(key) => {
                broken.entry(key).or_insert(issue);
            }
            None => global.push(issue.clone()),
        }
    }
    if !global.is_empty() {
        return Err(BuildError::Invalid(global));
    }

    for sub in ["", "models", "usdz", "posters"] {
        let d = options.out.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| BuildError::Write {
            path: d.display().to_string(),
            message: e.to_string(),
        })?;
    }
    let previous = Manifest::read(&options.out.join(manifest::FILE));

    let mut jobs = Vec::new();
    for (i, r) in catalog.retailers.iter().enumerate() {
        for (j, p) in r.products.iter().enumerate() {
            let name = format!("{}/{}", r.id, p.id);
            if let Some(issue) = broken.get(&(i, j)) {
                report.failed.push(Failure {
                    product: name,
                    pointer: issue.pointer.clone(),
                    message: issue.message.clone(),
                });
            } else {
                jobs.push((i, j, name));
            }
        }
    }

    let gpu = PosterRenderer::new(&options.posters);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    let work = || {
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some((i, j, name)) = jobs.get(k) else {
                break;
            };
            let product = &catalog.retailers[*i].products[*j];
            let pointer = format!("/retailers/{i}/products/{j}");
            let old = previous.as_ref().and_then(|m| m.product(name));
            let outcome = build_product(
                &dir,
                &options.out,
                options,
                &gpu,
                name,
                &pointer,
                product,
                old,
            );
            if let Ok(mut r) = results.lock() {
                r.push((k, outcome));
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 0..options.threads.clamp(1, jobs.len().max(1)) {
            s.spawn(work);
        }
    });
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(k, _)| *k);

    let mut entries = Vec::new();
    let mut out_catalog = catalog.clone();
    for (k, outcome) in results {
        let (i, j, name) = &jobs[k];
        match outcome {
            Outcome::Built(entry, written) => {
                report.built.push(name.clone());
                report.written.extend(written);
                point_at(&mut out_catalog, *i, *j, &entry);
                entries.push(entry);
            }
            Outcome::Skipped(entry) => {
                report.skipped.push(name.clone());
                point_at(&mut out_catalog, *i, *j, &entry);
                entries.push(entry);
            }
            Outcome::Failed(failure) => report.failed.push(failure),
        }
    }
    report.failed.sort_by(|a, b| a.pointer.cmp(&b.pointer));

    let catalog_json = serde_json::to_vec_pretty(&out_catalog).unwrap_or_default();
    let manifest = Manifest {
        version: 1,
        builder: BUILDER_VERSION,
        poster_size: options.poster_size,
        catalog: FileEntry::of(manifest::CATALOG_FILE, &catalog_json),
        products: entries,
        failed: report
            .failed
            .iter()
            .map(|f| manifest::FailedEntry {
                product: f.product.clone(),
                pointer: f.pointer.clone(),
                message: f.message.clone(),
            })
            .collect(),
    };
    for (file, bytes) in [
        (manifest::CATALOG_FILE, catalog_json),
        (manifest::FILE, manifest.to_json()),
    ] {
        if write_if_changed(&options.out, file, &bytes)? {
            report.written.push(file.to_owned());
        }
    }
    Ok(report)
}

/// Points product `j` of retailer `i` at its built files: the GLB, and the first variant's
/// USDZ and poster (the catalog format has one of each per product; the manifest has them all).
fn point_at(catalog: &mut Catalog, i: usize, j: usize, entry: &ProductEntry) {
    let Some(p) = catalog
        .retailers
        .get_mut(i)
        .and_then(|r| r.products.get_mut(j))
    else {
        return;
    };
    p.model.glb = entry.glb.path.clone();
    if let Some(v) = entry.variants.first() {
        p.model.usdz = Some(v.usdz.path.clone());
        p.model.poster = Some(v.poster.path.clone());
    }
}

enum Outcome {
    Built(ProductEntry, Vec<String>),
    Skipped(ProductEntry),
    Failed(Failure),
}

/// A name part made of `[A-Za-z0-9._-]` only.
fn slug(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "_".into() } else { s }
}

/// The distinct glTF variants a product's SKUs show, in catalog order.
fn looks(product: &Product) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = Vec::new();
    for v in &product.variants {
        if !out.contains(&v.gltf_variant) {
            out.push(v.gltf_variant.clone());
        }
    }
    out
}

/// What a product's build depends on, hashed.
fn input_hash(glb: &[u8], product: &Product, poster_size: u32) -> String {
    let mut input = glb.to_vec();
    let looks = looks(product);
    input.extend_from_slice(
        format!("\nroomfit catalog build {BUILDER_VERSION}; poster {poster_size}; {looks:?}")
            .as_bytes(),
    );
    sha256::hex(&input)
}

#[allow(clippy::too_many_arguments)]
fn build_product(
    dir: &Path,
    out: &Path,
    options: &Options,
    gpu: &PosterRenderer,
    name: &str,
    pointer: &str,
    product: &Product,
    old: Option<&ProductEntry>,
) -> Outcome {
    let fail = |field: &str, message: String| {
        Outcome::Failed(Failure {
            product: name.to_owned(),
            pointer: format!("{pointer}{field}"),
            message,
        })
    };
    let glb = match read_local(dir, &product.model.glb) {
        Ok(b) => b,
        Err(e) => return fail("/model/glb", format!("cannot read the model: {e}")),
    };
    let input = input_hash(&glb, product, options.poster_size);
    if let Some(old) = old.filter(|o| o.input_sha256 == input && o.files_present(out)) {
        return Outcome::Skipped(old.clone());
    }
    let model = match asset::load(&glb, &Limits::default(), None) {
        Ok(m) => m,
        Err(e) => return fail("/model/glb", format!("the model does not load: {e}")),
    };
    let pid = slug(&product.id);
    let mut written = Vec::new();
    let mut save =
        |kind: &str, stem: String, ext: &str, bytes: &[u8]| -> Result<FileEntry, String> {
            let hash = sha256::hex(bytes);
            let path = format!("{kind}/{stem}-{}.{ext}", &hash[..16]);
            if write_if_changed(out, &path, bytes).map_err(|e| e.to_string())? {
                written.push(path.clone());
            }
            Ok(FileEntry {
                path,
                bytes: bytes.len() as u64,
                sha256: hash,
            })
        };
    let glb_entry = match save("models", pid.clone(), "glb", &glb) {
        Ok(e) => e,
        Err(e) => return fail("/model/glb", e),
    };
    let mut by_look: Vec<(Option<String>, FileEntry, FileEntry)> = Vec::new();
    for look in looks(product) {
        let stem = format!("{pid}-{}", look.as_deref().map_or("default".into(), slug));
        let vpointer = product
            .variants
            .iter()
            .position(|v| v.gltf_variant == look)
            .map_or(String::new(), |k| format!("/variants/{k}/gltf_variant"));
        let usdz = match crate::usdz::write_model(&model, look.as_deref()) {
            Ok(b) => b,
            Err(e) => return fail(&vpointer, format!("no USDZ: {e}")),
        };
        let usdz = match save("usdz", stem.clone(), "usdz", &usdz) {
            Ok(e) => e,
            Err(e) => return fail(&vpointer, e),
        };
        let png = match gpu.poster(
            &model,
            &out.join(&glb_entry.path),
            look.as_deref(),
            options.poster_size,
            &out.join("posters"),
        ) {
            Ok(b) => b,
            Err(e) => return fail(&vpointer, format!("no poster: {e}")),
        };
        let png = match save("posters", stem, "png", &png) {
            Ok(e) => e,
            Err(e) => return fail(&vpointer, e),
        };
        by_look.push((look, usdz, png));
    }
    let variants = product
        .variants
        .iter()
        .filter_map(|v| {
            let (_, usdz, poster) = by_look.iter().find(|(l, _, _)| *l == v.gltf_variant)?;
            Some(VariantEntry {
                sku: v.sku.clone(),
                gltf_variant: v.gltf_variant.clone(),
                usdz: usdz.clone(),
                poster: poster.clone(),
            })
        })
        .collect();
    Outcome::Built(
        ProductEntry {
            product: name.to_owned(),
            pointer: pointer.to_owned(),
            input_sha256: input,
            glb: glb_entry,
            variants,
        },
        written,
    )
}

/// Writes `bytes` to `out/rel` unless the file already holds exactly them (so a re-run leaves
/// modification times alone); through a temporary file and a rename, so an interrupted build
/// never leaves a half-written file under a final name. True if it wrote.
fn write_if_changed(out: &Path, rel: &str, bytes: &[u8]) -> Result<bool, BuildError> {
    let path = out.join(rel);
    let werr = |e: std::io::Error| BuildError::Write {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    if let Ok(meta) = std::fs::metadata(&path) {
        if meta.len() == bytes.len() as u64 && std::fs::read(&path).is_ok_and(|b| b == bytes) {
            return Ok(false);
        }
    }
    let tmp = path.with_extension(format!(
        "tmp{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes).map_err(werr)?;
    std::fs::rename(&tmp, &path).map_err(werr)?;
    Ok(true)
}
