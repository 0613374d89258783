//! JSON Lines whose objects are *records* of the export layout rather than
//! households of the model: exports converted from CSV (`pandas.to_json(
//! orient="records", lines=True)`, `jq`, a spreadsheet add-in) look like
//! this. Two shapes are read:
//!
//! - one member per line: `{"id_rt": "RT-1", "nik": "3171…", "nama": …}`;
//! - one household per line with its members in a list of objects:
//!   `{"id_rt": "RT-1", "kode_desa": …, "anggota": [{"nik": …}, …]}` (any
//!   key whose value is a list of objects is the member list; the other
//!   keys are the household's columns and are repeated on each member).
//!
//! The lines are turned into CSV records under one header and read by the
//! CSV path, so the layout's names, a mapping, the spreadsheet artefacts,
//! the household grouping and every check apply as they do to a CSV export.
//! The header is every key of the first 1,000 lines (line by line, each
//! line's keys in the order of their names, as `serde_json` reads an
//! object; the order of CSV columns does not matter to the reader); a key first met later is written as an extra field, so its
//! record gets `ROW_COLUMN_COUNT` rather than losing a value silently.
//! Values: a string as it is, a number as JSON writes it, `true`/`false` as
//! `1`/`0`, `null` as empty, any other object or list as its JSON text.
//! A line that is not a JSON object becomes a record of one field (its
//! `ROW_COLUMN_COUNT` says it cannot be read). Records are numbered as CSV
//! records are: the first record is row 1.
//!
//! The shape is decided from the first line: an object without `families`
//! whose keys name a column of the mapping (`docs/bulk.md`, "Files as they
//! arrive").

use super::mapping::Mapping;
use super::row::Layout;
use csv::ByteRecord;
use serde_json::{Map, Value};
use std::io::{self, BufRead, BufReader, Read};

/// Lines looked at for the header.
const HEADER_LINES: usize = 1_000;

/// The input after the look at its first line: as it was, or its records
/// turned into CSV text.
pub(crate) enum Shaped<R: Read> {
    /// Households of the model (or CSV): the bytes as they came.
    Plain(io::Chain<io::Cursor<Vec<u8>>, R>),
    /// Records of the layout, as CSV text.
    Records(Box<ToCsv<R>>),
}

impl<R: Read> Read for Shaped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Shaped::Plain(r) => r.read(buf),
            Shaped::Records(r) => r.read(buf),
        }
    }
}

/// Looks at the first line of a JSON Lines input and returns the input to
/// read, and whether it holds records of the layout.
pub(crate) fn shape<R: Read>(mut input: R, mapping: &Mapping) -> io::Result<(Shaped<R>, bool)> {
    // The first non-blank line (up to 4 MiB: a household is far smaller).
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        if head.len() >= 4 << 20 || input.read(&mut byte)? == 0 {
            break;
        }
        head.push(byte[0]);
        if byte[0] == b'\n' && head.iter().any(|b| !b.is_ascii_whitespace()) {
            break;
        }
    }
    let records = is_records(&head, mapping);
    let joined = io::Cursor::new(head).chain(input);
    if !records {
        return Ok((Shaped::Plain(joined), false));
    }
    Ok((Shaped::Records(Box::new(ToCsv::new(joined)?)), true))
}

fn is_records(line: &[u8], mapping: &Mapping) -> bool {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_start_matches('\u{feff}').trim();
    let Ok(Value::Object(m)) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    if m.contains_key("families") {
        return false;
    }
    let mut keys: Vec<&str> = Vec::new();
    for (k, v) in &m {
        keys.push(k);
        if let Some(first) = member_list(v).and_then(|l| l.first().copied()) {
            keys.extend(first.keys().map(String::as_str));
        }
    }
    !Layout::resolve(&ByteRecord::from(keys), mapping).headerless
}

/// The member list: a list whose items are all objects.
fn member_list(v: &Value) -> Option<Vec<&Map<String, Value>>> {
    let Value::Array(items) = v else { return None };
    if items.is_empty() {
        return None;
    }
    items.iter().map(Value::as_object).collect()
}

/// JSON Lines records read as CSV text.
pub(crate) struct ToCsv<R: Read> {
    lines: BufReader<io::Chain<io::Cursor<Vec<u8>>, R>>,
    header: Vec<String>,
    /// Lines read for the header, not yet written.
    held: std::collections::VecDeque<Vec<u8>>,
    out: Vec<u8>,
    pos: usize,
    started: bool,
}

impl<R: Read> ToCsv<R> {
    fn new(input: io::Chain<io::Cursor<Vec<u8>>, R>) -> io::Result<ToCsv<R>> {
        let mut t = ToCsv {
            lines: BufReader::with_capacity(1 << 20, input),
            header: Vec::new(),
            held: std::collections::VecDeque::new(),
            out: Vec::new(),
            pos: 0,
            started: false,
        };
        for _ in 0..HEADER_LINES {
            let Some(line) = t.next_line()? else { break };
            if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(&line) {
                for (k, v) in &m {
                    match member_list(v) {
                        Some(members) => {
                            for mem in members {
                                t.learn(mem.keys());
                            }
                        }
                        None => t.learn(std::iter::once(k)),
                    }
                }
            }
            t.held.push_back(line);
        }
        Ok(t)
    }

    fn learn<'k>(&mut self, keys: impl Iterator<Item = &'k String>) {
        for k in keys {
            if !self.header.contains(k) {
                self.header.push(k.clone());
            }
        }
    }

    /// The next non-blank line, without its line end.
    fn next_line(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            let mut line = Vec::new();
            if self.lines.read_until(b'\n', &mut line)? == 0 {
                return Ok(None);
            }
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            if line.starts_with(b"\xef\xbb\xbf") {
                line.drain(..3);
            }
            if line.iter().any(|b| !b.is_ascii_whitespace()) {
                return Ok(Some(line));
            }
        }
    }

    /// Writes the records of one line.
    fn write_line(&mut self, line: &[u8]) {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(std::mem::take(&mut self.out));
        let m = match serde_json::from_slice::<Value>(line) {
            Ok(Value::Object(m)) => m,
            // Not an object: one field, which the header's count refuses.
            _ => {
                let _ = w.write_record([String::from_utf8_lossy(line).as_ref()]);
                self.out = w.into_inner().unwrap_or_default();
                return;
            }
        };
        let list = m
            .iter()
            .find_map(|(k, v)| member_list(v).map(|l| (k.as_str(), l)));
        let list_key: Option<&str> = list.as_ref().map(|(k, _)| *k);
        let members: Vec<Option<&Map<String, Value>>> = match &list {
            Some((_, l)) => l.iter().copied().map(Some).collect(),
            None => vec![None],
        };
        for member in members {
            let mut fields: Vec<String> = self
                .header
                .iter()
                .map(|h| {
                    let v = member
                        .and_then(|mm| mm.get(h))
                        .or_else(|| m.get(h).filter(|_| list_key != Some(h.as_str())));
                    v.map_or_else(String::new, text)
                })
                .collect();
            // Keys the header does not have: extra fields (ROW_COLUMN_COUNT).
            let own = member.into_iter().flat_map(|mm| mm.keys());
            let top = m.keys().filter(|k| list_key != Some(k.as_str()));
            for k in own.chain(top) {
                if !self.header.contains(k) {
                    fields.push(String::new());
                }
            }
            let _ = w.write_record(&fields);
        }
        self.out = w.into_inner().unwrap_or_default();
    }
}

/// A JSON value as a CSV field.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

impl<R: Read> Read for ToCsv<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            self.out.clear();
            self.pos = 0;
            if !self.started {
                self.started = true;
                let mut w = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::Any(b'\n'))
                    .from_writer(Vec::new());
                let _ = w.write_record(&self.header);
                self.out = w.into_inner().unwrap_or_default();
                continue;
            }
            let line = match self.held.pop_front() {
                Some(l) => l,
                None => match self.next_line()? {
                    Some(l) => l,
                    None => return Ok(0),
                },
            };
            self.write_line(&line);
        }
        let rest = self.out.get(self.pos..).unwrap_or(&[]);
        let n = rest.len().min(buf.len());
        buf.get_mut(..n)
            .unwrap_or(&mut [])
            .copy_from_slice(rest.get(..n).unwrap_or(&[]));
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(input: &str) -> (String, bool) {
        let (mut r, records) = shape(input.as_bytes(), &Mapping::reference()).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        (s, records)
    }

    #[test]
    fn one_member_per_line_becomes_one_record_per_line() {
        let (s, records) = csv_of(
            "{\"id_rt\":\"A\",\"nik\":\"3171011708800001\",\"hub_keluarga\":1,\"hamil\":null}\n\n{\"id_rt\":\"A\",\"nik\":\"3171014503820002\",\"hub_keluarga\":2,\"bekerja\":true}\n",
        );
        assert!(records);
        assert_eq!(
            s,
            "hamil,hub_keluarga,id_rt,nik,bekerja\n,1,A,3171011708800001,\n,2,A,3171014503820002,1\n"
        );
    }

    #[test]
    fn a_household_with_a_member_list_becomes_one_record_per_member() {
        let (s, records) = csv_of(
            "{\"id_rt\":\"A\",\"kode_desa\":\"3171011001\",\"anggota\":[{\"nik\":\"1\",\"nama\":\"Budi, S.\"},{\"nik\":\"2\",\"nama\":\"Sri\"}]}\n",
        );
        assert!(records);
        assert_eq!(
            s,
            "nama,nik,id_rt,kode_desa\n\"Budi, S.\",1,A,3171011001\nSri,2,A,3171011001\n"
        );
    }

    #[test]
    fn households_of_the_model_and_other_text_are_left_as_they_are() {
        let model =
            "{\"id\":\"A\",\"address\":{\"village_code\":\"3171011001\"},\"families\":[]}\n";
        assert_eq!(csv_of(model), (model.to_owned(), false));
        assert_eq!(csv_of("{not json\n"), ("{not json\n".to_owned(), false));
        assert_eq!(csv_of(""), (String::new(), false));
        // An object naming no column of the layout.
        assert!(!csv_of("{\"colour\":\"red\"}\n").1);
    }

    #[test]
    fn a_key_first_met_after_the_header_lines_is_an_extra_field() {
        let mut input = String::new();
        for _ in 0..HEADER_LINES {
            input.push_str("{\"id_rt\":\"A\",\"nik\":\"1\"}\n");
        }
        input.push_str("{\"id_rt\":\"B\",\"nik\":\"2\",\"catatan\":\"x\"}\n[1]\n");
        let (s, _) = csv_of(&input);
        let tail: Vec<&str> = s.lines().rev().take(2).collect();
        assert_eq!(tail, vec!["[1]", "B,2,"]);
    }

    proptest::proptest! {
        #[test]
        fn any_text_never_fails(s in "\\PC{0,200}") {
            let (mut r, _) = shape(s.as_bytes(), &Mapping::reference()).unwrap();
            let mut out = Vec::new();
            r.read_to_end(&mut out).unwrap();
        }
    }
}
