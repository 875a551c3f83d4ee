"""The values records are made of: where a record was written (Origin), a text per language
(LocalText), and read-only mappings (freeze)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was written: for errors and for rebuilding what changed."""

    file: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class LocalText:
    """A text per language; languages without it fall back along a chain."""

    values: tuple[tuple[str, str], ...] = ()
    stale: tuple[str, ...] = ()
    """Languages whose translation was made from an older version of the source."""
    source: str | None = None
    """The language the stale translations were made from."""

    def get(self, lang: str) -> str | None:
        for code, text in self.values:
            if code == lang:
                return text
        return None

    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.values)

    def __bool__(self) -> bool:
        return bool(self.values)


def freeze(mapping: dict) -> Mapping:
    """A read-only view of a dict built during loading."""
    return MappingProxyType(mapping)
