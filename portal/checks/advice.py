"""Warnings: what is allowed but worth an editor's look (stale statuses, missing translations,
images without alt text). `--strict` turns them into errors."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from ..content.dates import parse_date
from ..content.freshness import parse_record, source_language
from ..content.load import Document, FieldPath, Tree
from ..memo import Memo, remembered
from ..problems import Problem
from .shapes import SITE

TRANSLATED_FIELDS = {
    "prisoners": ("name", "summary", "biography"),
    "releases": ("summary",),
    "actions": ("title", "text", "safety"),
    "facilities": ("name", "city"),
}
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(")
UNTRANSLATED = "not yet translated into "
FALLBACK = "until then readers see the fallback text, with a notice"


def advise(tree: Tree, languages: tuple[str, ...], today: dt.date,
           memo: Memo | None = None) -> list[Problem]:
    """Every warning for a tree whose structure has already been checked."""
    site = tree.site.data if isinstance(tree.site.data, dict) else {}
    max_age = SITE.settled(site)["checks"]["verified_max_age_days"]
    found: list[Problem] = []
    for doc in tree.prisoners:
        found += remembered(memo, "advice", doc, (today, max_age, languages), lambda doc=doc: [
            *_stale(doc, today, max_age),
            *_untranslated(doc, [((), doc.data)], TRANSLATED_FIELDS["prisoners"], languages)])
    for doc, kind in ((tree.releases, "releases"), (tree.actions, "actions"),
                      (tree.facilities, "facilities")):
        items = [((i,), x) for i, x in enumerate(doc.data if isinstance(doc.data, list) else [])]
        found += _untranslated(doc, items, TRANSLATED_FIELDS[kind], languages)
    default = site.get("default_language") if isinstance(site.get("default_language"), str) \
        else ""
    found += _missing_files(tree.statements, languages, "statement", default)
    found += _missing_files(tree.pages, languages, "page", default)
    for doc in (*tree.statements, *tree.pages):
        found += _images_without_alt(doc)
    return found


def _stale(doc: Document, today: dt.date, max_age: int) -> list[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    try:
        verified = parse_date(data.get("verified"))
    except ValueError:
        return []
    days = (today - verified.bound.first_day()).days  # after-dates: counted from the bound
    if days <= max_age:
        return []
    return [doc.problem(("verified",), f"the status was last verified {days} days ago "
                        f"({verified}); more than {max_age}",
                        "confirm the status with a source, then update `verified` and "
                        "`sources`", warning=True)]


def _untranslated(doc: Document, items: list[tuple[FieldPath, object]],
                  fields: tuple[str, ...], languages: tuple[str, ...]) -> list[Problem]:
    found = []
    for prefix, item in items:
        if not isinstance(item, dict):
            continue
        for field in fields:
            texts = item.get(field)
            if not isinstance(texts, dict) or not texts:
                continue
            missing = [lang for lang in languages if lang not in texts]
            if missing:
                found.append(doc.problem(
                    (*prefix, field), f"{UNTRANSLATED}{', '.join(missing)}",
                    f"add a line for each language; {FALLBACK}", warning=True,
                    kind="untranslated"))
    return found


def _missing_files(docs: tuple[Document, ...], languages: tuple[str, ...],
                   kind: str, default: str) -> list[Problem]:
    """A warning for each statement or page not in every language, on its source file
    (the one its translations are made from), naming the files to make."""
    groups: dict[str, dict[str, Document]] = {}
    for doc in docs:
        parts = doc.name.split(".")
        if len(parts) == 3:
            groups.setdefault(parts[0], {})[parts[1]] = doc
    found = []
    for slug, group in sorted(groups.items()):
        missing = [lang for lang in languages if lang not in group]
        if not missing:
            continue
        records = {lang: parse_record(d.data.get("translated_from")
                                      if isinstance(d.data, dict) else None)
                   for lang, d in group.items()}
        source = group[source_language(group, records, default)].path
        folder = PurePosixPath(source).parent
        files = ", ".join(f"{folder}/{slug}.{lang}.md" for lang in missing)
        found.append(Problem(source, None, "", f"this {kind} is {UNTRANSLATED}"
                             f"{', '.join(missing)}",
                             f"translate it into {files} (`.venv/bin/python build.py new "
                             f"translation {source} --lang {missing[0]}` makes the file); "
                             f"{FALLBACK}",
                             warning=True, kind=f"untranslated {kind}"))
    return found


def untranslated_into(problem: Problem) -> tuple[str, ...]:
    """The languages a "not yet translated" warning names; () for any other problem."""
    if not problem.warning or UNTRANSLATED not in problem.message:
        return ()
    return tuple(problem.message.split(UNTRANSLATED, 1)[1].split(", "))


def _images_without_alt(doc: Document) -> list[Problem]:
    found = []
    for number, line in enumerate(doc.body.splitlines()):
        if IMAGE_WITHOUT_ALT.search(line):
            found.append(Problem(doc.path, doc.body_line + number, "body",
                                 "an image has no alt text",
                                 "describe the image between the brackets: ![what it shows](…)",
                                 warning=True))
    return found
