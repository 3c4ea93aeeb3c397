//! Limits that protect shoppers' phones from files that are too big to show.

/// Upper bounds checked before anything is allocated. The defaults suit a phone.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest accepted file (GLB or glTF JSON), and largest external buffer. Also the most
    /// bytes all images together may hold (the same bytes can back any number of images).
    pub max_file_bytes: usize,
    /// Most triangles over all drawn primitives (instances counted each time).
    pub max_triangles: u64,
    /// Widest or tallest texture, in pixels.
    pub max_texture_dimension: u32,
    /// Most nodes in the file.
    pub max_nodes: usize,
    /// Deepest node nesting.
    pub max_depth: usize,
    /// Most vertices in one primitive.
    pub max_vertices_per_primitive: u64,
    /// Most vertices over all loaded primitives, each mesh counted once (many primitives can
    /// share one large accessor, and each reads it again). The default, three per triangle of
    /// `max_triangles`, admits any file whose primitives do not share their vertices.
    pub max_vertices: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 128 * 1024 * 1024,
            max_triangles: 4_000_000,
            max_texture_dimension: 8192,
            max_nodes: 20_000,
            max_depth: 64,
            max_vertices_per_primitive: 8_000_000,
            max_vertices: 12_000_000,
        }
    }
}
