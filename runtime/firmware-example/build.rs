//! Freeze `py/` into `$OUT_DIR/frozen.rs` with mpyc's Freezer: the firmware carries its Python
//! modules as `.mpy` images in flash (here: in the binary), used in place by the runtime.

fn main() {
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("frozen.rs");
    println!("cargo:rerun-if-changed=py");
    let read = mpyc::freeze::Freezer::new("py")
        .opt_level(0)
        .write_rust(&out)
        .unwrap_or_else(|e| panic!("freezing failed:\n{e}"));
    for file in read {
        println!("cargo:rerun-if-changed={}", file.display());
    }
}
