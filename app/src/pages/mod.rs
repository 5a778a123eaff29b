//! One module per page, named after its URL.
pub mod accessibility;
pub mod cookies;
pub mod design_system;
pub mod landing;
pub mod not_found;
