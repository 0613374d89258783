"""Type stubs of the native module ``dtks._dtks`` (the Rust part of dtks).

Import from ``dtks``, not from here. Every personal value (NIK, KK number)
is masked in ``repr``/``str``; the digits come only from ``raw()``.
"""

import datetime
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, TypedDict, Union, final

from typing_extensions import Literal, TypeAlias

from .records import ContextValue, RowProblem, Summary

DateLike: TypeAlias = Union[datetime.date, str, None]
Lang: TypeAlias = Literal["id", "en"]
Severity: TypeAlias = Literal["error", "warning"]
Level: TypeAlias = Literal["province", "regency", "district", "village"]

__version__: str
REGION_TABLE_VERSION: str
FORMATS: Dict[str, str]
MAPPINGS: List[str]

# ---- exceptions -------------------------------------------------------------

class DtksError(Exception):
    """Root of every dtks exception.

    Attributes:
        code: the core's stable code (``"NIK_LENGTH"``), or ``None`` for a bad
            argument no code describes.
        path: where in the input (``"families[0].members[1].nik"``), or ``""``.
        message: the message in English.
        message_id: the message in Indonesian.
        context: the masked values that fill the message (texts, numbers,
            lists, objects).
    """

    code: Optional[str]
    path: str
    message: str
    message_id: str
    context: Dict[str, ContextValue]

class InvalidInput(DtksError, ValueError):
    """The input is at fault."""

class InvalidNik(InvalidInput):
    """Not a valid NIK (``NIK_LENGTH``, ``NIK_NON_DIGIT``, ... ``NIK_SERIAL_ZERO``)."""

class InvalidKk(InvalidInput):
    """Not a valid KK number (``KK_*`` parse codes)."""

class InvalidHousehold(InvalidInput):
    """An unreadable household (``JSON_INVALID``) or, from ``Household.check``,
    one with errors; ``problems`` then lists every problem."""

    problems: List["Problem"]

class InvalidArgument(InvalidInput):
    """A bad argument (date, language, level, format); ``code`` is ``None``."""

class InvalidMapping(InvalidInput):
    """An unusable column mapping."""

class InvalidRules(InvalidInput):
    """A rule document that fails its checks (``RULE_*``).

    ``problems`` lists every problem when raised for a document, session or batch.
    """

    problems: List["Problem"]

class InvalidSession(InvalidInput):
    """A musyawarah session with errors (``MUSYAWARAH_*``).

    ``problems`` lists every problem when raised for a document, session or batch.
    """

    problems: List["Problem"]

class InvalidProposal(InvalidInput):
    """A proposal or batch with errors (``USULAN_*``).

    ``problems`` lists every problem when raised for a document, session or batch.
    """

    problems: List["Problem"]

class InvalidTransition(InvalidInput):
    """A status move the lifecycle does not allow (``LIFECYCLE_*``)."""

class DtksIOError(DtksError, OSError):
    """A file could not be read."""

def exception_for(code: str) -> Optional[type]:
    """The exception class raised for a core code; ``None`` for an unknown code.

    >>> exception_for("NIK_LENGTH").__name__
    'InvalidNik'
    """

def codes() -> List[Dict[str, str]]:
    """Every problem code: ``code``, ``severity``, ``template_en``,
    ``template_id``, ``exception`` (the class name)."""

# ---- identity numbers ---------------------------------------------------------

@final
class Nik:
    """A valid NIK. Masked in ``repr``/``str``; equality, hashing, ordering
    and pickling by value.

    >>> Nik("3171014101900001")
    Nik('3171••••••••0001')
    """

    def __new__(cls, value: str) -> "Nik":
        """Strict parse. Raises ``InvalidNik``."""
    @staticmethod
    def parse(value: str) -> "Nik":
        """Strict parse: exactly 16 ASCII digits. Raises ``InvalidNik``."""
    @staticmethod
    def parse_lenient(value: str) -> "Nik":
        """Trims; spaces, dots and dashes between digits allowed. Raises ``InvalidNik``."""
    def raw(self) -> str:
        """The 16 digits (personal data)."""
    @property
    def masked(self) -> str: ...
    @property
    def province(self) -> str:
        """``"31"``."""
    @property
    def regency(self) -> str:
        """``"31.71"``."""
    @property
    def district(self) -> str:
        """``"31.71.01"``."""
    @property
    def region_status(self) -> Literal["current", "retired"]: ...
    @property
    def sex(self) -> Literal["male", "female"]: ...
    @property
    def birth_day(self) -> int: ...
    @property
    def birth_month(self) -> int: ...
    @property
    def birth_yy(self) -> int: ...
    @property
    def serial(self) -> int: ...
    def birth_date(self, as_of: DateLike = None) -> Optional[datetime.date]:
        """Birth date, century resolved against ``as_of`` (``None`` = today)."""
    def matches_birth_date(self, date: datetime.date) -> bool: ...
    def decode(self, as_of: DateLike = None) -> Dict[str, Any]:
        """Every decoded field (the shape of ``dtks nik --json``)."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __lt__(self, other: "Nik") -> bool: ...
    def __le__(self, other: "Nik") -> bool: ...
    def __gt__(self, other: "Nik") -> bool: ...
    def __ge__(self, other: "Nik") -> bool: ...
    def __reduce__(self) -> Tuple[type, Tuple[str]]: ...

@final
class NoKk:
    """A valid KK (family-card) number, masked like a NIK.

    >>> NoKk("3171011503150007").recorded_on("2026-01-01")
    datetime.date(2015, 3, 15)
    """

    def __new__(cls, value: str) -> "NoKk":
        """Strict parse. Raises ``InvalidKk``."""
    @staticmethod
    def parse(value: str) -> "NoKk": ...
    @staticmethod
    def parse_lenient(value: str) -> "NoKk": ...
    def raw(self) -> str:
        """The 16 digits (personal data)."""
    @property
    def masked(self) -> str: ...
    @property
    def province(self) -> str: ...
    @property
    def regency(self) -> str: ...
    @property
    def district(self) -> str: ...
    @property
    def region_status(self) -> Literal["current", "retired"]: ...
    @property
    def serial(self) -> int: ...
    def recorded_on(self, as_of: DateLike = None) -> Optional[datetime.date]: ...
    def check(self, as_of: DateLike = None) -> None:
        """Raises ``InvalidKk`` (``KK_ISSUED_FUTURE``, ``KK_ISSUED_BEFORE_REGISTRY``)
        when the recording date is impossible on ``as_of``."""
    def decode(self, as_of: DateLike = None) -> Dict[str, Any]:
        """Every decoded field (the shape of ``dtks kk --json``)."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __lt__(self, other: "NoKk") -> bool: ...
    def __le__(self, other: "NoKk") -> bool: ...
    def __gt__(self, other: "NoKk") -> bool: ...
    def __ge__(self, other: "NoKk") -> bool: ...
    def __reduce__(self) -> Tuple[type, Tuple[str]]: ...

def decode_nik(value: str, lenient: bool = False, as_of: DateLike = None) -> Dict[str, Any]:
    """A NIK decoded, or ``valid: False`` and the ``code`` rejecting it (never raises)."""

def decode_kk(value: str, lenient: bool = False, as_of: DateLike = None) -> Dict[str, Any]:
    """A KK number decoded, or ``valid: False`` and its ``code`` (never raises)."""

# ---- problems and households ----------------------------------------------------

@final
class Problem:
    """One problem: stable ``code``, ``severity``, ``path``, masked ``context``."""

    def __new__(
        cls,
        code: str,
        path: str = "",
        severity: Optional[Severity] = None,
        context: Optional[Sequence[Tuple[str, str]]] = None,
    ) -> "Problem": ...
    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def path(self) -> str: ...
    @property
    def loc(self) -> Tuple[Union[str, int], ...]:
        """The path as keys and indices: ``("families", 0, "members", 2, "nik")``."""
    @property
    def is_error(self) -> bool: ...
    @property
    def context(self) -> Dict[str, ContextValue]: ...
    def message(self, lang: Lang = "id") -> str:
        """The message in Indonesian (default) or English."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_exception(self) -> DtksError:
        """This problem as the exception its code maps to."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Household:
    """One household, from a dict or JSON; every rule is the core's."""

    def __new__(cls, data: Union[Dict[str, Any], str, bytes]) -> "Household":
        """Raises ``InvalidHousehold`` (``JSON_INVALID``) for what is not a household."""
    @staticmethod
    def from_dict(data: Dict[str, Any]) -> "Household": ...
    @staticmethod
    def from_json(text: str) -> "Household": ...
    @property
    def id(self) -> str: ...
    @property
    def village_code(self) -> str: ...
    @property
    def family_count(self) -> int: ...
    @property
    def member_count(self) -> int: ...
    def validate(self, as_of: DateLike = None) -> List[Problem]:
        """Every problem (errors and warnings); never raises for a bad household."""
    @staticmethod
    def from_rows(
        rows: Any, mapping: Optional[str] = None, as_of: DateLike = None
    ) -> "Household":
        """The one household that rows of the reference layout describe (dicts, one per
        member, or a table such as a DataFrame group), built by the core's bulk reader.
        Raises ``InvalidHousehold`` when a value cannot be read, ``InvalidArgument``
        unless the rows are exactly one household."""
    @staticmethod
    def all_from_rows(
        rows: Any, mapping: Optional[str] = None, as_of: DateLike = None
    ) -> List["Household"]:
        """Every household the rows describe, in order (see ``from_rows``)."""
    def is_valid(self, as_of: DateLike = None) -> bool: ...
    def check(self, as_of: DateLike = None) -> List[Problem]:
        """Raises ``InvalidHousehold`` on an error; returns the warnings."""
    def assess(
        self, as_of: DateLike = None, rules: Optional["RuleSet"] = None, trace: bool = True
    ) -> "Assessment":
        """``dtks.assess(self, as_of, rules, trace)``."""
    def to_dict(self) -> Dict[str, Any]:
        """The household (personal data unmasked)."""
    def to_json(self) -> str:
        """The household as JSON (personal data unmasked)."""
    def __eq__(self, other: object) -> bool: ...

def validate_household(
    data: Union[Dict[str, Any], str, bytes, Household], as_of: DateLike = None
) -> Dict[str, Any]:
    """``{"valid", "errors", "warnings", "problems": [dict, ...]}``; never raises
    for a bad household (unreadable input is one ``JSON_INVALID`` problem)."""

def check_jakarta(
    accounts: Union[Dict[str, Any], List[Dict[str, Any]], str, bytes],
    registry: Optional[Union[Dict[str, List[str]], str, bytes]] = None,
    as_of: DateLike = None,
) -> Dict[str, Any]:
    """Jakarta online-registration accounts checked together and against the
    registry: ``{"valid", "errors", "warnings", "problems"}`` (paths under
    ``accounts[a]``); never raises for bad accounts."""

# ---- regions -----------------------------------------------------------------------

@final
class Region:
    """A region of the embedded Kemendagri table."""

    def __new__(cls, code: str) -> "Region":
        """Raises ``KeyError`` when the code is not a current region."""
    @property
    def code(self) -> str: ...
    @property
    def code_digits(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def level(self) -> Level: ...
    @property
    def regency_kind(self) -> Optional[Literal["kabupaten", "kota"]]: ...
    @property
    def village_kind(self) -> Optional[Literal["kelurahan", "desa", "desa_adat"]]: ...
    def parent(self) -> Optional["Region"]: ...
    def children(self) -> List["Region"]: ...
    def province(self) -> "Region": ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

def region_get(code: str) -> Optional[Region]: ...
def region_search(name: str, level: Optional[str] = None, limit: int = 20) -> List[Region]: ...
def region_provinces() -> List[Region]: ...
def region_lookup(code: str) -> Dict[str, Any]: ...
def region_alias(code: str) -> Optional[Dict[str, Any]]: ...
def region_info() -> Dict[str, Any]: ...

# ---- bulk ----------------------------------------------------------------------------

@final
class Report:
    """A bulk run: every problem placed on its rows, and the summary.

    Speaks the Arrow PyCapsule interface: ``pyarrow.table(report)``,
    ``polars.DataFrame(report)`` give the problems as a table.
    """

    @property
    def summary(self) -> Summary: ...
    @property
    def problems(self) -> List[RowProblem]: ...
    @property
    def valid(self) -> bool: ...
    @property
    def assessment(self) -> Optional[Dict[str, Any]]:
        """With ``assess=``: ``assessed``, ``skipped`` and ``summary`` (per programme,
        province and regency: eligible, not_eligible, undecidable, amount_per_year)."""
    def valid_mask(self) -> List[bool]:
        """One flag per input record (record 1 first): ``True`` where it has no error."""
    def invalid_mask(self) -> List[bool]:
        """One flag per input record: ``True`` where it has an error."""
    def problems_table(self) -> Any:
        """The problems as a ``pyarrow.Table`` (needs pyarrow): ``rows`` is a list
        column (every record a problem points at), ``context`` a struct."""
    def table(self) -> str:
        """The terminal summary table."""
    def html(self, lang: str = "id") -> str:
        """The report as one self-contained HTML page (the page of ``dtks validate
        --report out.html``): headline, problems per code, per province, regency
        and village, masked examples, and with ``assess=`` the programmes.

        Arguments:
            lang: ``"id"`` (Indonesian, the default) or ``"en"``.

        Raises:
            InvalidArgument: another ``lang``.
        """
    def _repr_html_(self) -> str:
        """Jupyter's rich display: the headline and the problems per code
        (Indonesian)."""
    def __len__(self) -> int: ...
    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object: ...

class BulkOptions(TypedDict, total=False):
    """The options of the native bulk functions (``dtks.bulk`` passes them)."""

    format: Optional[str]
    mapping: Optional[str]
    as_of: DateLike
    threads: int
    delimiter: Optional[str]
    valid_out: Optional[str]
    invalid_out: Optional[str]
    assess: Union[bool, "RuleSet"]
    decimal_comma: bool
    date_formats: Optional[List[str]]
    nulls: Optional[List[str]]
    accept_repaired: bool
    encoding: Optional[str]
    group: bool
    sheet: Optional[str]

def validate_file(
    path: str,
    progress: Optional[Any] = None,
    options: Optional[BulkOptions] = None,
) -> Report: ...
def validate_text(text: str, options: Optional[BulkOptions] = None) -> Report: ...
def validate_arrow(
    table: Any,
    progress: Optional[Any] = None,
    options: Optional[BulkOptions] = None,
) -> Report: ...
def validate_partition(
    table: Any,
    number: int,
    rows_before: int,
    seen: Any = None,
    keys: bool = False,
    options: Optional[BulkOptions] = None,
) -> Tuple[Report, Optional[_Column]]: ...
def merge_partitions(summaries: List[str]) -> Tuple[Summary, List[RowProblem], bool]: ...
def summary_table(summary: str) -> str: ...

# ---- eligibility: rules and assessment ----------------------------------------------

Outcome: TypeAlias = Literal["eligible", "not_eligible", "undecidable"]

@final
class RuleSet:
    """Rule documents (programmes, criteria sets, PMT models) checked together.

    >>> RuleSet.builtin().show("PKH")["version"]
    '2025'
    """

    @staticmethod
    def builtin() -> "RuleSet":
        """The built-in documents."""
    @staticmethod
    def from_text(
        text: str,
        format: Literal["toml", "json"] = "toml",
        name: str = "<text>",
        builtin_programmes: bool = False,
    ) -> "RuleSet":
        """One document on top of the built-in criteria sets and PMT models
        (and programmes with ``builtin_programmes=True``). Raises ``InvalidRules``."""
    @staticmethod
    def from_files(*paths: Union[str, "os.PathLike[str]"], builtin_programmes: bool = False) -> "RuleSet":
        """Documents from files (``.toml`` TOML, else JSON). Raises ``InvalidRules``
        or ``DtksIOError``."""
    def add_text(
        self, text: str, format: Literal["toml", "json"] = "toml", name: str = "<text>"
    ) -> "RuleSet":
        """A new set with one more document. Raises ``InvalidRules``."""
    def add_file(self, path: Union[str, "os.PathLike[str]"]) -> "RuleSet":
        """A new set with one more document from a file."""
    def documents(self) -> List[Dict[str, Any]]:
        """Every document: kind, id, version, effective_from, effective_until,
        content_hash, file."""
    def in_force(self, as_of: DateLike = None) -> List[Dict[str, Any]]:
        """The programmes in force on ``as_of`` (``None`` = today), by id."""
    def show(self, id: str, version: Optional[str] = None) -> Optional[Dict[str, Any]]:
        """``{"id", "version", "content_hash", "document"}`` or ``None``."""
    def assess(
        self,
        household: Union["Household", Dict[str, Any], str, bytes],
        as_of: DateLike = None,
        trace: bool = True,
    ) -> "Assessment":
        """``dtks.assess(household, as_of, self)``."""

@final
class Decision:
    """One programme x one unit: outcome, amount, rule reference, trace."""

    @property
    def programme(self) -> str: ...
    def programme_name(self, lang: Lang = "id") -> str: ...
    @property
    def unit(self) -> Literal["household", "family", "member"]: ...
    @property
    def path(self) -> str:
        """``"families[0].members[2]"``, ``"families[0]"`` or ``""``."""
    @property
    def outcome(self) -> Outcome: ...
    @property
    def eligible(self) -> bool: ...
    @property
    def amount(self) -> Optional[Dict[str, Any]]:
        """``{"per_period", "period", "per_year"}`` or ``None``."""
    @property
    def per_period(self) -> Optional[int]: ...
    @property
    def per_year(self) -> Optional[int]: ...
    @property
    def period(self) -> Optional[Literal["month", "quarter", "semester", "year"]]: ...
    @property
    def amount_uncertain(self) -> bool: ...
    @property
    def rule_id(self) -> str: ...
    @property
    def rule_version(self) -> str: ...
    @property
    def rule_hash(self) -> str: ...
    @property
    def trace(self) -> List[Dict[str, Any]]:
        """Each condition evaluated: depth, condition, path, seen, result."""
    @property
    def components(self) -> List[Dict[str, Any]]: ...
    @property
    def manual_checks(self) -> List[Dict[str, str]]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...
    @staticmethod
    def _restore(json: str) -> "Decision": ...

@final
class Assessment:
    """Everything decided about one household on one date."""

    @property
    def household(self) -> str: ...
    @property
    def as_of(self) -> datetime.date: ...
    @property
    def village_code(self) -> str: ...
    @property
    def decisions(self) -> List[Decision]: ...
    @property
    def criteria(self) -> List[Dict[str, Any]]: ...
    def find(self, programme: str, unit: Optional[str] = None) -> List[Decision]:
        """The decisions of a programme (id, any case), optionally of one unit path."""
    def to_text(self, lang: Lang = "id") -> str:
        """The explanation for an operator."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...
    def __len__(self) -> int: ...
    @staticmethod
    def _restore(json: str, text_id: str, text_en: str) -> "Assessment": ...

def assess(
    household: Union["Household", Dict[str, Any], str, bytes],
    as_of: DateLike = None,
    rules: Optional[RuleSet] = None,
    trace: bool = True,
) -> Assessment:
    """Assesses a household against every programme in force on ``as_of``.
    Raises ``InvalidHousehold`` for what is not a household."""

# ---- process: musyawarah, usulan, lifecycle ------------------------------------------

DateTimeLike: TypeAlias = Union[datetime.datetime, str, None]
Status: TypeAlias = Literal[
    "draft", "saved", "finalised", "under_verification", "verified", "rejected", "deactivated"
]
MoveName: TypeAlias = Literal["save", "finalise", "start_verification", "verify", "reject", "deactivate"]
# The moves `record()` takes: every move but finalise, which only `Batch.finalise()` makes
# (`record(..., "finalise", ...)` raises InvalidTransition, LIFECYCLE_FINALISE_RESERVED).
EventName: TypeAlias = Literal["save", "start_verification", "verify", "reject", "deactivate"]
Quorum: TypeAlias = Optional[Dict[str, Any]]

STATEMENT: str
STATUSES: List[str]

@final
class PrelistAkhir:
    """The prelist akhir of a valid session, with its hash."""

    def __new__(cls, data: Union[Dict[str, Any], str, bytes]) -> "PrelistAkhir": ...
    @staticmethod
    def from_json(text: str) -> "PrelistAkhir": ...
    @property
    def hash(self) -> str: ...
    @property
    def village_code(self) -> str: ...
    @property
    def session_date(self) -> datetime.date: ...
    @property
    def berita_acara_number(self) -> str: ...
    @property
    def household_ids(self) -> List[str]: ...
    @property
    def entries(self) -> List[Dict[str, str]]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __contains__(self, household_id: object) -> bool: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Session:
    """A Musyawarah Desa / Kelurahan session."""

    def __new__(cls, data: Union[Dict[str, Any], str, bytes]) -> "Session":
        """Raises ``InvalidSession`` (``DOCUMENT_INVALID``)."""
    @staticmethod
    def from_dict(data: Dict[str, Any]) -> "Session": ...
    @staticmethod
    def from_json(text: str) -> "Session": ...
    @property
    def kind(self) -> Literal["musdes", "muskel"]: ...
    @property
    def village_code(self) -> str: ...
    @property
    def date(self) -> datetime.date: ...
    @property
    def participant_count(self) -> int: ...
    @property
    def agenda(self) -> List[Dict[str, str]]: ...
    @property
    def decisions(self) -> List[Dict[str, Any]]: ...
    def validate(self, quorum: Quorum = None) -> List[Problem]:
        """Every problem; never raises for a bad session."""
    def is_valid(self, quorum: Quorum = None) -> bool: ...
    def prelist(self, quorum: Quorum = None) -> PrelistAkhir:
        """Raises ``InvalidSession`` (``.problems``) for a session with errors."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __eq__(self, other: object) -> bool: ...

@final
class AuditTrail:
    """A proposal's hash-chained audit trail."""

    def __new__(cls, entries: Union[List[Dict[str, Any]], str, bytes, None] = None) -> "AuditTrail": ...
    @property
    def status(self) -> Status: ...
    @property
    def since(self) -> Optional[datetime.datetime]: ...
    @property
    def head(self) -> str: ...
    @property
    def entries(self) -> List[Dict[str, Any]]: ...
    def record(
        self,
        move_: EventName,
        actor: str,
        at: DateTimeLike = None,
        note: Optional[str] = None,
        reason: Optional[str] = None,
        key: Optional[str] = None,
        head: Optional[str] = None,
    ) -> "AuditTrail":
        """Verifies with ``key`` and ``head`` first; the new entry sealed with ``key``.
        Raises ``InvalidTransition``."""
    def verify(self, head: Optional[str] = None, key: Optional[str] = None) -> None:
        """Raises ``InvalidTransition`` (``AUDIT_TRAIL_BROKEN``)."""
    def is_intact(self, head: Optional[str] = None, key: Optional[str] = None) -> bool: ...
    def to_json(self) -> str: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

@final
class Batch:
    """A batch of SIKS-NG proposals (usulan)."""

    def __new__(cls, data: Union[Dict[str, Any], str, bytes]) -> "Batch":
        """Raises ``InvalidProposal`` (``DOCUMENT_INVALID``)."""
    @staticmethod
    def from_dict(data: Dict[str, Any]) -> "Batch": ...
    @staticmethod
    def from_json(text: str) -> "Batch": ...
    @property
    def id(self) -> str: ...
    @property
    def operator_village(self) -> str: ...
    @property
    def prelist_hash(self) -> Optional[str]: ...
    @property
    def proposal_ids(self) -> List[str]: ...
    @property
    def statuses(self) -> Dict[str, Status]: ...
    def check(
        self,
        as_of: DateLike = None,
        rules: Optional[RuleSet] = None,
        registered_niks: Optional[Iterable[Union[str, Nik]]] = None,
        session: Optional[Session] = None,
        prelist: Optional[PrelistAkhir] = None,
        key: Optional[str] = None,
        heads: Optional[Dict[str, str]] = None,
        quorum: Quorum = None,
    ) -> List[Problem]:
        """Every problem; never raises for a bad batch. ``key``: the host's trail key (hex);
        ``heads``: proposal id -> the head hash kept (docs/process.md, trust model);
        ``quorum``: the quorum rule of the ``session`` given."""
    def awaiting_ranking(self, as_of: DateLike = None, rules: Optional[RuleSet] = None) -> List[Dict[str, Any]]:
        """Proposals whose programmes wait for the household's ranking: ``proposal_index``,
        ``proposal_id``, ``programmes`` (not problems)."""
    def finalisation_problems(
        self,
        statement: str,
        as_of: DateLike = None,
        rules: Optional[RuleSet] = None,
        registered_niks: Optional[Iterable[Union[str, Nik]]] = None,
        session: Optional[Session] = None,
        prelist: Optional[PrelistAkhir] = None,
        key: Optional[str] = None,
        heads: Optional[Dict[str, str]] = None,
        quorum: Quorum = None,
    ) -> List[Problem]: ...
    def finalise(
        self,
        statement: str,
        as_of: DateLike = None,
        actor: str = "operator",
        at: DateTimeLike = None,
        rules: Optional[RuleSet] = None,
        registered_niks: Optional[Iterable[Union[str, Nik]]] = None,
        session: Optional[Session] = None,
        prelist: Optional[PrelistAkhir] = None,
        key: Optional[str] = None,
        heads: Optional[Dict[str, str]] = None,
        quorum: Quorum = None,
    ) -> "Batch":
        """The finalised batch; raises ``InvalidProposal`` (``.problems``)."""
    def status(
        self,
        nik: Union[str, Nik, None] = None,
        name: Optional[str] = None,
        key: Optional[str] = None,
        heads: Optional[Dict[str, str]] = None,
        partial: bool = False,
    ) -> List[Dict[str, Any]]:
        """Where each matching proposal stands (member as a path, the name masked);
        ``partial=True``: each word of ``name`` begins a word of the member's name,
        in any order, letter case and accents ignored."""
    def trail(self, proposal: Union[int, str]) -> AuditTrail: ...
    def record(
        self,
        proposal: Union[int, str],
        move_: EventName,
        actor: str,
        at: DateTimeLike = None,
        note: Optional[str] = None,
        reason: Optional[str] = None,
        key: Optional[str] = None,
        heads: Optional[Dict[str, str]] = None,
    ) -> "Batch":
        """A new batch with one proposal moved, after the batch verifies with ``key`` and
        ``heads`` (the new entry sealed with ``key``). Raises ``InvalidTransition`` (``.problems``)."""
    def heads(self, key: Optional[str] = None, heads: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
        """The ``dtks-heads/1`` dict to keep (``format``, ``batch``, ``heads``), when every
        trail verifies; raises ``InvalidTransition`` (``.problems``) otherwise."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_json(self) -> str: ...
    def __len__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

def next_status(status: Status, move_: MoveName, reason: Optional[str] = None) -> Status:
    """Raises ``InvalidTransition`` (``LIFECYCLE_ILLEGAL_MOVE``)."""

def statement_mismatch(typed: str) -> Optional[Literal["empty", "letter_case", "text"]]: ...

# ---- column functions (dtks.columns) -----------------------------------------------------

@final
class _Column:
    """A decoded column: give it to ``pyarrow.array``."""
    def __arrow_c_array__(self, requested_schema: Any = None) -> Tuple[Any, Any]: ...
    def __len__(self) -> int: ...

def nik_column(values: Any, as_of: DateLike = None, lenient: bool = False) -> _Column: ...
def kk_column(values: Any, as_of: DateLike = None, lenient: bool = False) -> _Column: ...

# ---- command line ------------------------------------------------------------------------

def run_cli(argv: List[str]) -> int:
    """Runs the ``dtks`` command line; returns its exit status."""
