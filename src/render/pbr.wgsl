// Physically based shading for glTF metallic-roughness materials (the BRDF of the Khronos glTF
// Sample Viewer: GGX distribution, height-correlated Smith visibility, Schlick Fresnel), lit by
// a key light, spherical-harmonics irradiance and a procedural studio environment, tone mapped
// with Khronos PBR Neutral.

struct Frame {
    view_proj: mat4x4<f32>,
    camera_pos: vec4<f32>,
    // xyz: unit direction towards the key light.
    light_dir: vec4<f32>,
    // rgb: key light colour times intensity.
    light_color: vec4<f32>,
    // Irradiance spherical harmonics, 9 RGB coefficients (L00, L1-1, L10, L11, L2-2, L2-1, L20, L21, L22).
    sh: array<vec4<f32>, 9>,
    // x: exposure, y: 1 when this shader must encode sRGB itself, z: reflection intensity,
    // w: the environment cube's last mip level (roughness 1).
    params: vec4<f32>,
};

struct Draw {
    model: mat4x4<f32>,
    normal: mat4x4<f32>,
};

struct Material {
    base_color: vec4<f32>,
    // rgb: emissive factor times strength.
    emissive: vec4<f32>,
    // metallic, roughness, normal scale, occlusion strength.
    pbr: vec4<f32>,
    // x: alpha cutoff, y: mode (0 opaque, 1 mask, 2 blend), z: 1 if a normal map is bound,
    // w: 1 if a specular or specular colour texture is bound (z, w and layers.w: what FEATURES
    // says; kept for the record, the shader reads FEATURES).
    alpha: vec4<f32>,
    // rgb: sheen colour, w: sheen roughness.
    sheen: vec4<f32>,
    // x: clearcoat factor, y: clearcoat roughness, z: transmission factor, w: which textures
    // are bound (1 base colour, 2 metallic-roughness, 4 occlusion, 8 emissive; the others read
    // as white, 1.0).
    layers: vec4<f32>,
    // rgb: dielectric F0 (KHR_materials_ior's ((ior - 1) / (ior + 1))^2 times
    // KHR_materials_specular's colour), w: specular weight. (0.04, 0.04, 0.04, 1) by default.
    specular: vec4<f32>,
    // UV transforms of base, metallic-roughness, normal, occlusion, emissive, sheen colour,
    // sheen roughness, clearcoat, clearcoat roughness, transmission, specular, specular colour:
    // two rows each; row 0 w: which UV set.
    uvx: array<vec4<f32>, 24>,
};

// What the material has, one bit each (render/gpu_model.rs, `features`): 1 base colour,
// 2 metallic-roughness, 4 occlusion and 8 emissive textures, 16 a normal map, 32 specular
// textures, 64 sheen, 128 clearcoat, 256 transmission. Each pipeline is made for one material
// set, so the compiler leaves out what the material does not have: GPUs that run every branch
// with its lanes masked (software ones above all) would otherwise pay for all of it.
override FEATURES: u32 = 511u;

@group(0) @binding(0) var<uniform> frame: Frame;
// The environment prefiltered for GGX: mip level = roughness * params.w.
@group(0) @binding(1) var env_map: texture_cube<f32>;
@group(0) @binding(2) var env_sampler: sampler;
@group(1) @binding(0) var<uniform> draw: Draw;
@group(2) @binding(0) var<uniform> material: Material;
@group(2) @binding(1) var samp: sampler;
@group(2) @binding(2) var t_base: texture_2d<f32>;
@group(2) @binding(3) var t_mr: texture_2d<f32>;
@group(2) @binding(4) var t_normal: texture_2d<f32>;
@group(2) @binding(5) var t_occlusion: texture_2d<f32>;
@group(2) @binding(6) var t_emissive: texture_2d<f32>;
// KHR_materials_sheen: colour (sRGB view, rgb) and roughness (alpha).
@group(2) @binding(7) var t_sheen_color: texture_2d<f32>;
@group(2) @binding(8) var t_sheen_roughness: texture_2d<f32>;
// KHR_materials_clearcoat: intensity (red) and roughness (green).
@group(2) @binding(9) var t_clearcoat: texture_2d<f32>;
@group(2) @binding(10) var t_clearcoat_roughness: texture_2d<f32>;
// KHR_materials_transmission (red).
@group(2) @binding(11) var t_transmission: texture_2d<f32>;
// KHR_materials_specular: strength (alpha) and colour (sRGB view, rgb).
@group(2) @binding(12) var t_specular: texture_2d<f32>;
@group(2) @binding(13) var t_specular_color: texture_2d<f32>;

struct VertexIn {
    @location(0) position: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) tangent: vec4<f32>,
    @location(3) uv0: vec2<f32>,
    @location(4) uv1: vec2<f32>,
    @location(5) color: vec4<f32>,
};

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    @location(2) tangent: vec4<f32>,
    @location(3) uv0: vec2<f32>,
    @location(4) uv1: vec2<f32>,
    @location(5) color: vec4<f32>,
};

@vertex
fn vs_main(v: VertexIn) -> VertexOut {
    var out: VertexOut;
    let world = draw.model * vec4<f32>(v.position, 1.0);
    out.clip = frame.view_proj * world;
    out.world = world.xyz;
    out.normal = (draw.normal * vec4<f32>(v.normal, 0.0)).xyz;
    out.tangent = vec4<f32>((draw.model * vec4<f32>(v.tangent.xyz, 0.0)).xyz, v.tangent.w);
    out.uv0 = v.uv0;
    out.uv1 = v.uv1;
    out.color = v.color;
    return out;
}

const PI: f32 = 3.141592653589793;

fn slot_uv(r0: vec4<f32>, r1: vec4<f32>, uv0: vec2<f32>, uv1: vec2<f32>) -> vec2<f32> {
    let uv = select(uv0, uv1, r0.w > 0.5);
    return vec2<f32>(dot(r0.xyz, vec3<f32>(uv, 1.0)), dot(r1.xyz, vec3<f32>(uv, 1.0)));
}

fn sh_irradiance(n: vec3<f32>) -> vec3<f32> {
    let c1 = 0.429043;
    let c2 = 0.511664;
    let c3 = 0.743125;
    let c4 = 0.886227;
    let c5 = 0.247708;
    return c1 * frame.sh[8].rgb * (n.x * n.x - n.y * n.y)
        + c3 * frame.sh[6].rgb * n.z * n.z
        + c4 * frame.sh[0].rgb
        - c5 * frame.sh[6].rgb
        + 2.0 * c1 * (frame.sh[4].rgb * n.x * n.y + frame.sh[7].rgb * n.x * n.z + frame.sh[5].rgb * n.y * n.z)
        + 2.0 * c2 * (frame.sh[3].rgb * n.x + frame.sh[1].rgb * n.y + frame.sh[2].rgb * n.z);
}

// Prefiltered environment radiance around `d` for `roughness`.
fn environment(d: vec3<f32>, roughness: f32) -> vec3<f32> {
    return textureSampleLevel(env_map, env_sampler, d, roughness * frame.params.w).rgb;
}

// Karis' analytic approximation of the split-sum environment BRDF.
fn env_brdf(f0: vec3<f32>, f90: vec3<f32>, roughness: f32, n_dot_v: f32) -> vec3<f32> {
    let c0 = vec4<f32>(-1.0, -0.0275, -0.572, 0.022);
    let c1 = vec4<f32>(1.0, 0.0425, 1.04, -0.04);
    let r = roughness * c0 + c1;
    let a004 = min(r.x * r.x, exp2(-9.28 * n_dot_v)) * r.x + r.y;
    let ab = vec2<f32>(-1.04, 1.04) * a004 + r.zw;
    return f0 * ab.x + f90 * ab.y;
}

fn pbr_neutral(color_in: vec3<f32>) -> vec3<f32> {
    let start_compression = 0.8 - 0.04;
    let desaturation = 0.15;
    let x = min(color_in.r, min(color_in.g, color_in.b));
    let offset = select(0.04, x - 6.25 * x * x, x < 0.08);
    var color = color_in - offset;
    let peak = max(color.r, max(color.g, color.b));
    if peak < start_compression {
        return color;
    }
    let d = 1.0 - start_compression;
    let new_peak = 1.0 - d * d / (peak + d - start_compression);
    color = color * (new_peak / peak);
    let g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0);
    return mix(color, vec3<f32>(new_peak), g);
}

fn srgb_encode(c: vec3<f32>) -> vec3<f32> {
    let lo = c * 12.92;
    let hi = 1.055 * pow(c, vec3<f32>(1.0 / 2.4)) - 0.055;
    return select(hi, lo, c <= vec3<f32>(0.0031308));
}

// Opaque materials: no discard anywhere in this entry point, so the GPU may test depth before
// shading (early depth / hidden surface removal); a discard in the shader turns that off on many
// GPUs, software ones included.
@fragment
fn fs_main(in: VertexOut, @builtin(front_facing) front: bool) -> @location(0) vec4<f32> {
    return shade(in, front);
}

// Alpha mode MASK (and blended materials, which may be masked too): fragments below the cutoff
// are discarded before shading.
@fragment
fn fs_mask(in: VertexOut, @builtin(front_facing) front: bool) -> @location(0) vec4<f32> {
    if material.alpha.y == 1.0 {
        var a = material.base_color.a * in.color.a;
        if (FEATURES & 1u) != 0u {
            a *= textureSample(t_base, samp, slot_uv(material.uvx[0], material.uvx[1], in.uv0, in.uv1)).a;
        }
        if a < material.alpha.x {
            discard;
        }
    }
    return shade(in, front);
}

// `material` and `frame` are read field by field, never copied whole into a `let`: some shader
// compilers then copy the whole uniform block for every fragment (on SwiftShader that copy took
// a third of the frame).
fn shade(in: VertexOut, front: bool) -> vec4<f32> {
    // Only bound textures are sampled (FEATURES): sampling is the costly part on weak and
    // software GPUs.
    var base_tex = vec4<f32>(1.0);
    if (FEATURES & 1u) != 0u {
        base_tex = textureSample(t_base, samp, slot_uv(material.uvx[0], material.uvx[1], in.uv0, in.uv1));
    }
    var mr_tex = vec4<f32>(1.0);
    if (FEATURES & 2u) != 0u {
        mr_tex = textureSample(t_mr, samp, slot_uv(material.uvx[2], material.uvx[3], in.uv0, in.uv1));
    }
    var occlusion_tex = vec4<f32>(1.0);
    if (FEATURES & 4u) != 0u {
        occlusion_tex = textureSample(t_occlusion, samp, slot_uv(material.uvx[6], material.uvx[7], in.uv0, in.uv1));
    }
    var emissive_tex = vec4<f32>(1.0);
    if (FEATURES & 8u) != 0u {
        emissive_tex = textureSample(t_emissive, samp, slot_uv(material.uvx[8], material.uvx[9], in.uv0, in.uv1));
    }

    let base = material.base_color * in.color * base_tex;

    var n = normalize(in.normal);
    if !front {
        n = -n;
    }
    if (FEATURES & 16u) != 0u {
        let normal_tex = textureSample(t_normal, samp, slot_uv(material.uvx[4], material.uvx[5], in.uv0, in.uv1));
        var t = in.tangent.xyz - n * dot(n, in.tangent.xyz);
        let tl = length(t);
        if tl > 1e-6 {
            t = t / tl;
            let b = cross(n, t) * in.tangent.w;
            var tn = normal_tex.xyz * 2.0 - 1.0;
            tn = vec3<f32>(tn.xy * material.pbr.z, tn.z);
            n = normalize(t * tn.x + b * tn.y + n * tn.z);
        }
    }

    let v = normalize(frame.camera_pos.xyz - in.world);
    let metallic = clamp(material.pbr.x * mr_tex.b, 0.0, 1.0);
    let roughness = clamp(material.pbr.y * mr_tex.g, 0.03, 1.0);
    let alpha = roughness * roughness;
    // Dielectric F0 from KHR_materials_ior and _specular; the specular weight scales the
    // dielectric reflection (F0 and F90), as in the Sample Viewer.
    var dielectric_f0 = material.specular.rgb;
    var specular_weight = material.specular.w;
    if (FEATURES & 32u) != 0u {
        dielectric_f0 *= textureSample(t_specular_color, samp, slot_uv(material.uvx[22], material.uvx[23], in.uv0, in.uv1)).rgb;
        specular_weight *= textureSample(t_specular, samp, slot_uv(material.uvx[20], material.uvx[21], in.uv0, in.uv1)).a;
    }
    dielectric_f0 = min(dielectric_f0, vec3<f32>(1.0));
    let f0 = mix(dielectric_f0 * specular_weight, base.rgb, metallic);
    let f90 = mix(vec3<f32>(specular_weight), vec3<f32>(1.0), metallic);
    let diffuse_color = base.rgb * (1.0 - metallic);
    let n_dot_v = clamp(abs(dot(n, v)), 0.001, 1.0);

    // Key light.
    let l = frame.light_dir.xyz;
    let h = normalize(l + v);
    let n_dot_l = clamp(dot(n, l), 0.0, 1.0);
    let n_dot_h = clamp(dot(n, h), 0.0, 1.0);
    let v_dot_h = clamp(dot(v, h), 0.0, 1.0);
    let f = f0 + (f90 - f0) * pow(1.0 - v_dot_h, 5.0);
    let a2 = alpha * alpha;
    let dd = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
    let d = a2 / (PI * dd * dd);
    let gv = n_dot_l * sqrt(n_dot_v * n_dot_v * (1.0 - a2) + a2);
    let gl = n_dot_v * sqrt(n_dot_l * n_dot_l * (1.0 - a2) + a2);
    let vis = select(0.0, 0.5 / (gv + gl), gv + gl > 0.0);
    var diffuse_light = (1.0 - f) * diffuse_color / PI * frame.light_color.rgb * n_dot_l;
    var color = diffuse_light + f * d * vis * frame.light_color.rgb * n_dot_l;

    // Sheen (KHR_materials_sheen), Charlie distribution with a simple visibility term, for
    // materials with a sheen colour.
    if (FEATURES & 64u) != 0u {
        let sheen_color = material.sheen.rgb
            * textureSample(t_sheen_color, samp, slot_uv(material.uvx[10], material.uvx[11], in.uv0, in.uv1)).rgb;
        let sheen_roughness = material.sheen.w
            * textureSample(t_sheen_roughness, samp, slot_uv(material.uvx[12], material.uvx[13], in.uv0, in.uv1)).a;
        let sr = max(sheen_roughness * sheen_roughness, 0.0001);
        let inv = 1.0 / sr;
        let sin2 = max(1.0 - n_dot_h * n_dot_h, 0.0078125);
        let charlie = (2.0 + inv) * pow(sin2, inv * 0.5) / (2.0 * PI);
        let sheen_vis = 1.0 / (4.0 * (n_dot_l + n_dot_v - n_dot_l * n_dot_v) + 1e-4);
        color += sheen_color * charlie * sheen_vis * frame.light_color.rgb * n_dot_l;
        color += sheen_color * sh_irradiance(n) / PI * 0.25 * (1.0 - sheen_roughness);
    }

    // Ambient: SH irradiance for diffuse, the studio for specular.
    let ao = 1.0 + material.pbr.w * (occlusion_tex.r - 1.0);
    let irradiance = max(sh_irradiance(n), vec3<f32>(0.0));
    let r = reflect(-v, n);
    let spec_env = environment(r, roughness) * frame.params.z;
    diffuse_light += diffuse_color * irradiance / PI * ao;
    color += (diffuse_color * irradiance / PI + spec_env * env_brdf(f0, f90, roughness, n_dot_v)) * ao;

    // Clearcoat (KHR_materials_clearcoat): a second, dielectric specular layer on the
    // geometric normal, dimming what lies under it by its Fresnel.
    if (FEATURES & 128u) != 0u {
        let cc = material.layers.x
            * textureSample(t_clearcoat, samp, slot_uv(material.uvx[14], material.uvx[15], in.uv0, in.uv1)).r;
        var ng = normalize(in.normal);
        if !front {
            ng = -ng;
        }
        let cr = clamp(
            material.layers.y
                * textureSample(t_clearcoat_roughness, samp, slot_uv(material.uvx[16], material.uvx[17], in.uv0, in.uv1)).g,
            0.03,
            1.0,
        );
        let ca = cr * cr;
        let cn_dot_v = clamp(abs(dot(ng, v)), 0.001, 1.0);
        let cn_dot_l = clamp(dot(ng, l), 0.0, 1.0);
        let cn_dot_h = clamp(dot(ng, h), 0.0, 1.0);
        let cf = 0.04 + 0.96 * pow(1.0 - cn_dot_v, 5.0);
        let ca2 = ca * ca;
        let cdd = cn_dot_h * cn_dot_h * (ca2 - 1.0) + 1.0;
        let cd = ca2 / (PI * cdd * cdd);
        let cgv = cn_dot_l * sqrt(cn_dot_v * cn_dot_v * (1.0 - ca2) + ca2);
        let cgl = cn_dot_v * sqrt(cn_dot_l * cn_dot_l * (1.0 - ca2) + ca2);
        let cvis = select(0.0, 0.5 / (cgv + cgl), cgv + cgl > 0.0);
        let c_direct = cf * cd * cvis * frame.light_color.rgb * cn_dot_l;
        let c_env = environment(reflect(-v, ng), cr) * frame.params.z * env_brdf(vec3<f32>(0.04), vec3<f32>(1.0), cr, cn_dot_v);
        color = color * (1.0 - cc * cf) + cc * (c_direct + c_env);
    }

    color += material.emissive.rgb * emissive_tex.rgb;

    // Transmission (KHR_materials_transmission), approximated for glass tops: the transmitted
    // share of the diffuse light is replaced by the background behind the surface, seen through
    // (1 - alpha) of the premultiplied blend; reflections stay as they are.
    var transmission = 0.0;
    if (FEATURES & 256u) != 0u {
        let factor = material.layers.z
            * textureSample(t_transmission, samp, slot_uv(material.uvx[18], material.uvx[19], in.uv0, in.uv1)).r;
        transmission = factor * (1.0 - metallic);
    }
    if transmission > 0.0 {
        color = max(color - transmission * diffuse_light, vec3<f32>(0.0));
        var tout = pbr_neutral(color * frame.params.x);
        if frame.params.y > 0.5 {
            tout = srgb_encode(clamp(tout, vec3<f32>(0.0), vec3<f32>(1.0)));
        }
        let fv = f0 + (f90 - f0) * pow(1.0 - n_dot_v, 5.0);
        let reflectance = max(max(fv.r, fv.g), fv.b);
        let coverage = select(1.0, base.a, material.alpha.y == 2.0);
        let ta = coverage * (1.0 - transmission * (1.0 - reflectance));
        return vec4<f32>(tout * coverage, ta);
    }

    var out = pbr_neutral(color * frame.params.x);
    if frame.params.y > 0.5 {
        out = srgb_encode(clamp(out, vec3<f32>(0.0), vec3<f32>(1.0)));
    }
    let a = select(1.0, base.a, material.alpha.y == 2.0);
    // Premultiplied alpha output.
    return vec4<f32>(out * a, a);
}
