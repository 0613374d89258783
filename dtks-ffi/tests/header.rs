//! `include/dtks.h` is generated from the crate by cbindgen and committed;
//! this test regenerates it into a string and fails when the committed file
//! differs (`UPDATE_HEADER=1 cargo test -p dtks-ffi --test header` rewrites
//! it). The version macros are written from Cargo's version here, so they
//! cannot drift from the library's.
// Tests, benches and examples: a failed unwrap or index is the failure being looked for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn header_path() -> PathBuf {
    crate_dir().join("../include/dtks.h")
}

fn version_macros() -> String {
    format!(
        "\n/* The version of this header; dtks_version() is the library's. */\n\
         #define DTKS_VERSION_MAJOR {}\n\
         #define DTKS_VERSION_MINOR {}\n\
         #define DTKS_VERSION_PATCH {}\n\
         #define DTKS_VERSION_STRING \"{}\"\n",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
        env!("CARGO_PKG_VERSION"),
    )
}

fn generate() -> String {
    let mut config = cbindgen::Config::from_file(crate_dir().join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    config.after_includes = Some(version_macros());
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir())
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn header_is_current() {
    let want = generate();
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(header_path(), &want).expect("include/dtks.h is writable");
    }
    let have = std::fs::read_to_string(header_path()).unwrap_or_default();
    assert!(
        have == want,
        "include/dtks.h differs from what cbindgen generates: \
         run UPDATE_HEADER=1 cargo test -p dtks-ffi --test header"
    );
}

#[test]
fn version_macros_agree_with_cargo() {
    let have = std::fs::read_to_string(header_path()).unwrap_or_default();
    let v = env!("CARGO_PKG_VERSION");
    assert!(have.contains(&format!("#define DTKS_VERSION_STRING \"{v}\"")));
    let mut parts = v.split('.');
    for name in ["MAJOR", "MINOR", "PATCH"] {
        let n = parts.next().unwrap_or_default();
        assert!(
            have.contains(&format!("#define DTKS_VERSION_{name} {n}\n")),
            "DTKS_VERSION_{name} is not {n}"
        );
    }
    assert_eq!(
        v,
        dtks_core::VERSION,
        "dtks-ffi and dtks-core share one version"
    );
}

#[test]
fn every_function_is_documented() {
    // Each prototype in the header is preceded by its doc comment.
    let have = std::fs::read_to_string(header_path()).unwrap_or_default();
    let lines: Vec<&str> = have.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let is_proto = (line.contains(" dtks_") || line.starts_with("dtks_"))
            && line.ends_with('(')
            && !line.starts_with(' ');
        if is_proto {
            assert!(
                i > 0 && lines[i - 1].trim_end().ends_with("*/"),
                "undocumented function: {line}"
            );
        }
    }
}
