//! The viewer's camera: an orbit around the furniture, or a pose given by AR.

use glam::{Mat4, Quat, Vec3};

use crate::asset::Bounds;

/// View and projection for one frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Camera {
    /// World to view.
    pub view: Mat4,
    /// View to clip, depth 0..1.
    pub proj: Mat4,
    /// Eye position in world space.
    pub position: Vec3,
}

impl Camera {
    /// A camera orbiting `target` at `distance`, `yaw` around +Y and `pitch` above the horizon
    /// (radians), with vertical field of view `fov_y` and aspect ratio `aspect`.
    pub fn orbit(
        target: Vec3,
        yaw: f32,
        pitch: f32,
        distance: f32,
        aspect: f32,
        fov_y: f32,
    ) -> Self {
        let dir = Vec3::new(
            yaw.sin() * pitch.cos(),
            pitch.sin(),
            yaw.cos() * pitch.cos(),
        );
        let position = target + dir * distance;
        let view = glam::camera::rh::view::look_at_mat4(position, target, Vec3::Y);
        let near = (distance * 0.01).max(0.01);
        let far = distance * 10.0 + 10.0;
        let proj = glam::camera::rh::proj::directx::perspective(fov_y, aspect.max(1e-3), near, far);
        Self {
            view,
            proj,
            position,
        }
    }

    /// A camera at `position` turned by `rotation` (camera to world; the camera looks along
    /// its -z with y up), as a phone's rear camera in the camera view. Depth from `near` to
    /// `far` metres.
    pub fn pose(
        position: Vec3,
        rotation: Quat,
        fov_y: f32,
        aspect: f32,
        near: f32,
        far: f32,
    ) -> Self {
        let view = Mat4::from_rotation_translation(rotation.normalize(), position).inverse();
        let proj = glam::camera::rh::proj::directx::perspective(fov_y, aspect.max(1e-3), near, far);
        Self {
            view,
            proj,
            position,
        }
    }

    /// An orbit camera at the distance that fits `bounds` in view.
    pub fn framing(bounds: &Bounds, yaw: f32, pitch: f32, aspect: f32, zoom: f32) -> Self {
        let fov_y = 35f32.to_radians();
        let radius = (bounds.size().length() * 0.5).max(0.05);
        let fit_v = radius / (fov_y * 0.5).sin();
        let fit_h = radius / ((fov_y * 0.5).tan() * aspect.max(1e-3)).atan().sin();
        let distance = fit_v.max(fit_h) * 1.05 / zoom.max(0.05);
        Self::orbit(bounds.center(), yaw, pitch, distance, aspect, fov_y)
    }

    /// The ray from the eye through a point of the view: `ndc` in normalized device
    /// coordinates (x right, y up, both -1..1). Returns the origin (the eye) and a unit
    /// direction, or `None` if the camera is degenerate.
    pub fn ray(&self, ndc: glam::Vec2) -> Option<(Vec3, Vec3)> {
        let inv = self.view_proj().inverse();
        let far = inv.project_point3(Vec3::new(ndc.x, ndc.y, 1.0));
        let near = inv.project_point3(Vec3::new(ndc.x, ndc.y, 0.0));
        let dir = (far - near).try_normalize()?;
        self.position.is_finite().then_some((self.position, dir))
    }

    /// View-projection matrix.
    pub fn view_proj(&self) -> Mat4 {
        self.proj * self.view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_posed_camera_sees_what_is_in_front_of_it() {
        // 1.4 m above the floor, looking north (-z) and 30° down.
        let rot = Quat::from_rotation_x(-30f32.to_radians());
        let cam = Camera::pose(Vec3::new(0.0, 1.4, 0.0), rot, 0.9, 1.0, 0.05, 50.0);
        // The floor point straight ahead along the view's axis lands in the middle.
        let ahead = Vec3::new(0.0, 0.0, -1.4 / 30f32.to_radians().tan());
        let ndc = cam.view_proj().project_point3(ahead);
        assert!(ndc.x.abs() < 1e-4 && ndc.y.abs() < 1e-4, "{ndc:?}");
        // The ray through the middle goes back to that point.
        let (o, d) = cam.ray(glam::Vec2::ZERO).expect("a ray");
        let hit = o + d * (o.y / -d.y);
        assert!((hit - ahead).length() < 1e-3, "{hit:?}");
    }
}
