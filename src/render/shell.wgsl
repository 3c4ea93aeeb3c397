// The room's shell in the 3D view: the floor with a grid every `grid.x` metres (its edge fading
// out over `grid.z` metres when the floor has no walls around it), and the walls' inner faces
// (their outer faces are culled, so the camera sees into the room from any side). Colours are
// given in display (sRGB) values and written as they are; on a non-sRGB target no encoding is
// needed, on an sRGB target they are decoded first so the hardware's encoding restores them.

struct Frame {
    view_proj: mat4x4<f32>,
    camera_pos: vec4<f32>,
    light_dir: vec4<f32>,
    light_color: vec4<f32>,
    sh: array<vec4<f32>, 9>,
    // y: 1 when this shader writes to a non-sRGB target (values are written as they are).
    params: vec4<f32>,
};

struct Shell {
    // x: grid spacing (metres), y: line width (metres), z: edge fade (metres, 0 for none).
    grid: vec4<f32>,
    // The floor rectangle: min x, min z, max x, max z.
    rect: vec4<f32>,
    // rgb: floor colour, a: grid line darkening.
    floor_color: vec4<f32>,
    // rgb: wall colour.
    wall_color: vec4<f32>,
};

@group(0) @binding(0) var<uniform> frame: Frame;
@group(1) @binding(0) var<uniform> shell: Shell;

struct VertexOut {
    @builtin(position) clip: vec4<f32>,
    @location(0) world: vec3<f32>,
    @location(1) normal: vec3<f32>,
    // x: 0 for the floor, 1 for a wall.
    @location(2) kind: f32,
};

@vertex
fn vs_main(@location(0) position: vec3<f32>, @location(1) normal: vec3<f32>, @location(2) kind: f32) -> VertexOut {
    var out: VertexOut;
    out.clip = frame.view_proj * vec4<f32>(position, 1.0);
    out.world = position;
    out.normal = normal;
    out.kind = kind;
    return out;
}

fn srgb_decode(c: vec3<f32>) -> vec3<f32> {
    let lo = c / 12.92;
    let hi = pow((c + 0.055) / 1.055, vec3<f32>(2.4));
    return select(hi, lo, c <= vec3<f32>(0.04045));
}

// Coverage of grid lines at `p` (antialiased with screen-space derivatives).
fn grid_lines(p: vec2<f32>) -> f32 {
    let spacing = shell.grid.x;
    let half_width = shell.grid.y * 0.5;
    let q = p / spacing;
    let d = abs(q - round(q)) * spacing;
    let aa = max(fwidth(p), vec2<f32>(1e-5));
    let line = 1.0 - smoothstep(vec2<f32>(half_width), vec2<f32>(half_width) + aa, d);
    return max(line.x, line.y);
}

@fragment
fn fs_main(in: VertexOut) -> @location(0) vec4<f32> {
    // Derivatives only in uniform control flow: the grid is computed for walls too.
    let line = grid_lines(in.world.xz);
    var rgb: vec3<f32>;
    var alpha = 1.0;
    if in.kind < 0.5 {
        rgb = shell.floor_color.rgb * (1.0 - shell.floor_color.a * line);
        let fade = shell.grid.z;
        if fade > 0.0 {
            let edge = min(
                min(in.world.x - shell.rect.x, shell.rect.z - in.world.x),
                min(in.world.z - shell.rect.y, shell.rect.w - in.world.z),
            );
            alpha = smoothstep(0.0, fade, edge);
        }
    } else {
        // Lit a little by the key light, so walls at different angles read apart.
        let n = normalize(in.normal);
        let lambert = max(dot(n, normalize(frame.light_dir.xyz)), 0.0);
        rgb = shell.wall_color.rgb * (0.82 + 0.18 * lambert);
        // Darker toward the floor, a hint of ambient occlusion in the corner.
        rgb *= 0.9 + 0.1 * smoothstep(0.0, 0.6, in.world.y);
    }
    if frame.params.y < 0.5 {
        rgb = srgb_decode(rgb);
    }
    return vec4<f32>(rgb * alpha, alpha);
}
