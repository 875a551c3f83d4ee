"""Parts of pages kept between builds: a list of people is mostly its cards, one a person,
and after an edit to one profile only that person's card is new.

A macro named in CACHED (`person_card` of macros.html, and the link and status line each
list of people shows) is rendered once and kept under .cache/fragments/, one entry per
page that shows at least KEEP_FROM of them (store/cachefile.py: sealed, a damaged entry
is a miss), by a key of exactly what the card is made from: everything the page's own
key counts (pagecache.py: the code, the settings and every file all pages show, the
page's address, template and the templates it uses, its shape) but the profiles, and of
those only the files of the people the card is given. The page then re-renders as its
frame around kept cards and the one card made again, byte for byte what a whole render
gives. A card is assumed to show, of the people, only those it is given: as the page's key
assumes of the page."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import jinja2
from jinja2.runtime import Context, Macro
from markupsafe import Markup

from ..model.model import Prisoner, Site
from ..store.cachefile import CacheFolder
from ..store.kept import kept_dict
from .pageplan import PagePlan

CACHED = frozenset({"person_card", "person_link", "status"})
"""The macros kept between builds: those that show one person (macros.html), given the
person."""

KEEP_FROM = 10
"""A page that shows fewer kept parts renders them again each time (a profile's own page
shows its status once): keeping them would cost more than it saves."""

PLAIN = (str, int, float, bool, type(None))
"""The other arguments a kept macro may be given (anything else: rendered every time)."""


class Fragments:
    """The kept cards of one page at a time (`begin`, then `end` once it is rendered)."""

    def __init__(self, folder: Path, files: dict[str, bytes],
                 closure: dict[str, frozenset], base: bytes) -> None:
        self.entries = CacheFolder(folder)
        self.files, self.closure, self.base = files, closure, base
        self.page: bytes | None = None
        self.path: Path | None = None
        self.known: dict[bytes, str] = {}
        self.used: dict[bytes, str] = {}

    @classmethod
    def of(cls, pages: Any) -> Fragments:
        """Beside the page cache (pagecache.PageCache): its files, templates and base key."""
        return cls(pages.folder.parent / "fragments", pages.files, pages.closure, pages.base)

    def begin(self, site: Site, plan: PagePlan) -> None:
        """Read the kept cards of `plan`'s page."""
        people = _person_files(site)
        digest = hashlib.blake2b(self.base, digest_size=20)
        digest.update(f"{plan.kind}\0{plan.lang}\0{plan.path}\0{plan.template}\0"
                      f"{plan.shape}\0".encode())
        for path in plan.inputs:  # which people the page shows, not what their files say
            digest.update(path.encode() + b"\0" + (b"" if path in people
                                                   else self.files.get(path, b"-")))
        for path in sorted(self.closure.get(plan.template, (f"templates/{plan.template}",))):
            digest.update(b"\1" + path.encode() + b"\0" + self.files.get(path, b"-"))
        self.page = digest.digest()
        self.path = self.entries.folder / hashlib.blake2b(
            plan.path.encode(), digest_size=16).hexdigest()
        self.known, self.used = kept_dict(self.entries, self.path), {}

    def key(self, name: str, args: tuple, kwargs: dict, origin: str) -> bytes | None:
        """The key of a call of macro `name` on this page, or None when it is not kept.
        `origin` tells the macro from another of the same name (a template's own `status`
        beside the one of macros.html): the template it is defined in, and where."""
        if self.page is None or name not in CACHED or not origin:
            return None
        digest = hashlib.blake2b(self.page, digest_size=20)
        digest.update(name.encode() + b"\0" + origin.encode("utf-8", "surrogatepass"))
        for label, value in (*enumerate(args), *sorted(kwargs.items())):
            if isinstance(value, Prisoner):
                own = value.origin.file
                part = f"P{own}\0".encode() + self.files.get(own, b"-")
            elif isinstance(value, PLAIN):
                part = repr(value).encode("utf-8", "surrogatepass")
            else:
                return None
            digest.update(f"\2{label}\0".encode() + part)
        return digest.digest()

    def get(self, key: bytes) -> str | None:
        found = self.used.get(key)
        if found is None:
            found = self.known.get(key)
        if isinstance(found, str):
            self.used[key] = found
            return found
        return None

    def put(self, key: bytes, text: str) -> None:
        self.used[key] = text

    def end(self) -> None:
        """Keep this page's cards (those it used) when they changed, where they are
        enough to keep (KEEP_FROM; else an entry kept before is removed)."""
        if self.path is None:
            pass
        elif len(self.used) < KEEP_FROM:
            if self.known:
                self.entries.discard(self.path)
        elif self.used.keys() != self.known.keys():
            self.entries.write(self.path, pickle.dumps(self.used,
                                                       protocol=pickle.HIGHEST_PROTOCOL))
        self.page, self.path, self.known, self.used = None, None, {}, {}


_PEOPLE: dict[int, tuple[Site, frozenset[str]]] = {}


def _person_files(site: Site) -> frozenset[str]:
    """The profiles' files of `site` (kept for the last site seen)."""
    found = _PEOPLE.get(0)
    if found is None or found[0] is not site:
        found = (site, frozenset(p.origin.file for p in site.prisoners))
        _PEOPLE[0] = found
    return found[1]


class KeptContext(Context):
    """Jinja's context, calling the macros in CACHED through the environment's
    `fragments` (when it has them)."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - as Jinja's
        fragments = getattr(__self.environment, "fragments", None)
        if fragments is None or not isinstance(__obj, Macro) or __obj.name not in CACHED:
            return super().call(__obj, *args, **kwargs)
        own = {k: v for k, v in kwargs.items() if k not in ("_loop_vars", "_block_vars")}
        key = fragments.key(__obj.name, args, own, _origin(__obj))
        if key is None:
            return super().call(__obj, *args, **kwargs)
        found = fragments.get(key)
        if found is None:
            made = super().call(__obj, *args, **kwargs)
            if not isinstance(made, Markup):
                return made  # not autoescaped: rendered every time
            fragments.put(key, str(made))
            return made
        return Markup(found)


def _origin(macro: Macro) -> str:
    """Which macro `macro` is: the name of the template defining it and the line of its
    compiled code ("" for a template made from a string: its calls are not kept)."""
    code = getattr(macro, "_func", None)
    template = getattr(code, "__globals__", {}).get("name")
    line = getattr(getattr(code, "__code__", None), "co_firstlineno", None)
    return f"{template}:{line}" if isinstance(template, str) and line is not None else ""


def keep_fragments(env: jinja2.Environment, fragments: Fragments | None) -> None:
    """Render `env`'s pages with `fragments` (None: every macro rendered every time)."""
    env.context_class = KeptContext
    env.fragments = fragments  # type: ignore[attr-defined]
