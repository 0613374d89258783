"""dtks: the rules of Indonesia's social-welfare registry (DTKS/DTSEN) for Python.

Identity numbers, regions, households and bulk files, validated by the Rust
core (``dtks-core``): the module translates, it never decides.

>>> import dtks
>>> nik = dtks.Nik("3171014101900001")
>>> nik                       # masked: the digits only through nik.raw()
Nik('3171••••••••0001')
>>> nik.birth_date("2026-01-01")
datetime.date(1990, 1, 1)
>>> try:
...     dtks.Nik("317101410190001")
... except dtks.InvalidNik as e:
...     print(e.code)
NIK_DIGITS_LOST
>>> dtks.regions.get("31.71").name
'Kota Administrasi Jakarta Pusat'

Every exception is a ``dtks.DtksError`` carrying ``code`` (the core's stable
code), ``path`` and ``message``; those caused by the input are also
``ValueError``.
"""

from . import _dtks, bulk, columns, records, regions, scale
from ._dtks import (
    STATEMENT,
    STATUSES,
    Assessment,
    AuditTrail,
    Batch,
    Decision,
    DtksError,
    DtksIOError,
    Household,
    InvalidArgument,
    InvalidHousehold,
    InvalidInput,
    InvalidKk,
    InvalidMapping,
    InvalidNik,
    InvalidProposal,
    InvalidRules,
    InvalidSession,
    InvalidTransition,
    Nik,
    NoKk,
    PrelistAkhir,
    Problem,
    Region,
    Report,
    RuleSet,
    Session,
    assess,
    codes,
    decode_kk,
    decode_nik,
    exception_for,
    next_status,
    statement_mismatch,
    validate_household,
    check_jakarta,
)

__version__: str = _dtks.__version__

__all__ = [
    "__version__",
    "STATEMENT",
    "STATUSES",
    "Assessment",
    "AuditTrail",
    "Batch",
    "Decision",
    "DtksError",
    "DtksIOError",
    "Household",
    "InvalidArgument",
    "InvalidHousehold",
    "InvalidInput",
    "InvalidKk",
    "InvalidMapping",
    "InvalidNik",
    "InvalidProposal",
    "InvalidRules",
    "InvalidSession",
    "InvalidTransition",
    "Nik",
    "NoKk",
    "PrelistAkhir",
    "Problem",
    "Region",
    "Report",
    "RuleSet",
    "Session",
    "assess",
    "bulk",
    "codes",
    "columns",
    "decode_kk",
    "decode_nik",
    "exception_for",
    "next_status",
    "records",
    "regions",
    "scale",
    "statement_mismatch",
    "validate_household",
    "check_jakarta",
]
