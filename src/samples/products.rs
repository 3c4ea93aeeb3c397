//! The furniture: geometry, materials and variants of every sample product.
//!
//! Units are metres, +Y is up and the front faces +Z. Floor items stand on y = 0 centred on
//! the origin; wall items hang with their back on z = 0 and their bottom on y = 0.

use glam::{Vec2, Vec3};

use super::glb::{Gltf, Material, Primitive, TexRef, TexTransform};
use super::math::{parse_hex, sin_cos, srgb_to_linear};
use super::mesh::{
    Mesh, Outline, Profile, UvMap, box_corners, cuboid, cylinder, lathe, rotation_x, rotation_y,
    rounded_box,
};
use super::texture;

/// A colour choice offered both in the catalog and as a `KHR_materials_variants` variant.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Colorway {
    /// The glTF variant name, also the English display name.
    pub(crate) name: &'static str,
    pub(crate) name_zh: &'static str,
    /// sRGB `#rrggbb`.
    pub(crate) swatch: &'static str,
}

pub(crate) const OAT: Colorway = Colorway {
    name: "Oat",
    name_zh: "燕麦色",
    swatch: "#d9ccb4",
};
pub(crate) const FOREST: Colorway = Colorway {
    name: "Forest",
    name_zh: "森林绿",
    swatch: "#3f5e4a",
};
pub(crate) const TERRACOTTA: Colorway = Colorway {
    name: "Terracotta",
    name_zh: "陶土红",
    swatch: "#b8603e",
};
pub(crate) const SLATE: Colorway = Colorway {
    name: "Slate",
    name_zh: "石板灰",
    swatch: "#5b6470",
};

/// The sofa's fabric choices.
pub(crate) const SOFA_COLORWAYS: [Colorway; 3] = [OAT, FOREST, TERRACOTTA];
/// The armchair's fabric choices.
pub(crate) const ARMCHAIR_COLORWAYS: [Colorway; 4] = [OAT, FOREST, TERRACOTTA, SLATE];

/// One generated product model.
pub(crate) struct Model {
    pub(crate) id: &'static str,
    pub(crate) glb: Vec<u8>,
    /// Bounding box of every vertex, in metres.
    pub(crate) min: Vec3,
    pub(crate) max: Vec3,
    /// The `KHR_materials_variants` choices, empty when the product has none.
    pub(crate) colorways: Vec<Colorway>,
}

/// The shared textures, generated and PNG-encoded once for all models.
pub(crate) struct Textures {
    weave_color: Vec<u8>,
    weave_normal: Vec<u8>,
    /// Mean linear colour of the weave, used to make fabric colours match their swatches.
    weave_mean: f32,
    wood_color: Vec<u8>,
    wood_normal: Vec<u8>,
    ink_print: Vec<u8>,
}

/// Real-world size of the ink print's picture area (width, height).
const PRINT_SIZE: Vec2 = Vec2::new(0.38, 0.52);

impl Textures {
    /// Generates and encodes every texture.
    pub(crate) fn new() -> Textures {
        let (weave_color, weave_normal) = texture::weave(256);
        let mean = weave_color.mean_linear();
        let (wood_color, wood_normal) = texture::wood(512);
        let print = texture::ink_print(256, 512, PRINT_SIZE.x / PRINT_SIZE.y);
        Textures {
            weave_color: weave_color.to_png(),
            weave_normal: weave_normal.to_png(),
            weave_mean: (mean[0] + mean[1] + mean[2]) / 3.0,
            wood_color: wood_color.to_png(),
            wood_normal: wood_normal.to_png(),
            ink_print: print.to_png(),
        }
    }
}

/// Linear-light RGB of an sRGB `#rrggbb` colour (black if malformed).
pub(crate) fn linear_rgb(hex: &str) -> [f32; 3] {
    parse_hex(hex)
        .unwrap_or_default()
        .map(|c| srgb_to_linear(c) as f32)
}

const FABRIC_UV: UvMap = UvMap::new(0.2, Vec3::X);
const WOOD_UV: UvMap = UvMap::new(0.5, Vec3::X);
const WOOD_UV_UP: UvMap = UvMap::new(0.5, Vec3::Y);
const WOOD_UV_DEPTH: UvMap = UvMap::new(0.5, Vec3::Z);
const PLAIN_UV: UvMap = UvMap::new(0.5, Vec3::X);

const OAK: [f32; 3] = [1.0, 1.0, 1.0];
const WALNUT: [f32; 3] = [0.50, 0.36, 0.28];
const EBONY: [f32; 3] = [0.13, 0.11, 0.10];
const BLACK_METAL: [f32; 3] = [0.045, 0.045, 0.05];

type PartPrimitive = (Mesh, usize, Vec<(usize, usize)>);

/// One part of a product: a named node with a mesh of one or more primitives.
struct Part {
    name: &'static str,
    /// `(mesh, material, (material, variant) pairs)`.
    primitives: Vec<PartPrimitive>,
}

impl Part {
    fn new(name: &'static str) -> Part {
        Part {
            name,
            primitives: Vec::new(),
        }
    }

    /// Adds `mesh` drawn with `material`, or with `variants` mapped materials.
    fn with(mut self, mesh: Mesh, material: usize, variants: &[(usize, usize)]) -> Part {
        self.primitives.push((mesh, material, variants.to_vec()));
        self
    }
}

/// Builds one product's glTF document.
struct Builder<'t> {
    gltf: Gltf,
    tex: &'t Textures,
    weave: Option<(usize, usize)>,
    wood: Option<(usize, usize)>,
    nodes: Vec<usize>,
    bounds: Option<(Vec3, Vec3)>,
}

impl<'t> Builder<'t> {
    fn new(tex: &'t Textures) -> Builder<'t> {
        Builder {
            gltf: Gltf::new(),
            tex,
            weave: None,
            wood: None,
            nodes: Vec::new(),
            bounds: None,
        }
    }

    fn weave_textures(&mut self) -> (usize, usize) {
        if let Some(ids) = self.weave {
            return ids;
        }
        let color = self
            .gltf
            .add_png_texture("Fabric weave", &self.tex.weave_color);
        let normal = self
            .gltf
            .add_png_texture("Fabric weave normal", &self.tex.weave_normal);
        self.weave = Some((color, normal));
        (color, normal)
    }

    fn wood_textures(&mut self) -> (usize, usize) {
        if let Some(ids) = self.wood {
            return ids;
        }
        let color = self
            .gltf
            .add_png_texture("Wood grain", &self.tex.wood_color);
        let normal = self
            .gltf
            .add_png_texture("Wood grain normal", &self.tex.wood_normal);
        self.wood = Some((color, normal));
        (color, normal)
    }

    /// A woven fabric material whose average colour is the swatch `hex` (not yet added).
    fn fabric_spec(&mut self, name: &str, hex: &str, roughness: f32) -> Material {
        let (color, normal) = self.weave_textures();
        let mean = self.tex.weave_mean.max(0.05);
        let rgb = linear_rgb(hex).map(|c| (c / mean).min(1.0));
        Material {
            base_color_texture: Some(TexRef {
                texture: color,
                transform: None,
            }),
            normal_texture: Some(TexRef {
                texture: normal,
                transform: None,
            }),
            ..Material::plain(name, rgb, 0.0, roughness)
        }
    }

    /// Adds a woven fabric whose average colour is the swatch `hex`.
    fn fabric(&mut self, name: &str, hex: &str, roughness: f32) -> usize {
        let material = self.fabric_spec(name, hex, roughness);
        self.gltf.add_material(&material)
    }

    /// One fabric material per colourway, each declared as a variant. Returns
    /// `(material, variant)` pairs; the first material is the default.
    fn fabric_variants(&mut self, product: &str, colorways: &[Colorway]) -> Vec<(usize, usize)> {
        colorways
            .iter()
            .map(|c| {
                let variant = self.gltf.add_variant(c.name);
                let material = self.fabric(&format!("{product} fabric {}", c.name), c.swatch, 0.85);
                (material, variant)
            })
            .collect()
    }

    /// A wood finish: the grain texture tinted by `tint`.
    fn wood(
        &mut self,
        name: &str,
        tint: [f32; 3],
        roughness: f32,
        transform: Option<TexTransform>,
    ) -> usize {
        let (color, normal) = self.wood_textures();
        let material = Material {
            base_color_texture: Some(TexRef {
                texture: color,
                transform,
            }),
            normal_texture: Some(TexRef {
                texture: normal,
                transform,
            }),
            normal_scale: 0.6,
            ..Material::plain(name, tint, 0.0, roughness)
        };
        self.gltf.add_material(&material)
    }

    fn material(&mut self, material: &Material) -> usize {
        self.gltf.add_material(material)
    }

    fn part(&mut self, part: Part) {
        let mut prims = Vec::new();
        for (mesh, material, variants) in &part.primitives {
            if let Some((lo, hi)) = mesh.bounds() {
                self.bounds = Some(match self.bounds {
                    Some((a, b)) => (a.min(lo), b.max(hi)),
                    None => (lo, hi),
                });
            }
            prims.push(Primitive {
                mesh,
                material: *material,
                variants: variants.clone(),
            });
        }
        let mesh = self.gltf.add_mesh(part.name, &prims);
        let node = self.gltf.add_node(part.name, Some(mesh), &[]);
        self.nodes.push(node);
    }

    fn finish(mut self, id: &'static str, title: &str, colorways: &[Colorway]) -> Model {
        let children = std::mem::take(&mut self.nodes);
        let root = self.gltf.add_node(title, None, &children);
        let (min, max) = self.bounds.unwrap_or_default();
        Model {
            id,
            glb: self.gltf.to_glb(title, &[root]),
            min,
            max,
            colorways: colorways.to_vec(),
        }
    }
}

fn v3(x: f32, y: f32, z: f32) -> Vec3 {
    Vec3::new(x, y, z)
}

fn v2(x: f32, y: f32) -> Vec2 {
    Vec2::new(x, y)
}

fn merge(meshes: impl IntoIterator<Item = Mesh>) -> Mesh {
    let mut out = Mesh::default();
    for mesh in meshes {
        out.append(&mesh);
    }
    out
}

/// A round leg tapering from `top` radius down to `bottom` radius at the floor.
fn tapered_leg(at: Vec2, height: f32, bottom: f32, top: f32, uv: &UvMap) -> Mesh {
    cylinder(bottom, top, 0.0, height, 16, true, uv).translated(v3(at.x, 0.0, at.y))
}

/// Four legs at `(±x, ±z)`.
fn four(x: f32, z: f32, leg: impl Fn(Vec2) -> Mesh) -> Mesh {
    merge([v2(-x, -z), v2(x, -z), v2(-x, z), v2(x, z)].map(leg))
}

/// Three equal cushions across `x0..x1` with `gap` between them.
fn cushion_spans(x0: f32, x1: f32, count: u32, gap: f32) -> Vec<(f32, f32)> {
    let w = (x1 - x0 - gap * (count - 1) as f32) / count as f32;
    (0..count)
        .map(|i| {
            let a = x0 + i as f32 * (w + gap);
            (a, a + w)
        })
        .collect()
}

/// A cushion leaning back by `degrees` about its bottom-back edge.
fn tilted(mesh: Mesh, degrees: f32, pivot: Vec3) -> Mesh {
    mesh.translated(-pivot)
        .transformed(rotation_x(-degrees), pivot)
}

/// Upholstered seating shared by the sofa and the armchair.
struct Seating {
    width: f32,
    depth: f32,
    height: f32,
    leg_height: f32,
    arm_width: f32,
    arm_height: f32,
    back_depth: f32,
    seat_height: f32,
    seats: u32,
}

impl Seating {
    fn frame(&self) -> Mesh {
        let (hw, hd) = (self.width / 2.0, self.depth / 2.0);
        let inner = hw - self.arm_width;
        let y0 = self.leg_height;
        merge([
            rounded_box(
                v3(-hw, y0, -hd),
                v3(-inner, self.arm_height, hd),
                0.06,
                3,
                &FABRIC_UV,
            ),
            rounded_box(
                v3(inner, y0, -hd),
                v3(hw, self.arm_height, hd),
                0.06,
                3,
                &FABRIC_UV,
            ),
            rounded_box(
                v3(-inner, y0, -hd),
                v3(inner, self.height, -hd + self.back_depth),
                0.06,
                3,
                &FABRIC_UV,
            ),
            rounded_box(
                v3(-inner, y0, -hd + self.back_depth - 0.05),
                v3(inner, self.seat_height, hd - 0.02),
                0.04,
                2,
                &FABRIC_UV,
            ),
        ])
    }

    fn cushions(&self) -> Mesh {
        let (hw, hd) = (self.width / 2.0, self.depth / 2.0);
        let inner = hw - self.arm_width - 0.005;
        let back = -hd + self.back_depth;
        let seat_top = self.seat_height + 0.13;
        let mut out = Mesh::default();
        for (x0, x1) in cushion_spans(-inner, inner, self.seats, 0.01) {
            out.append(&rounded_box(
                v3(x0, self.seat_height, back + 0.01),
                v3(x1, seat_top, hd - 0.01),
                0.05,
                3,
                &FABRIC_UV,
            ));
            let cushion = rounded_box(
                v3(x0 + 0.01, seat_top, back),
                v3(x1 - 0.01, self.height - 0.05, back + 0.18),
                0.06,
                3,
                &FABRIC_UV,
            );
            out.append(&tilted(cushion, 9.0, v3(0.0, seat_top, back)));
        }
        out
    }
}

fn oslo_sofa(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let fabric = b.fabric_variants("Oslo", &SOFA_COLORWAYS);
    let oak = b.wood("Oiled oak", OAK, 0.5, None);
    let sofa = Seating {
        width: 2.10,
        depth: 0.92,
        height: 0.83,
        leg_height: 0.14,
        arm_width: 0.18,
        arm_height: 0.62,
        back_depth: 0.22,
        seat_height: 0.40,
        seats: 3,
    };
    b.part(Part::new("Oslo sofa frame").with(sofa.frame(), fabric[0].0, &fabric));
    b.part(Part::new("Oslo sofa cushions").with(sofa.cushions(), fabric[0].0, &fabric));
    let legs = four(0.96, 0.38, |at| {
        tapered_leg(at, 0.14, 0.016, 0.024, &WOOD_UV_UP)
    });
    b.part(Part::new("Oslo sofa legs").with(legs, oak, &[]));
    b.finish("oslo-sofa", "Oslo three-seat sofa", &SOFA_COLORWAYS)
}

fn oslo_armchair(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let fabric = b.fabric_variants("Oslo", &ARMCHAIR_COLORWAYS);
    let steel = b.material(&Material::plain("Black steel", BLACK_METAL, 1.0, 0.4));
    let chair = Seating {
        width: 0.86,
        depth: 0.88,
        height: 0.80,
        leg_height: 0.12,
        arm_width: 0.13,
        arm_height: 0.60,
        back_depth: 0.20,
        seat_height: 0.37,
        seats: 1,
    };
    b.part(Part::new("Oslo armchair frame").with(chair.frame(), fabric[0].0, &fabric));
    b.part(Part::new("Oslo armchair cushions").with(chair.cushions(), fabric[0].0, &fabric));
    let legs = four(0.36, 0.37, |at| {
        tapered_leg(at, 0.12, 0.011, 0.016, &PLAIN_UV)
    });
    b.part(Part::new("Oslo armchair legs").with(legs, steel, &[]));
    b.finish("oslo-armchair", "Oslo armchair", &ARMCHAIR_COLORWAYS)
}

fn lumen_floor_lamp(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let steel = b.material(&Material::plain("Black steel", BLACK_METAL, 1.0, 0.4));
    let shade = Material {
        emissive: [0.85, 0.68, 0.45],
        double_sided: true,
        ..b.fabric_spec("Linen shade", "#efe6d2", 0.85)
    };
    let shade = b.material(&shade);
    let bulb = b.material(&Material {
        emissive: [1.0, 0.86, 0.66],
        emissive_strength: Some(4.0),
        ..Material::plain("Warm bulb", [1.0, 0.97, 0.9], 0.0, 0.2)
    });
    let base = lathe(
        &Profile::new()
            .line(v2(0.0, 0.0), v2(0.1275, 0.0))
            .arc(v2(0.1275, 0.0125), 0.0125, -90.0, 90.0, 6)
            .line(v2(0.1275, 0.025), v2(0.0, 0.025)),
        48,
        &PLAIN_UV,
    );
    let pole = cylinder(0.011, 0.011, 0.025, 1.37, 16, false, &PLAIN_UV);
    let socket = cylinder(0.02, 0.02, 1.36, 1.42, 20, true, &PLAIN_UV);
    let spider = merge((0..3).map(|i| {
        cuboid(v3(0.018, 1.395, -0.003), v3(0.180, 1.405, 0.003), &PLAIN_UV)
            .transformed(rotation_y(90.0 + 120.0 * i as f32), Vec3::ZERO)
    }));
    let rim = |y: f32, r: f32| {
        lathe(
            &Profile::new().arc(v2(r, y), 0.003, -180.0, 180.0, 6),
            48,
            &PLAIN_UV,
        )
    };
    let metal = merge([
        base,
        pole,
        socket,
        spider,
        rim(1.297, 0.197),
        rim(1.597, 0.152),
    ]);
    b.part(Part::new("Lumen base and stem").with(metal, steel, &[]));
    let shade_mesh = lathe(
        &Profile::new().line(v2(0.197, 1.297), v2(0.152, 1.597)),
        48,
        &FABRIC_UV,
    );
    b.part(Part::new("Lumen shade").with(shade_mesh, shade, &[]));
    let bulb_mesh = lathe(
        &Profile::new().arc(v2(0.0, 1.475), 0.055, -90.0, 90.0, 10),
        24,
        &PLAIN_UV,
    );
    b.part(Part::new("Lumen bulb").with(bulb_mesh, bulb, &[]));
    b.finish("lumen-floor-lamp", "Lumen floor lamp", &[])
}

fn harvest_dining_table(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    // The top stretches the grain along the table and shifts it so it does not line up with
    // the legs: a KHR_texture_transform on both the colour and the normal map.
    let top_grain = TexTransform {
        offset: [0.13, 0.29],
        scale: [0.6, 1.0],
    };
    let top_material = b.wood("Oak top", OAK, 0.45, Some(top_grain));
    let oak = b.wood("Oak", OAK, 0.5, None);
    let top = rounded_box(
        v3(-0.9, 0.715, -0.45),
        v3(0.9, 0.75, 0.45),
        0.008,
        1,
        &WOOD_UV,
    );
    b.part(Part::new("Harvest table top").with(top, top_material, &[]));
    let leg = |at: Vec2| {
        let (t, f) = (0.0375, 0.025);
        let mut c = box_corners(v3(-t, 0.0, -t), v3(t, 0.715, t));
        for corner in c.iter_mut().filter(|p| p.y == 0.0) {
            corner.x = corner.x.signum() * f;
            corner.z = corner.z.signum() * f;
        }
        let mut mesh = Mesh::default();
        mesh.hexahedron(c.map(|p| p + v3(at.x, 0.0, at.y)), &WOOD_UV_UP);
        mesh
    };
    let legs = four(0.80, 0.35, leg);
    let aprons = merge([
        cuboid(v3(-0.77, 0.62, 0.335), v3(0.77, 0.715, 0.355), &WOOD_UV),
        cuboid(v3(-0.77, 0.62, -0.355), v3(0.77, 0.715, -0.335), &WOOD_UV),
        cuboid(
            v3(-0.795, 0.62, -0.32),
            v3(-0.775, 0.715, 0.32),
            &WOOD_UV_DEPTH,
        ),
        cuboid(
            v3(0.775, 0.62, -0.32),
            v3(0.795, 0.715, 0.32),
            &WOOD_UV_DEPTH,
        ),
    ]);
    b.part(Part::new("Harvest table base").with(merge([legs, aprons]), oak, &[]));
    b.finish("harvest-dining-table", "Harvest dining table", &[])
}

fn harvest_dining_chair(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let oak = b.wood("Oak", OAK, 0.5, None);
    let pad = b.fabric("Charcoal seat pad", "#4a4846", 0.9);
    let (hw, hd, s) = (0.225, 0.26, 0.035);
    let mut wood = Vec::new();
    for x in [-hw, hw - s] {
        wood.push(cuboid(v3(x, 0.0, hd - s), v3(x + s, 0.44, hd), &WOOD_UV_UP));
        wood.push(cuboid(
            v3(x, 0.0, -hd),
            v3(x + s, 0.82, -hd + s),
            &WOOD_UV_UP,
        ));
        let sx = x + 0.0075;
        wood.push(cuboid(
            v3(sx, 0.14, -hd + s),
            v3(sx + 0.02, 0.165, hd - s),
            &WOOD_UV_DEPTH,
        ));
    }
    let rail_x = hw - s;
    wood.extend([
        cuboid(v3(-hw, 0.42, -hd), v3(hw, 0.45, hd), &WOOD_UV),
        cuboid(
            v3(-rail_x, 0.66, -0.252),
            v3(rail_x, 0.80, -0.232),
            &WOOD_UV,
        ),
        cuboid(v3(-rail_x, 0.53, -0.25), v3(rail_x, 0.56, -0.234), &WOOD_UV),
        cuboid(v3(-rail_x, 0.12, 0.232), v3(rail_x, 0.14, 0.252), &WOOD_UV),
    ]);
    b.part(Part::new("Harvest chair frame").with(merge(wood), oak, &[]));
    let cushion = rounded_box(
        v3(-0.2, 0.45, -0.222),
        v3(0.2, 0.49, 0.25),
        0.018,
        2,
        &FABRIC_UV,
    );
    b.part(Part::new("Harvest chair seat pad").with(cushion, pad, &[]));
    b.finish("harvest-dining-chair", "Harvest dining chair", &[])
}

fn round_coffee_table(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let oak = b.wood("Oak", OAK, 0.5, None);
    let top = lathe(
        &Profile::new()
            .line(v2(0.0, 0.39), v2(0.435, 0.39))
            .arc(v2(0.435, 0.405), 0.015, -90.0, 90.0, 6)
            .line(v2(0.435, 0.42), v2(0.0, 0.42)),
        64,
        &WOOD_UV,
    );
    let shelf = cylinder(0.33, 0.33, 0.12, 0.14, 64, true, &WOOD_UV);
    let legs = merge((0..4).map(|i| {
        let (s, c) = sin_cos(std::f64::consts::FRAC_PI_4 * f64::from(2 * i + 1));
        let at = v2(0.30 * s as f32, 0.30 * c as f32);
        tapered_leg(at, 0.39, 0.018, 0.025, &WOOD_UV_UP)
    }));
    b.part(Part::new("Round coffee table top").with(top, oak, &[]));
    b.part(Part::new("Round coffee table base").with(merge([shelf, legs]), oak, &[]));
    b.finish("round-coffee-table", "Round coffee table", &[])
}

fn ladder_bookshelf(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let walnut = b.wood("Walnut", WALNUT, 0.5, None);
    let (height, hd, hw, rail_w, rail_d) = (1.8_f32, 0.175_f32, 0.40_f32, 0.035_f32, 0.045_f32);
    let top_front = -0.10_f32;
    // The front rails lean back: their front face runs from z = hd at the floor to top_front.
    let front_at = |y: f32| hd + (top_front - hd) * (y / height);
    let rail_uv = UvMap::new(0.5, v3(0.0, height, top_front - hd).normalize());
    let mut wood = Vec::new();
    for x0 in [-hw, hw - rail_w] {
        let c: [Vec3; 8] = std::array::from_fn(|i| {
            let x = if i & 1 == 0 { x0 } else { x0 + rail_w };
            let y = if i & 2 == 0 { 0.0 } else { height };
            let z = front_at(y) - if i & 4 == 0 { rail_d } else { 0.0 };
            v3(x, y, z)
        });
        let mut rail = Mesh::default();
        rail.hexahedron(c, &rail_uv);
        wood.push(rail);
        wood.push(cuboid(
            v3(x0, 0.0, -hd),
            v3(x0 + rail_w, height, -hd + 0.035),
            &WOOD_UV_UP,
        ));
    }
    for y in [0.12_f32, 0.48, 0.84, 1.20, 1.56] {
        wood.push(cuboid(
            v3(-hw + rail_w, y, -hd),
            v3(hw - rail_w, y + 0.022, front_at(y) - 0.005),
            &WOOD_UV,
        ));
    }
    wood.push(cuboid(
        v3(-hw + rail_w, 1.70, -hd),
        v3(hw - rail_w, 1.76, -hd + 0.018),
        &WOOD_UV,
    ));
    b.part(Part::new("Ladder bookshelf").with(merge(wood), walnut, &[]));
    b.finish("ladder-bookshelf", "Ladder bookshelf", &[])
}

/// A cloud-like outline: a rounded rectangle with scalloped edges, scaled to exactly
/// `2 * half` and centred.
fn cloud_outline(half: Vec2, lobes: u32, points: u32) -> Vec<Vec2> {
    let (core, r, amp) = (half - Vec2::splat(0.06), 0.32_f32, 0.05_f32);
    let (sx, sz) = (core.x - r, core.y - r);
    let quarter = std::f32::consts::FRAC_PI_2 * r;
    // Straight edges and corner arcs in order around the outline.
    let lengths = [
        2.0 * sz,
        quarter,
        2.0 * sx,
        quarter,
        2.0 * sz,
        quarter,
        2.0 * sx,
        quarter,
    ];
    let total: f32 = lengths.iter().sum();
    let at = |s: f32| -> (Vec2, Vec2) {
        let mut s = s;
        for (k, &len) in lengths.iter().enumerate() {
            if s <= len || k == 7 {
                let t = (s / len).clamp(0.0, 1.0);
                let side = (k / 2) as f64;
                let corner = |a: f64| {
                    let (sn, cs) = sin_cos(a);
                    v2(cs as f32, sn as f32)
                };
                return if k % 2 == 0 {
                    // Edge k/2: right (+x), top (+z), left, bottom.
                    let n = corner(side * std::f64::consts::FRAC_PI_2);
                    let tangent = v2(-n.y, n.x);
                    let extent = if k % 4 == 0 { sz } else { sx };
                    let centre = v2(n.x * (sx + r), n.y * (sz + r));
                    (centre + tangent * extent * (2.0 * t - 1.0), n)
                } else {
                    let a = (side + f64::from(t)) * std::f64::consts::FRAC_PI_2;
                    let n = corner(a);
                    let c = corner((side + 0.5) * std::f64::consts::FRAC_PI_2);
                    let centre = v2(c.x.signum() * sx, c.y.signum() * sz);
                    (centre + n * r, n)
                };
            }
            s -= len;
        }
        (Vec2::ZERO, Vec2::X)
    };
    let raw: Vec<Vec2> = (0..points)
        .map(|i| {
            let s = total * i as f32 / points as f32;
            let (p, n) = at(s);
            let phase = std::f64::consts::PI * f64::from(lobes) * f64::from(s / total);
            let bump = sin_cos(phase).0.abs() as f32;
            p + n * amp * bump
        })
        .collect();
    let (lo, hi) = raw
        .iter()
        .fold((raw[0], raw[0]), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
    raw.iter()
        .map(|p| (*p - lo) / (hi - lo) * (half * 2.0) - half)
        .collect()
}

fn cloud_rug(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let field = b.fabric("Mist wool", "#dcdcd4", 0.95);
    let border = b.fabric("Ink wool", "#34404f", 0.95);
    let outline = Outline::new(cloud_outline(v2(1.0, 0.7), 18, 216));
    let top = 0.01;
    let field_mesh = merge([
        outline.ring(0.0, 0.45, top, true, &FABRIC_UV),
        outline.ring(0.45, 0.87, top, true, &FABRIC_UV),
    ]);
    let border_mesh = merge([
        outline.ring(0.87, 1.0, top, true, &FABRIC_UV),
        outline.wall(0.0, top, &FABRIC_UV),
        outline.ring(0.0, 1.0, 0.0, false, &FABRIC_UV),
    ]);
    b.part(
        Part::new("Cloud rug")
            .with(field_mesh, field, &[])
            .with(border_mesh, border, &[]),
    );
    b.finish("cloud-rug", "Cloud rug", &[])
}

fn ink_framed_print(tex: &Textures) -> Model {
    let mut b = Builder::new(tex);
    let frame = b.wood("Ebonised ash", EBONY, 0.45, None);
    let mat = b.material(&Material::plain("Mat board", [0.80, 0.78, 0.72], 0.0, 0.95));
    let print_texture = b.gltf.add_png_texture("Ink landscape", &tex.ink_print);
    let print = b.material(&Material {
        base_color_texture: Some(TexRef {
            texture: print_texture,
            transform: None,
        }),
        ..Material::plain("Ink landscape print", [1.0; 3], 0.0, 0.9)
    });
    let (hw, h, d, bar) = (0.30_f32, 0.80_f32, 0.03_f32, 0.035_f32);
    let frame_mesh = merge([
        rounded_box(v3(-hw, 0.0, 0.0), v3(hw, bar, d), 0.004, 1, &WOOD_UV),
        rounded_box(v3(-hw, h - bar, 0.0), v3(hw, h, d), 0.004, 1, &WOOD_UV),
        rounded_box(
            v3(-hw, bar, 0.0),
            v3(-hw + bar, h - bar, d),
            0.004,
            1,
            &WOOD_UV_UP,
        ),
        rounded_box(
            v3(hw - bar, bar, 0.0),
            v3(hw, h - bar, d),
            0.004,
            1,
            &WOOD_UV_UP,
        ),
    ]);
    b.part(Part::new("Frame").with(frame_mesh, frame, &[]));
    let mat_mesh = cuboid(
        v3(-hw + bar, bar, 0.002),
        v3(hw - bar, h - bar, 0.016),
        &PLAIN_UV,
    );
    b.part(Part::new("Mat").with(mat_mesh, mat, &[]));
    let (pw, ph) = (PRINT_SIZE.x, PRINT_SIZE.y);
    let (x0, y0, z) = (-pw / 2.0, (h - ph) / 2.0 + 0.01, 0.017);
    let mut picture = Mesh::default();
    let ids = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)].map(|(u, v): (f32, f32)| {
        let p = v3(x0 + u * pw, y0 + (1.0 - v) * ph, z);
        picture.vertex(p, Vec3::Z, v2(u, v))
    });
    picture.tri(ids[0], ids[1], ids[2]);
    picture.tri(ids[0], ids[2], ids[3]);
    b.part(Part::new("Print").with(picture, print, &[]));
    b.finish("ink-framed-print", "Ink landscape framed print", &[])
}

/// Every sample product, in catalog order.
pub(crate) fn all(tex: &Textures) -> Vec<Model> {
    vec![
        oslo_sofa(tex),
        oslo_armchair(tex),
        lumen_floor_lamp(tex),
        harvest_dining_table(tex),
        harvest_dining_chair(tex),
        round_coffee_table(tex),
        ladder_bookshelf(tex),
        cloud_rug(tex),
        ink_framed_print(tex),
    ]
}
