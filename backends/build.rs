//! `sqlx::migrate!` embeds the migrations when this crate is compiled: rebuild it whenever one is
//! added or changed, or a new migration would be missing from the binary until something else
//! touched the crate (sqlx's own advice).
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
