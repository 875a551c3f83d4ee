"""Every page of the sample, read with a real HTML parser: one h1, headings that never
skip a level, and a meta description in the page's own language."""

from __future__ import annotations

import pytest

from conftest import html_files, parse


@pytest.fixture(scope="module")
def pages(built_sample):
    return {p.relative_to(built_sample).as_posix(): parse(p) for p in html_files(built_sample)}


def test_headings_start_at_h1_and_never_skip_a_level(pages):
    assert len(pages) > 100
    for address, page in pages.items():
        levels = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels.count(1) == 1 and levels[0] == 1, (address, levels)
        skipped = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not skipped, (address, levels)


def description(page) -> str:
    meta = page.find("meta", attrs={"name": "description"})
    return meta["content"].strip() if meta else ""


def test_every_page_has_a_description_in_its_own_language(pages):
    assert all(description(page) for page in pages.values()), \
        [a for a, p in pages.items() if not description(p)]
    same = []
    for address, page in pages.items():
        if not address.startswith("en/"):
            continue
        for lang in ("be", "ru"):
            other = pages.get(lang + address[2:])
            if other is not None and description(other) == description(page):
                same.append(lang + address[2:])
    assert same == []
    cyrillic = [a for a, p in pages.items() if a.startswith(("be/", "ru/"))
                and not any("а" <= c.lower() <= "я" or c in "іў" for c in description(p))]
    assert cyrillic == []
