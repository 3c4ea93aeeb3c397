// Occlusion by real depth (WebXR depth sensing, the AR build): before the furniture is drawn,
// one full-screen triangle writes the real world's depth into the view's depth attachment
// (colour writes off), so furniture, outlines and contact shadows behind real things fail the
// depth test. The depth map holds metres along the view's -Z axis; a texel is found through
// WebXR's normDepthBufferFromNormView from the fragment's normalized view coordinates (origin
// top left, as wgpu's fragment positions are) and converted to the view's NDC depth with the
// projection's z and w rows, pushed back by a slack so that virtual things standing on a real
// surface (a shadow on the real floor) are not hidden by that surface's noisy depth.

struct Occlusion {
    // normDepthBufferFromNormView (column-major).
    uv_from_view: mat4x4<f32>,
    // Target width and height in pixels, depth map width and height in texels.
    size: vec4<f32>,
    // The projection's z row (column 2, column 3) and w row (column 2, column 3).
    proj: vec4<f32>,
    // Slack: metres, fraction of the depth.
    slack: vec4<f32>,
};

@group(0) @binding(0) var<uniform> u: Occlusion;
@group(0) @binding(1) var depth_m: texture_2d<f32>;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> {
    let p = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    return vec4<f32>(p * 2.0 - 1.0, 0.0, 1.0);
}

struct Out {
    @builtin(frag_depth) depth: f32,
    @location(0) color: vec4<f32>,
};

@fragment
fn fs(@builtin(position) pos: vec4<f32>) -> Out {
    let view_uv = pos.xy / u.size.xy;
    let uv = (u.uv_from_view * vec4<f32>(view_uv, 0.0, 1.0)).xy;
    var z = 1.0;
    if (all(uv >= vec2<f32>(0.0)) && all(uv < vec2<f32>(1.0))) {
        let texel = vec2<i32>(floor(uv * u.size.zw));
        let d = textureLoad(depth_m, texel, 0).r;
        // No value (0, negative, NaN or absurd): nothing real is known there.
        if (d > 0.0 && d < 1000.0) {
            let far = d + u.slack.x + u.slack.y * d;
            let zc = -far * u.proj.x + u.proj.y;
            let wc = -far * u.proj.z + u.proj.w;
            if (wc > 0.0) {
                z = clamp(zc / wc, 0.0, 1.0);
            }
        }
    }
    var o: Out;
    o.depth = z;
    o.color = vec4<f32>(0.0);
    return o;
}
