//! Gives the shared library a soname (`libdtks.so.<major>`), so that programs
//! linked against it find the ABI-compatible version after `make install`.
//! (Symbol versions come from `dtks.map` when `make lib` links the library
//! again from `libdtks.a`: rustc puts its own version script first, and GNU
//! ld reads only the first.)

fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" || target_os == "freebsd" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libdtks.so.{major}");
    }
}
