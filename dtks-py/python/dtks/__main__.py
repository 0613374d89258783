"""``python -m dtks``: the same command line as the Rust ``dtks`` binary."""

from __future__ import annotations

import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    """Runs ``dtks`` with ``argv`` (default: ``sys.argv[1:]``); returns the
    exit status (0 ok, 1 findings, 2 usage or I/O)."""
    from . import _dtks

    args = list(sys.argv[1:] if argv is None else argv)
    # The Rust side writes to the process's stdout/stderr directly.
    sys.stdout.flush()
    sys.stderr.flush()
    return _dtks.run_cli(["dtks", *args])


def console() -> None:
    """Entry point of the ``dtks`` console script."""
    sys.exit(main())


if __name__ == "__main__":
    console()
