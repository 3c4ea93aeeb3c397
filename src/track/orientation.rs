//! The rear camera's orientation from a `deviceorientation` event.
//!
//! The W3C Device Orientation frame: the Earth frame is x east, y north, z up; the device frame
//! is x to the right of the screen, y to its top, z out of the screen; the device's rotation is
//! `Rz(alpha) · Rx(beta) · Ry(gamma)` (degrees). The rear camera looks along the device's -z
//! with the screen's top up, which is exactly a camera's frame (looking along -z, y up), turned
//! about z by the screen orientation angle in landscape. The world of the room is x east, y up,
//! z south (right-handed), so north is -z.

use glam::{Quat, Vec3};

/// One `deviceorientation` reading, in degrees, and the screen orientation angle
/// (`screen.orientation.angle`: 0, 90, 180 or 270).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceOrientation {
    /// Compass heading of the device about the vertical (0..360).
    pub alpha: f32,
    /// Front-to-back tilt (-180..180; 90 is upright).
    pub beta: f32,
    /// Left-to-right tilt (-90..90).
    pub gamma: f32,
    /// How far the screen's content is turned from the device's natural orientation.
    pub screen: f32,
}

impl DeviceOrientation {
    /// Whether every angle is a finite number (events from some devices carry nulls).
    pub fn is_finite(&self) -> bool {
        self.alpha.is_finite()
            && self.beta.is_finite()
            && self.gamma.is_finite()
            && self.screen.is_finite()
    }

    /// The rear camera's rotation, camera to world (the room's frame, north at -z).
    pub fn camera_rotation(&self) -> Quat {
        let earth_to_world = Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2);
        let device = Quat::from_rotation_z(self.alpha.to_radians())
            * Quat::from_rotation_x(self.beta.to_radians())
            * Quat::from_rotation_y(self.gamma.to_radians());
        let screen = Quat::from_rotation_z(-self.screen.to_radians());
        (earth_to_world * device * screen).normalize()
    }
}

/// The heading of a camera rotation: the angle about +y (counter-clockwise seen from above,
/// radians) that turns -z toward where the camera looks. When it looks straight up or down,
/// its top decides (so a phone held flat still has a heading).
pub fn heading(rotation: Quat) -> f32 {
    let forward = rotation * Vec3::NEG_Z;
    let f = if forward.x.hypot(forward.z) > 1e-3 {
        forward
    } else {
        // Looking down, the top of the image points where the shopper faces; looking up, the
        // bottom does.
        let up = rotation * Vec3::Y;
        if forward.y < 0.0 { up } else { -up }
    };
    (-f.x).atan2(-f.z)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f32 = 1e-4;

    fn reading(alpha: f32, beta: f32, gamma: f32, screen: f32) -> DeviceOrientation {
        DeviceOrientation {
            alpha,
            beta,
            gamma,
            screen,
        }
    }

    fn close(a: Vec3, b: Vec3) -> bool {
        (a - b).length() < EPS
    }

    #[test]
    fn upright_phone_facing_north_looks_along_minus_z() {
        let q = reading(0.0, 90.0, 0.0, 0.0).camera_rotation();
        assert!(close(q * Vec3::NEG_Z, Vec3::NEG_Z), "{:?}", q * Vec3::NEG_Z);
        assert!(close(q * Vec3::Y, Vec3::Y), "{:?}", q * Vec3::Y);
        assert!(heading(q).abs() < EPS);
    }

    #[test]
    fn flat_phone_looks_at_the_floor() {
        let q = reading(0.0, 0.0, 0.0, 0.0).camera_rotation();
        assert!(close(q * Vec3::NEG_Z, Vec3::NEG_Y));
        // Its top points north, so its heading is still north.
        assert!(heading(q).abs() < EPS);
    }

    #[test]
    fn alpha_turns_the_view_to_the_left() {
        // alpha grows counter-clockwise seen from above: 90° faces west (-x).
        let q = reading(90.0, 90.0, 0.0, 0.0).camera_rotation();
        assert!(close(q * Vec3::NEG_Z, Vec3::NEG_X), "{:?}", q * Vec3::NEG_Z);
        assert!((heading(q) - std::f32::consts::FRAC_PI_2).abs() < EPS);
    }

    #[test]
    fn tilting_back_looks_up_and_forward_looks_down() {
        let up = reading(0.0, 120.0, 0.0, 0.0).camera_rotation() * Vec3::NEG_Z;
        let down = reading(0.0, 60.0, 0.0, 0.0).camera_rotation() * Vec3::NEG_Z;
        assert!((up.y - 30f32.to_radians().sin()).abs() < EPS, "{up:?}");
        assert!((down.y + 30f32.to_radians().sin()).abs() < EPS, "{down:?}");
    }

    #[test]
    fn landscape_screen_keeps_the_image_upright() {
        // Upright phone turned onto its side (gamma -90 with the screen at 90°): still level.
        let q = reading(0.0, 0.0, -90.0, 90.0).camera_rotation();
        let up = q * Vec3::Y;
        assert!(up.y > 1.0 - EPS, "{up:?}");
    }
}
