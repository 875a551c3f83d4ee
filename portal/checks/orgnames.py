"""Organisations named in the reader's language. Where data/sources.yaml gives a
publisher a name of its own in a language (`publisher: {en: Viasna Human Rights Centre,
be: Праваабарончы цэнтр «Вясна», …}`), a text in that language that names the
organisation by its name in the default language (or by one of its `also_known_as`
names: Viasna, EaP CSF) gets a warning naming the name to write.

Not warned about: the name inside the language's own name («Інстытут … (IDM)»), a name in
brackets beside it as a gloss («… інстытута (IDM)»), and a name the language's own name
contains, which that language keeps («People In Need («Чалавек у бядзе»)», «… (IDM)»)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import ADDRESS

GLOSS = re.compile(r"\(([A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*)\)")
"""A short name in brackets after a name: "Institute for the Danube Region … (IDM)"."""


@dataclass(frozen=True, slots=True)
class Organisation:
    """A publisher that some language names in its own way."""

    names: tuple[str, ...]
    """Its names in the default language, longest first."""
    own: tuple[tuple[str, str], ...]
    """(language, the name in that language), where it differs from the default's."""

    def own_name(self, lang: str) -> str | None:
        return next((name for code, name in self.own if code == lang), None)


def organisations(sources: object, default: str) -> tuple[Organisation, ...]:
    """The publishers in `sources` (the list in data/sources.yaml) with a name of their own
    in some language, one per name in the default language."""
    found: dict[str, tuple[set[str], dict[str, str]]] = {}
    for source in sources if isinstance(sources, list) else ():
        publisher = source.get("publisher") if isinstance(source, dict) else None
        if not isinstance(publisher, dict) or not isinstance(publisher.get(default), str):
            continue
        name = publisher[default]
        names, own = found.setdefault(name, ({name}, {}))
        names.update(GLOSS.findall(name))
        aliases = source.get("also_known_as")
        if isinstance(aliases, list):
            names.update(a for a in aliases if isinstance(a, str) and a.strip())
        for lang, text in publisher.items():
            if lang != default and isinstance(text, str) and text != name:
                own.setdefault(lang, text)
    return tuple(Organisation(tuple(sorted(names, key=lambda n: (-len(n), n))),
                              tuple(sorted(own.items())))
                 for _, (names, own) in sorted(found.items()) if own)


def foreign_names(text: str, lang: str, known: tuple[Organisation, ...]
                  ) -> list[tuple[str, str]]:
    """(the name as written, the language's own name) for each organisation `text` names
    otherwise than `lang` names it; one per organisation."""
    text = ADDRESS.sub(lambda m: " " * len(m.group()), text)
    found = []
    for organisation in known:
        own = organisation.own_name(lang)
        if own is None:
            continue
        kept = [(m.start(), m.end()) for m in re.finditer(re.escape(own), text)]
        for name in organisation.names:
            if any(True for _ in _occurrences(name, own)):
                continue  # the language keeps this name: «Каміла Багданава (IDM)»
            used = next((m for m in _occurrences(name, text)
                         if not any(a <= m.start() and m.end() <= b for a, b in kept)
                         and not _glossed(text, m)), None)
            if used:
                found.append((used.group(), own))
                break
    return found


def _occurrences(name: str, text: str):
    return re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text)


def _glossed(text: str, match: re.Match) -> bool:
    """Whether the name stands alone in brackets, beside the name written out."""
    return text[match.start() - 1:match.start()] == "(" and text[match.end():match.end() + 1] \
        == ")"
