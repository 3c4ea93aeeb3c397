//! Golden images: every sample model (and each variant of the variant products) rendered
//! offscreen with wgpu on whatever adapter is present (lavapipe in CI), compared with a
//! checked-in reference within a tolerance.
//!
//! - A missing reference is written (and the test fails in CI, where `CI` is set, so a reference
//!   can never be silently created there). `ROOMFIT_UPDATE_GOLDEN=1` rewrites all references.
//! - On a mismatch `NAME-actual.png` and `NAME-diff.png` are written beside the reference.
//! - Without a GPU adapter the test is skipped, unless `ROOMFIT_REQUIRE_GPU=1` (set by `make test`
//!   in CI): then it fails.

#[path = "support/glb_edit.rs"]
mod glb_edit;
use glb_edit::edit_glb;
use std::path::{Path, PathBuf};

use roomfit::asset::{self, Limits};
use roomfit::render::{Backdrop, Camera, Renderer, Scene, SceneItem, offscreen};

/// Mean absolute difference per channel (0..255) a render may differ from its reference by.
const MEAN_TOLERANCE: f64 = 1.0;
/// Share of pixels allowed to differ by more than 48 in some channel.
const OUTLIER_SHARE: f64 = 0.005;
const SIZE: u32 = 256;

struct Case {
    name: String,
    model: &'static str,
    variant: Option<String>,
}

fn cases() -> Vec<Case> {
    let models = [
        "oslo-sofa",
        "oslo-armchair",
        "lumen-floor-lamp",
        "harvest-dining-table",
        "harvest-dining-chair",
        "round-coffee-table",
        "ladder-bookshelf",
        "cloud-rug",
        "ink-framed-print",
    ];
    let mut out: Vec<Case> = models
        .iter()
        .map(|m| Case {
            name: m.to_string(),
            model: m,
            variant: None,
        })
        .collect();
    for v in ["Oat", "Forest", "Terracotta"] {
        out.push(Case {
            name: format!("oslo-sofa-{}", v.to_lowercase()),
            model: "oslo-sofa",
            variant: Some(v.to_string()),
        });
    }
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn compare(actual: &[u8], expected: &[u8]) -> (f64, f64, Vec<u8>) {
    let mut sum = 0u64;
    let mut outliers = 0usize;
    let mut diff = Vec::with_capacity(actual.len());
    for (a, e) in actual.chunks_exact(4).zip(expected.chunks_exact(4)) {
        let mut worst = 0u8;
        for c in 0..4 {
            let d = a[c].abs_diff(e[c]);
            sum += d as u64;
            worst = worst.max(d);
        }
        if worst > 48 {
            outliers += 1;
        }
        let v = worst.saturating_mul(4);
        diff.extend_from_slice(&[v, v, v, 255]);
    }
    let mean = sum as f64 / actual.len() as f64;
    let share = outliers as f64 / (actual.len() / 4) as f64;
    (mean, share, diff)
}

fn save(path: &Path, pixels: &[u8]) {
    image::save_buffer(path, pixels, SIZE, SIZE, image::ColorType::Rgba8).expect("write png");
}

#[test]
fn sample_models_match_their_golden_images() {
    let Some(gpu) = gpu() else {
        return;
    };
    eprintln!(
        "golden images on {:?} / {}",
        gpu.adapter.backend, gpu.adapter.name
    );
    let update = std::env::var("ROOMFIT_UPDATE_GOLDEN").as_deref() == Ok("1");
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let mut failures = Vec::new();
    let dir = root().join("tests/golden");
    let mut cases = cases();
    // Add every armchair variant the model declares.
    let armchair = std::fs::read(root().join("models/oslo-armchair.glb")).expect("read armchair");
    let armchair = asset::load(&armchair, &Limits::default(), None).expect("load armchair");
    for v in &armchair.variants {
        cases.push(Case {
            name: format!("oslo-armchair-{}", v.to_lowercase().replace(' ', "-")),
            model: "oslo-armchair",
            variant: Some(v.clone()),
        });
    }
    for case in &cases {
        let bytes =
            std::fs::read(root().join(format!("models/{}.glb", case.model))).expect("read model");
        let model = asset::load(&bytes, &Limits::default(), None).expect("sample models load");
        let variant = case.variant.as_ref().map(|v| {
            model
                .variants
                .iter()
                .position(|x| x == v)
                .unwrap_or_else(|| panic!("{} has no variant {v}", case.model))
        });
        let images = offscreen::decode_images(&model);
        let grey = Some([0.93, 0.93, 0.93, 1.0]);
        let actual = offscreen::render_product(
            &gpu,
            &mut renderer,
            &model,
            &images,
            variant,
            grey,
            (SIZE, SIZE),
        )
        .expect("render");
        let reference = dir.join(format!("{}.png", case.name));
        if update || !reference.exists() {
            save(&reference, &actual);
            if !update && in_ci {
                failures.push(format!(
                    "{}: no reference image (written now; commit it)",
                    case.name
                ));
            } else {
                eprintln!("wrote reference {}", reference.display());
            }
            continue;
        }
        let expected = image::open(&reference).expect("read reference").to_rgba8();
        if expected.dimensions() != (SIZE, SIZE) {
            failures.push(format!(
                "{}: reference is {:?}, expected {SIZE}×{SIZE}",
                case.name,
                expected.dimensions()
            ));
            continue;
        }
        let (mean, share, diff) = compare(&actual, expected.as_raw());
        eprintln!(
            "{:<32} mean diff {mean:.3}, outliers {:.3}%",
            case.name,
            share * 100.0
        );
        if mean > MEAN_TOLERANCE || share > OUTLIER_SHARE {
            save(&dir.join(format!("{}-actual.png", case.name)), &actual);
            save(&dir.join(format!("{}-diff.png", case.name)), &diff);
            failures.push(format!(
                "{}: mean difference {mean:.3} (tolerance {MEAN_TOLERANCE}), {:.3}% outlier pixels (tolerance {:.3}%); see tests/golden/{}-actual.png and -diff.png",
                case.name,
                share * 100.0,
                OUTLIER_SHARE * 100.0,
                case.name
            ));
        }
    }
    assert_eq!(renderer.model_count(), 0, "every model was released");
    assert!(
        failures.is_empty(),
        "golden image mismatches:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_comparison_catches_a_different_image() {
    let a = vec![100u8; (SIZE * SIZE * 4) as usize];
    let mut b = a.clone();
    let (mean, share, _) = compare(&a, &b);
    assert_eq!((mean, share), (0.0, 0.0));
    for p in b.chunks_exact_mut(4).take((SIZE * SIZE / 50) as usize) {
        p[0] = 200;
    }
    let (_, share, _) = compare(&a, &b);
    assert!(share > OUTLIER_SHARE);
}

#[test]
fn generated_mikktspace_tangents_render_like_the_authored_ones() {
    let Some(gpu) = gpu() else {
        return;
    };
    let authored = std::fs::read(root().join("models/oslo-sofa.glb")).unwrap();
    let stripped = edit_glb(&authored, |j| {
        for mesh in j["meshes"].as_array_mut().unwrap() {
            for p in mesh["primitives"].as_array_mut().unwrap() {
                p["attributes"].as_object_mut().unwrap().remove("TANGENT");
            }
        }
    });
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let mut shots = Vec::new();
    for bytes in [&authored, &stripped] {
        let model = asset::load(bytes, &Limits::default(), None).unwrap();
        let has_tangents = model
            .meshes
            .iter()
            .flat_map(|m| &m.primitives)
            .any(|p| !p.tangents.is_empty());
        assert!(
            has_tangents,
            "normal-mapped primitives get tangents, authored or generated"
        );
        shots.push(shoot_alone(
            &gpu,
            &mut renderer,
            &model,
            0.8,
            [0.93, 0.93, 0.93, 1.0],
        ));
    }
    let (mean, share, _) = compare(&shots[0], &shots[1]);
    eprintln!(
        "authored vs generated tangents: mean difference {mean:.3}, outliers {:.3}%",
        share * 100.0
    );
    assert!(
        mean < 1.0 && share < OUTLIER_SHARE,
        "mean {mean}, outliers {share}"
    );
}

/// Renders `model` alone at the origin, framed from the front-left, then releases it.
fn shoot_alone(
    gpu: &offscreen::Headless,
    renderer: &mut Renderer,
    model: &asset::Model,
    shadow: f32,
    clear: [f64; 4],
) -> Vec<u8> {
    let id = renderer.upload(model, &offscreen::decode_images(model));
    let scene = Scene {
        items: vec![SceneItem {
            model: id,
            transform: glam::Mat4::IDENTITY,
            variant: None,
            shadow,
            outline: false,
        }],
        clear: Some(clear),
        ..Default::default()
    };
    let camera = Camera::framing(&model.bounds, 0.6, 0.35, 1.0, 1.0);
    let shot = offscreen::render_rgba(gpu, renderer, &scene, &camera, SIZE, SIZE).unwrap();
    renderer.release(id);
    shot
}

/// The GPU, or `None` (the test is skipped) without an adapter, unless `ROOMFIT_REQUIRE_GPU=1`
/// (CI): then the test fails.
fn gpu() -> Option<offscreen::Headless> {
    match offscreen::headless() {
        Ok(g) => Some(g),
        Err(e) if std::env::var("ROOMFIT_REQUIRE_GPU").as_deref() != Ok("1") => {
            eprintln!("skipped: {e}");
            None
        }
        Err(e) => panic!("ROOMFIT_REQUIRE_GPU=1 but {e}"),
    }
}

/// Loads a sample model by name.
fn sample(name: &str) -> asset::Model {
    let bytes = std::fs::read(root().join(format!("models/{name}.glb"))).unwrap();
    asset::load(&bytes, &Limits::default(), None).unwrap()
}

#[test]
fn a_room_of_five_items_with_shadows_matches_its_golden_image() {
    let Some(gpu) = gpu() else {
        return;
    };
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let placements = [
        ("cloud-rug", 0, 0.0, 0.9, 0.0),
        ("oslo-sofa", 1, 0.0, 0.0, 0.0),
        ("oslo-armchair", 0, 1.7, 0.9, -1.1),
        ("round-coffee-table", 0, 0.0, 1.1, 0.0),
        ("lumen-floor-lamp", 0, -1.45, 0.1, 0.0),
    ];
    let mut bounds = asset::Bounds::EMPTY;
    let mut items = Vec::new();
    for (name, variant, x, z, yaw) in placements {
        let model = sample(name);
        let transform = glam::Mat4::from_rotation_translation(
            glam::Quat::from_rotation_y(yaw),
            glam::Vec3::new(x, 0.0, z),
        );
        let b = model.bounds.transformed(&transform);
        bounds.include(b.min);
        bounds.include(b.max);
        let id = renderer.upload(&model, &offscreen::decode_images(&model));
        items.push(SceneItem {
            model: id,
            transform,
            variant: (!model.variants.is_empty()).then_some(variant as usize),
            shadow: 0.8,
            outline: false,
        });
    }
    let scene = Scene {
        items,
        clear: Some([0.93, 0.93, 0.93, 1.0]),
        ..Default::default()
    };
    let camera = Camera::framing(&bounds, 0.35, 0.5, 1.0, 1.0);
    let actual = offscreen::render_rgba(&gpu, &mut renderer, &scene, &camera, SIZE, SIZE).unwrap();
    check_golden("room-of-five", &actual);
}

/// Compares `actual` with `tests/golden/NAME.png` (see the module comment for the rules).
fn check_golden(name: &str, actual: &[u8]) {
    let dir = root().join("tests/golden");
    let reference = dir.join(format!("{name}.png"));
    let update = std::env::var("ROOMFIT_UPDATE_GOLDEN").as_deref() == Ok("1");
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    if update || !reference.exists() {
        save(&reference, actual);
        assert!(
            update || !in_ci,
            "{name}: no reference image (written now; commit it)"
        );
        return;
    }
    let expected = image::open(&reference).expect("read reference").to_rgba8();
    let (mean, share, diff) = compare(actual, expected.as_raw());
    if mean > MEAN_TOLERANCE || share > OUTLIER_SHARE {
        save(&dir.join(format!("{name}-actual.png")), actual);
        save(&dir.join(format!("{name}-diff.png")), &diff);
        panic!(
            "{name}: mean difference {mean:.3}, {:.3}% outliers; see tests/golden/{name}-actual.png",
            share * 100.0
        );
    }
}

#[test]
fn glass_top_and_lacquer_match_their_golden_image() {
    let Some(gpu) = gpu() else {
        return;
    };
    // The coffee table with a glass top (KHR_materials_transmission) and a lacquered frame
    // (KHR_materials_clearcoat), over a patterned rug so the glass shows what is behind it.
    let table = std::fs::read(root().join("models/round-coffee-table.glb")).unwrap();
    let table = edit_glb(&table, |j| {
        j["extensionsUsed"] =
            serde_json::json!(["KHR_materials_transmission", "KHR_materials_clearcoat"]);
        let materials = j["materials"].as_array_mut().unwrap();
        materials[0]["extensions"] = serde_json::json!({
            "KHR_materials_clearcoat": {"clearcoatFactor": 1.0, "clearcoatRoughnessFactor": 0.08}
        });
        materials.push(serde_json::json!({
            "name": "Glass",
            "pbrMetallicRoughness": {"baseColorFactor": [0.9, 0.97, 0.95, 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.05},
            "extensions": {"KHR_materials_transmission": {"transmissionFactor": 1.0}}
        }));
        for mesh in j["meshes"].as_array_mut().unwrap() {
            if mesh["name"].as_str().is_some_and(|n| n.contains("top")) {
                for p in mesh["primitives"].as_array_mut().unwrap() {
                    p["material"] = serde_json::json!(1);
                }
            }
        }
    });
    let table = asset::load(&table, &Limits::default(), None).expect("edited table loads");
    assert!(table.materials[0].clearcoat.is_some() && table.materials[1].transmission.is_some());
    let rug = sample("cloud-rug");
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let items = [(&rug, 0.0), (&table, 0.8)]
        .map(|(m, shadow)| SceneItem {
            model: renderer.upload(m, &offscreen::decode_images(m)),
            transform: glam::Mat4::IDENTITY,
            variant: None,
            shadow,
            outline: false,
        })
        .to_vec();
    let scene = Scene {
        items,
        clear: Some([0.93, 0.93, 0.93, 1.0]),
        ..Default::default()
    };
    let camera = Camera::framing(&table.bounds, 0.6, 0.6, 1.0, 1.0);
    let actual = offscreen::render_rgba(&gpu, &mut renderer, &scene, &camera, SIZE, SIZE).unwrap();
    check_golden("glass-and-lacquer", &actual);
}

/// The 3D room view: floor grid, walls cut away toward the camera, contact shadows, a print on
/// the wall and the selection outline around the armchair, built from a `room::Room` exactly as
/// the widget builds it.
#[test]
fn the_room_view_with_walls_and_a_selected_item_matches_its_golden_image() {
    use roomfit::catalog::{Dimensions, Placement};
    use roomfit::room::{Layout, NewItem, Room};

    let Some(gpu) = gpu() else {
        return;
    };
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.2, 2.4)).unwrap();
    let item = |product: &str, dims: [u32; 3], placement| NewItem {
        retailer: "r".into(),
        product: product.into(),
        variant: None,
        dimensions_mm: Dimensions {
            width: dims[0],
            depth: dims[1],
            height: dims[2],
        },
        placement,
    };
    let mut models = std::collections::HashMap::new();
    let mut add = |room: &mut Room, name: &str, dims, placement, at: glam::Vec2| {
        let model = sample(name);
        let id = renderer.upload(&model, &offscreen::decode_images(&model));
        models.insert(name.to_string(), id);
        room.add(item(name, dims, placement), at, 0.0).unwrap()
    };
    add(
        &mut room,
        "oslo-sofa",
        [2100, 920, 830],
        Placement::Floor,
        glam::Vec2::new(0.0, -1.2),
    );
    let chair = add(
        &mut room,
        "oslo-armchair",
        [860, 880, 800],
        Placement::Floor,
        glam::Vec2::new(1.2, 0.5),
    );
    add(
        &mut room,
        "ink-framed-print",
        [600, 30, 800],
        Placement::Wall,
        glam::Vec2::new(0.0, -1.6),
    );
    add(
        &mut room,
        "round-coffee-table",
        [900, 900, 420],
        Placement::Floor,
        glam::Vec2::new(-0.3, 0.3),
    );
    let model_of = |i: &roomfit::room::PlacedItem| models.get(&i.product).map(|m| (*m, None));
    let camera = Camera::framing(&roomfit::render::room_bounds(&room), 0.5, 0.7, 1.0, 1.0);
    let plain = roomfit::render::room_scene(&room, &model_of, Backdrop::Room);
    let plain = offscreen::render_rgba(&gpu, &mut renderer, &plain, &camera, SIZE, SIZE).unwrap();
    room.select(Some(chair)).unwrap();
    let scene = roomfit::render::room_scene(&room, &model_of, Backdrop::Room);
    let actual = offscreen::render_rgba(&gpu, &mut renderer, &scene, &camera, SIZE, SIZE).unwrap();
    // The outline's blue appears only with the selection.
    let blue = |px: &[u8]| {
        px.chunks_exact(4)
            .filter(|p| p[2] > 180 && p[0] < 80 && p[1] > 80 && p[1] < 150)
            .count()
    };
    let (without, with) = (blue(&plain), blue(&actual));
    eprintln!("outline-blue pixels: {without} without a selection, {with} with");
    assert!(
        without < 5,
        "{without} outline-blue pixels without a selection"
    );
    assert!(
        with > 150,
        "only {with} outline-blue pixels around the selected armchair"
    );
    check_golden("room-view", &actual);
}

/// The camera view's backdrop: the same room drawn over the camera image has no floor and no
/// walls (the canvas stays transparent there, so the video shows through), but the sofa keeps
/// its contact shadow (premultiplied black with some alpha: it darkens the video) and looks
/// exactly as in the room view.
#[test]
fn the_camera_backdrop_leaves_floor_and_walls_out_but_keeps_the_contact_shadow() {
    use roomfit::catalog::{Dimensions, Placement};
    use roomfit::room::{Layout, NewItem, Room};

    let Some(gpu) = gpu() else {
        return;
    };
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.2, 2.4)).unwrap();
    let model = sample("oslo-sofa");
    let id = renderer.upload(&model, &offscreen::decode_images(&model));
    room.add(
        NewItem {
            retailer: "r".into(),
            product: "oslo-sofa".into(),
            variant: None,
            dimensions_mm: Dimensions {
                width: 2100,
                depth: 920,
                height: 830,
            },
            placement: Placement::Floor,
        },
        glam::Vec2::ZERO,
        0.0,
    )
    .unwrap();
    let model_of = |_: &roomfit::room::PlacedItem| Some((id, None));
    let camera = Camera::framing(&roomfit::render::room_bounds(&room), 0.5, 0.7, 1.0, 1.0);
    let mut render = |backdrop| {
        let scene = roomfit::render::room_scene(&room, &model_of, backdrop);
        offscreen::render_rgba(&gpu, &mut renderer, &scene, &camera, SIZE, SIZE).unwrap()
    };
    let in_room = render(Backdrop::Room);
    let over_camera = render(Backdrop::CameraImage);
    let px = |img: &[u8]| {
        img.chunks_exact(4)
            .map(|p| [p[0], p[1], p[2], p[3]])
            .collect::<Vec<_>>()
    };
    let (a, b) = (px(&in_room), px(&over_camera));
    let total = a.len();
    let clear = |p: &[u8; 4]| p[3] == 0;
    // Shadow: translucent black (premultiplied), neither clear nor opaque.
    let shadow = |p: &[u8; 4]| p[3] > 25 && p[3] < 250 && p[0].max(p[1]).max(p[2]) < 12;
    let opaque = |p: &[u8; 4]| p[3] == 255;
    let clear_room = a.iter().filter(|p| clear(p)).count();
    let clear_camera = b.iter().filter(|p| clear(p)).count();
    let shadow_camera = b.iter().filter(|p| shadow(p)).count();
    let sofa_room = a.iter().filter(|p| opaque(p)).count();
    let sofa_camera = b.iter().filter(|p| opaque(p)).count();
    // Where the camera view draws the sofa, it draws what the room view draws.
    let same = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| opaque(y) && x == y)
        .count();
    eprintln!(
        "of {total} pixels: clear {clear_room} (room) vs {clear_camera} (camera); shadow {shadow_camera}; \
         opaque {sofa_room} (room) vs {sofa_camera} (camera), {same} identical"
    );
    // Floor and walls cover a quarter of the image or more; over the camera that stays clear.
    assert!(
        clear_camera > clear_room + total / 4,
        "over the camera, floor and walls must leave the image clear"
    );
    assert!(
        a.iter().zip(&b).all(|(x, y)| !clear(x) || clear(y)),
        "what is clear in the room view must stay clear over the camera"
    );
    assert!(
        shadow_camera > 100,
        "the contact shadow is missing over the camera ({shadow_camera} px)"
    );
    assert!(
        sofa_camera > total / 40,
        "the sofa is missing over the camera"
    );
    assert!(
        same * 10 > sofa_camera * 9,
        "the sofa looks different over the camera"
    );
}

/// Adds a 4×4 PNG of one colour to a GLB (appended to its binary chunk) as a new texture;
/// returns the GLB and the texture's index.
fn add_solid_texture(glb: &[u8], rgba: [u8; 4]) -> (Vec<u8>, usize) {
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, 4, 4);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&rgba.repeat(16)).unwrap();
    }
    let json_len = u32::from_le_bytes(glb[12..16].try_into().unwrap()) as usize;
    let bin_at = 20 + json_len;
    let bin_len = u32::from_le_bytes(glb[bin_at..bin_at + 4].try_into().unwrap()) as usize;
    let mut bin = glb[bin_at + 8..bin_at + 8 + bin_len].to_vec();
    let offset = bin.len();
    bin.extend(&png_bytes);
    while !bin.len().is_multiple_of(4) {
        bin.push(0);
    }
    let mut texture = 0;
    let edited = edit_glb(&glb[..bin_at], |j| {
        j["buffers"][0]["byteLength"] = serde_json::json!(bin.len());
        let views = j["bufferViews"].as_array_mut().unwrap();
        views.push(
            serde_json::json!({"buffer": 0, "byteOffset": offset, "byteLength": png_bytes.len()}),
        );
        let view = views.len() - 1;
        let images = j["images"].as_array_mut().unwrap();
        images.push(serde_json::json!({"bufferView": view, "mimeType": "image/png"}));
        let image = images.len() - 1;
        let textures = j["textures"].as_array_mut().unwrap();
        textures.push(serde_json::json!({"source": image}));
        texture = textures.len() - 1;
    });
    let mut out = edited;
    out.extend(((bin.len()) as u32).to_le_bytes());
    out.extend(b"BIN\0");
    out.extend(&bin);
    let total = out.len() as u32;
    out[8..12].copy_from_slice(&total.to_le_bytes());
    (out, texture)
}

/// The textures of KHR_materials_sheen, _clearcoat, _transmission and _specular scale their
/// factors, and KHR_materials_ior sets the dielectric F0: a
/// factor of 1 with a texture of a flat value v renders like the factor v without a texture
/// (colour textures decoded as sRGB, the others read linearly from the channel the extension
/// names), and unlike the factor 1 alone.
#[test]
fn material_extension_textures_scale_their_factors() {
    let Some(gpu) = gpu() else {
        return;
    };
    // sRGB 188 is linear 0.5029; linear channels 128 are 0.50196. The clearcoat cases use the
    // extremes (no coat; a nearly smooth coat), where the coat changes the picture most.
    let srgb_half = 0.5029;
    let half = 128.0 / 255.0;
    type Ext = fn(Option<usize>, f64) -> serde_json::Value;
    let cases: [(&str, &str, [u8; 4], Ext, f64); 8] = [
        (
            "sheen colour",
            "KHR_materials_sheen",
            [188, 188, 188, 255],
            |t, v| {
                let mut e =
                    serde_json::json!({"sheenColorFactor": [v, v, v], "sheenRoughnessFactor": 0.4});
                if let Some(t) = t {
                    e["sheenColorTexture"] = serde_json::json!({"index": t});
                }
                e
            },
            srgb_half,
        ),
        (
            "sheen roughness",
            "KHR_materials_sheen",
            [255, 255, 255, 128],
            |t, v| {
                let mut e = serde_json::json!({"sheenColorFactor": [1.0, 1.0, 1.0], "sheenRoughnessFactor": v});
                if let Some(t) = t {
                    e["sheenRoughnessTexture"] = serde_json::json!({"index": t});
                }
                e
            },
            half,
        ),
        (
            "clearcoat",
            "KHR_materials_clearcoat",
            [0, 255, 255, 255],
            |t, v| {
                let mut e =
                    serde_json::json!({"clearcoatFactor": v, "clearcoatRoughnessFactor": 0.05});
                if let Some(t) = t {
                    e["clearcoatTexture"] = serde_json::json!({"index": t});
                }
                e
            },
            0.0,
        ),
        (
            "clearcoat roughness",
            "KHR_materials_clearcoat",
            [255, 26, 255, 255],
            |t, v| {
                let mut e =
                    serde_json::json!({"clearcoatFactor": 1.0, "clearcoatRoughnessFactor": v});
                if let Some(t) = t {
                    e["clearcoatRoughnessTexture"] = serde_json::json!({"index": t});
                }
                e
            },
            26.0 / 255.0,
        ),
        // KHR_materials_ior and _specular (an index of 3 gives F0 0.25, where changes show).
        (
            "ior 1 is F0 0 like a black specular colour",
            "KHR_materials_specular",
            [0, 0, 0, 255],
            |t, v| {
                if t.is_some() {
                    serde_json::json!({"KHR_materials_ior": {"ior": 1.0}})
                } else {
                    serde_json::json!({"KHR_materials_specular": {"specularColorFactor": [v, v, v]}})
                }
            },
            0.0,
        ),
        (
            "specular strength",
            "KHR_materials_specular",
            [255, 255, 255, 128],
            |t, v| {
                let mut e = serde_json::json!({"specularFactor": v});
                if let Some(t) = t {
                    e["specularTexture"] = serde_json::json!({"index": t});
                }
                serde_json::json!({"KHR_materials_specular": e, "KHR_materials_ior": {"ior": 3.0}})
            },
            half,
        ),
        (
            "specular colour",
            "KHR_materials_specular",
            [188, 188, 188, 255],
            |t, v| {
                let mut e = serde_json::json!({"specularColorFactor": [v, v, v]});
                if let Some(t) = t {
                    e["specularColorTexture"] = serde_json::json!({"index": t});
                }
                serde_json::json!({"KHR_materials_specular": e, "KHR_materials_ior": {"ior": 3.0}})
            },
            srgb_half,
        ),
        (
            "transmission",
            "KHR_materials_transmission",
            [128, 255, 255, 255],
            |t, v| {
                let mut e = serde_json::json!({"transmissionFactor": v});
                if let Some(t) = t {
                    e["transmissionTexture"] = serde_json::json!({"index": t});
                }
                e
            },
            half,
        ),
    ];
    let sofa = std::fs::read(root().join("models/oslo-sofa.glb")).unwrap();
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    for (what, name, rgba, ext, value) in cases {
        let (with_texture, texture) = add_solid_texture(&sofa, rgba);
        let shoot = |glb: &[u8], texture: Option<usize>, factor: f64, renderer: &mut Renderer| {
            let glb = edit_glb(glb, |j| {
                let extensions = match ext(texture, factor) {
                    serde_json::Value::Object(o) if o.keys().all(|k| k.starts_with("KHR_")) => {
                        serde_json::Value::Object(o)
                    }
                    e => serde_json::json!({ name: e }),
                };
                let used = j["extensionsUsed"].as_array_mut();
                let names: Vec<serde_json::Value> = extensions
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|k| serde_json::json!(k))
                    .collect();
                match used {
                    Some(used) => used.extend(names),
                    None => j["extensionsUsed"] = serde_json::Value::Array(names),
                }
                for m in j["materials"].as_array_mut().unwrap() {
                    m["extensions"] = extensions.clone();
                }
            });
            let model = asset::load(&glb, &Limits::default(), None)
                .unwrap_or_else(|e| panic!("{what}: the edited sofa loads: {e}"));
            shoot_alone(&gpu, renderer, &model, 0.0, [0.2, 0.3, 0.6, 1.0])
        };
        let textured = shoot(&with_texture, Some(texture), 1.0, &mut renderer);
        let same = shoot(&sofa, None, value, &mut renderer);
        let full = shoot(&sofa, None, 1.0, &mut renderer);
        let (mean_same, _, _) = compare(&textured, &same);
        let (mean_full, _, _) = compare(&textured, &full);
        eprintln!(
            "{what}: texture vs factor {value:.3}: {mean_same:.3}; vs factor 1: {mean_full:.3}"
        );
        assert!(
            mean_same < 0.25 && mean_full > 4.0 * mean_same.max(0.05),
            "{what}: the texture should act like the factor {value}: mean difference {mean_same:.3} \
             (vs factor 1: {mean_full:.3})"
        );
    }
}

/// Alpha mode MASK (its own pipeline, the only opaque one whose shader discards): every material
/// of the armchair masked with a base alpha above the cutoff draws exactly the opaque picture;
/// below the cutoff nothing of it is drawn (drawn without its contact shadow, over a transparent
/// background, so any drawn pixel has alpha).
#[test]
fn alpha_mask_keeps_fragments_above_the_cutoff_and_discards_those_below() {
    let Some(gpu) = gpu() else {
        return;
    };
    let opaque = std::fs::read(root().join("models/oslo-armchair.glb")).unwrap();
    let masked = |alpha: f64| {
        edit_glb(&opaque, |j| {
            for m in j["materials"].as_array_mut().unwrap() {
                m["alphaMode"] = "MASK".into();
                m["alphaCutoff"] = 0.5.into();
                let pbr = m
                    .as_object_mut()
                    .unwrap()
                    .entry("pbrMetallicRoughness")
                    .or_insert_with(|| serde_json::json!({}));
                let f = pbr
                    .as_object_mut()
                    .unwrap()
                    .entry("baseColorFactor")
                    .or_insert_with(|| serde_json::json!([1.0, 1.0, 1.0, 1.0]));
                f[3] = alpha.into();
            }
        })
    };
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    let clear = [0.0, 0.0, 0.0, 0.0];
    let mut shoot = |bytes: &[u8]| {
        let model = asset::load(bytes, &Limits::default(), None).unwrap();
        shoot_alone(&gpu, &mut renderer, &model, 0.0, clear)
    };
    let (base, above, below) = (shoot(&opaque), shoot(&masked(0.75)), shoot(&masked(0.25)));
    let drawn = |px: &[u8]| px.chunks_exact(4).filter(|p| p[3] > 0).count();
    eprintln!(
        "armchair pixels: opaque {}, masked above the cutoff {}, below {}",
        drawn(&base),
        drawn(&above),
        drawn(&below)
    );
    assert!(drawn(&base) > 5000, "the armchair is drawn");
    assert!(above == base, "above the cutoff: the opaque picture");
    assert_eq!(drawn(&below), 0, "below the cutoff: nothing");
}

/// Multisampling off (what the element does while a slow view moves) draws the same picture
/// but for the edges; on again, it draws exactly what it drew before. A model uploaded while it
/// is off is drawn once it is on again (its pipelines for 4× are made then), with its contact
/// shadow and selection outline.
#[test]
fn multisampling_off_changes_only_edges_and_on_again_restores_the_picture() {
    let Some(gpu) = gpu() else {
        return;
    };
    let mut renderer = Renderer::new(&gpu.device, &gpu.queue, wgpu::TextureFormat::Rgba8UnormSrgb);
    assert!(renderer.multisample());
    let sofa = sample("oslo-sofa");
    let id = renderer.upload(&sofa, &offscreen::decode_images(&sofa));
    let item = |model, x: f32, outline| SceneItem {
        model,
        transform: glam::Mat4::from_translation(glam::Vec3::new(x, 0.0, 0.0)),
        variant: None,
        shadow: 0.8,
        outline,
    };
    let mut scene = Scene {
        items: vec![item(id, 0.0, true)],
        clear: Some([0.93, 0.93, 0.93, 1.0]),
        ..Default::default()
    };
    let camera = Camera::framing(&sofa.bounds, 0.6, 0.35, 1.0, 1.0);
    let shoot = |renderer: &mut Renderer, scene: &Scene| {
        offscreen::render_rgba(&gpu, renderer, scene, &camera, SIZE, SIZE).unwrap()
    };
    let on = shoot(&mut renderer, &scene);
    renderer.set_multisample(false);
    assert!(!renderer.multisample());
    let off = shoot(&mut renderer, &scene);
    renderer.set_multisample(true);
    assert_eq!(
        shoot(&mut renderer, &scene),
        on,
        "4x again draws what it drew"
    );

    // Off differs at edges only: some pixels, few of them.
    let differing = on
        .chunks_exact(4)
        .zip(off.chunks_exact(4))
        .filter(|(a, b)| a != b)
        .count();
    let share = differing as f64 / (SIZE * SIZE) as f64;
    assert!(differing > 0, "one sample per pixel must change the edges");
    assert!(share < 0.08, "{:.1} % of the pixels changed", share * 100.0);
    let (mean, outliers, _) = compare(&off, &on);
    assert!(mean < MEAN_TOLERANCE, "mean difference {mean}");
    assert!(outliers < 0.05, "{outliers}");

    // A model uploaded with multisampling off, then drawn with it on.
    renderer.set_multisample(false);
    let chair = sample("oslo-armchair");
    let chair_id = renderer.upload(&chair, &offscreen::decode_images(&chair));
    scene.items.push(item(chair_id, 1.6, false));
    let off_both = shoot(&mut renderer, &scene);
    renderer.set_multisample(true);
    let on_both = shoot(&mut renderer, &scene);
    assert_ne!(on_both, on, "the armchair is drawn");
    let (mean, _, _) = compare(&on_both, &off_both);
    assert!(mean < MEAN_TOLERANCE, "mean difference {mean}");
}
