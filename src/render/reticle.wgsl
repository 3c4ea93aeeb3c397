// AR markers drawn over the rendered furniture (no depth test): the placement reticle, a ring
// lying in the hit's plane, and the tape measure's end points and line (solid quads). Each
// marker is a unit square in its model matrix's XZ plane (-1..1 on both axes). Output is
// premultiplied alpha for the XR layer; colours are display (sRGB) values written as they are.

struct Marker {
    view_proj: mat4x4<f32>,
    model: mat4x4<f32>,
    // Premultiplied display colour.
    color: vec4<f32>,
    // x: 0 ring, 1 solid; y: inner radius of the ring (0..1).
    params: vec4<f32>,
};

@group(0) @binding(0) var<uniform> marker: Marker;

struct Out {
    @builtin(position) pos: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn vs(@builtin(vertex_index) i: u32) -> Out {
    let corner = vec2<f32>(f32(i & 1u), f32((i >> 1u) & 1u)) * 2.0 - 1.0;
    var o: Out;
    o.pos = marker.view_proj * marker.model * vec4<f32>(corner.x, 0.0, corner.y, 1.0);
    o.uv = corner;
    return o;
}

@fragment
fn fs(i: Out) -> @location(0) vec4<f32> {
    if marker.params.x > 0.5 {
        return marker.color;
    }
    let r = length(i.uv);
    let w = fwidth(r) * 1.5;
    let inner = marker.params.y;
    let a = smoothstep(inner - w, inner, r) * (1.0 - smoothstep(1.0 - w, 1.0, r));
    return marker.color * a;
}
