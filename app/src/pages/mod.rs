//! One module per page, named after its URL.
pub mod accessibility;
pub mod admin;
pub mod cookies;
pub mod deleted;
pub mod design_system;
pub mod email_request;
pub mod feed;
pub mod forgot_password;
pub mod gate;
pub mod landing;
pub mod login;
pub mod logout;
pub mod lpa;
pub mod signed_out;
pub mod signup;
pub mod terms;
pub mod user;
