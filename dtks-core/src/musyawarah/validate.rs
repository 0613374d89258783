//! Session validation: every problem of a musyawarah at once.

use super::session::{Outcome, Role, Session, SessionKind};
use crate::problem::{Code, Problem};
use crate::region::{self, VillageKind};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A quorum rule for the session.
///
/// **The default is no quorum rule at all**: the sources describe who takes
/// part in a DTKS musdes/muskel as observed practice, and no quorum or
/// attendance rule was found for it (docs/domain/process.md §1.1 step 3: no
/// quorum or attendance rule for the DTKS musdes was found in any source).
/// Each village sets its own rules of procedure by village regulation
/// (Permendesa 16/2019, same section), so a caller that knows its village's
/// rule configures it here.
///
/// ```
/// use dtks_core::musyawarah::{QuorumRule, Role};
/// assert!(QuorumRule::default().is_none());
/// let q = QuorumRule { min_participants: Some(7), required_roles: vec![Role::Bpd] };
/// assert!(!q.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuorumRule {
    /// At least this many participants (counted once per listed participant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_participants: Option<usize>,
    /// Each of these roles must be held by at least one participant.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_roles: Vec<Role>,
}

impl QuorumRule {
    /// Reads a rule from JSON, the one reading of every face: an object
    /// `{"min_participants": N, "required_roles": [role, …]}` (either key
    /// may be left out; no other key). An array, which serde would read as
    /// the fields in order, is refused: no host means one. The error is
    /// the reason in English, with no value of the input quoted.
    ///
    /// ```
    /// use dtks_core::musyawarah::QuorumRule;
    /// let q = QuorumRule::from_json(r#"{"min_participants": 5, "required_roles": ["bpd"]}"#).unwrap();
    /// assert_eq!(q.min_participants, Some(5));
    /// assert!(QuorumRule::from_json(r#"[5, ["bpd"]]"#).is_err());
    /// assert!(QuorumRule::from_json(r#"{"min": 5}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<QuorumRule, String> {
        if !text.trim_start().starts_with('{') {
            return Err("expected a JSON object".to_owned());
        }
        serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or("");
            crate::personal::scrub_message(msg)
        })
    }

    /// True when the rule requires nothing (the default).
    pub fn is_none(&self) -> bool {
        self.min_participants.is_none() && self.required_roles.is_empty()
    }
}

/// Validates a session, returning every problem (errors and warnings) in a
/// deterministic order: village and kind, place, agenda, decisions, Berita
/// Acara, quorum.
///
/// | check | code |
/// |---|---|
/// | village in the region table | `VILLAGE_UNKNOWN` |
/// | musdes for a desa or desa adat, muskel for a kelurahan | `MUSYAWARAH_KIND_MISMATCH` |
/// | place, household ids, Berita Acara number, signatory names not blank | `FIELD_REQUIRED` |
/// | agenda not empty | `MUSYAWARAH_AGENDA_EMPTY` (warning) |
/// | a household once on the agenda, once among the decisions | `MUSYAWARAH_HOUSEHOLD_TWICE` |
/// | every agenda entry decided | `MUSYAWARAH_DECISION_MISSING` |
/// | every decision on an agenda entry | `MUSYAWARAH_DECISION_NOT_ON_AGENDA` |
/// | a reason for not eligible / deferred | `MUSYAWARAH_REASON_REQUIRED` |
/// | a Berita Acara, not dated before the session | `MUSYAWARAH_BERITA_ACARA_MISSING`, `MUSYAWARAH_BERITA_ACARA_BEFORE_SESSION` |
/// | signed by the Kepala Desa (musdes) or Lurah (muskel) | `MUSYAWARAH_HEAD_SIGNATURE_MISSING` |
/// | signed by another village official too, not the head alone | `MUSYAWARAH_OFFICIAL_SIGNATURE_MISSING` |
/// | each signatory among the participants (same role, same name) | `MUSYAWARAH_SIGNATORY_NOT_PARTICIPANT` (warning) |
/// | the configured quorum (none by default) | `MUSYAWARAH_QUORUM_PARTICIPANTS`, `MUSYAWARAH_QUORUM_ROLE` |
///
/// ```
/// use dtks_core::musyawarah::{validate, QuorumRule, Session};
/// use dtks_core::problem::Code;
/// let s: Session = serde_json::from_str(r#"{
///   "kind": "muskel", "village_code": "3171011001", "date": "2024-03-05", "place": "Aula",
///   "agenda": [{"household_id": "RT-1", "source": "new_proposal"}],
///   "decisions": [],
///   "berita_acara": {"number": "1/2024", "date": "2024-03-04",
///                    "signatories": [{"name": "R. Hidayat", "role": "lurah"},
///                                    {"name": "S. Lestari", "role": "village_official"}]}
/// }"#).unwrap();
/// let codes: Vec<Code> = validate(&s, &QuorumRule::default()).iter().map(|p| p.code).collect();
/// assert_eq!(codes, vec![Code::MusyawarahDecisionMissing, Code::MusyawarahBeritaAcaraBeforeSession]);
/// ```
pub fn validate(session: &Session, quorum: &QuorumRule) -> Vec<Problem> {
    let mut out = Vec::new();
    village_and_kind(session, &mut out);
    if session.place.trim().is_empty() {
        out.push(Problem::new(Code::FieldRequired, "place").with("field", "place"));
    }
    agenda_and_decisions(session, &mut out);
    berita_acara(session, &mut out);
    quorum_rule(session, quorum, &mut out);
    out
}

fn village_and_kind(session: &Session, out: &mut Vec<Problem>) {
    let code = session.village_code.trim();
    if code.is_empty() {
        out.push(Problem::new(Code::FieldRequired, "village_code").with("field", "village_code"));
        return;
    }
    let Some(village) = region::village(code) else {
        out.push(
            Problem::new(Code::VillageUnknown, "village_code")
                .with_input("value", code)
                .with("table", region::table_version()),
        );
        return;
    };
    let Some(vkind) = village.village_kind() else {
        return;
    };
    let Some(expected) = SessionKind::for_village(vkind) else {
        return;
    };
    if expected != session.kind {
        out.push(
            Problem::new(Code::MusyawarahKindMismatch, "kind")
                .with("kind", session.kind)
                .with("village", village.code())
                .with("village_kind", village_kind_name(vkind))
                .with("expected", expected),
        );
    }
}

/// `kelurahan`, `desa`, `desa adat`.
pub(crate) fn village_kind_name(kind: VillageKind) -> &'static str {
    match kind {
        VillageKind::Kelurahan => "kelurahan",
        VillageKind::Desa => "desa",
        VillageKind::DesaAdat => "desa adat",
        #[allow(unreachable_patterns)]
        _ => "village",
    }
}

fn agenda_and_decisions(session: &Session, out: &mut Vec<Problem>) {
    if session.agenda.is_empty() {
        out.push(Problem::new(Code::MusyawarahAgendaEmpty, "agenda"));
    }
    // First position of each household id on the agenda.
    let mut on_agenda: HashMap<&str, usize> = HashMap::new();
    for (i, entry) in session.agenda.iter().enumerate() {
        let id = entry.household_id.trim();
        let path = format!("agenda[{i}]");
        if id.is_empty() {
            out.push(
                Problem::new(Code::FieldRequired, format!("{path}.household_id"))
                    .with("field", "household_id"),
            );
            continue;
        }
        if let Some(first) = on_agenda.get(id) {
            out.push(
                Problem::new(Code::MusyawarahHouseholdTwice, path)
                    .with_input("household", id)
                    .with("other", format!("agenda[{first}]")),
            );
        } else {
            on_agenda.insert(id, i);
        }
    }
    let mut decided: HashMap<&str, usize> = HashMap::new();
    for (j, d) in session.decisions.iter().enumerate() {
        let id = d.household_id.trim();
        let path = format!("decisions[{j}]");
        if id.is_empty() {
            out.push(
                Problem::new(Code::FieldRequired, format!("{path}.household_id"))
                    .with("field", "household_id"),
            );
            continue;
        }
        if let Some(first) = decided.get(id) {
            out.push(
                Problem::new(Code::MusyawarahHouseholdTwice, path.clone())
                    .with_input("household", id)
                    .with("other", format!("decisions[{first}]")),
            );
        } else {
            decided.insert(id, j);
        }
        if !on_agenda.contains_key(id) {
            out.push(
                Problem::new(Code::MusyawarahDecisionNotOnAgenda, path.clone())
                    .with_input("household", id),
            );
        }
        let blank = match d.reason.as_deref() {
            Some(r) => r.trim().is_empty(),
            None => true,
        };
        if d.outcome != Outcome::Eligible && blank {
            out.push(
                Problem::new(Code::MusyawarahReasonRequired, format!("{path}.reason"))
                    .with("outcome", d.outcome),
            );
        }
    }
    for (i, entry) in session.agenda.iter().enumerate() {
        let id = entry.household_id.trim();
        // Report a missing decision once, at the first agenda position.
        if !id.is_empty() && on_agenda.get(id) == Some(&i) && !decided.contains_key(id) {
            out.push(
                Problem::new(Code::MusyawarahDecisionMissing, format!("agenda[{i}]"))
                    .with_input("household", id),
            );
        }
    }
}

fn berita_acara(session: &Session, out: &mut Vec<Problem>) {
    let Some(ba) = &session.berita_acara else {
        out.push(Problem::new(
            Code::MusyawarahBeritaAcaraMissing,
            "berita_acara",
        ));
        return;
    };
    if ba.number.trim().is_empty() {
        out.push(
            Problem::new(Code::FieldRequired, "berita_acara.number")
                .with("field", "berita_acara.number"),
        );
    }
    if ba.date < session.date {
        out.push(
            Problem::new(
                Code::MusyawarahBeritaAcaraBeforeSession,
                "berita_acara.date",
            )
            .with("ba_date", ba.date)
            .with("session_date", session.date),
        );
    }
    for (k, s) in ba.signatories.iter().enumerate() {
        if s.name.is_blank() {
            let path = format!("berita_acara.signatories[{k}].name");
            out.push(Problem::new(Code::FieldRequired, path.clone()).with("field", path));
        }
    }
    let head = session.kind.head();
    let signed = ba
        .signatories
        .iter()
        .any(|s| s.role == head && !s.name.is_blank());
    if !signed {
        out.push(
            Problem::new(
                Code::MusyawarahHeadSignatureMissing,
                "berita_acara.signatories",
            )
            .with("head", head_title(head)),
        );
    }
    // "Berita Acara yang ditandatangani oleh Kepala Desa/Lurah dan perangkat
    // desa lainnya" (the TribunnewsWiki 2022 guide to Jakarta's DTKS registration,
    // one of the two source texts; the same signing rule is cited to semarangku
    // 2021, palpres 2023 and fame.grid.id in docs/domain/process.md §1.1 step 3): the
    // head's signature alone is not the Berita Acara the sources describe.
    // Perangkat desa / kelurahan staff is the role `village_official` (BPD,
    // LPM and RT/RW are not perangkat). Reported once the head has signed,
    // so a Berita Acara without any signature is one fault, not two.
    let official = ba
        .signatories
        .iter()
        .any(|s| s.role == Role::VillageOfficial && !s.name.is_blank());
    if signed && !official {
        out.push(
            Problem::new(
                Code::MusyawarahOfficialSignatureMissing,
                "berita_acara.signatories",
            )
            .with("head", head_title(head)),
        );
    }
    // A signatory who is not among the participants: the sources do not say
    // that each signatory attends (a warning, not an error), but a Berita
    // Acara records the session, so a signature by someone not listed at it
    // (say, a "Kepala Desa" absent from the participants) is worth a look.
    if session.participants.is_empty() {
        return;
    }
    let same = |a: &str, b: &str| normalise(a) == normalise(b);
    for (k, s) in ba.signatories.iter().enumerate() {
        if s.name.is_blank() {
            continue;
        }
        let attended = session
            .participants
            .iter()
            .any(|p| p.role == s.role && same(p.name.expose(), s.name.expose()));
        if !attended {
            out.push(
                Problem::new(
                    Code::MusyawarahSignatoryNotParticipant,
                    format!("berita_acara.signatories[{k}]"),
                )
                .with("name", s.name.masked())
                .with("role", s.role),
            );
        }
    }
}

/// Trimmed, inner whitespace collapsed, lowercase: how a signatory's name is
/// matched to a participant's.
fn normalise(name: &str) -> String {
    crate::personal::normalise_name(name)
}

fn head_title(role: Role) -> &'static str {
    match role {
        Role::Lurah => "Lurah",
        _ => "Kepala Desa",
    }
}

fn quorum_rule(session: &Session, quorum: &QuorumRule, out: &mut Vec<Problem>) {
    let count = session.participants.len();
    if let Some(min) = quorum.min_participants {
        if count < min {
            out.push(
                Problem::new(Code::MusyawarahQuorumParticipants, "participants")
                    .with("count", count)
                    .with("min", min),
            );
        }
    }
    let mut seen = Vec::new();
    for role in &quorum.required_roles {
        if seen.contains(role) {
            continue;
        }
        seen.push(*role);
        if !session.participants.iter().any(|p| p.role == *role) {
            out.push(Problem::new(Code::MusyawarahQuorumRole, "participants").with("role", role));
        }
    }
}
