//! Lights: the studio the viewer uses by default, or an estimate handed in by AR.

use glam::{Mat3, Vec3};

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

/// WebXR's `XRLightEstimate.sphericalHarmonicsCoefficients` (27 numbers: 9 RGB coefficients in
/// the order L00, L1-1, L10, L11, L2-2, L2-1, L20, L21, L22) as [`Lighting::sh`]. Both are
/// radiance coefficients of the same real basis ([`basis`], the one three.js's `LightProbe` and
/// ARCore's ambient spherical harmonics use): the coefficients of a light's radiance, not of the
/// irradiance it gives. The cosine convolution (π, 2π/3, π/4 per band: the 0.886227, 1.023328,
/// 0.858086 and the other Ramamoorthi–Hanrahan constants) happens once, in the shader's
/// `sh_irradiance` ([`sh_irradiance`] here), and the diffuse BRDF divides by π there. So the
/// numbers go through unscaled; a platform that handed out irradiance coefficients would
/// need the band factors divided out first. `None` unless 27 finite numbers.
pub fn sh_from_webxr(coefficients: &[f32]) -> Option<[Vec3; 9]> {
    if coefficients.len() != 27 || coefficients.iter().any(|f| !f.is_finite()) {
        return None;
    }
    let mut sh = [Vec3::ZERO; 9];
    for (out, c) in sh.iter_mut().zip(coefficients.chunks_exact(3)) {
        *out = Vec3::new(c[0], c[1], c[2]);
    }
    Some(sh)
}

/// Radiance SH (in [`basis`]'s order) of a light given in one space, re-expressed in another
/// whose coordinates are `r` times the first's (a pure rotation: WebXR's light probe gives its
/// SH and primary direction in `probeSpace`; `r` is the rotation of `probeSpace`'s pose in the
/// renderer's reference space). Exact for each band: band 1 is a vector (y, z, x terms) that
/// rotates as one; band 2 is a traceless quadratic form `dᵀ Q d` that becomes `R Q Rᵀ`.
pub fn sh_rotate(sh: &[Vec3; 9], r: Mat3) -> [Vec3; 9] {
    let (k1, k2, k3) = (1.092548f32, 0.315392f32, 0.546274f32);
    let mut out = [Vec3::ZERO; 9];
    out[0] = sh[0];
    for ch in 0..3 {
        let c = |i: usize| sh[i][ch];
        // Band 1: f = 0.488603 (c3, c1, c2) · (x, y, z).
        let v = r * Vec3::new(c(3), c(1), c(2));
        out[3][ch] = v.x;
        out[1][ch] = v.y;
        out[2][ch] = v.z;
        // Band 2 as a quadratic form on the unit sphere (3z² - 1 = 2z² - x² - y²).
        let (xy, yz, xz) = (c(4) * k1 / 2.0, c(5) * k1 / 2.0, c(7) * k1 / 2.0);
        let q = Mat3::from_cols(
            Vec3::new(-c(6) * k2 + c(8) * k3, xy, xz),
            Vec3::new(xy, -c(6) * k2 - c(8) * k3, yz),
            Vec3::new(xz, yz, 2.0 * c(6) * k2),
        );
        let q = r * q * r.transpose();
        out[4][ch] = 2.0 * q.y_axis.x / k1;
        out[5][ch] = 2.0 * q.z_axis.y / k1;
        out[7][ch] = 2.0 * q.z_axis.x / k1;
        out[6][ch] = q.z_axis.z / (2.0 * k2);
        out[8][ch] = (q.x_axis.x - q.y_axis.y) / (2.0 * k3);
    }
    out
}

/// Diffuse irradiance (W/m² per unit radiance, before the BRDF's 1/π) on a surface with unit
/// normal `n` from radiance SH `sh`: Ramamoorthi and Hanrahan's formula, exactly as pbr.wgsl's
/// `sh_irradiance` evaluates it (this is its CPU twin, for tests and tooling).
pub fn sh_irradiance(sh: &[Vec3; 9], n: Vec3) -> Vec3 {
    let (c1, c2, c3, c4, c5) = (0.429043, 0.511664, 0.743125, 0.886227, 0.247708);
    sh[8] * (c1 * (n.x * n.x - n.y * n.y)) + sh[6] * (c3 * n.z * n.z) + sh[0] * c4 - sh[6] * c5
        + (sh[4] * (n.x * n.y) + sh[7] * (n.x * n.z) + sh[5] * (n.y * n.z)) * (2.0 * c1)
        + (sh[3] * n.x + sh[1] * n.y + sh[2] * n.z) * (2.0 * c2)
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

    const PI: f32 = std::f32::consts::PI;

    fn webxr(coeffs: &[[f32; 3]; 9]) -> [Vec3; 9] {
        sh_from_webxr(&coeffs.concat()).expect("27 finite numbers")
    }

    /// The radiance SH of a small light of colour `c` in direction `d` (a delta: basis(d) · c).
    fn sh_of_light(d: Vec3, c: Vec3) -> [Vec3; 9] {
        basis(d.normalize()).map(|b| c * b)
    }

    #[test]
    fn sh_rotated_90_degrees_about_y_is_the_sh_of_the_rotated_light() {
        let r = Mat3::from_rotation_y(std::f32::consts::FRAC_PI_2);
        for d in [
            Vec3::new(0.6, 0.8, 0.0),
            Vec3::new(0.2, 0.3, -0.9),
            Vec3::new(-0.5, -0.1, 0.4),
        ] {
            let c = Vec3::new(3.0, 2.0, 1.0);
            let rotated = sh_rotate(&sh_of_light(d, c), r);
            let expected = sh_of_light(r * d, c);
            for (i, (a, b)) in rotated.iter().zip(&expected).enumerate() {
                assert!((*a - *b).abs().max_element() < 1e-5, "{d} L{i}: {a} vs {b}");
            }
            // And it lights surfaces as the rotated light does.
            for n in [Vec3::X, Vec3::Y, Vec3::Z, Vec3::NEG_X] {
                let (a, b) = (sh_irradiance(&rotated, n), sh_irradiance(&expected, n));
                assert!((a - b).abs().max_element() < 1e-4, "{d} {n}");
            }
        }
        // (0.6, 0.8, 0) turned 90° about +Y goes to (0, 0.8, -0.6).
        assert!((r * Vec3::new(0.6, 0.8, 0.0) - Vec3::new(0.0, 0.8, -0.6)).length() < 1e-6);
        // A sum of lights under an arbitrary rotation rotates as its parts, and the identity
        // changes nothing.
        let two = |d1: Vec3, d2: Vec3| {
            let (a, b) = (
                sh_of_light(d1, Vec3::ONE),
                sh_of_light(d2, Vec3::splat(2.0)),
            );
            std::array::from_fn::<Vec3, 9, _>(|i| a[i] + b[i])
        };
        let q = Mat3::from_euler(glam::EulerRot::YXZ, 0.7, -0.4, 1.1);
        let (d1, d2) = (Vec3::new(0.1, 0.9, 0.3), Vec3::new(-0.7, 0.2, 0.5));
        let got = sh_rotate(&two(d1, d2), q);
        let want = two(q * d1, q * d2);
        for (a, b) in got.iter().zip(&want) {
            assert!((*a - *b).abs().max_element() < 1e-4, "{a} vs {b}");
        }
        for (a, b) in sh_rotate(&want, Mat3::IDENTITY).iter().zip(&want) {
            assert!((*a - *b).abs().max_element() < 1e-6, "identity: {a} vs {b}");
        }
    }

    #[test]
    fn webxr_l0_only_lights_every_normal_alike() {
        // A uniform white sky of radiance 1 has L00 = 4π * 0.282095 = 2 sqrt(π) and
        // every other coefficient 0; its irradiance on any surface is π (1 after the BRDF's 1/π).
        let mut c = [[0.0; 3]; 9];
        let l00 = 2.0 * PI.sqrt();
        c[0] = [l00, 2.0 * l00, 0.5 * l00];
        let sh = webxr(&c);
        for n in [Vec3::Y, Vec3::NEG_Y, Vec3::X, Vec3::Z] {
            let e = sh_irradiance(&sh, n);
            assert!(
                (e - Vec3::new(PI, 2.0 * PI, 0.5 * PI)).abs().max_element() < 1e-4,
                "{n}: {e}"
            );
        }
    }

    #[test]
    fn webxr_lobe_from_above_lights_up_facing_surfaces_more() {
        // Radiance 1 + d.y (brightest straight up, 0 straight down): L00 = 2 sqrt(π), and
        // L1-1 (index 1, the y term) = 0.488603 * ∫ y² dω = 0.488603 * 4π/3. The exact
        // irradiance is π + (2π/3) n.y: 5π/3 facing up, π/3 facing down, π sideways.
        let mut c = [[0.0; 3]; 9];
        c[0] = [2.0 * PI.sqrt(); 3];
        c[1] = [0.488603 * 4.0 * PI / 3.0; 3];
        let sh = webxr(&c);
        let up = sh_irradiance(&sh, Vec3::Y);
        let down = sh_irradiance(&sh, Vec3::NEG_Y);
        let side = sh_irradiance(&sh, Vec3::X);
        assert!((up.x - 5.0 * PI / 3.0).abs() < 1e-3, "up {up}");
        assert!((down.x - PI / 3.0).abs() < 1e-3, "down {down}");
        assert!((side.x - PI).abs() < 1e-3, "side {side}");
        // The same lobe along z (index 2) lights a +z normal, not an up one.
        c.swap(1, 2);
        let sh = webxr(&c);
        assert!((sh_irradiance(&sh, Vec3::Z).x - 5.0 * PI / 3.0).abs() < 1e-3);
        assert!((sh_irradiance(&sh, Vec3::Y).x - PI).abs() < 1e-3);
    }

    #[test]
    fn sh_irradiance_matches_integrating_the_studio() {
        // The projection and the shader's evaluation agree with brute-force cosine integration
        // of the environment (within the order-2 truncation, a few per cent for this sky).
        let l = Lighting::studio();
        for n in [Vec3::Y, Vec3::NEG_Y] {
            let (nt, np) = (96, 192);
            let mut e = Vec3::ZERO;
            for i in 0..nt {
                let theta = (i as f32 + 0.5) / nt as f32 * PI;
                for j in 0..np {
                    let phi = (j as f32 + 0.5) / np as f32 * std::f32::consts::TAU;
                    let d = Vec3::new(
                        theta.sin() * phi.cos(),
                        theta.cos(),
                        theta.sin() * phi.sin(),
                    );
                    let dw = theta.sin() * (PI / nt as f32) * (std::f32::consts::TAU / np as f32);
                    e += l.environment(d) * (d.dot(n).max(0.0) * dw);
                }
            }
            let sh = sh_irradiance(&l.sh, n);
            assert!(
                ((sh - e) / e).abs().max_element() < 0.05,
                "{n}: SH {sh}, integrated {e}"
            );
        }
    }

    #[test]
    fn webxr_rejects_wrong_lengths_and_non_finite_numbers() {
        assert!(sh_from_webxr(&[0.0; 26]).is_none());
        assert!(sh_from_webxr(&[0.0; 28]).is_none());
        let mut c = [0.0; 27];
        c[4] = f32::NAN;
        assert!(sh_from_webxr(&c).is_none());
        c[4] = f32::INFINITY;
        assert!(sh_from_webxr(&c).is_none());
    }

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
