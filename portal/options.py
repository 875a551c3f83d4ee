"""What a build is asked to do: explicit values, resolved once from the command line."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Options:
    root: Path
    out: Path | None = None
    base_url: str | None = None
    portable: bool = False
    today: dt.date | None = None
    """The build date, for everything time-dependent; see `build_date`."""
    strict: bool = False
    """Treat warnings as errors."""
    jobs: int = 0
    """Processes rendering pages; 0: one per core."""
    cache: bool = True
    """Reuse what earlier builds made from the same input (under ROOT/.cache/)."""
    verbose: bool = False
    """List every warning, not the same warning on many files once with its first few
    (how problems are shown only: the output is the same)."""

    @property
    def output(self) -> Path:
        return self.out or self.root / "site"


def build_date(explicit: dt.date | None = None) -> dt.date:
    """`--today`, else $SOURCE_DATE_EPOCH (reproducible builds), else the clock (UTC)."""
    if explicit is not None:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def environment_base_url() -> str | None:
    """The URL the site is deployed at: $PORTAL_BASE_URL, or Netlify's URL for this deploy.

    Deploy previews and branch deploys get their own address ($DEPLOY_PRIME_URL), so
    their canonical links and hreflang point at the preview, not at production.
    """
    if os.environ.get("PORTAL_BASE_URL"):
        return os.environ["PORTAL_BASE_URL"]
    if os.environ.get("NETLIFY") == "true":
        context = os.environ.get("CONTEXT", "production")
        preview = os.environ.get("DEPLOY_PRIME_URL")
        if context != "production" and preview:
            return preview
        return os.environ.get("URL") or None
    return None
