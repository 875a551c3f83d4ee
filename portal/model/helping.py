"""The records of how to help: calls to action with the partners that run them, and the
letter guide (its rules, phrases and letter services)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .values import LocalText, Origin


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    """The name as written (or its default-language form)."""
    url: str | None
    names: LocalText = LocalText()
    """The name per language, where the languages write it differently."""


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    kind: str
    title: LocalText
    text: LocalText
    partner: Partner | None
    safety: LocalText
    sources: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Rule:
    text: LocalText
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Phrase:
    id: str
    occasion: str
    forms: Mapping[str, Mapping[str, str]]
    """Script language (`ru`, `be`) → gender (`male`, `female`, `other`) → phrase."""
    meaning: LocalText

    def text(self, script: str, gender: str) -> str:
        forms = self.forms[script]
        return forms.get(gender) or forms["other"]


@dataclass(frozen=True, slots=True)
class LetterService:
    """A service that forwards letters or keeps them for later: where an address is
    unknown or a person is cut off, the way a supporter can still write."""

    id: str
    name: str
    """The name as written (or its default-language form)."""
    names: LocalText
    """The name per language, where the languages write it differently."""
    url: str
    how: LocalText
    safety: LocalText
    """The risk for readers in Belarus, where the service or its host is banned."""
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LetterGuide:
    rules_do: tuple[Rule, ...]
    rules_avoid: tuple[Rule, ...]
    example_facility: str | None
    phrases: tuple[Phrase, ...]
    origin: Origin
    delivery_days: int = 30
    """How long a letter takes: post this many days before a birthday."""
    avoid_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Script → word stems the draft check warns about."""
    services: tuple[LetterService, ...] = ()
