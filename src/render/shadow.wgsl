// Contact shadows. `bake` renders a model from below into a small map: each texel holds how
// dark the floor is there, from the lowest surface above it (dark when it touches the floor,
// fading out by `fade` metres). `blur` softens it (run twice, across and down). `floor` draws
// the map as a soft black shadow on a quad under the item, transparent elsewhere, so it lies
// over a camera image as well as over the studio floor.

struct Bake {
    // xy: footprint centre (x, z), zw: half extents.
    rect: vec4<f32>,
    // x: fade height in metres.
    params: vec4<f32>,
};

struct Draw {
    model: mat4x4<f32>,
    normal: mat4x4<f32>,
};

@group(0) @binding(0) var<uniform> bake: Bake;
@group(1) @binding(0) var<uniform> draw: Draw;

struct BakeOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) height: f32,
};

@vertex
fn bake_vs(@location(0) position: vec3<f32>) -> BakeOut {
    let world = draw.model * vec4<f32>(position, 1.0);
    var out: BakeOut;
    let xy = (world.xz - bake.rect.xy) / bake.rect.zw;
    out.clip = vec4<f32>(xy.x, -xy.y, 0.5, 1.0);
    out.height = world.y;
    return out;
}

@fragment
fn bake_fs(in: BakeOut) -> @location(0) vec4<f32> {
    let fade = bake.params.x;
    let d = 1.0 - smoothstep(0.0, fade, max(in.height, 0.0));
    return vec4<f32>(d * d, 0.0, 0.0, 1.0);
}

struct Quad {
    @builtin(position) clip: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn blur_vs(@builtin(vertex_index) i: u32) -> Quad {
    let uv = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    var out: Quad;
    out.clip = vec4<f32>(uv * vec2<f32>(2.0, -2.0) + vec2<f32>(-1.0, 1.0), 0.0, 1.0);
    out.uv = uv;
    return out;
}

struct Blur {
    // xy: one texel step in the blur direction.
    step: vec4<f32>,
};

@group(0) @binding(0) var<uniform> blur: Blur;
@group(0) @binding(1) var src: texture_2d<f32>;
@group(0) @binding(2) var samp: sampler;

@fragment
fn blur_fs(in: Quad) -> @location(0) vec4<f32> {
    // 9-tap Gaussian (sigma about 2 texels) from 5 linear samples.
    let w = array<f32, 3>(0.2270270, 0.3162162, 0.0702703);
    let o = array<f32, 3>(0.0, 1.3846154, 3.2307692);
    var sum = textureSample(src, samp, in.uv).r * w[0];
    for (var k = 1; k < 3; k++) {
        let d = blur.step.xy * o[k];
        sum += textureSample(src, samp, in.uv + d).r * w[k];
        sum += textureSample(src, samp, in.uv - d).r * w[k];
    }
    return vec4<f32>(sum, 0.0, 0.0, 1.0);
}

struct Frame {
    view_proj: mat4x4<f32>,
};

struct Floor {
    model: mat4x4<f32>,
    // xy: centre, zw: half extents of the shadow quad in model space.
    rect: vec4<f32>,
    // x: opacity.
    params: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: Frame;
@group(1) @binding(0) var<uniform> floor_quad: Floor;
@group(2) @binding(0) var shadow_map: texture_2d<f32>;
@group(2) @binding(1) var shadow_sampler: sampler;

@vertex
fn floor_vs(@builtin(vertex_index) i: u32) -> Quad {
    let corner = vec2<f32>(f32(i & 1u), f32((i >> 1u) & 1u));
    let r = floor_quad.rect;
    let local = vec3<f32>(r.x + (corner.x * 2.0 - 1.0) * r.z, 0.001, r.y + (corner.y * 2.0 - 1.0) * r.w);
    var out: Quad;
    out.clip = frame.view_proj * floor_quad.model * vec4<f32>(local, 1.0);
    out.uv = vec2<f32>(corner.x, corner.y);
    return out;
}

@fragment
fn floor_fs(in: Quad) -> @location(0) vec4<f32> {
    let a = textureSample(shadow_map, shadow_sampler, in.uv).r * floor_quad.params.x;
    // Premultiplied black.
    return vec4<f32>(0.0, 0.0, 0.0, a);
}
