//! The HTML report: one self-contained page (inline style, inline SVG bars, a few lines of script), from aggregates only.
//!
//! [`HtmlReport`] is a [`ProblemSink`]: it counts problems per code and per
//! village as they stream, keeps a few examples per code (masked values
//! only), and after the run renders the page in Indonesian or English with
//! [`HtmlReport::write_html`]. What it holds does not grow with the number
//! of rows: per code a count and at most [`HtmlReport::examples_per_code`]
//! examples, per village (at most the 83,762 of the region table, plus one
//! slot for rows without a valid code) two counters and the counts of the
//! codes seen there.
//!
//! The page reads without JavaScript; the script only sorts the tables when
//! a heading is clicked, and marks the page (`data-report-ready="1"` on the
//! `<html>` element; `window.onerror` appends to `data-report-errors`), so
//! that a headless browser can check it rendered.

use super::report::{ProblemSink, RowProblem, Summary};
use crate::personal::mask_identity_runs;
use crate::problem::{Code, Lang, Severity};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// How many examples per code a report keeps unless told otherwise.
pub const DEFAULT_EXAMPLES_PER_CODE: usize = 5;

/// Rows shown at most in a region table (the chart shows the first 20).
const MAX_TABLE_ROWS: usize = 1000;
/// Bars at most in a chart.
const MAX_BARS: usize = 20;

/// One example of a code: where it is and its message, masked.
#[derive(Debug, Clone)]
struct Example {
    row: Option<u64>,
    household: Option<String>,
    field: String,
    message_id: String,
    message_en: String,
}

#[derive(Debug, Clone, Default)]
struct CodeAgg {
    severity: Option<Severity>,
    count: u64,
    examples: Vec<Example>,
}

/// Counters of one place (a village, or the rows without a valid code).
#[derive(Debug, Clone, Default)]
struct Place {
    rows: u64,
    invalid: u64,
    codes: BTreeMap<Code, u64>,
}

impl Place {
    fn merge(&mut self, o: &Place) {
        self.rows += o.rows;
        self.invalid += o.invalid;
        for (c, n) in &o.codes {
            *self.codes.entry(*c).or_default() += n;
        }
    }
}

/// The HTML report sink. Push it into `Outputs::sinks`, run the validation,
/// then write the page.
///
/// ```
/// use dtks_core::bulk::{validate, Format, HtmlReport, Options, Outputs};
/// use dtks_core::problem::Lang;
/// let csv = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n\
///            RT-1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n\
///            RT-2,3171011001,3171011503150008,317101170880,Ani,1980-08-17,2,1\n";
/// let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let mut html = HtmlReport::new("anggota.csv");
/// let mut out = Outputs::default();
/// out.sinks.push(&mut html);
/// validate(csv.as_bytes(), &Options::new(Format::Csv, as_of), &mut out).unwrap();
/// let mut page = Vec::new();
/// html.write_html(Lang::Id, &mut page).unwrap();
/// let page = String::from_utf8(page).unwrap();
/// assert!(page.contains("NIK_LENGTH"));
/// assert!(page.contains("Baris dibaca"));
/// assert!(!page.contains("317101170880")); // masked
/// ```
#[derive(Debug, Clone)]
pub struct HtmlReport {
    name: String,
    examples_per_code: usize,
    codes: BTreeMap<Code, CodeAgg>,
    /// Village code (ten digits; `""`: none valid) → counters.
    places: HashMap<String, Place>,
    /// Codes of the problems of the unit being read, placed at its
    /// [`ProblemSink::place`].
    pending: Vec<Code>,
    summary: Option<Summary>,
}

impl HtmlReport {
    /// A report on the input called `name` (shown as given, escaped; a path
    /// is shown as its last part).
    pub fn new(name: &str) -> HtmlReport {
        let short = name.rsplit(['/', '\\']).next().unwrap_or(name);
        HtmlReport {
            name: short.to_owned(),
            examples_per_code: DEFAULT_EXAMPLES_PER_CODE,
            codes: BTreeMap::new(),
            places: HashMap::new(),
            pending: Vec::new(),
            summary: None,
        }
    }

    /// Keeps at most `n` examples per code (default
    /// [`DEFAULT_EXAMPLES_PER_CODE`]; at most 100).
    pub fn with_examples_per_code(mut self, n: usize) -> HtmlReport {
        self.examples_per_code = n.min(100);
        self
    }

    /// The examples kept per code.
    pub fn examples_per_code(&self) -> usize {
        self.examples_per_code
    }

    /// The summary, once the run finished.
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }

    /// The page as a string (see [`HtmlReport::write_html`]).
    pub fn html(&self, lang: Lang) -> String {
        render(self, lang)
    }

    /// Writes the page. Before the run has finished the page says so and
    /// holds what was counted until then.
    pub fn write_html(&self, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(render(self, lang).as_bytes())?;
        out.flush()
    }

    /// The same summary as a fragment (no `<html>`, no script), for a
    /// notebook's rich display: the headline and the problems per code.
    pub fn fragment(&self, lang: Lang) -> String {
        let t = text(lang);
        let mut s = String::new();
        s.push_str("<div class=\"dtks-report\">");
        headline(&mut s, self, t, lang);
        codes_table(&mut s, self, t, lang, false);
        s.push_str("</div>");
        s
    }
}

impl ProblemSink for HtmlReport {
    fn problem(&mut self, p: &RowProblem) -> io::Result<()> {
        let code = p.problem.code;
        let agg = self.codes.entry(code).or_default();
        agg.severity = Some(p.problem.severity);
        agg.count += 1;
        if agg.examples.len() < self.examples_per_code {
            agg.examples.push(Example {
                row: p.row,
                household: p
                    .household
                    .as_deref()
                    .map(|h| mask_identity_runs(h).into_owned()),
                field: mask_identity_runs(&p.field).into_owned(),
                message_id: mask_identity_runs(&p.problem.message(Lang::Id)).into_owned(),
                message_en: mask_identity_runs(&p.problem.message(Lang::En)).into_owned(),
            });
        }
        if p.row.is_some() {
            self.pending.push(code);
        }
        Ok(())
    }

    fn place(&mut self, village: Option<&str>, read: u64, invalid: u64) -> io::Result<()> {
        let key = village.unwrap_or("");
        let place = match self.places.get_mut(key) {
            Some(p) => p,
            None => self.places.entry(key.to_owned()).or_default(),
        };
        place.rows += read;
        place.invalid += invalid;
        for c in self.pending.drain(..) {
            *place.codes.entry(c).or_default() += 1;
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        if !self.pending.is_empty() {
            let place = self.places.entry(String::new()).or_default();
            for c in self.pending.drain(..) {
                *place.codes.entry(c).or_default() += 1;
            }
        }
        self.summary = Some(summary.clone());
        Ok(())
    }
}

// ---- text -------------------------------------------------------------------

/// Every label of the page, in one language (the programme section's
/// labels are unused without `rules`).
#[cfg_attr(not(feature = "rules"), allow(dead_code))]
struct Text {
    html_lang: &'static str,
    title: &'static str,
    not_finished: &'static str,
    rows_read: &'static str,
    valid: &'static str,
    invalid: &'static str,
    households: &'static str,
    members: &'static str,
    problems: &'static str,
    errors: &'static str,
    warnings: &'static str,
    file: &'static str,
    size: &'static str,
    bytes: &'static str,
    as_of: &'static str,
    region_table: &'static str,
    rules: &'static str,
    no_rules: &'static str,
    format: &'static str,
    mapping: &'static str,
    encoding: &'static str,
    made_by: &'static str,
    per_code: &'static str,
    no_problems: &'static str,
    code: &'static str,
    severity: &'static str,
    count: &'static str,
    explanation: &'static str,
    what_to_do: &'static str,
    error: &'static str,
    warning: &'static str,
    sort_hint: &'static str,
    per_province: &'static str,
    per_regency: &'static str,
    per_village: &'static str,
    region: &'static str,
    name: &'static str,
    rows: &'static str,
    invalid_rows: &'static str,
    invalid_share: &'static str,
    worst_codes: &'static str,
    ranked: &'static str,
    top_of: &'static str,
    no_region: &'static str,
    examples: &'static str,
    examples_note: &'static str,
    row: &'static str,
    household: &'static str,
    column: &'static str,
    message: &'static str,
    whole_file: &'static str,
    assessment: &'static str,
    assessed: &'static str,
    skipped: &'static str,
    programme: &'static str,
    eligible: &'static str,
    not_eligible: &'static str,
    undecidable: &'static str,
    amount: &'static str,
    per_regency_programme: &'static str,
    contents: &'static str,
}

const ID: Text = Text {
    html_lang: "id",
    title: "Laporan validasi data DTKS",
    not_finished: "Validasi belum selesai: angka di bawah ini belum lengkap.",
    rows_read: "Baris dibaca",
    valid: "Sah",
    invalid: "Tidak sah",
    households: "Rumah tangga",
    members: "Anggota",
    problems: "Masalah",
    errors: "kesalahan",
    warnings: "peringatan",
    file: "Berkas",
    size: "Ukuran",
    bytes: "bita",
    as_of: "Tanggal acuan",
    region_table: "Versi tabel wilayah",
    rules: "Versi aturan program",
    no_rules: "tidak ada (tanpa penilaian program)",
    format: "Bentuk berkas",
    mapping: "Pemetaan kolom",
    encoding: "Pengodean teks",
    made_by: "Dibuat oleh dtks",
    per_code: "Masalah per kode",
    no_problems: "Tidak ada masalah yang ditemukan.",
    code: "Kode",
    severity: "Tingkat",
    count: "Jumlah",
    explanation: "Penjelasan",
    what_to_do: "Yang perlu dilakukan",
    error: "kesalahan",
    warning: "peringatan",
    sort_hint: "Klik judul kolom untuk mengurutkan tabel.",
    per_province: "Per provinsi",
    per_regency: "Per kabupaten/kota",
    per_village: "Per desa/kelurahan",
    region: "Kode wilayah",
    name: "Nama",
    rows: "Baris",
    invalid_rows: "Baris tidak sah",
    invalid_share: "Porsi tidak sah",
    worst_codes: "Kode terbanyak",
    ranked: "Diurutkan menurut jumlah baris tidak sah: hubungi yang teratas lebih dulu.",
    top_of: "teratas dari",
    no_region: "tanpa kode desa yang sah",
    examples: "Contoh baris per kode",
    examples_note: "Setiap nilai pribadi disamarkan (NIK, nomor KK, nama).",
    row: "Baris",
    household: "Rumah tangga",
    column: "Kolom",
    message: "Pesan",
    whole_file: "seluruh berkas",
    assessment: "Penilaian program",
    assessed: "rumah tangga dinilai",
    skipped: "dilewati karena ada kesalahan",
    programme: "Program",
    eligible: "Layak",
    not_eligible: "Tidak layak",
    undecidable: "Tidak dapat diputuskan",
    amount: "Nilai per tahun (Rp)",
    per_regency_programme: "Program per kabupaten/kota",
    contents: "Isi",
};

const EN: Text = Text {
    html_lang: "en",
    title: "DTKS data validation report",
    not_finished: "The validation has not finished: the figures below are incomplete.",
    rows_read: "Rows read",
    valid: "Valid",
    invalid: "Invalid",
    households: "Households",
    members: "Members",
    problems: "Problems",
    errors: "errors",
    warnings: "warnings",
    file: "File",
    size: "Size",
    bytes: "bytes",
    as_of: "As of",
    region_table: "Region table version",
    rules: "Programme rule versions",
    no_rules: "none (no programme assessment)",
    format: "File format",
    mapping: "Column mapping",
    encoding: "Text encoding",
    made_by: "Made by dtks",
    per_code: "Problems per code",
    no_problems: "No problems were found.",
    code: "Code",
    severity: "Severity",
    count: "Count",
    explanation: "Explanation",
    what_to_do: "What to do",
    error: "error",
    warning: "warning",
    sort_hint: "Click a column heading to sort the table.",
    per_province: "Per province",
    per_regency: "Per regency/city",
    per_village: "Per village",
    region: "Region code",
    name: "Name",
    rows: "Rows",
    invalid_rows: "Invalid rows",
    invalid_share: "Invalid share",
    worst_codes: "Most frequent codes",
    ranked: "Ranked by invalid rows: call the top ones first.",
    top_of: "top of",
    no_region: "no valid village code",
    examples: "Example rows per code",
    examples_note: "Every personal value is masked (NIK, KK number, name).",
    row: "Row",
    household: "Household",
    column: "Column",
    message: "Message",
    whole_file: "whole file",
    assessment: "Programme assessment",
    assessed: "households assessed",
    skipped: "skipped for errors",
    programme: "Programme",
    eligible: "Eligible",
    not_eligible: "Not eligible",
    undecidable: "Undecidable",
    amount: "Amount per year (Rp)",
    per_regency_programme: "Programmes per regency/city",
    contents: "Contents",
};

fn text(lang: Lang) -> &'static Text {
    match lang {
        Lang::En => &EN,
        _ => &ID,
    }
}

/// What to do about a code, by its family (the catalogue has one message
/// per code; the advice is shared by codes of one kind).
fn advice(code: Code, lang: Lang) -> &'static str {
    let c = code.as_str();
    let en = lang == Lang::En;
    let spreadsheet = [
        "APOSTROPHE",
        "FORMULA_TEXT",
        "FLOAT_SUFFIX",
        "SCIENTIFIC_NOTATION",
        "SPREADSHEET_SERIAL",
        "DECIMAL_COMMA",
        "NULL_TOKEN",
        "DATE_FORM_DETECTED",
        "DATE_NOT_PADDED",
    ];
    let duplicate = [
        "NIK_IN_TWO_HOUSEHOLDS",
        "KK_IN_TWO_VILLAGES",
        "PROBABLE_DUPLICATE_PERSON",
        "HOUSEHOLD_NOT_CONTIGUOUS",
        "NIK_DUPLICATE_IN_HOUSEHOLD",
        "KK_DUPLICATE_IN_HOUSEHOLD",
    ];
    if spreadsheet.iter().any(|s| c.ends_with(s)) {
        if en {
            "Format the column as text in the spreadsheet and export it again, or use the option the message names."
        } else {
            "Format kolom sebagai teks di lembar kerja lalu ekspor ulang, atau pakai opsi yang disebut dalam pesan."
        }
    } else if duplicate.contains(&c) {
        if en {
            "Compare the two rows the message names and correct or remove the duplicate at the source."
        } else {
            "Bandingkan kedua baris yang disebut dalam pesan, lalu perbaiki atau hapus data gandanya di sumber."
        }
    } else if c.starts_with("NIK_") {
        if en {
            "Check the NIK against the person's KTP or KK and correct it at the source."
        } else {
            "Cocokkan NIK dengan KTP atau KK orang tersebut dan perbaiki di sumber data."
        }
    } else if c.starts_with("KK_") {
        if en {
            "Check the number and date against the family card (KK) and correct them at the source."
        } else {
            "Cocokkan nomor dan tanggal dengan kartu keluarga (KK) dan perbaiki di sumber data."
        }
    } else if c.starts_with("VILLAGE_") {
        if en {
            "Check the village code against the Kemendagri region table."
        } else {
            "Cocokkan kode desa dengan tabel wilayah Kemendagri."
        }
    } else if ["FILE_", "HEADER_", "COLUMN_", "ROW_", "JSON_"]
        .iter()
        .any(|p| c.starts_with(p))
    {
        if en {
            "Fix the export itself (columns, encoding, layout) and validate it again."
        } else {
            "Perbaiki berkas ekspornya (kolom, pengodean, susunan) lalu validasi ulang."
        }
    } else if c.starts_with("FAMILY_") || c.starts_with("HOUSEHOLD_") {
        if en {
            "Check the family's make-up (head, relationships, household columns) with the village operator."
        } else {
            "Periksa susunan keluarga (kepala keluarga, hubungan, kolom rumah tangga) bersama operator desa."
        }
    } else if en {
        "Check the value on the rows named and correct it at the source."
    } else {
        "Periksa nilai pada baris yang disebut dan perbaiki di sumber data."
    }
}

/// The code's message template with its placeholders shown as `…`.
fn explanation(code: Code, lang: Lang) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for ch in code.template(lang).chars() {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push('…');
                }
            }
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 => {}
            _ => out.push(ch),
        }
    }
    out
}

// ---- formatting --------------------------------------------------------------

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut o = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    Cow::Owned(o)
}

/// `1234567` → `1.234.567` (id) or `1,234,567` (en).
fn num(n: u64, lang: Lang) -> String {
    let sep = if lang == Lang::En { ',' } else { '.' };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

// Only the programme section writes signed amounts.
#[cfg_attr(not(feature = "rules"), allow(dead_code))]
fn signed(n: i64, lang: Lang) -> String {
    let s = num(n.unsigned_abs(), lang);
    if n < 0 {
        format!("-{s}")
    } else {
        s
    }
}

/// A share as a percentage with one decimal (`2,5 %` / `2.5 %`).
fn pct(part: u64, whole: u64, lang: Lang) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    let tenths = (u128::from(part) * 1000 + u128::from(whole) / 2) / u128::from(whole);
    let mark = if lang == Lang::En { '.' } else { ',' };
    format!("{}{mark}{} %", tenths / 10, tenths % 10)
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn severity_word(s: Option<Severity>, t: &Text) -> &'static str {
    match s {
        Some(Severity::Warning) => t.warning,
        _ => t.error,
    }
}

// ---- page ------------------------------------------------------------------

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;\
margin:0;color:#1b1b1b;background:#fafafa;line-height:1.4}\
main{max-width:1100px;margin:0 auto;padding:1rem 1.5rem 3rem}\
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:2px solid #ddd}\
.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}\
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}\
.card b{display:block;font-size:1.5rem}.card.bad b{color:#b3261e}.card.ok b{color:#1e6b2e}\
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;\
border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}dl.meta dt{font-weight:600}\
dl.meta dd{margin:0;overflow-wrap:anywhere}\
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0;font-size:.92rem}\
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}\
th{background:#f0f0f0}td.n{text-align:right;white-space:nowrap}\
table.sortable th{cursor:pointer}table.sortable th:focus{outline:2px solid #1a5fb4}\
code{font-size:.9em}.error{color:#b3261e}.warning{color:#8a5a00}\
.note{color:#555;font-size:.9rem}svg{max-width:100%;height:auto;background:#fff;\
border:1px solid #ddd;border-radius:6px}nav a{margin-right:1rem}\
@media print{nav{display:none}}";

/// Sorts a table by the clicked heading (numbers by `data-v`), then marks
/// the page as rendered.
const SCRIPT: &str = "(function(){\
var d=document.documentElement;\
function sortBy(th){var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,\
r=Array.prototype.slice.call(b.rows),dir=th.getAttribute('data-dir')==='a'?'d':'a';\
th.setAttribute('data-dir',dir);\
r.sort(function(x,y){var a=x.cells[i],c=y.cells[i];if(!a||!c)return 0;\
var u=a.getAttribute('data-v'),v=c.getAttribute('data-v'),k;\
if(u!==null&&v!==null){k=parseFloat(u)-parseFloat(v);}\
else{k=a.textContent.localeCompare(c.textContent);}\
return dir==='a'?k:-k;});\
r.forEach(function(e){b.appendChild(e);});}\
var hs=document.querySelectorAll('table.sortable th');\
for(var j=0;j<hs.length;j++){(function(th){th.tabIndex=0;\
th.addEventListener('click',function(){sortBy(th);});\
th.addEventListener('keydown',function(e){if(e.key==='Enter'){sortBy(th);}});})(hs[j]);}\
d.setAttribute('data-report-ready','1');})();";

const ONERROR: &str = "window.onerror=function(m){var d=document.documentElement;\
d.setAttribute('data-report-errors',(d.getAttribute('data-report-errors')||'')+m+';');};";

fn render(r: &HtmlReport, lang: Lang) -> String {
    let t = text(lang);
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<script>{ONERROR}</script>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        t.html_lang,
        esc(t.title),
        esc(&r.name)
    );
    let _ = writeln!(s, "<h1>{}</h1>", esc(t.title));
    let _ = write!(
        s,
        "<nav aria-label=\"{}\"><a href=\"#kode\">{}</a><a href=\"#wilayah\">{}</a><a href=\"#contoh\">{}</a>",
        t.contents, t.per_code, t.per_province, t.examples
    );
    if has_assessment(r) {
        let _ = write!(s, "<a href=\"#program\">{}</a>", t.assessment);
    }
    s.push_str("</nav>\n");
    headline(&mut s, r, t, lang);
    s.push_str("<section id=\"kode\">");
    codes_table(&mut s, r, t, lang, true);
    s.push_str("</section>\n<section id=\"wilayah\">");
    regions(&mut s, r, t, lang);
    s.push_str("</section>\n<section id=\"contoh\">");
    examples(&mut s, r, t, lang);
    s.push_str("</section>\n");
    if has_assessment(r) {
        s.push_str("<section id=\"program\">");
        assessment(&mut s, r, t, lang);
        s.push_str("</section>\n");
    }
    let version = r
        .summary
        .as_ref()
        .map_or(crate::VERSION, |x| x.dtks_version.as_str());
    let _ = write!(
        s,
        "<p class=\"note\">{} {}</p>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        t.made_by,
        esc(version)
    );
    s
}

fn headline(s: &mut String, r: &HtmlReport, t: &Text, lang: Lang) {
    let empty = Summary::default();
    let sum = match &r.summary {
        Some(x) => x,
        None => {
            let _ = write!(s, "<p class=\"error\">{}</p>", t.not_finished);
            &empty
        }
    };
    let card = |s: &mut String, id: &str, class: &str, label: &str, value: String| {
        let _ = write!(
            s,
            "<div class=\"card {class}\"><span>{}</span><b id=\"{id}\">{}</b></div>",
            esc(label),
            value
        );
    };
    s.push_str("<div class=\"cards\">");
    card(s, "rows-read", "", t.rows_read, num(sum.rows_read, lang));
    card(s, "rows-valid", "ok", t.valid, num(sum.rows_valid, lang));
    let bad = if sum.rows_invalid > 0 { "bad" } else { "ok" };
    card(
        s,
        "rows-invalid",
        bad,
        t.invalid,
        num(sum.rows_invalid, lang),
    );
    card(s, "households", "", t.households, num(sum.households, lang));
    let _ = write!(
        s,
        "<div class=\"card\"><span>{}</span><b id=\"problems\">{}</b><span>{} {}, {} {}</span></div>",
        t.problems,
        num(sum.problems, lang),
        num(sum.errors, lang),
        t.errors,
        num(sum.warnings, lang),
        t.warnings
    );
    s.push_str("</div>\n<dl class=\"meta\">");
    let mut row = |k: &str, v: String| {
        let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(k), v);
    };
    row(
        t.file,
        format!("<span id=\"input-name\">{}</span>", esc(&r.name)),
    );
    row(
        t.size,
        format!(
            "{} {} ({})",
            num(sum.input_bytes, lang),
            t.bytes,
            megabytes(sum.input_bytes, lang)
        ),
    );
    row(
        "SHA-256",
        format!("<code id=\"sha256\">{}</code>", esc(&sum.input_sha256)),
    );
    row(
        t.as_of,
        format!("<span id=\"as-of\">{}</span>", esc(&sum.as_of)),
    );
    row(t.region_table, esc(&sum.region_table).into_owned());
    let rules = if sum.rules.is_empty() {
        t.no_rules.to_owned()
    } else {
        sum.rules
            .iter()
            .map(|x| format!("{} <code>{}</code>", esc(&x.id), esc(&x.version)))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    row(t.rules, rules);
    let mut fmt = esc(&sum.format).into_owned();
    if let Some(d) = sum.delimiter.as_deref().filter(|d| *d != ",") {
        let shown = if d == "\t" { "\\t" } else { d };
        let _ = write!(fmt, " <code>{}</code>", esc(shown));
    }
    row(t.format, fmt);
    row(t.mapping, esc(&sum.mapping).into_owned());
    let mut enc = esc(&sum.encoding).into_owned();
    if let Some(c) = &sum.container {
        let _ = write!(enc, ", {}", esc(c));
    }
    if let Some(sheet) = &sum.sheet {
        let _ = write!(enc, ", sheet \u{201c}{}\u{201d}", esc(sheet));
    }
    row(t.encoding, enc);
    row(t.members, num(sum.members, lang));
    s.push_str("</dl>\n");
}

/// `166,4 MB` / `28,3 kB` (decimal units).
fn megabytes(bytes: u64, lang: Lang) -> String {
    let (unit, div) = if bytes < 1_000_000 {
        ("kB", 1_000u128)
    } else {
        ("MB", 1_000_000u128)
    };
    let tenths = (u128::from(bytes) * 10 + div / 2) / div;
    let mark = if lang == Lang::En { '.' } else { ',' };
    let whole = u64::try_from(tenths / 10).unwrap_or(u64::MAX);
    format!("{}{mark}{} {unit}", num(whole, lang), tenths % 10)
}

/// A horizontal bar chart: `(label, value, shown value, class)`, the
/// longest bar for the largest value.
fn bars(s: &mut String, title: &str, items: &[(String, f64, String, &str)]) {
    if items.is_empty() {
        return;
    }
    let (w, label_w, value_w, h) = (760.0_f64, 300.0_f64, 130.0_f64, 22.0_f64);
    let height = h * items.len() as f64 + 10.0;
    let max = items.iter().map(|i| i.1).fold(0.0_f64, f64::max);
    let _ = write!(
        s,
        "<svg role=\"img\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\" font-family=\"sans-serif\">\
         <title>{}</title>",
        esc(title)
    );
    let span = w - label_w - value_w;
    for (i, (label, v, shown, class)) in items.iter().enumerate() {
        let y = 5.0 + h * i as f64;
        let len = if max > 0.0 {
            (v / max * span).max(1.0)
        } else {
            0.0
        };
        let fill = match *class {
            "warning" => "#d9a300",
            "ok" => "#2e7d32",
            "blue" => "#1a5fb4",
            _ => "#c62828",
        };
        let short: String = if label.chars().count() > 44 {
            label.chars().take(43).chain(['…']).collect()
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{label_w}\" y=\"{:.1}\" width=\"{len:.1}\" height=\"{:.1}\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label_w - 6.0,
            y + 15.0,
            esc(&short),
            y + 3.0,
            h - 6.0,
            label_w + len + 6.0,
            y + 15.0,
            esc(shown)
        );
    }
    s.push_str("</svg>\n");
}

fn codes_table(s: &mut String, r: &HtmlReport, t: &Text, lang: Lang, chart: bool) {
    let _ = write!(s, "<h2>{}</h2>", t.per_code);
    if r.codes.is_empty() {
        let _ = write!(s, "<p>{}</p>", t.no_problems);
        return;
    }
    let mut codes: Vec<(&Code, &CodeAgg)> = r.codes.iter().collect();
    codes.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    if chart {
        let items: Vec<(String, f64, String, &str)> = codes
            .iter()
            .take(MAX_BARS)
            .map(|(c, a)| {
                let class = if a.severity == Some(Severity::Warning) {
                    "warning"
                } else {
                    "error"
                };
                (
                    c.as_str().to_owned(),
                    a.count as f64,
                    num(a.count, lang),
                    class,
                )
            })
            .collect();
        bars(s, t.per_code, &items);
        let _ = write!(s, "<p class=\"note\">{}</p>", t.sort_hint);
    }
    let _ = write!(
        s,
        "<table class=\"sortable\" id=\"codes\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th></tr></thead><tbody>",
        t.code, t.severity, t.count, t.explanation, t.what_to_do
    );
    for (c, a) in codes {
        let sev = severity_word(a.severity, t);
        let class = if a.severity == Some(Severity::Warning) {
            "warning"
        } else {
            "error"
        };
        let _ = write!(
            s,
            "<tr><td><code>{}</code></td><td class=\"{class}\">{sev}</td><td class=\"n\" data-v=\"{}\">{}</td>\
             <td>{}</td><td>{}</td></tr>",
            c.as_str(),
            a.count,
            num(a.count, lang),
            esc(&explanation(*c, lang)),
            esc(advice(*c, lang))
        );
    }
    s.push_str("</tbody></table>\n");
}

fn worst(codes: &BTreeMap<Code, u64>, lang: Lang) -> String {
    let mut v: Vec<(&Code, &u64)> = codes.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .take(3)
        .map(|(c, n)| format!("<code>{}</code> ({})", c.as_str(), num(**n, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn regions(s: &mut String, r: &HtmlReport, t: &Text, lang: Lang) {
    // Villages summed up to regencies and provinces.
    let mut provinces: BTreeMap<String, Place> = BTreeMap::new();
    let mut regencies: BTreeMap<String, Place> = BTreeMap::new();
    for (v, p) in &r.places {
        let (prov, reg) = match (v.get(..2), v.get(..4)) {
            (Some(a), Some(b)) if v.len() == 10 => (a.to_owned(), b.to_owned()),
            _ => (String::new(), String::new()),
        };
        provinces.entry(prov).or_default().merge(p);
        regencies.entry(reg).or_default().merge(p);
    }
    let prov_name = |c: &str| crate::region::province(c).map(|r| r.name().to_owned());
    let reg_name = |c: &str| crate::region::regency(c).map(|r| r.name().to_owned());
    let vil_name = |c: &str| crate::region::village(c).map(|r| r.name().to_owned());
    let dotted_reg = |c: &str| match (c.get(..2), c.get(2..4)) {
        (Some(a), Some(b)) => format!("{a}.{b}"),
        _ => c.to_owned(),
    };
    let dotted_vil = |c: &str| match (c.get(..2), c.get(2..4), c.get(4..6), c.get(6..)) {
        (Some(a), Some(b), Some(d), Some(e)) => format!("{a}.{b}.{d}.{e}"),
        _ => c.to_owned(),
    };
    region_section(
        s,
        "provinsi",
        t.per_province,
        &provinces,
        &prov_name,
        &|c| c.to_owned(),
        t,
        lang,
    );
    region_section(
        s,
        "kabupaten",
        t.per_regency,
        &regencies,
        &reg_name,
        &dotted_reg,
        t,
        lang,
    );
    // Villages only when the file covers one regency (rows without a
    // valid code aside): the office's list of whom to call.
    let known: Vec<&String> = regencies.keys().filter(|k| !k.is_empty()).collect();
    if known.len() == 1 {
        let villages: BTreeMap<String, Place> = r
            .places
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        region_section(
            s,
            "desa",
            t.per_village,
            &villages,
            &vil_name,
            &dotted_vil,
            t,
            lang,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn region_section(
    s: &mut String,
    id: &str,
    title: &str,
    places: &BTreeMap<String, Place>,
    name: &dyn Fn(&str) -> Option<String>,
    shown_code: &dyn Fn(&str) -> String,
    t: &Text,
    lang: Lang,
) {
    if places.is_empty() {
        return;
    }
    let _ = write!(s, "<h2 id=\"{id}\">{}</h2>", esc(title));
    let mut ranked: Vec<(&String, &Place)> = places.iter().collect();
    ranked.sort_by(|a, b| {
        b.1.invalid
            .cmp(&a.1.invalid)
            .then(share(b.1.invalid, b.1.rows).total_cmp(&share(a.1.invalid, a.1.rows)))
            .then(a.0.cmp(b.0))
    });
    let label = |code: &str| -> String {
        if code.is_empty() {
            return format!("({})", t.no_region);
        }
        match name(code) {
            Some(n) => format!("{} {n}", shown_code(code)),
            None => shown_code(code),
        }
    };
    let items: Vec<(String, f64, String, &str)> = ranked
        .iter()
        .filter(|(_, p)| p.invalid > 0)
        .take(MAX_BARS)
        .map(|(c, p)| {
            (
                label(c),
                p.invalid as f64,
                format!(
                    "{} ({})",
                    num(p.invalid, lang),
                    pct(p.invalid, p.rows, lang)
                ),
                "error",
            )
        })
        .collect();
    if !items.is_empty() {
        bars(s, title, &items);
        let _ = write!(s, "<p class=\"note\">{}</p>", t.ranked);
    }
    if ranked.len() > MAX_TABLE_ROWS {
        let _ = write!(
            s,
            "<p class=\"note\">{} {} {}.</p>",
            num(MAX_TABLE_ROWS as u64, lang),
            t.top_of,
            num(ranked.len() as u64, lang)
        );
    }
    let _ = write!(
        s,
        "<table class=\"sortable\" id=\"tabel-{id}\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t.region, t.name, t.rows, t.invalid_rows, t.invalid_share, t.worst_codes
    );
    for (code, p) in ranked.iter().take(MAX_TABLE_ROWS) {
        let (shown, n) = if code.is_empty() {
            (String::new(), format!("({})", t.no_region))
        } else {
            (shown_code(code), name(code).unwrap_or_default())
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"n\" data-v=\"{}\">{}</td>\
             <td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{:.6}\">{}</td><td>{}</td></tr>",
            esc(&shown),
            esc(&n),
            p.rows,
            num(p.rows, lang),
            p.invalid,
            num(p.invalid, lang),
            share(p.invalid, p.rows),
            pct(p.invalid, p.rows, lang),
            worst(&p.codes, lang)
        );
    }
    s.push_str("</tbody></table>\n");
}

fn examples(s: &mut String, r: &HtmlReport, t: &Text, lang: Lang) {
    let _ = write!(s, "<h2>{}</h2>", t.examples);
    if r.codes.is_empty() {
        let _ = write!(s, "<p>{}</p>", t.no_problems);
        return;
    }
    let _ = write!(s, "<p class=\"note\">{}</p>", t.examples_note);
    let _ = write!(
        s,
        "<table id=\"examples\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t.code, t.row, t.household, t.column, t.message
    );
    for (c, a) in &r.codes {
        for e in &a.examples {
            let row = e
                .row
                .map_or_else(|| t.whole_file.to_owned(), |n| num(n, lang));
            let msg = if lang == Lang::En {
                &e.message_en
            } else {
                &e.message_id
            };
            let _ = write!(
                s,
                "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                c.as_str(),
                row,
                esc(e.household.as_deref().unwrap_or("")),
                esc(&e.field),
                esc(msg)
            );
        }
    }
    s.push_str("</tbody></table>\n");
}

#[cfg(feature = "rules")]
fn has_assessment(r: &HtmlReport) -> bool {
    r.summary
        .as_ref()
        .is_some_and(|s| s.stages.contains_key(super::eligibility::STAGE_NAME))
}

#[cfg(not(feature = "rules"))]
fn has_assessment(_: &HtmlReport) -> bool {
    false
}

#[cfg(not(feature = "rules"))]
fn assessment(_: &mut String, _: &HtmlReport, _: &Text, _: Lang) {}

#[cfg(feature = "rules")]
fn assessment(s: &mut String, r: &HtmlReport, t: &Text, lang: Lang) {
    use super::eligibility::{StageTotals, STAGE_NAME};
    use crate::assess::ProgrammeTotals;
    let Some(sum) = &r.summary else { return };
    let Some(counters) = sum.stages.get(STAGE_NAME) else {
        return;
    };
    let totals = StageTotals::from_counters(counters);
    let _ = write!(
        s,
        "<h2>{}</h2><p><b id=\"assessed\">{}</b> {}, {} {}.</p>",
        t.assessment,
        num(totals.assessed, lang),
        t.assessed,
        num(totals.skipped, lang),
        t.skipped
    );
    let items: Vec<(String, f64, String, &str)> = totals
        .summary
        .programmes
        .iter()
        .take(MAX_BARS)
        .map(|(id, p)| (id.clone(), p.eligible as f64, num(p.eligible, lang), "blue"))
        .collect();
    bars(s, t.eligible, &items);
    let head = |s: &mut String, first: &str, second: Option<&str>| {
        let _ = write!(
            s,
            "<table class=\"sortable\"><thead><tr><th>{}</th>",
            esc(first)
        );
        if let Some(x) = second {
            let _ = write!(s, "<th>{}</th>", esc(x));
        }
        let _ = write!(
            s,
            "<th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            t.eligible, t.not_eligible, t.undecidable, t.amount
        );
    };
    let cells = |s: &mut String, p: &ProgrammeTotals| {
        let _ = write!(
            s,
            "<td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td>\
             <td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td></tr>",
            p.eligible,
            num(p.eligible, lang),
            p.not_eligible,
            num(p.not_eligible, lang),
            p.undecidable,
            num(p.undecidable, lang),
            p.amount_per_year,
            signed(p.amount_per_year, lang)
        );
    };
    head(s, t.programme, None);
    for (id, p) in &totals.summary.programmes {
        let _ = write!(s, "<tr><td>{}</td>", esc(id));
        cells(s, p);
    }
    s.push_str("</tbody></table>\n");
    let region_table = |s: &mut String,
                        title: &str,
                        by: &BTreeMap<String, BTreeMap<String, ProgrammeTotals>>,
                        name: &dyn Fn(&str) -> String| {
        if by.is_empty() {
            return;
        }
        let _ = write!(s, "<h2>{}</h2>", esc(title));
        head(s, t.region, Some(t.programme));
        let mut n = 0usize;
        'outer: for (code, m) in by {
            for (id, p) in m {
                if n >= MAX_TABLE_ROWS {
                    break 'outer;
                }
                n += 1;
                let _ = write!(s, "<tr><td>{}</td><td>{}</td>", esc(&name(code)), esc(id));
                cells(s, p);
            }
        }
        s.push_str("</tbody></table>\n");
    };
    let prov = |c: &str| match crate::region::province(c) {
        Some(r) => format!("{c} {}", r.name()),
        None => c.to_owned(),
    };
    let reg = |c: &str| match crate::region::regency(c) {
        Some(r) => format!(
            "{}.{} {}",
            c.get(..2).unwrap_or(""),
            c.get(2..).unwrap_or(""),
            r.name()
        ),
        None => c.to_owned(),
    };
    region_table(s, t.per_province, &totals.summary.by_province, &prov);
    region_table(s, t.per_regency_programme, &totals.summary.by_regency, &reg);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(num(1_234_567, Lang::Id), "1.234.567");
        assert_eq!(num(1_234_567, Lang::En), "1,234,567");
        assert_eq!(num(12, Lang::Id), "12");
        assert_eq!(pct(1, 40, Lang::Id), "2,5 %");
        assert_eq!(pct(1, 40, Lang::En), "2.5 %");
        assert_eq!(pct(0, 0, Lang::En), "–");
        assert_eq!(signed(-1000, Lang::Id), "-1.000");
        assert_eq!(megabytes(166_400_000, Lang::Id), "166,4 MB");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<b a=\"1\">&'"), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
        assert_eq!(esc("plain"), "plain");
    }

    #[test]
    fn explanation_hides_placeholders() {
        assert_eq!(
            explanation(Code::NikLength, Lang::En),
            "NIK must have 16 digits, found …"
        );
    }

    #[test]
    fn every_code_has_advice_in_both_languages() {
        for c in Code::ALL {
            assert_ne!(advice(*c, Lang::Id), advice(*c, Lang::En));
        }
    }

    fn run(csv: &[u8]) -> HtmlReport {
        use crate::bulk::{validate, Format, Options, Outputs};
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut html = HtmlReport::new("dir/<data>.csv");
        let mut out = Outputs::default();
        out.sinks.push(&mut html);
        validate(csv, &Options::new(Format::Csv, as_of), &mut out).unwrap();
        html
    }

    /// Every maximal run of letters and digits that is all digits and 16 or
    /// more long (a SHA-256 in hex is one run with letters, so it is not).
    #[cfg(feature = "generate")]
    fn long_digit_runs(page: &str) -> Vec<&str> {
        page.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 16 && w.bytes().all(|b| b.is_ascii_digit()))
            .collect()
    }

    /// A generated file with faults: no full NIK or KK, no generated name,
    /// in either language; examples bounded; the headline as counted.
    #[cfg(feature = "generate")]
    #[test]
    fn generated_file_report_holds_no_personal_value() {
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let opts = crate::generate::Options::new(4000, 7, as_of).with_fault_rate(0.2);
        let mut csv = Vec::new();
        crate::generate::generate(&opts, &mut csv, None::<Vec<u8>>).unwrap();
        let mut names = std::collections::BTreeSet::new();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let col = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "nama")
            .unwrap();
        for rec in reader.records() {
            let rec = rec.unwrap();
            let name = rec.get(col).unwrap_or("").trim().to_owned();
            if name.chars().count() >= 4 {
                names.insert(name);
            }
        }
        assert!(names.len() > 20, "{} names", names.len());
        let html = run(&csv);
        let sum = html.summary().unwrap().clone();
        assert!(sum.rows_invalid > 0 && sum.problems > 20);
        for lang in [Lang::Id, Lang::En] {
            let page = html.html(lang);
            assert_eq!(long_digit_runs(&page), Vec::<&str>::new());
            for n in &names {
                assert!(
                    !page.contains(n.as_str()),
                    "generated name {n:?} in the page"
                );
                assert!(
                    !page.contains(esc(n).as_ref()),
                    "generated name {n:?} in the page"
                );
            }
            assert!(page.contains(&format!(
                "<b id=\"rows-read\">{}</b>",
                num(sum.rows_read, lang)
            )));
            assert!(page.contains(&format!(
                "<b id=\"rows-invalid\">{}</b>",
                num(sum.rows_invalid, lang)
            )));
            assert!(page.contains(&sum.input_sha256));
            // The name is escaped and shown without its directory.
            assert!(page.contains("&lt;data&gt;.csv") && !page.contains("<data>"));
            // At most five examples of any code.
            let examples = page.split("<table id=\"examples\">").nth(1).unwrap();
            let examples = examples.split("</table>").next().unwrap();
            for c in html.codes.keys() {
                let n = examples
                    .matches(&format!("<tr><td><code>{}</code>", c.as_str()))
                    .count();
                assert!((1..=5).contains(&n), "{c}: {n} examples");
            }
        }
        // The Indonesian page is Indonesian: none of the English labels.
        let id = html.html(Lang::Id);
        for w in [
            "Rows read",
            "Invalid",
            "What to do",
            ">error<",
            ">warning<",
            "Households",
            "Example",
        ] {
            assert!(!id.contains(w), "{w:?} in the Indonesian page");
        }
        let en = html.html(Lang::En);
        for w in ["Baris dibaca", "Tidak sah", "kesalahan<", "Rumah tangga"] {
            assert!(!en.contains(w), "{w:?} in the English page");
        }
    }

    /// A file of one regency gets the per-village table, ranked by invalid rows.
    #[test]
    fn one_regency_lists_villages_worst_first() {
        let head = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n";
        let good = "R1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n";
        let bad = "R2,3171011002,3171011503150008,31710117088,Ani,1980-08-17,2,1\n\
                   R3,3171011002,3171011503150009,31710117089,Sri,1981-08-17,2,1\n";
        let html = run(format!("{head}{good}{bad}").as_bytes());
        let page = html.html(Lang::Id);
        assert!(page.contains("Per desa/kelurahan"), "{page}");
        let villages = page.split("id=\"tabel-desa\"").nth(1).unwrap();
        let first = villages.find("31.71.01.1002").unwrap();
        let second = villages.find("31.71.01.1001").unwrap();
        assert!(first < second);
        assert!(villages.contains("<code>NIK_LENGTH</code> (2)"));
        assert!(page.contains("100,0 %"));
        let en = html.html(Lang::En);
        assert!(en.contains("Per village") && en.contains("100.0 %"));
        // Two regencies: no village table.
        let other = "R4,3172011001,3172011503150007,3172011708800001,Budi,1980-08-17,1,1\n";
        let page = run(format!("{head}{good}{other}").as_bytes()).html(Lang::Id);
        assert!(!page.contains("Per desa/kelurahan"));
        assert!(page.contains("Per kabupaten/kota"));
    }

    #[test]
    fn fragment_has_the_headline_and_no_script() {
        let head = "id_rt,kode_desa,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga\n";
        let good = "R1,3171011001,3171011503150007,3171011708800001,Budi,1980-08-17,1,1\n";
        let f = run(format!("{head}{good}").as_bytes()).fragment(Lang::En);
        assert!(f.contains("Rows read") && f.contains("<b id=\"rows-read\">1</b>"));
        assert!(!f.contains("<script"));
    }

    #[test]
    fn unfinished_report_says_so() {
        let r = HtmlReport::new("x.csv");
        assert!(r.html(Lang::En).contains("has not finished"));
    }
}
