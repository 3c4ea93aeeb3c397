//! Lights: the studio the viewer uses by default, or an estimate handed in by AR.

use glam::Vec3;

/// The light on the scene: a key light, irradiance as spherical harmonics, and the studio
/// environment used for reflections.
#[derive(Debug, Clone, PartialEq)]
pub struct Lighting {
    /// Unit direction towards the key light.
    pub key_direction: Vec3,
    /// Key light colour times intensity (linear).
    pub key_color: Vec3,
    /// Irradiance SH: L00, L1-1, L10, L11, L2-2, L2-1, L20, L21, L22 (radiance coefficients).
    pub sh: [Vec3; 9],
    /// Studio zenith colour (linear radiance).
    pub sky: Vec3,
    /// Studio horizon colour.
    pub horizon: Vec3,
    /// Studio floor colour.
    pub ground: Vec3,
    /// Direction of the studio's soft box.
    pub softbox_direction: Vec3,
    /// Brightness of the soft box.
    pub softbox: f32,
    /// Reflection intensity.
    pub reflections: f32,
    /// Exposure multiplier before tone mapping.
    pub exposure: f32,
}

impl Default for Lighting {
    fn default() -> Self {
        Self::studio()
    }
}

impl Lighting {
    /// A neutral photo studio: soft light from above-front, white walls, a grey floor.
    pub fn studio() -> Self {
        let mut l = Lighting {
            key_direction: Vec3::new(0.35, 0.85, 0.4).normalize(),
            key_color: Vec3::splat(2.2),
            sh: [Vec3::ZERO; 9],
            sky: Vec3::splat(0.95),
            horizon: Vec3::splat(0.75),
            ground: Vec3::splat(0.3),
            softbox_direction: Vec3::new(-0.2, 0.8, 0.55).normalize(),
            softbox: 2.0,
            reflections: 1.0,
            exposure: 1.0,
        };
        l.sh = l.project_environment();
        l
    }

    /// Radiance of the studio in direction `d`, unblurred (the shader's `environment`).
    pub fn environment(&self, d: Vec3) -> Vec3 {
        let smooth = |e0: f32, e1: f32, x: f32| {
            let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
            t * t * (3.0 - 2.0 * t)
        };
        let y = d.y;
        let mut c = if y >= 0.0 {
            self.horizon.lerp(self.sky, smooth(0.0, 0.7, y))
        } else {
            self.horizon.lerp(self.ground, smooth(0.0, -0.3, y))
        };
        let k = 60.0;
        c += Vec3::splat(
            self.softbox * d.dot(self.softbox_direction).max(0.0).powf(k) * (k + 2.0) / 62.0,
        );
        c
    }

    /// Projects the environment onto 9 SH coefficients by numerical integration.
    fn project_environment(&self) -> [Vec3; 9] {
        let mut sh = [Vec3::ZERO; 9];
        let (nt, np) = (48, 96);
        let mut weight_sum = 0.0;
        for i in 0..nt {
            let theta = (i as f32 + 0.5) / nt as f32 * std::f32::consts::PI;
            for j in 0..np {
                let phi = (j as f32 + 0.5) / np as f32 * std::f32::consts::TAU;
                let d = Vec3::new(
                    theta.sin() * phi.cos(),
                    theta.cos(),
                    theta.sin() * phi.sin(),
                );
                let w = theta.sin();
                weight_sum += w;
                let c = self.environment(d);
                for (k, b) in basis(d).iter().enumerate() {
                    sh[k] += c * (*b * w);
                }
            }
        }
        let norm = 4.0 * std::f32::consts::PI / weight_sum;
        sh.map(|c| c * norm)
    }
}

/// The 9 real SH basis functions at unit direction `d`.
pub fn basis(d: Vec3) -> [f32; 9] {
    let (x, y, z) = (d.x, d.y, d.z);
    [
        0.282095,
        0.488603 * y,
        0.488603 * z,
        0.488603 * x,
        1.092548 * x * y,
        1.092548 * y * z,
        0.315392 * (3.0 * z * z - 1.0),
        1.092548 * x * z,
        0.546274 * (x * x - y * y),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_environment_gives_constant_irradiance() {
        let mut l = Lighting::studio();
        l.sky = Vec3::ONE;
        l.horizon = Vec3::ONE;
        l.ground = Vec3::ONE;
        l.softbox = 0.0;
        let sh = l.project_environment();
        // L00 of a constant radiance 1 is sqrt(4π) * 0.282095 * ... = 3.5449
        assert!((sh[0].x - 3.5449).abs() < 0.01, "{:?}", sh[0]);
        // The 48×96 midpoint quadrature leaves about 1e-3 in L20 and L22 (0.03 % of L00).
        for c in &sh[1..] {
            assert!(c.length() < 5e-3, "{sh:?}");
        }
    }
}
