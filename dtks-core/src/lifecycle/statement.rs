//! The statement of responsibility a finalisation records ("Saya
//! bertanggung jawab terhadap data usulan tersebut", typed by the operator at
//! "Finalisasi Usulan"), and how a typed text is compared with it. It lives
//! here, with the trail entry that records it; [`crate::usulan`] re-exports it.

/// The statement the operator types to finalise, as the source text gives it.
pub const STATEMENT: &str = "Saya bertanggung jawab terhadap data usulan tersebut";

/// How a typed statement differs from [`STATEMENT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatementMismatch {
    /// Empty (after trimming).
    Empty,
    /// Same words, different letter case.
    LetterCase,
    /// Different text (words, spelling, punctuation).
    Text,
}

impl StatementMismatch {
    /// The machine name (`empty`, `letter_case`, `text`), as in the
    /// problem's `context.hint`; the message shows it in words.
    ///
    /// ```
    /// use dtks_core::lifecycle::StatementMismatch;
    /// assert_eq!(StatementMismatch::LetterCase.hint(), "letter_case");
    /// ```
    pub fn hint(self) -> &'static str {
        match self {
            StatementMismatch::Empty => "empty",
            StatementMismatch::LetterCase => "letter_case",
            StatementMismatch::Text => "text",
        }
    }
}

/// Whether a typed statement is the required one.
///
/// The rules (documented in docs/process.md):
/// - **surrounding whitespace is ignored** (trimmed): invisible, and a typical
///   artefact of copying into a form field;
/// - **inner runs of whitespace count as one space** (spaces, tabs, line
///   breaks, no-break spaces): they do not change the words;
/// - **letter case must match exactly**: the source text gives the sentence
///   with a capital "S" and asks for it to be typed; a visible difference in
///   what is typed is a different statement;
/// - everything else must match exactly, punctuation included: a trailing
///   full stop or quotation marks make it a different text.
///
/// ```
/// use dtks_core::lifecycle::{statement_matches, StatementMismatch};
/// assert_eq!(statement_matches("  Saya bertanggung  jawab terhadap data usulan\ttersebut "), Ok(()));
/// assert_eq!(statement_matches("saya bertanggung jawab terhadap data usulan tersebut"), Err(StatementMismatch::LetterCase));
/// assert_eq!(statement_matches("Saya bertanggung jawab terhadap data usulan tersebut."), Err(StatementMismatch::Text));
/// ```
pub fn statement_matches(typed: &str) -> Result<(), StatementMismatch> {
    let normal = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if normal == STATEMENT {
        Ok(())
    } else if normal.is_empty() {
        Err(StatementMismatch::Empty)
    } else if normal.to_lowercase() == STATEMENT.to_lowercase() {
        Err(StatementMismatch::LetterCase)
    } else {
        Err(StatementMismatch::Text)
    }
}
