"""One page to write (PagePlan): its kind, language, address, template, the context it is
rendered with and the source files it is made from."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from .urls import page_path

TEMPLATES_OF = {"home": "home.html", "prisoners": "prisoners.html", "prisoner": "prisoner.html",
                "statements": "statements.html", "statement": "statement.html",
                "timeline": "timeline.html", "404": "404.html", "root": "root.html",
                "translations": "translations.html", "letter": "letter.html",
                "facility": "facility.html", "birthdays": "birthdays.html",
                "status": "status.html", "search": "search.html",
                "prisoners_page": "prisoners.html", "status_page": "status.html"}


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One page to write: where, in which language, from what."""

    kind: str
    slug: str
    lang: str | None
    path: str
    template: str
    context: dict[str, Any]
    inputs: tuple[str, ...]
    """Source files the page was made from (templates aside)."""
    shape: str = ""
    """What the page shows from beyond its inputs (a paged list: the other pages, the
    counts and the filters' choices), as a digest: a change makes the page again."""


def make_plan(kind: str, lang: str | None, context: dict, inputs, slug: str = "",
          template: str | None = None, shape: str = "") -> PagePlan:
    own = list(dict.fromkeys(inputs))[:1]
    return PagePlan(kind, slug, lang, page_path(kind, lang, slug),
                    template or TEMPLATES_OF[kind], context,
                    tuple(own + sorted(set(inputs) - set(own))), shape)


def shape_digest(value: Any) -> str:
    return hashlib.blake2b(json.dumps(value, default=str).encode(), digest_size=8).hexdigest()
