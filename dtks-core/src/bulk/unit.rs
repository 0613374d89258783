//! What flows from the workers to the sink: a unit of work (a household's
//! rows or a JSON Lines line), what processing it found, a worked block and
//! the buffers its households share.

use super::block::{Block, Records};
use super::index::Keys;
use super::report::RowProblem;
use super::row::{RawRow, Spare};
use std::ops::Range;

/// A unit of work for a worker: the rows of one household (CSV) or one
/// JSON Lines line.
#[derive(Clone, Copy)]
pub(super) enum Unit<'a> {
    Group(&'a [RawRow<'a>]),
    Line { row: u64, bytes: &'a [u8] },
}

/// A unit as the sink takes it: its records in a worked block (a
/// household's rows, or rows that cannot be read at all in a file without a
/// header; the sink reads no field, so it needs no row views), or its line.
#[derive(Clone, Copy)]
pub(super) enum Taken<'a> {
    Rows {
        recs: &'a Records,
        start: usize,
        end: usize,
    },
    Line {
        row: u64,
        bytes: &'a [u8],
    },
}

impl Taken<'_> {
    pub(super) fn first_row(&self) -> u64 {
        match self {
            Taken::Rows { recs, start, .. } => recs.metas.get(*start).map_or(0, |m| m.row),
            Taken::Line { row, .. } => *row,
        }
    }

    pub(super) fn len(&self) -> usize {
        match self {
            Taken::Rows { start, end, .. } => end.saturating_sub(*start),
            Taken::Line { .. } => 1,
        }
    }

    /// The row numbers of its readable rows.
    pub(super) fn good_rows(&self) -> Vec<u64> {
        match self {
            Taken::Rows { recs, start, end } => recs
                .metas
                .get(*start..*end)
                .unwrap_or(&[])
                .iter()
                .filter(|m| m.broken.is_none())
                .map(|m| m.row)
                .collect(),
            Taken::Line { row, .. } => vec![*row],
        }
    }
}

/// A unit as the worker hands it on: which rows (CSV) or which line.
#[derive(Debug, Clone)]
pub(super) enum Span {
    Group(Range<usize>),
    Unread(Range<usize>),
    Line(usize),
}

/// What processing one unit found.
#[derive(Debug, Default)]
pub(super) struct UnitResult {
    pub(super) problems: Vec<RowProblem>,
    /// The household id's hash (None without an id).
    pub(super) household_key: Option<u64>,
    /// This household's entries in the block's [`Keys`].
    pub(super) people: Range<usize>,
    pub(super) families: Range<usize>,
    /// Its label (id, masked when it looks like an identity number) in the
    /// block's label text.
    pub(super) label: Option<Range<usize>>,
    /// Village digits (10) of the household, when well formed.
    pub(super) village: Option<[u8; 10]>,
    pub(super) households: u64,
    pub(super) members: u64,
    /// Blank records and repeated headers among its rows (skipped).
    pub(super) blank: u64,
    pub(super) header: u64,
    pub(super) stage_counts: Vec<(usize, String, u64)>,
    /// `(stage, key, n)`: [`StageOutput::tallies`](super::StageOutput::tallies).
    pub(super) stage_tallies: Vec<(usize, u64, u64)>,
}

/// What the reader learned by the end.
#[derive(Debug, Default)]
pub(super) struct InputInfo {
    pub(super) sha256: String,
    pub(super) bytes: u64,
    pub(super) rows: u64,
}

/// A block, worked: its parsed records and each unit's result.
pub(super) struct Worked {
    pub(super) block: Block,
    pub(super) recs: Records,
    pub(super) spans: Vec<Span>,
    pub(super) results: Vec<UnitResult>,
    pub(super) acc: Acc,
}

/// What a block's households collect for the sink, in one set of buffers.
#[derive(Default)]
pub(super) struct Acc {
    pub(super) keys: Keys,
    pub(super) labels: String,
    /// Allocations reused from household to household.
    pub(super) spare: Spare,
}

impl Acc {
    pub(super) fn clear(&mut self) {
        self.keys.clear();
        self.labels.clear();
    }

    pub(super) fn label(&self, r: &UnitResult) -> Option<&str> {
        self.labels.get(r.label.clone()?)
    }
}

/// A worked block's input buffer, for the reader to reuse.
pub(super) fn spent_bytes(w: &mut Worked) -> Vec<u8> {
    let b = std::mem::take(&mut w.block.bytes);
    if b.capacity() > 0 {
        b
    } else {
        w.recs.take_input()
    }
}
