//! The camera view: the room's furniture drawn over the live rear-camera image (a `<video>`
//! behind the transparent canvas, which the element manages). Here: the 3-DoF camera, turned
//! by `deviceorientation` readings, standing `height` metres above the floor that the shopper
//! sets, facing the room. There is no tracking: placement is approximate, and the element says
//! so. The floor and walls are not drawn (`render::Backdrop::CameraImage`); contact shadows are.

use glam::{Quat, Vec2, Vec3};
use wasm_bindgen::prelude::*;

use super::viewer::{State, Viewer};
use crate::asset::Bounds;
use crate::render::Camera;
use crate::track::{DeviceOrientation, heading};

/// Default height of the phone's camera above the floor (metres).
pub(super) const DEFAULT_HEIGHT: f32 = 1.4;
/// The range the shopper can set it in.
const HEIGHT_RANGE: (f32, f32) = (0.2, 3.0);
/// The view's longer side spans this angle (a phone's rear camera, roughly; the element
/// crops the video to cover the view).
const FOV_LONG_SIDE: f32 = 60.0;
/// The camera stands at least this far from the middle of the room (metres).
const MIN_DISTANCE: f32 = 2.0;

/// The camera view's state.
pub(super) struct CameraView {
    /// The camera's height above the floor.
    height: f32,
    /// The floor point (y = 0) the view faces when it opens: the middle of the room.
    anchor: Vec3,
    /// Horizontal distance from the camera to `anchor`.
    distance: f32,
    /// The latest device orientation (camera to world), if any arrived.
    device: Option<Quat>,
    /// Turns the device's compass heading so that its first reading faces the room.
    heading_offset: Option<f32>,
    /// Turns by hand (dragging off the items): yaw and pitch, radians.
    look: Vec2,
}

impl CameraView {
    /// A camera view facing the middle of `framed` (the room's contents).
    pub fn facing(framed: &Bounds, height: f32) -> Self {
        let c = framed.center();
        let s = framed.size();
        let radius = Vec2::new(s.x, s.z).length() * 0.5;
        let half = (FOV_LONG_SIDE * 0.5).to_radians();
        Self {
            height,
            anchor: Vec3::new(c.x, 0.0, c.z),
            distance: (radius / half.tan() * 1.5).max(MIN_DISTANCE),
            device: None,
            heading_offset: None,
            look: Vec2::ZERO,
        }
    }

    /// The camera for a view of `aspect` (width / height).
    pub fn camera(&self, aspect: f32) -> Camera {
        let position = self.anchor + Vec3::new(0.0, self.height, self.distance);
        let rotation = match self.device {
            Some(device) => {
                Quat::from_rotation_y(self.heading_offset.unwrap_or(0.0) + self.look.x) * device
            }
            None => {
                let pitch = -(self.height.atan2(self.distance));
                Quat::from_rotation_y(self.look.x) * Quat::from_rotation_x(pitch + self.look.y)
            }
        };
        let aspect = aspect.max(1e-3);
        let half = (FOV_LONG_SIDE * 0.5).to_radians().tan();
        // The longer side spans FOV_LONG_SIDE.
        let fov_y = if aspect > 1.0 {
            2.0 * (half / aspect).atan()
        } else {
            2.0 * half.atan()
        };
        Camera::pose(position, rotation, fov_y, aspect, 0.05, 100.0)
    }

    /// Turns the view by hand (a drag that did not grab an item).
    pub fn turn(&mut self, yaw: f32, pitch: f32) {
        self.look.x += yaw;
        self.look.y = (self.look.y + pitch).clamp(-1.2, 1.2);
    }

    /// Faces the room again: forgets turns by hand and the compass heading.
    pub fn recentre(&mut self) {
        self.look = Vec2::ZERO;
        self.heading_offset = self.device.map(|d| -heading(d));
    }
}

#[wasm_bindgen]
impl Viewer {
    /// Shows the room over the camera image (`true`: transparent, without floor and walls, a
    /// 3-DoF camera facing the room) or back in the 3D room view (`false`). The room, the
    /// selection and the undo history are the same in both.
    pub fn set_camera_view(&self, on: bool) {
        let mut s = self.state.borrow_mut();
        if on == s.room.camera_view.is_some() {
            return;
        }
        if on {
            if !s.room.active {
                s.room.active = true;
            }
            s.room.frame_all();
            let height = s.room.camera_height;
            s.room.camera_view = Some(CameraView::facing(&s.room.framed(), height));
        } else {
            s.room.camera_view = None;
        }
        s.dirty = true;
    }

    /// Whether the camera view is shown.
    pub fn camera_view_shown(&self) -> bool {
        self.state.borrow().room.camera_view.is_some()
    }

    /// Sets the camera's height above the floor in metres (clamped to 0.2..3). Returns the
    /// height used.
    pub fn set_camera_height(&self, metres: f32) -> f32 {
        let mut s = self.state.borrow_mut();
        if metres.is_finite() {
            let h = metres.clamp(HEIGHT_RANGE.0, HEIGHT_RANGE.1);
            s.room.camera_height = h;
            if let Some(cv) = s.room.camera_view.as_mut() {
                cv.height = h;
            }
            s.dirty = true;
        }
        s.room.camera_height
    }

    /// The camera's height above the floor in metres.
    pub fn camera_height(&self) -> f32 {
        self.state.borrow().room.camera_height
    }

    /// A `deviceorientation` reading (degrees; `screen` is `screen.orientation.angle`). The
    /// first one after the camera view opens sets which compass heading faces the room.
    /// Returns false (and changes nothing) when an angle is missing or the camera view is off.
    pub fn device_orientation(
        &self,
        alpha: Option<f32>,
        beta: Option<f32>,
        gamma: Option<f32>,
        screen: f32,
    ) -> bool {
        let (Some(alpha), Some(beta), Some(gamma)) = (alpha, beta, gamma) else {
            return false;
        };
        let reading = DeviceOrientation {
            alpha,
            beta,
            gamma,
            screen,
        };
        let mut s = self.state.borrow_mut();
        let Some(cv) = s.room.camera_view.as_mut() else {
            return false;
        };
        if !reading.is_finite() {
            return false;
        }
        let q = reading.camera_rotation();
        cv.device = Some(q);
        if cv.heading_offset.is_none() {
            cv.heading_offset = Some(-heading(q));
        }
        s.dirty = true;
        true
    }
}

impl State {
    /// The camera of the camera view, if it is shown.
    pub(super) fn camera_view_camera(&self) -> Option<Camera> {
        let aspect = self.gpu.config.width as f32 / self.gpu.config.height.max(1) as f32;
        self.room.camera_view.as_ref().map(|cv| cv.camera(aspect))
    }
}
