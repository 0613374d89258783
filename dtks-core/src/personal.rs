//! Personal data and its masking (UU 27/2022 on personal data protection).
//!
//! NIK and KK numbers and names identify people. The library keeps them out
//! of every `Debug`/`Display` output, message, report and log: they are shown
//! masked, and the raw value comes only from a named accessor
//! ([`Personal::expose`], [`crate::id::Nik::raw`]).
//!
//! ```
//! use dtks_core::personal::{mask_digits, mask_name, Personal};
//! assert_eq!(mask_digits("3171014101900001"), "3171••••••••0001");
//! assert_eq!(mask_name("Siti Aminah"), "S••• A•••••");
//! let name = Personal::new("Siti Aminah".to_owned());
//! assert_eq!(format!("{name:?}"), "\"S••• A•••••\"");
//! assert_eq!(name.expose(), "Siti Aminah");
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// The masking character.
pub const MASK: char = '•';

/// Masks an identity number: keeps the first four and last four characters of
/// a value of twelve or more characters, masks everything else.
///
/// The four leading digits are the regency of registration and the four
/// trailing ones a serial: enough for an operator to find the row, not enough
/// to identify the person.
pub fn mask_digits(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let n = chars.len();
    if n >= 12 {
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { MASK })
            .collect()
    } else {
        std::iter::repeat_n(MASK, n).collect()
    }
}

/// Masks a name: keeps the first letter of each word.
pub fn mask_name(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() * 2);
    let mut start = true;
    for c in raw.chars() {
        if c.is_whitespace() {
            out.push(c);
            start = true;
        } else if start {
            out.push(c);
            start = false;
        } else {
            out.push(MASK);
        }
    }
    out
}

/// A string that is personal data: serialized as it is (data files must round
/// trip), but masked in `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Personal(String);

impl Personal {
    /// Wraps a value.
    pub fn new(value: String) -> Personal {
        Personal(value)
    }

    /// The raw value. Call it only where the caller asked for raw output.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The masked form (names: first letter of each word).
    pub fn masked(&self) -> String {
        mask_name(&self.0)
    }

    /// True when empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// The string, for reuse of its allocation (bulk validation).
    #[cfg(feature = "bulk")]
    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

impl From<&str> for Personal {
    fn from(s: &str) -> Personal {
        Personal(s.to_owned())
    }
}

impl From<String> for Personal {
    fn from(s: String) -> Personal {
        Personal(s)
    }
}

impl fmt::Debug for Personal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.masked())
    }
}

impl fmt::Display for Personal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Keeps a parser's message (serde's position and reason) but no value from
/// the input: anything in double quotes is replaced by `"…"`, and runs of eight
/// or more digits are masked like identity numbers.
///
/// ```
/// let m = dtks_core::personal::scrub_message("invalid type: string \"Siti\", expected u8 at line 1 column 9");
/// assert_eq!(m, "invalid type: string \"…\", expected u8 at line 1 column 9");
/// ```
pub fn scrub_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut in_quotes = false;
    for c in msg.chars() {
        if c == '"' {
            if in_quotes {
                out.push_str("\"…\"");
            }
            in_quotes = !in_quotes;
            continue;
        }
        if !in_quotes {
            out.push(c);
        }
    }
    // Numbers serde quotes without quotes (`invalid value: integer 3171...`).
    mask_digit_runs(&out)
}

/// Masks every run of eight or more digits as an identity number would be
/// masked, so a NIK or KK number that landed in the wrong field cannot be
/// shown whole; shorter runs (codes, counts) stay.
///
/// ```
/// use dtks_core::personal::mask_digit_runs;
/// assert_eq!(mask_digit_runs("x 3171014101900001 y 12"), "x 3171••••••••0001 y 12");
/// ```
pub fn mask_digit_runs(text: &str) -> String {
    mask_runs_of(text, 8)
}

/// Masks every run of twelve or more digits (a NIK or KK number, whole or
/// with a digit lost or added, a phone number) as [`mask_digits`] does;
/// shorter runs, such as a ten-digit village code, stay as they are. For
/// values read from the input and shown back in a problem.
///
/// ```
/// use dtks_core::personal::mask_identity_runs;
/// assert_eq!(mask_identity_runs("KK-3171011503150007"), "KK-3171••••••••0007");
/// assert_eq!(mask_identity_runs("3171011001"), "3171011001");
/// ```
pub fn mask_identity_runs(text: &str) -> std::borrow::Cow<'_, str> {
    let mut run = 0usize;
    let long = text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run >= 12
    });
    if long {
        mask_runs_of(text, 12).into()
    } else {
        text.into()
    }
}

fn mask_runs_of(text: &str, min: usize) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() >= min {
                masked.push_str(&mask_digits(&run));
            } else {
                masked.push_str(&run);
            }
            run.clear();
            masked.push(c);
        }
    }
    masked.pop();
    masked
}

/// The shape of a value with every digit written `9`: shows what form a
/// date was written in (`17-08-1980` → `99-99-9999`) without the date.
///
/// ```
/// assert_eq!(dtks_core::personal::digit_shape("17/08/80"), "99/99/99");
/// ```
pub fn digit_shape(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect()
}

// ---- comparing names ---------------------------------------------------------

/// Trims, collapses inner whitespace to one space and lowercases: how names
/// are compared (the source text: type the citizen's name in the "DTKS" menu).
///
/// ```
/// assert_eq!(dtks_core::personal::normalise_name("  SITI   aminah "), "siti aminah");
/// ```
pub fn normalise_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A name folded for searching: lowercase, accents taken off Latin letters
/// (é → e, ü → u, ñ → n, ß → ss), apostrophes and hyphens dropped, every other
/// non-letter, non-digit a space, and runs of spaces as one.
///
/// ```
/// assert_eq!(dtks_core::personal::fold_name("  RENÉ  Nur'aini-Putri "), "rene nuraini putri");
/// ```
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '\u{2019}' | '`' | '\u{2bc}' => {}
            c if c.is_alphanumeric() => match unaccent(c) {
                Some(plain) => out.push_str(plain),
                None => out.push(c),
            },
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain Latin letters of an accented lowercase letter (Latin-1 and
/// Latin Extended-A, the accents names in Indonesia's records carry).
fn unaccent(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşš", "s"),
        ("ţťŧ", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn masks_short_values_entirely() {
        assert_eq!(mask_digits("12345"), "•••••");
        assert_eq!(mask_digits(""), "");
        assert_eq!(mask_digits("3.57301E+15"), "•••••••••••");
        assert_eq!(mask_digits("357301150190001"), "3573•••••••0001");
    }

    proptest! {
        #[test]
        fn masked_digits_never_show_the_middle(s in "[0-9]{16}") {
            let m = mask_digits(&s);
            prop_assert_eq!(m.chars().count(), 16);
            prop_assert_eq!(&m[..4], &s[..4]);
            prop_assert!(m.chars().skip(4).take(8).all(|c| c == MASK));
        }

        #[test]
        fn scrubbed_messages_keep_no_quoted_value_or_number(
            name in "Zq[a-z]{3,12}( [A-Z][a-z]{2,8})?", nik in "[1-9][0-9]{15}"
        ) {
            let msg = format!(
                "invalid type: string \"{name}\", expected u8; invalid value: integer {nik} at line 1 column 2"
            );
            let m = scrub_message(&msg);
            prop_assert!(!m.contains(name.as_str()), "{}", m);
            prop_assert!(!m.contains(nik.as_str()), "{}", m);
            prop_assert!(m.contains("line 1 column 2"));
        }

        #[test]
        fn masked_names_keep_only_initials(s in "\\PC{0,40}") {
            let m = mask_name(&s);
            prop_assert_eq!(m.chars().count(), s.chars().count());
        }
    }
}
