//! A JSON scalar read as whatever it is: a whole number, a fraction or text.
//!
//! Codes (`"head"` or `1` or `"1"`) and identity numbers (`"3171…"` or
//! `3171…` or `3.17E15`) may arrive as numbers or as text. Reading them through
//! `#[serde(untagged)]` buffers each value and, for text, first tries (and
//! formats the error of) every numeric variant: on JSON Lines that was a third
//! of the time spent reading a household. [`Scalar`] asks the deserializer
//! once for whatever the value is (`deserialize_any`, as `untagged` did) and
//! builds no error unless the value is of no accepted kind.

use serde::de::{self, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A scalar value as it was written. Its text may be a NIK or a name: no
/// `Debug` outside tests.
#[cfg_attr(test, derive(Debug, PartialEq))]
// Without households only the sex reader uses it, which reads no numbers' values.
#[cfg_attr(not(feature = "household"), allow(dead_code))]
pub(crate) enum Scalar<'a> {
    /// A non-negative whole number.
    Unsigned(u64),
    /// A negative whole number.
    Negative(i64),
    /// A number with a fraction or an exponent (or too large for `u64`).
    Float(f64),
    /// Text, borrowed from the input where it had no escapes.
    Text(Cow<'a, str>),
}

impl<'a> Scalar<'a> {
    /// Reads one scalar; `expecting` names what was wanted, for the error that
    /// an object, an array, a boolean or `null` gets.
    pub(crate) fn read<D: Deserializer<'a>>(
        d: D,
        expecting: &'static str,
    ) -> Result<Scalar<'a>, D::Error> {
        d.deserialize_any(ScalarVisitor(expecting))
    }
}

struct ScalarVisitor(&'static str);

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Unsigned(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar<'de>, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Scalar::Unsigned(u),
            Err(_) => Scalar::Negative(v),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Scalar<'_>, serde_json::Error> {
        let mut d = serde_json::Deserializer::from_str(json);
        Scalar::read(&mut d, "a number or text")
    }

    #[test]
    fn each_kind_of_json_scalar() {
        assert_eq!(read("7").unwrap(), Scalar::Unsigned(7));
        assert_eq!(read("-7").unwrap(), Scalar::Negative(-7));
        assert_eq!(read("7.5").unwrap(), Scalar::Float(7.5));
        assert_eq!(read("3.17E15").unwrap(), Scalar::Float(3.17e15));
        // Larger than u64: serde_json reads it as a float.
        assert_eq!(
            read("18446744073709551616").unwrap(),
            Scalar::Float(18446744073709551616.0)
        );
        assert_eq!(read(r#""a""#).unwrap(), Scalar::Text(Cow::Borrowed("a")));
        // An escape makes the text owned; its value is the same.
        assert_eq!(read(r#""\u0061""#).unwrap(), Scalar::Text("a".into()));
    }

    #[test]
    fn other_values_are_errors_that_say_what_was_wanted() {
        for bad in ["true", "null", "[1]", r#"{"a":1}"#] {
            let e = read(bad).unwrap_err().to_string();
            assert!(e.contains("a number or text"), "{bad}: {e}");
        }
    }
}
