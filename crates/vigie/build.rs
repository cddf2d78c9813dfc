//! Rebuild when the bundled sample corpus changes: include_dir does not tell
//! cargo about it on stable Rust.
fn main() {
    println!("cargo::rerun-if-changed=../../corpus/sample");
}
