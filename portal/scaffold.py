"""`python build.py new prisoner|statement "…"`: a new file with every field stubbed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .model import Config
from .problems import ContentError, Problem
from .schema import SLUG
from .translit import language_of, romanise, slugify
from .write import write_file_atomic


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _names(name: str, codes: tuple[str, ...]) -> dict[str, str]:
    """The given name in its own script, the romanised form for Latin-script languages."""
    script = language_of(name)
    names = {code: "" for code in codes}
    if script in names:
        names[script] = name
    latin = romanise(name)
    for code in codes:
        if code not in ("be", "ru", "uk") and not names[code]:
            names[code] = latin
    return names


def prisoner_stub(name: str, config: Config) -> str:
    """A prisoner file: the name filled in, every other field waiting for a source."""
    names = _names(name, config.codes)
    lines = ["# A new person. Fill in only what a source in data/sources.yaml says;",
             "# leave a field out when no source gives it. See docs/editors-guide.md.",
             "name:"]
    lines += [f"  {code}: {_quote(value)}" if value else f"  {code}:   # the name in {code}"
              for code, value in names.items()]
    lines += [
        "aliases: []            # other spellings, for search",
        "gender:                # male | female | other",
        "status:                # imprisoned | re-arrested | released | exiled | deceased",
        "verified:              # YYYY-MM-DD: when a source last confirmed the status",
        "roles: []              # journalist, blogger, human-rights-defender, politician, …",
        "events: []             # detained, sentenced, released … with date and sources",
        "summary:               # one line for lists, per language",
    ]
    lines += [f"  {code}: \"\"" for code in config.codes]
    lines += ["biography:             # a few sentences of Markdown, per language"]
    lines += [f"  {code}: \"\"" for code in config.codes]
    lines += ["sources: []            # ids from data/sources.yaml", ""]
    return "\n".join(lines)


def statement_stub(title: str, lang: str, today: dt.date) -> str:
    return "\n".join([
        "---",
        f"title: {_quote(title)}",
        f"date: {today.isoformat()}",
        "author:                # the organisation that published it",
        "sources: []            # ids from data/sources.yaml",
        "summary:               # one or two sentences for lists",
        "people: []             # slugs of the people it concerns",
        "---",
        "Write the statement here, in your own words. Link to a profile like this:",
        "[Ihar Losik](prisoner:ihar-losik).",
        "",
    ])


def _slug(text: str, explicit: str | None, what: str) -> str:
    slug = explicit if explicit is not None else slugify(text)
    if not slug or not SLUG.match(slug):
        raise ContentError([Problem(what, None, "", f'"{slug}" cannot be a slug',
                                    "give one with --slug: lowercase ASCII letters, digits "
                                    "and hyphens")])
    return slug


def new_prisoner(root: Path, config: Config, name: str, slug: str | None = None) -> Path:
    """Create data/prisoners/<slug>.yaml; refuse to overwrite or to reuse a slug."""
    slug = _slug(name, slug, name)
    return _create(root, f"data/prisoners/{slug}.yaml", prisoner_stub(name, config))


def new_statement(root: Path, config: Config, title: str, today: dt.date,
                  lang: str | None = None, slug: str | None = None) -> Path:
    """Create content/statements/<date>-<slug>.<lang>.md in the language of its title."""
    script = language_of(title)
    lang = lang or (script if script in config.codes else config.default_language)
    slug = f"{today.isoformat()}-{_slug(title, slug, title)}"
    return _create(root, f"content/statements/{slug}.{lang}.md",
                   statement_stub(title, lang, today))


def _create(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    if path.exists():
        raise ContentError([Problem(relative, None, "", "already exists",
                                    "choose another slug with --slug; a slug is never reused")])
    write_file_atomic(path, text.encode("utf-8"))
    return path
