//! The studio environment as a prefiltered cube map: level 0 is the environment itself, each
//! further level the environment seen through a GGX lobe of higher roughness (importance
//! sampled), so the shader reads reflections with one `textureSampleLevel`. Computed on the CPU
//! from the analytic studio ([`Lighting::environment`]): no float render targets are needed,
//! which WebGL2 does not guarantee.

use glam::Vec3;

use super::lighting::Lighting;

/// Edge of cube level 0, in texels.
pub const BASE_SIZE: u32 = 64;
/// Mip levels; roughness of level i is i / (LEVELS - 1).
pub const LEVELS: u32 = 5;

/// Direction through texel centre (u, v) in 0..1 of cube face `face` (+X, -X, +Y, -Y, +Z, -Z),
/// as WebGPU / wgpu define cube faces.
pub fn face_direction(face: u32, u: f32, v: f32) -> Vec3 {
    let (s, t) = (u * 2.0 - 1.0, v * 2.0 - 1.0);
    let d = match face {
        0 => Vec3::new(1.0, -t, -s),
        1 => Vec3::new(-1.0, -t, s),
        2 => Vec3::new(s, 1.0, t),
        3 => Vec3::new(s, -1.0, -t),
        4 => Vec3::new(s, -t, 1.0),
        _ => Vec3::new(-s, -t, -1.0),
    };
    d.normalize()
}

fn radical_inverse(mut bits: u32) -> f32 {
    bits = bits.reverse_bits();
    bits as f32 * 2.328_306_4e-10
}

/// The environment around `n` filtered by a GGX lobe of `roughness` (N = V = R, as in the
/// split-sum approximation).
fn filtered(lighting: &Lighting, n: Vec3, roughness: f32, samples: u32) -> Vec3 {
    if roughness <= 0.0 {
        return lighting.environment(n);
    }
    let a = roughness * roughness;
    let up = if n.y.abs() < 0.999 { Vec3::Y } else { Vec3::X };
    let tx = up.cross(n).normalize();
    let ty = n.cross(tx);
    let mut sum = Vec3::ZERO;
    let mut weight = 0.0;
    for i in 0..samples {
        let (u1, u2) = (i as f32 / samples as f32, radical_inverse(i));
        let phi = std::f32::consts::TAU * u1;
        let cos_t = ((1.0 - u2) / (1.0 + (a * a - 1.0) * u2)).sqrt();
        let sin_t = (1.0 - cos_t * cos_t).max(0.0).sqrt();
        let h = tx * (sin_t * phi.cos()) + ty * (sin_t * phi.sin()) + n * cos_t;
        let l = h * (2.0 * n.dot(h)) - n;
        let n_dot_l = n.dot(l);
        if n_dot_l > 0.0 {
            sum += lighting.environment(l) * n_dot_l;
            weight += n_dot_l;
        }
    }
    if weight > 0.0 {
        sum / weight
    } else {
        lighting.environment(n)
    }
}

/// IEEE half float from f32 (round to nearest, clamped to the largest finite half).
pub fn f16_bits(x: f32) -> u16 {
    let x = if x.is_nan() {
        0.0
    } else {
        x.clamp(-65504.0, 65504.0)
    };
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32 - 127 + 15;
    let mant = bits & 0x7f_ffff;
    if exp <= 0 {
        if exp < -10 {
            return sign;
        }
        let m = (mant | 0x80_0000) >> (1 - exp);
        return sign | ((m + 0x1000) >> 13) as u16;
    }
    let rounded = ((exp as u32) << 10 | (mant >> 13)) + ((mant >> 12) & 1);
    sign | rounded.min(0x7bff) as u16
}

/// Every level of the prefiltered cube as RGBA16F texels: `levels[l]` holds 6 faces of
/// `(BASE_SIZE >> l)²` texels, face after face, row after row.
pub fn prefilter(lighting: &Lighting) -> Vec<Vec<u16>> {
    (0..LEVELS)
        .map(|level| {
            let size = (BASE_SIZE >> level).max(1);
            let roughness = level as f32 / (LEVELS - 1) as f32;
            // Wide lobes need more samples, small levels fewer texels: keep work balanced.
            let samples = if level == 0 { 1 } else { 48 + 16 * level };
            let mut out = Vec::with_capacity((6 * size * size * 4) as usize);
            for face in 0..6 {
                for y in 0..size {
                    for x in 0..size {
                        let d = face_direction(
                            face,
                            (x as f32 + 0.5) / size as f32,
                            (y as f32 + 0.5) / size as f32,
                        );
                        let c = filtered(lighting, d, roughness, samples);
                        out.extend([f16_bits(c.x), f16_bits(c.y), f16_bits(c.z), f16_bits(1.0)]);
                    }
                }
            }
            out
        })
        .collect()
}

/// Creates the cube texture and fills it.
pub fn create_texture(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    lighting: &Lighting,
) -> wgpu::Texture {
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("environment"),
        size: wgpu::Extent3d {
            width: BASE_SIZE,
            height: BASE_SIZE,
            depth_or_array_layers: 6,
        },
        mip_level_count: LEVELS,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: wgpu::TextureFormat::Rgba16Float,
        usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
        view_formats: &[],
    });
    upload(queue, &texture, lighting);
    texture
}

/// Refills the cube from `lighting`.
pub fn upload(queue: &wgpu::Queue, texture: &wgpu::Texture, lighting: &Lighting) {
    for (level, texels) in prefilter(lighting).iter().enumerate() {
        let size = (BASE_SIZE >> level).max(1);
        queue.write_texture(
            wgpu::TexelCopyTextureInfo {
                texture,
                mip_level: level as u32,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            bytemuck::cast_slice(texels),
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(size * 8),
                rows_per_image: Some(size),
            },
            wgpu::Extent3d {
                width: size,
                height: size,
                depth_or_array_layers: 6,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_floats() {
        assert_eq!(f16_bits(0.0), 0);
        assert_eq!(f16_bits(1.0), 0x3c00);
        assert_eq!(f16_bits(-2.0), 0xc000);
        assert_eq!(f16_bits(0.5), 0x3800);
        assert_eq!(f16_bits(65504.0), 0x7bff);
        assert_eq!(f16_bits(1e9), 0x7bff);
        assert_eq!(f16_bits(f32::NAN), 0);
        assert_eq!(f16_bits(6.1035156e-5), 0x0400);
    }

    #[test]
    fn faces_point_where_wgpu_expects() {
        assert!(face_direction(0, 0.5, 0.5).abs_diff_eq(Vec3::X, 1e-6));
        assert!(face_direction(2, 0.5, 0.5).abs_diff_eq(Vec3::Y, 1e-6));
        assert!(face_direction(5, 0.5, 0.5).abs_diff_eq(Vec3::NEG_Z, 1e-6));
        // +Y face: v grows towards +Z.
        assert!(face_direction(2, 0.5, 1.0).z > 0.5);
    }

    #[test]
    fn rougher_levels_are_smoother_but_keep_the_energy() {
        let l = Lighting::studio();
        let at = |r: f32| filtered(&l, l.softbox_direction, r, 256);
        // The soft box is the brightest spot: blurring lowers its peak.
        assert!(at(0.0).x > at(0.5).x && at(0.5).x > at(1.0).x);
        // A uniform environment stays uniform at every roughness.
        let mut u = Lighting::studio();
        u.sky = Vec3::ONE;
        u.horizon = Vec3::ONE;
        u.ground = Vec3::ONE;
        u.softbox = 0.0;
        let c = filtered(&u, Vec3::new(0.3, 0.5, 0.8).normalize(), 0.7, 128);
        assert!((c - Vec3::ONE).length() < 1e-4);
    }
}
