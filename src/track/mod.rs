//! Camera pose from the phone's sensors, for browsers without WebXR: for now the 3-DoF
//! orientation of the camera view (`deviceorientation` angles to a rotation). Pure math: no
//! web, no GPU.

mod orientation;

pub use orientation::{DeviceOrientation, heading};
