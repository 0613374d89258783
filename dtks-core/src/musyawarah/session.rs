//! The session model: a Musyawarah Desa/Kelurahan as serde types.

use crate::personal::Personal;
use crate::region::VillageKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One Musyawarah Desa (musdes) or Musyawarah Kelurahan (muskel) held to
/// decide which households go on to verification (docs/domain/process.md §1.1 step 3).
///
/// ```
/// use dtks_core::musyawarah::{Session, SessionKind};
/// let s: Session = serde_json::from_str(r#"{
///   "kind": "muskel", "village_code": "31.71.01.1001", "date": "2024-03-05",
///   "place": "Aula Kelurahan",
///   "participants": [{"name": "Rahmat Hidayat", "role": "lurah"}],
///   "agenda": [{"household_id": "RT-1", "source": "prelist_awal"}],
///   "decisions": [{"household_id": "RT-1", "outcome": "eligible"}]
/// }"#).unwrap();
/// assert_eq!(s.kind, SessionKind::Muskel);
/// assert!(!format!("{s:?}").contains("Rahmat"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Musdes or muskel; must fit the village kind.
    pub kind: SessionKind,
    /// Kemendagri village code of the desa/kelurahan (dots allowed).
    pub village_code: String,
    /// The day the session was held.
    pub date: NaiveDate,
    /// Where it was held.
    #[serde(default)]
    pub place: String,
    /// Who attended, with their roles.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// The households discussed: the prelist awal and the new proposals.
    #[serde(default)]
    pub agenda: Vec<AgendaEntry>,
    /// One decision per agenda entry.
    #[serde(default)]
    pub decisions: Vec<Decision>,
    /// The minutes, with number, date and signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub berita_acara: Option<BeritaAcara>,
}

/// Musyawarah Desa or Musyawarah Kelurahan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SessionKind {
    /// Musyawarah Desa: held in a desa (`2xxx`) or a desa adat (`3xxx`).
    Musdes,
    /// Musyawarah Kelurahan: held in a kelurahan (`1xxx`).
    Muskel,
}

impl SessionKind {
    /// The kind a village of this kind holds.
    ///
    /// A desa adat (`3xxx`) holds a **musdes**: under UU 6/2014 on Villages a
    /// desa adat is a desa with customary self-government, and its
    /// deliberation is the Musyawarah Desa; only a kelurahan, an
    /// administrative unit headed by a Lurah, holds a muskel.
    ///
    /// ```
    /// use dtks_core::musyawarah::SessionKind;
    /// use dtks_core::region::VillageKind;
    /// assert_eq!(SessionKind::for_village(VillageKind::DesaAdat), Some(SessionKind::Musdes));
    /// assert_eq!(SessionKind::for_village(VillageKind::Kelurahan), Some(SessionKind::Muskel));
    /// ```
    pub fn for_village(kind: VillageKind) -> Option<SessionKind> {
        match kind {
            VillageKind::Kelurahan => Some(SessionKind::Muskel),
            VillageKind::Desa | VillageKind::DesaAdat => Some(SessionKind::Musdes),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// The role whose signature the Berita Acara needs: Kepala Desa or Lurah.
    pub fn head(self) -> Role {
        match self {
            SessionKind::Musdes => Role::KepalaDesa,
            SessionKind::Muskel => Role::Lurah,
        }
    }

    /// `musdes` / `muskel`.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Musdes => "musdes",
            SessionKind::Muskel => "muskel",
        }
    }
}

impl fmt::Display for SessionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One person attending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    /// Full name (personal data, masked in `Debug`).
    pub name: Personal,
    /// The capacity in which the person attends.
    pub role: Role,
}

/// The capacity in which someone attends or signs. The list follows the
/// practice observed in docs/domain/process.md §1.1 step 3 (not a rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Kepala Desa (also the head of a desa adat, whatever its local title).
    KepalaDesa,
    /// Lurah, head of a kelurahan.
    Lurah,
    /// Perangkat desa / staff of the kelurahan.
    VillageOfficial,
    /// Badan Permusyawaratan Desa (village council) chair or member.
    Bpd,
    /// LPMD/LPMK (village community empowerment institution).
    Lpm,
    /// Head of an RT or RW.
    RtRwHead,
    /// Tokoh masyarakat.
    CommunityFigure,
    /// Tokoh agama.
    ReligiousFigure,
    /// Social-programme facilitator: PKH/BPNT pendamping, TKSK, PSKS worker.
    SocialFacilitator,
    /// Bhabinsa / Bhabinkamtibmas.
    SecurityOfficer,
    /// Representative of the Dinas Sosial.
    SocialOffice,
    /// Representative of the kecamatan.
    DistrictOfficial,
    /// Anyone else.
    Other,
}

impl Role {
    /// Every role, in the order of the model.
    pub const ALL: [Role; 13] = [
        Role::KepalaDesa,
        Role::Lurah,
        Role::VillageOfficial,
        Role::Bpd,
        Role::Lpm,
        Role::RtRwHead,
        Role::CommunityFigure,
        Role::ReligiousFigure,
        Role::SocialFacilitator,
        Role::SecurityOfficer,
        Role::SocialOffice,
        Role::DistrictOfficial,
        Role::Other,
    ];

    /// The role named `name` ([`Role::as_str`]; surrounding space ignored).
    ///
    /// ```
    /// use dtks_core::musyawarah::Role;
    /// assert_eq!(Role::from_name(" bpd "), Some(Role::Bpd));
    /// assert_eq!(Role::from_name("king"), None);
    /// assert_eq!(Role::names().len(), Role::ALL.len());
    /// ```
    pub fn from_name(name: &str) -> Option<Role> {
        let name = name.trim();
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The names [`Role::from_name`] accepts.
    pub fn names() -> [&'static str; 13] {
        Role::ALL.map(Role::as_str)
    }

    /// The JSON name, e.g. `kepala_desa`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::KepalaDesa => "kepala_desa",
            Role::Lurah => "lurah",
            Role::VillageOfficial => "village_official",
            Role::Bpd => "bpd",
            Role::Lpm => "lpm",
            Role::RtRwHead => "rt_rw_head",
            Role::CommunityFigure => "community_figure",
            Role::ReligiousFigure => "religious_figure",
            Role::SocialFacilitator => "social_facilitator",
            Role::SecurityOfficer => "security_officer",
            Role::SocialOffice => "social_office",
            Role::DistrictOfficial => "district_official",
            Role::Other => "other",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One household on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaEntry {
    /// The household id (`id_rt`, the `id` of a [`crate::household::Household`]).
    pub household_id: String,
    /// Already registered (prelist awal) or newly proposed.
    pub source: EntrySource,
}

/// Where an agenda entry comes from (docs/domain/process.md §1.1 step 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntrySource {
    /// On the village's existing DTKS list (prelist awal).
    PrelistAwal,
    /// A new registration (usulan baru).
    NewProposal,
}

impl EntrySource {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntrySource::PrelistAwal => "prelist_awal",
            EntrySource::NewProposal => "new_proposal",
        }
    }
}

/// The forum's decision on one household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The household decided on.
    pub household_id: String,
    /// Eligible, not eligible or deferred.
    pub outcome: Outcome,
    /// Why; required unless the outcome is eligible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A decision's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Layak: goes on to verification (the prelist akhir).
    Eligible,
    /// Tidak layak.
    NotEligible,
    /// Ditunda: decided at a later session.
    Deferred,
}

impl Outcome {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not_eligible",
            Outcome::Deferred => "deferred",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Berita Acara (minutes) of the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeritaAcara {
    /// Its number, as written on it.
    pub number: String,
    /// Its date; not before the session.
    pub date: NaiveDate,
    /// Who signed it.
    #[serde(default)]
    pub signatories: Vec<Signatory>,
}

/// One signature on the Berita Acara.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// Full name (personal data).
    pub name: Personal,
    /// The capacity in which the person signed.
    pub role: Role,
}

#[cfg(test)]
mod role_names {
    #![allow(clippy::unwrap_used)]
    use super::Role;

    /// The names a face reads are the names documents are written with.
    #[test]
    fn role_names_are_the_json_names() {
        for r in Role::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
            assert_eq!(Role::from_name(r.as_str()), Some(r));
        }
    }
}
