//! Checks a catalog against its 3D models: each product's GLB loads, has the declared size
//! (guessing the unit mistake when it is off by a unit factor), stands the right way up, is
//! thin when it hangs on a wall, has every variant the catalog names, and fits a phone's
//! budget. The caller supplies the bytes (files, fetch, a drop zone); no I/O here.

use std::collections::BTreeMap;

use glam::Vec3;

use super::issue::{Issue, Patch, code};
use super::{Catalog, Dimensions, Placement, Product};
use crate::asset::{self, AssetError, Limits, Model};

/// Above this many triangles phones stop being smooth.
pub const MAX_TRIANGLES: u64 = 300_000;
/// Widest or tallest texture for phones, in pixels.
pub const MAX_TEXTURE_SIDE: u32 = 2048;
/// Largest GLB shoppers should download on mobile data (15 MB).
pub const MAX_GLB_BYTES: usize = 15_000_000;
/// Deepest a wall item may be, in metres.
pub const MAX_WALL_DEPTH_M: f32 = 0.2;

/// What loading one GLB gave.
enum Loaded {
    Model { model: Box<Model>, bytes: usize },
    Invalid(AssetError),
    Unreadable(String),
}

/// Checks every product's model. `load` returns the bytes of a URL as written in the catalog
/// (relative to the catalog, or absolute); it also receives the URLs of files a model refers
/// to, resolved against the model's URL. When `load` fails for an absolute `http(s)` URL or a
/// path from the web server's root (`/models/a.glb`), the model is reported as not checked (a
/// warning); for a path relative to the catalog, as missing (an error).
pub fn check_models(
    catalog: &Catalog,
    load: &dyn Fn(&str) -> Result<Vec<u8>, String>,
) -> Vec<Issue> {
    let mut issues = Vec::new();
    let mut cache: BTreeMap<&str, Loaded> = BTreeMap::new();
    for (i, r) in catalog.retailers.iter().enumerate() {
        for (j, p) in r.products.iter().enumerate() {
            let ptr = format!("/retailers/{i}/products/{j}");
            let url = p.model.glb.as_str();
            if !is_loadable(url) {
                // validate() reports javascript:, data:, file: and the like.
                continue;
            }
            let loaded = cache.entry(url).or_insert_with(|| load_model(url, load));
            let glb_ptr = format!("{ptr}/model/glb");
            match loaded {
                Loaded::Unreadable(why) if is_remote(url) => issues.push(
                    Issue::warning(
                        glb_ptr,
                        code::MODEL_NOT_CHECKED,
                        format!("The model \"{url}\" was not checked: {why}."),
                    )
                    .with_fix("Check the catalog together with its model files (or where they can be fetched).".to_string()),
                ),
                Loaded::Unreadable(why) => issues.push(
                    Issue::error(
                        glb_ptr,
                        code::MODEL_UNREADABLE,
                        format!("The model \"{url}\" could not be read: {why}."),
                    )
                    .with_fix("Check the file name; model paths are relative to the catalog file.".to_string()),
                ),
                Loaded::Invalid(e) => {
                    let at = if e.pointer.is_empty() {
                        String::new()
                    } else {
                        format!(" (at {} inside the model)", e.pointer)
                    };
                    issues.push(
                        Issue::error(
                            glb_ptr,
                            code::MODEL_INVALID,
                            format!("The model \"{url}\" cannot be shown: {}{at}.", e.message.trim_end_matches('.')),
                        )
                        .with_fix("Export the model again as glTF 2.0 binary (.glb); `roomfit inspect` shows what it reads.".to_string()),
                    );
                }
                Loaded::Model { model, bytes } => {
                    check_product(&ptr, p, model, *bytes, &mut issues);
                }
            }
        }
    }
    issues
}

fn load_model(url: &str, load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Loaded {
    let bytes = match load(url) {
        Ok(b) => b,
        Err(e) => return Loaded::Unreadable(e),
    };
    let resolve = |uri: &str| load(&join(url, uri));
    match asset::load(&bytes, &Limits::default(), Some(&resolve)) {
        Ok(model) => Loaded::Model {
            model: Box::new(model),
            bytes: bytes.len(),
        },
        Err(e) => Loaded::Invalid(e),
    }
}

/// The scheme of `url` if it has one (`https`), lower case.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    (s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| s.to_ascii_lowercase())
}

/// Whether `url` is somewhere only a web server knows: absolute http(s), or from its root.
fn is_remote(url: &str) -> bool {
    matches!(scheme(url).as_deref(), Some("http" | "https")) || url.starts_with('/')
}

fn is_loadable(url: &str) -> bool {
    !url.trim().is_empty() && (scheme(url).is_none() || is_remote(url))
}

/// `uri` (found inside the model at `base`) as a URL the caller's `load` understands.
fn join(base: &str, uri: &str) -> String {
    if scheme(uri).is_some() || uri.starts_with('/') {
        return uri.to_string();
    }
    match base.rfind('/') {
        Some(i) => format!("{}{uri}", &base[..=i]),
        None => uri.to_string(),
    }
}

fn check_product(ptr: &str, p: &Product, m: &Model, bytes: usize, issues: &mut Vec<Issue>) {
    let glb = format!("{ptr}/model/glb");
    let size = m.bounds.size();
    check_size(ptr, p.dimensions_mm, size, issues);
    if p.placement == Placement::Wall && size.z > MAX_WALL_DEPTH_M {
        issues.push(
            Issue::warning(
                format!("{ptr}/placement"),
                code::WALL_ITEM_TOO_DEEP,
                format!(
                    "The product hangs on a wall, but its model is {} deep; wall items must be thinner than {:.0} cm to sit flat against the wall.",
                    metres(size.z),
                    MAX_WALL_DEPTH_M * 100.0
                ),
            )
            .with_fix("Use placement \"floor\" if it stands on the floor, or make the model's depth (+Z, the front) the thin side.".to_string()),
        );
    }
    for (k, v) in p.variants.iter().enumerate() {
        let Some(name) = &v.gltf_variant else {
            continue;
        };
        if m.variants.contains(name) {
            continue;
        }
        let has = if m.variants.is_empty() {
            "it has no KHR_materials_variants at all".to_string()
        } else {
            format!("its variants are {}", m.variants.join(", "))
        };
        let close = m
            .variants
            .iter()
            .find(|mv| mv.eq_ignore_ascii_case(name) || mv.trim() == name.trim());
        issues.push(
            Issue::error(
                format!("{ptr}/variants/{k}/gltf_variant"),
                code::MODEL_MISSING_VARIANT,
                format!("The model has no variant \"{name}\"; {has}."),
            )
            .with_fix(match close {
                Some(c) => format!("Write \"{c}\" (names must match exactly)."),
                None => format!("Add a KHR_materials_variants variant named \"{name}\" to the model, or name one the model has."),
            }),
        );
    }
    if m.stats.triangles > MAX_TRIANGLES {
        issues.push(
            Issue::warning(
                glb.clone(),
                code::TOO_MANY_TRIANGLES,
                format!(
                    "The model has {} triangles; phones stay smooth below {}.",
                    thousands(m.stats.triangles),
                    thousands(MAX_TRIANGLES)
                ),
            )
            .with_fix(
                "Simplify (decimate) the mesh and keep fine detail in the normal map.".to_string(),
            ),
        );
    }
    for (n, img) in m.images.iter().enumerate() {
        if img.width.max(img.height) > MAX_TEXTURE_SIDE {
            let name = img
                .name
                .as_deref()
                .map(|s| format!(" (\"{s}\")"))
                .unwrap_or_default();
            let gpu_mb = f64::from(img.width) * f64::from(img.height) * 4.0 * 4.0 / 3.0 / 1e6;
            issues.push(
                Issue::warning(
                    glb.clone(),
                    code::TEXTURE_TOO_LARGE,
                    format!(
                        "Texture image {n}{name} is {}×{} pixels; phones need at most {MAX_TEXTURE_SIDE} a side (this one takes about {gpu_mb:.0} MB of graphics memory).",
                        img.width, img.height
                    ),
                )
                .with_fix(format!("Resize it to {MAX_TEXTURE_SIDE}×{MAX_TEXTURE_SIDE} or smaller; furniture looks the same on a phone.")),
            );
        }
    }
    if bytes > MAX_GLB_BYTES {
        issues.push(
            Issue::warning(
                glb,
                code::MODEL_FILE_TOO_LARGE,
                format!(
                    "The GLB is {:.1} MB; shoppers on mobile data wait too long for anything above {} MB.",
                    bytes as f64 / 1e6,
                    MAX_GLB_BYTES / 1_000_000
                ),
            )
            .with_fix("Use smaller JPEG or WebP textures, and EXT_meshopt_compression for the geometry.".to_string()),
        );
    }
}

/// The allowed difference for a declared size: 2 cm or 3 %, whichever is larger.
fn tolerance(want_m: f32) -> f32 {
    (0.03 * want_m).max(0.02)
}

fn close(got: f32, want: f32) -> bool {
    (got - want).abs() <= tolerance(want)
}

/// Which side a unit mistake is on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Culprit {
    Model,
    Dimensions,
}

/// Known unit mistakes by ratio of model size to declared size: who made it, what happened,
/// and the scale that undoes it.
const UNIT_MISTAKES: &[(f32, Culprit, &str)] = &[
    (
        1000.0,
        Culprit::Model,
        "the model was made in millimetres and exported as metres",
    ),
    (
        100.0,
        Culprit::Model,
        "the model was made in centimetres and exported as metres",
    ),
    (
        39.37,
        Culprit::Model,
        "the model was made in inches and exported as metres",
    ),
    (
        25.4,
        Culprit::Dimensions,
        "dimensions_mm was written in inches instead of millimetres",
    ),
    (
        10.0,
        Culprit::Dimensions,
        "dimensions_mm was written in centimetres instead of millimetres",
    ),
    (
        0.1,
        Culprit::Model,
        "the model was made in centimetres and exported as millimetres",
    ),
    (
        1.0 / 25.4,
        Culprit::Model,
        "the model was made in inches and exported as millimetres",
    ),
    (
        0.0254,
        Culprit::Model,
        "the model was made in metres and exported as inches",
    ),
    (
        0.01,
        Culprit::Model,
        "the model was made in metres and exported as centimetres",
    ),
    (
        0.001,
        Culprit::Model,
        "the model was made in metres and exported as millimetres",
    ),
];

/// Whether a piece of furniture of this size (metres) is believable: its largest side between
/// 3 cm and 30 m. What is outside is the side of a unit mistake that is wrong.
fn plausible(size: Vec3) -> bool {
    (0.03..=30.0).contains(&size.max_element())
}

/// The unit mistake a ratio (model / declared) points at, within 6 %.
fn unit_mistake(ratio: f32) -> Option<(f32, Culprit, &'static str)> {
    UNIT_MISTAKES
        .iter()
        .copied()
        .find(|(f, _, _)| ratio > 0.0 && (ratio / f).ln().abs() < 1.06f32.ln())
}

fn check_size(ptr: &str, d: Dimensions, size: Vec3, issues: &mut Vec<Issue>) {
    if d.width == 0 || d.depth == 0 || d.height == 0 {
        return; // validate() reports it.
    }
    let want = Vec3::new(d.width as f32, d.height as f32, d.depth as f32) / 1000.0;
    let axes = [
        ("width", "wide", size.x, want.x),
        ("height", "tall", size.y, want.y),
        ("depth", "deep", size.z, want.z),
    ];
    if axes.iter().all(|(_, _, g, w)| close(*g, *w)) {
        return;
    }
    let shape = |v: Vec3| format!("{} × {} × {}", metres(v.x), metres(v.y), metres(v.z));
    let ratios = size / want;
    let uniform = ratios.max_element() / ratios.min_element().max(f32::MIN_POSITIVE) < 1.06;
    if uniform {
        let mean = (ratios.x * ratios.y * ratios.z).cbrt();
        if let Some((factor, culprit, what)) = unit_mistake(mean) {
            let how = if factor >= 1.0 {
                format!("{} times larger", round_factor(factor))
            } else {
                format!("{} times smaller", round_factor(1.0 / factor))
            };
            // The table says who usually makes this mistake; the sizes themselves can say
            // otherwise: a 2 m sofa whose dimensions_mm say 2 cm has the catalog wrong, a 200 m
            // sofa whose dimensions_mm say 2 m has the model wrong.
            let culprit = match (plausible(size), plausible(want)) {
                (true, false) => Culprit::Dimensions,
                (false, true) => Culprit::Model,
                _ => culprit,
            };
            let what = if culprit == Culprit::Dimensions && !what.starts_with("dimensions_mm") {
                format!(
                    "dimensions_mm is {} times too {} for a model of this size",
                    round_factor(factor.max(1.0 / factor)),
                    if factor >= 1.0 { "small" } else { "large" }
                )
            } else if culprit == Culprit::Model && what.starts_with("dimensions_mm") {
                format!(
                    "the model was exported {} times too {}",
                    round_factor(factor.max(1.0 / factor)),
                    if factor >= 1.0 { "large" } else { "small" }
                )
            } else {
                what.to_string()
            };
            let message = format!(
                "The model is {how} than dimensions_mm says ({} instead of {}, width × height × depth): most likely {what}.",
                shape(size),
                shape(want)
            );
            issues.push(match culprit {
                Culprit::Model => {
                    let (num, den) = Patch::fraction(1.0 / factor);
                    Issue::error(format!("{ptr}/model/glb"), code::MODEL_WRONG_SCALE, format!(
                        "{message} dimensions_mm is right, so the fix is in the model, not in the catalog."
                    ))
                    .with_fix(format!(
                        "Export the model again with a scale of {} (or set the scene's unit correctly so the exporter converts to metres); the retailer page offers the model scaled by {} for download.",
                        trim_float(1.0 / factor),
                        trim_float(1.0 / factor)
                    ))
                    .with_patch(Patch::ScaleModel { num, den })
                }
                Culprit::Dimensions => {
                    let mm = |x: u32| (x as f32 * factor).round() as u32;
                    let (num, den) = Patch::fraction(factor);
                    Issue::error(format!("{ptr}/dimensions_mm"), code::DIMENSIONS_WRONG_UNIT, message).with_fix(format!(
                        "Write the size in millimetres: width {}, depth {}, height {}.",
                        mm(d.width),
                        mm(d.depth),
                        mm(d.height)
                    ))
                    .with_patch(Patch::ScaleDimensions { num, den })
                }
            });
            return;
        }
    }
    // Right size, wrong way round: exported with Z up, or turned 90° about the vertical.
    let lying = close(size.x, want.x) && close(size.y, want.z) && close(size.z, want.y);
    let turned = close(size.x, want.z) && close(size.z, want.x) && close(size.y, want.y);
    if lying || turned {
        let (what, fix) = if lying {
            (
                "lies on its back: its height and depth are swapped, as when a model is exported with Z up",
                "Export with +Y up (glTF's up axis).",
            )
        } else {
            (
                "is turned 90°: its width and depth are swapped",
                "Turn the model so that its front faces +Z, and export again.",
            )
        };
        issues.push(
            Issue::error(
                format!("{ptr}/model/glb"),
                code::MODEL_WRONG_ORIENTATION,
                format!(
                    "The model {what} ({} instead of {}, width × height × depth).",
                    shape(size),
                    shape(want)
                ),
            )
            .with_fix(fix.to_string()),
        );
        return;
    }
    for (axis, adjective, got, w) in axes {
        if close(got, w) {
            continue;
        }
        let guess = unit_mistake(got / w)
            .map(|(_, _, what)| {
                format!(
                    " A factor of {} suggests {what}.",
                    round_factor(if got > w { got / w } else { w / got })
                )
            })
            .unwrap_or_default();
        issues.push(
            Issue::error(
                format!("{ptr}/dimensions_mm/{axis}"),
                code::MODEL_SIZE_MISMATCH,
                format!(
                    "The model is {} {adjective}, but dimensions_mm.{axis} says {} (they may differ by {} at most).{guess}",
                    metres(got),
                    metres(w),
                    centimetres(tolerance(w))
                ),
            )
            .with_fix(format!(
                "If the model is right, write {axis} {}; otherwise correct the model.",
                (got * 1000.0).round() as u64
            )),
        );
    }
}

fn metres(m: f32) -> String {
    if m >= 100.0 {
        format!("{m:.0} m")
    } else if m >= 10.0 {
        format!("{m:.1} m")
    } else if m >= 0.1 {
        format!("{m:.2} m")
    } else {
        format!("{:.1} cm", m * 100.0)
    }
}

fn centimetres(m: f32) -> String {
    format!("{:.1} cm", m * 100.0)
}

fn round_factor(f: f32) -> String {
    if (f - f.round()).abs() < 0.05 {
        format!("{}", f.round() as u32)
    } else {
        format!("{f:.2}")
    }
}

fn trim_float(x: f32) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_issues(d: (u32, u32, u32), size: (f32, f32, f32)) -> Vec<Issue> {
        let mut issues = Vec::new();
        let dims = Dimensions {
            width: d.0,
            depth: d.1,
            height: d.2,
        };
        check_size("/p", dims, Vec3::new(size.0, size.1, size.2), &mut issues);
        issues
    }

    fn codes(issues: &[Issue]) -> Vec<(&'static str, &str)> {
        issues
            .iter()
            .map(|i| (i.code, i.pointer.as_str()))
            .collect()
    }

    #[test]
    fn sizes_within_tolerance() {
        // 2 cm on small items, 3 % on large ones.
        assert!(size_issues((450, 520, 820), (0.469, 0.82, 0.52)).is_empty());
        assert!(size_issues((2100, 920, 830), (2.16, 0.83, 0.92)).is_empty());
        assert_eq!(
            codes(&size_issues((450, 520, 820), (0.475, 0.82, 0.52))),
            [(code::MODEL_SIZE_MISMATCH, "/p/dimensions_mm/width")]
        );
    }

    #[test]
    fn unit_mistakes_are_named() {
        let cm = size_issues((1800, 900, 750), (180.0, 75.0, 90.0));
        assert_eq!(codes(&cm), [(code::MODEL_WRONG_SCALE, "/p/model/glb")]);
        assert!(
            cm[0].message.contains("100 times larger"),
            "{}",
            cm[0].message
        );
        assert!(cm[0].message.contains("centimetres"), "{}", cm[0].message);
        assert_eq!(
            cm[0].fix.as_deref(),
            Some(
                "Export the model again with a scale of 0.01 (or set the scene's unit correctly so the exporter converts to metres); the retailer page offers the model scaled by 0.01 for download."
            )
        );
        // The model is the wrong side: the catalog is left alone, the model is scaled.
        assert!(
            cm[0]
                .message
                .ends_with("so the fix is in the model, not in the catalog."),
            "{}",
            cm[0].message
        );
        assert_eq!(cm[0].patch, Some(Patch::ScaleModel { num: 10, den: 1000 }));
        let mm = size_issues((1800, 900, 750), (1800.0, 750.0, 900.0));
        assert!(mm[0].message.contains("millimetres and exported as metres"));
        let inch_dims = size_issues((71, 35, 30), (1.8, 0.75, 0.9));
        assert_eq!(
            codes(&inch_dims),
            [(code::DIMENSIONS_WRONG_UNIT, "/p/dimensions_mm")]
        );
        assert!(inch_dims[0].message.contains("inches"));
        let cm_dims = size_issues((180, 90, 75), (1.8, 0.75, 0.9));
        assert_eq!(
            cm_dims[0].fix.as_deref(),
            Some("Write the size in millimetres: width 1800, depth 900, height 750.")
        );
        let tiny = size_issues((1800, 900, 750), (0.0018, 0.00075, 0.0009));
        assert!(
            tiny[0].message.contains("1000 times smaller"),
            "{}",
            tiny[0].message
        );
        let inches = size_issues((1800, 900, 750), (70.87, 29.53, 35.43));
        assert!(inches[0].message.contains("inches and exported as metres"));
        assert_eq!(
            inches[0].patch,
            Some(Patch::ScaleModel { num: 10, den: 394 })
        );
    }

    #[test]
    fn every_unit_mistake_has_a_mechanical_fix_on_the_side_that_is_wrong() {
        // Model / declared = 1000, 100, 10, 25.4, 0.1, 0.01, 0.001, for a 1.8 m table.
        type Case = ((u32, u32, u32), (f32, f32, f32), &'static str, Patch);
        let cases: [Case; 8] = [
            (
                (1800, 900, 750),
                (1800.0, 750.0, 900.0),
                code::MODEL_WRONG_SCALE,
                Patch::ScaleModel {
                    num: 10,
                    den: 10000,
                },
            ),
            (
                (1800, 900, 750),
                (180.0, 75.0, 90.0),
                code::MODEL_WRONG_SCALE,
                Patch::ScaleModel { num: 10, den: 1000 },
            ),
            (
                (180, 90, 75),
                (1.8, 0.75, 0.9),
                code::DIMENSIONS_WRONG_UNIT,
                Patch::ScaleDimensions { num: 100, den: 10 },
            ),
            (
                (71, 35, 30),
                (1.8, 0.75, 0.9),
                code::DIMENSIONS_WRONG_UNIT,
                Patch::ScaleDimensions { num: 254, den: 10 },
            ),
            (
                (1800, 900, 750),
                (0.18, 0.075, 0.09),
                code::MODEL_WRONG_SCALE,
                Patch::ScaleModel { num: 100, den: 10 },
            ),
            (
                (1800, 900, 750),
                (0.018, 0.0075, 0.009),
                code::MODEL_WRONG_SCALE,
                Patch::ScaleModel { num: 1000, den: 10 },
            ),
            (
                (1800, 900, 750),
                (0.0018, 0.00075, 0.0009),
                code::MODEL_WRONG_SCALE,
                Patch::ScaleModel {
                    num: 10000,
                    den: 10,
                },
            ),
            // A right-sized model with dimensions_mm 100 times too small (18 mm for a table):
            // the catalog is the wrong side here.
            (
                (18, 9, 8),
                (1.8, 0.8, 0.9),
                code::DIMENSIONS_WRONG_UNIT,
                Patch::ScaleDimensions { num: 1000, den: 10 },
            ),
        ];
        for (dims, size, want_code, patch) in cases {
            let issues = size_issues(dims, size);
            assert_eq!(issues.len(), 1, "{dims:?} {size:?}: {issues:?}");
            assert_eq!(
                issues[0].code, want_code,
                "{dims:?} {size:?}: {}",
                issues[0].message
            );
            assert_eq!(
                issues[0].patch,
                Some(patch),
                "{dims:?} {size:?}: {}",
                issues[0].message
            );
        }
        let small = size_issues((18, 9, 8), (1.8, 0.8, 0.9));
        assert!(
            small[0]
                .message
                .contains("dimensions_mm is 100 times too small for a model of this size"),
            "{}",
            small[0].message
        );
    }

    #[test]
    fn orientation() {
        let z_up = size_issues((2100, 920, 830), (2.1, 0.92, 0.83));
        assert_eq!(
            codes(&z_up),
            [(code::MODEL_WRONG_ORIENTATION, "/p/model/glb")]
        );
        let turned = size_issues((2100, 920, 830), (0.92, 0.83, 2.1));
        assert_eq!(
            codes(&turned),
            [(code::MODEL_WRONG_ORIENTATION, "/p/model/glb")]
        );
        assert!(size_issues((900, 900, 420), (0.9, 0.42, 0.9)).is_empty());
    }

    #[test]
    fn helpers() {
        assert_eq!(thousands(412_345), "412,345");
        assert_eq!(thousands(999), "999");
        assert_eq!(join("models/sofa.glb", "tex/a.png"), "models/tex/a.png");
        assert_eq!(join("sofa.glb", "a.png"), "a.png");
        assert_eq!(
            join("https://cdn.example/m/sofa.glb", "a.bin"),
            "https://cdn.example/m/a.bin"
        );
        assert!(is_remote("HTTPS://cdn.example/a.glb"));
        assert!(is_remote("/models/a.glb"));
        assert!(!is_remote("models/a.glb"));
        assert!(!is_loadable("javascript:alert(1)"));
        assert!(!is_loadable("data:model/gltf-binary;base64,AAAA"));
        assert!(is_loadable("../models/a.glb"));
        assert!(!is_loadable("C:\\models\\a.glb"));
    }
}
