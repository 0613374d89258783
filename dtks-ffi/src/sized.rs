//! Structs that carry their own size: the caller sets `size`, the library
//! writes only what the caller's struct has room for (docs/c-api.md, "ABI
//! stability").

use crate::error::Error;

/// A `#[repr(C)]` struct whose first field is `size: u32`, set by the caller
/// to `sizeof` of the struct in the header it was compiled with.
pub(crate) trait Sized32: Copy {
    /// What `size` must be, in Indonesian and in English, for the error that
    /// says it is too small.
    const AT_LEAST: (&'static str, &'static str);
    /// Sets the `size` field of a value about to be written.
    fn with_size(self, size: u32) -> Self;
}

/// Writes `value` to the caller's `out`, whose first four bytes hold the
/// size the caller compiled with.
///
/// Every sized struct is still in its first version, so a caller's struct
/// must be at least the library's: a smaller `size` (a header older than
/// the first version, or a caller that forgot to set it) is
/// `DTKS_INVALID_ARGUMENT` naming the field. A larger one (a newer header)
/// gets the fields this library knows; the rest are left as the caller had
/// them. When a field is added at the end, this is where the first
/// version's size becomes the minimum and a shorter prefix is written.
///
/// # Safety
/// `out` is non-NULL, aligned, and points to at least `size` writable
/// bytes (the caller's contract on every sized struct).
pub(crate) unsafe fn write_sized<T: Sized32>(
    out: *mut T,
    value: T,
    field: &'static str,
) -> Result<(), Error> {
    // SAFETY: the caller's struct starts with its `u32` size.
    let size = unsafe { out.cast::<u32>().read_unaligned() };
    if (size as usize) < std::mem::size_of::<T>() {
        return Err(Error::argument(field, T::AT_LEAST.0, T::AT_LEAST.1));
    }
    // SAFETY: `size` >= the struct's size: the whole struct fits.
    unsafe { out.write(value.with_size(size)) };
    Ok(())
}
