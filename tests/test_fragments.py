"""Parts kept between builds (portal/pages/fragments.py: the cards of the lists;
portal/pages/personparts.py: what the feeds, calendars, filters and search index make of
each profile): after an edit to one profile the site is what a build without any cache
makes, the lists show the new words, only the edited person's card is made again, and
kept parts that are damaged or lie are not used."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from portal.store.cachefile import CacheFolder
from portal.store.version import code_version

from conftest import append_to, build, parse, replace_in, snapshot

OLD = "  en: A journalist released in September 2025."
NEW = "  en: A reporter freed in September 2025, back at work."


@pytest.fixture
def paged(project) -> Path:
    """The minimal site with lists of four people a page, built once with its caches."""
    root = project("minimal")
    append_to(root, "data/site.yaml", "lists:\n  page_size: 4")
    build(root)
    return root


def summaries(page: Path) -> dict[str, str]:
    return {li.select_one(".person-name").get_text(" ", strip=True):
            li.select_one(".person-summary").get_text(" ", strip=True)
            for li in parse(page).select("li.person") if li.select_one(".person-summary")}


def uncached(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "uncached"
    build(root, out, cache=False)
    return snapshot(out)


def test_a_list_after_a_summary_edit_is_the_list_made_from_nothing(paged, tmp_path):
    replace_in(paged, "data/prisoners/anna-test.yaml", OLD, NEW)
    build(paged)
    assert snapshot(paged / "site") == uncached(paged, tmp_path)
    for page in ("en/prisoners/index.html", "en/prisoners/status/released/index.html"):
        assert summaries(paged / "site" / page)["Anna Test"] == NEW.strip()[4:], page
    shown = summaries(paged / "site" / "en/prisoners/index.html")
    assert shown["Boris Test"].startswith("A ")  # the kept card of the person not edited


def test_only_the_edited_persons_card_is_made_again(paged, monkeypatch):
    from jinja2.runtime import Macro

    made = []
    call = Macro._invoke

    def counted(self, arguments, autoescape):
        if self.name == "person_card":
            made.append(arguments[0].slug)
        return call(self, arguments, autoescape)

    replace_in(paged, "data/prisoners/anna-test.yaml", OLD, NEW)
    monkeypatch.setattr(Macro, "_invoke", counted)
    build(paged)
    assert made and set(made) == {"anna-test"}


@pytest.mark.parametrize("kind", ["fragments", "people", "entries"])
def test_kept_parts_that_do_not_unpickle_to_their_kind_are_made_again(paged, tmp_path, kind):
    folder = CacheFolder(paged / ".cache" / kind)
    entries = [p for p in folder.folder.rglob("*") if p.is_file()]
    assert entries, kind
    for entry in entries:  # well sealed, but not what a build keeps there
        folder.write(entry, pickle.dumps(["not", "a", "dict"]) if kind == "fragments"
                     else b"\x80not a pickle")
    shutil.rmtree(paged / ".cache" / "pages")
    shutil.rmtree(paged / "site")
    replace_in(paged, "data/prisoners/anna-test.yaml", OLD, NEW)
    build(paged)
    assert snapshot(paged / "site") == uncached(paged, tmp_path)


def test_parts_are_kept_for_this_version_of_the_code(paged):
    names = {p.name for p in (paged / ".cache" / "people").iterdir()}
    assert names == {code_version().hex()}


def test_a_templates_own_macro_named_like_a_kept_one_is_not_taken_for_it(paged, tmp_path):
    """A list template that defines its own `status` (a badge) and calls it beside the
    card: the badge is its own macro's, not the kept status line of macros.html, in a
    build with every cache empty and in the next, cached one."""
    path = paged / "templates" / "prisoners.html"
    text = path.read_text(encoding="utf-8").replace(
        "{% block main %}",
        '{% block main %}{% macro status(person) %}[{{ person.status|upper }}]{% endmacro %}', 1)
    for call in ("{{ m.person_card(person) }}",
                 '{{ m.person_card(person, listing.anchors.get(person.slug, "")) }}'):
        assert call in text, call
        text = text.replace(call, call + '<span class="badge">{{ status(person) }}</span>')
    path.write_text(text, encoding="utf-8")
    shutil.rmtree(paged / ".cache")
    for _ in range(2):  # the build that makes the kept cards, and one that reads them
        build(paged)
        badges = [b.get_text() for b in parse(paged / "site/en/prisoners/index.html")
                  .select(".badge")]
        assert badges and all(b.startswith("[") and b.endswith("]") for b in badges), badges
        assert snapshot(paged / "site") == uncached(paged, tmp_path)
        shutil.rmtree(tmp_path / "uncached")
