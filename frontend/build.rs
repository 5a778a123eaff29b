//! Linker settings for the split browser build (`cargo leptos build --split`).
fn main() {
    // wasm-split moves each lazy module's data with its code; lld must keep the data segments
    // apart for it to do so (cargo-leptos#679).
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=--no-merge-data-segments");
    }
}
