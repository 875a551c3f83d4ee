"""The changes of status `build.py status` records (apart from bulkrecords, so that the
command line names them without importing what records them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    """A status change: the event it adds and the status it sets (None: unchanged)."""

    event: str
    status: str | None


KINDS = {
    "re-arrested": Kind("re-arrested", "re-arrested"),
    "transferred": Kind("transferred", None),
    "released": Kind("released", "released"),
    "exiled": Kind("released", "exiled"),
    "died": Kind("died", "deceased"),
}
"""What `.venv/bin/python build.py status CHANGE` accepts."""
