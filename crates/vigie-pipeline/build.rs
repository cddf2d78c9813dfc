//! Rebuild when the embedded language packs change: include_dir does not
//! tell cargo about them on stable Rust.
fn main() {
    println!("cargo::rerun-if-changed=../../lang");
}
