// Copies a rendered view into a WebXR layer framebuffer: one full-screen triangle per view that
// samples the view's resolved texture. wgpu's GL backend negates clip Y in every vertex shader
// so that its textures come out top-down; nothing flips the layer's (bottom-up, default or
// opaque) framebuffer back, so here uv.y follows clip y instead of the usual 1 - y.

@group(0) @binding(0) var source: texture_2d<f32>;
@group(0) @binding(1) var source_sampler: sampler;

struct Out {
    @builtin(position) pos: vec4<f32>,
    @location(0) uv: vec2<f32>,
};

@vertex
fn vs(@builtin(vertex_index) i: u32) -> Out {
    let p = vec2<f32>(f32((i << 1u) & 2u), f32(i & 2u));
    var o: Out;
    o.pos = vec4<f32>(p * 2.0 - 1.0, 0.0, 1.0);
    o.uv = p;
    return o;
}

@fragment
fn fs(i: Out) -> @location(0) vec4<f32> {
    return textureSampleLevel(source, source_sampler, i.uv, 0.0);
}
