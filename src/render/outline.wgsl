// The selection outline: the selected item's back faces pushed outward along their normals by
// a fixed width in pixels (an "inverted hull"), drawn in one colour behind its front faces,
// so a ring of that width shows around its silhouette.

struct Frame {
    view_proj: mat4x4<f32>,
};

struct Draw {
    model: mat4x4<f32>,
    normal: mat4x4<f32>,
};

struct Outline {
    // Premultiplied colour as written to the target.
    color: vec4<f32>,
    // x: width in pixels, yz: target size in pixels.
    params: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: Frame;
@group(1) @binding(0) var<uniform> draw: Draw;
@group(2) @binding(0) var<uniform> outline: Outline;

@vertex
fn vs_main(@location(0) position: vec3<f32>, @location(1) normal: vec3<f32>) -> @builtin(position) vec4<f32> {
    let world = draw.model * vec4<f32>(position, 1.0);
    var clip = frame.view_proj * world;
    let n = (draw.normal * vec4<f32>(normal, 0.0)).xyz;
    let n_clip = (frame.view_proj * vec4<f32>(n, 0.0)).xy;
    let len = length(n_clip);
    if len > 1e-6 {
        // NDC spans 2 units across the target: one pixel is 2 / size.
        let offset = n_clip / len * outline.params.x * 2.0 / outline.params.yz;
        clip = vec4<f32>(clip.xy + offset * clip.w, clip.zw);
    }
    return clip;
}

@fragment
fn fs_main() -> @location(0) vec4<f32> {
    return outline.color;
}
