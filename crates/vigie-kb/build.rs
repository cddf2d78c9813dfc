//! Rebuild when the embedded knowledge-base files change: include_dir does
//! not tell cargo about them on stable Rust.
fn main() {
    println!("cargo::rerun-if-changed=../../kb");
}
