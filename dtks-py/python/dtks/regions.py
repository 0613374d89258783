"""The embedded Kemendagri region table: lookups by code and by name.

>>> from dtks import regions
>>> regions.get("31.71").name
'Kota Administrasi Jakarta Pusat'
>>> regions.get("64.04") is None          # retired in 2012
True
>>> regions.alias("64.04")["new_code"]
'65.01'
>>> [r.code for r in regions.search("gambir", level="district", limit=1)]
['31.71.01']
"""

import typing as _t

from . import _dtks
from ._dtks import Region

__all__ = ["Region", "get", "search", "provinces", "lookup", "alias", "info", "TABLE_VERSION"]

#: Version of the embedded table: ``idn-area-data@4.0.1 (Kepmendagri ...)``.
TABLE_VERSION: str = _dtks.REGION_TABLE_VERSION


def get(code: str) -> _t.Optional[Region]:
    """The current region with this code (dots optional), or ``None``."""
    return _dtks.region_get(code)


def search(name: str, level: _t.Optional[str] = None, limit: int = 20) -> _t.List[Region]:
    """Regions whose name contains ``name`` (case-insensitive), in code order.

    ``level`` is ``"province"``, ``"regency"``, ``"district"``, ``"village"``
    or ``None`` for all; raises ``InvalidArgument`` for another level.
    """
    return _dtks.region_search(name, level, limit)


def provinces() -> _t.List[Region]:
    """All provinces, in code order."""
    return _dtks.region_provinces()


def lookup(code: str) -> _t.Dict[str, _t.Any]:
    """The lookup answer as a dict: ``found``, ``level``, ``code``, ``name``,
    ``parent``, ``regency_kind``, ``village_kind``."""
    return _dtks.region_lookup(code)


def alias(code: str) -> _t.Optional[_t.Dict[str, _t.Any]]:
    """A retired regency or district code: ``old_code``, ``new_code``,
    ``since`` (date), ``basis`` (the law), ``level``; ``None`` otherwise."""
    return _dtks.region_alias(code)


def info() -> _t.Dict[str, _t.Any]:
    """Counts, provenance (source package, version, sha256, decree, licence,
    attribution) and version of the embedded table."""
    return _dtks.region_info()
