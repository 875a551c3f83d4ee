"""Wording a reader notices, as warnings: organisations named in the reader's language
(orgnames.py), numbers grouped as the language groups them (numbers.py), and a person's
summary that speaks of their health or says the opposite of their status (summaries.py).
In any text an editor writes: YAML text per language, statements and pages."""

from __future__ import annotations

from dataclasses import replace

from ..content.load import Document, FieldPath, Tree, format_path
from ..memo import Memo, remembered
from ..problems import Problem
from .numbers import ungrouped_numbers
from .orgnames import Organisation, foreign_names, organisations
from .style import texts
from .summaries import contradiction, health_words

MARKDOWN_FIELDS = ("title", "summary", "author", "publisher")


def wording_warnings(tree: Tree, languages: tuple[str, ...],
                     memo: Memo | None = None) -> list[Problem]:
    """Every wording warning in the tree; with a `memo`, an unchanged file is not read
    again (the live preview)."""
    site = tree.site.data if isinstance(tree.site.data, dict) else {}
    default = site.get("default_language") if isinstance(site.get("default_language"), str) \
        else ""
    sources = tree.sources.data.get("sources") if isinstance(tree.sources.data, dict) \
        else tree.sources.data
    known = () if tree.sources.path in tree.broken else organisations(sources, default)
    locales = _locales(site)
    key = (languages, locales, known)
    people = {d.path for d in tree.prisoners}
    problems: list[Problem] = []
    for doc in (tree.site, tree.sources, tree.facilities, tree.releases, tree.statistics,
                tree.actions, tree.letters, *tree.prisoners):
        if doc.path not in tree.broken:
            problems += remembered(memo, "wording", doc, key, lambda doc=doc: [
                *_yaml_warnings(doc, languages, dict(locales), known),
                *(_summary_warnings(doc) if doc.path in people else ())])
    for doc in (*tree.statements, *tree.pages):
        if doc.path not in tree.broken:
            problems += remembered(memo, "wording", doc, key, lambda doc=doc: (
                _markdown_warnings(doc, dict(locales), known)))
    return problems


def _locales(site: dict) -> tuple[tuple[str, str], ...]:
    """(language, its CLDR locale) for each configured language."""
    langs = site.get("languages") if isinstance(site.get("languages"), list) else []
    return tuple((x["code"], str(x.get("locale") or x["code"]).replace("-", "_"))
                 for x in langs if isinstance(x, dict) and isinstance(x.get("code"), str))


def _yaml_warnings(doc: Document, languages: tuple[str, ...], locales: dict[str, str],
                   known: tuple[Organisation, ...]) -> list[Problem]:
    found = []
    for path, text in texts(doc.data, (), languages):
        line = doc.line_of(path)[0]
        lang = str(path[-1])
        found += _text_warnings(doc.path, line, path, text, lang,
                                {} if "address" in path else locales,
                                () if "publisher" in path else known)
    return found


def _markdown_warnings(doc: Document, locales: dict[str, str],
                       known: tuple[Organisation, ...]) -> list[Problem]:
    parts = doc.name.split(".")
    if len(parts) != 3 or not isinstance(doc.data, dict):
        return []
    lang, found = parts[1], []
    for key in MARKDOWN_FIELDS:
        value = doc.data.get(key)
        if isinstance(value, str):
            found += _text_warnings(doc.path, doc.line_of((key,))[0], (key,), value, lang,
                                    locales, known)
    for number, line in enumerate(doc.body.splitlines()):
        found += _text_warnings(doc.path, doc.body_line + number, ("body",), line, lang,
                                locales, known)
    return found


def _text_warnings(file: str, line: int | None, path: FieldPath, text: str, lang: str,
                   locales: dict[str, str], known: tuple[Organisation, ...]) -> list[Problem]:
    field = format_path(path)
    found = [_warning(file, line, field, f"the number “{digits}” is written without the "
                      "digit grouping of this language",
                      f"write “{grouped}” (a no-break space or a space between the groups "
                      "of three digits; years and article numbers are not grouped)")
             for _, digits, grouped in ungrouped_numbers(text, locales[lang])
             if lang in locales]
    found += [_warning(file, line, field, f"names the organisation “{name}”, which data/"
                       f"sources.yaml names «{own}» in this language",
                       f"write its name as data/sources.yaml gives it for {lang} ({own}), "
                       "in the case the sentence needs")
              for name, own in foreign_names(text, lang, known)]
    return found


def _summary_warnings(doc: Document) -> list[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    summary = data.get("summary")
    status = data.get("status")
    found = []
    for lang, text in summary.items() if isinstance(summary, dict) else ():
        if not isinstance(text, str):
            continue
        line, field = doc.line_of(("summary", lang))[0], f"summary.{lang}"
        words = health_words(text)
        if words:
            found.append(_warning(doc.path, line, field, "speaks of the person's health "
                                  f"(“{'”, “'.join(words)}”); health is private, and the "
                                  "summary is shown on lists, cards and in search",
                                  "take it out of the summary; where a source reports it, "
                                  "it may stand in the dated biography"))
        opposite = contradiction(text, status) if isinstance(status, str) else None
        if opposite:
            found.append(_warning(doc.path, line, field, f"says “{opposite}”, the opposite "
                                  f"of the status `{status}`",
                                  "correct the summary or the status, whichever a source "
                                  "no longer supports"))
    return found


def _warning(file: str, line: int | None, field: str, message: str, fix: str) -> Problem:
    return replace(Problem(file, line, field, message, fix), warning=True)
