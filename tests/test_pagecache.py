"""The page cache: a build reuses the pages of earlier builds made from the same input,
and its output is always the same as a build that renders every page."""

from __future__ import annotations

import datetime as dt

import pytest

import portal.build.rendering
import portal.build.sitefiles
import portal.pages.pagecache

from conftest import build, snapshot


@pytest.fixture
def renders(monkeypatch):
    """Counts the pages actually rendered (not taken from the cache)."""
    count = {"pages": 0}
    real = portal.build.rendering.Renderer.render

    def counting(self, site, plan):
        count["pages"] += 1
        return real(self, site, plan)

    monkeypatch.setattr(portal.build.rendering.Renderer, "render", counting)
    return count


def test_a_second_build_takes_every_page_from_the_cache(project, tmp_path, renders):
    root = project("minimal")
    first = build(root, tmp_path / "one", jobs=1)
    assert renders["pages"] == first.pages
    renders["pages"] = 0
    build(root, tmp_path / "two", jobs=1)
    assert renders["pages"] == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, at_most", [
    ("data/prisoners/anna-test.yaml", "  en: A journalist", "  en: A reporter", 40),
    ("content/statements/2025-09-11-release.en.md", "52 people", "fifty-two people", 20),
    ("templates/statement.html", "</article>", "<!-- changed --></article>", 10),
    ("templates/base.html", "</body>", "<!-- changed --></body>", 78),
    ("data/strings/en.yaml", "  statements: Statements\n", "  statements: All statements\n",
     None),
    ("data/site.yaml", "\n", "\n# changed\n", None),
    ("templates/assets/style.css", "\n", "\n/* changed */\n", None),
])
def test_after_a_change_a_cached_build_equals_an_uncached_one(project, tmp_path, renders,
                                                              file, old, new, at_most):
    root = project("minimal")
    first = build(root, tmp_path / "before", jobs=1)
    edit(root / file, old, new)
    renders["pages"] = 0
    build(root, tmp_path / "cached", jobs=1)
    rendered = renders["pages"]
    build(root, tmp_path / "fresh", jobs=1, cache=False)
    assert snapshot(tmp_path / "cached") == snapshot(tmp_path / "fresh")
    assert snapshot(tmp_path / "cached") != snapshot(tmp_path / "before")
    if at_most is None:
        assert rendered == first.pages  # a file every page shows: all rendered again
    else:
        assert 0 < rendered <= at_most


def test_a_new_version_of_the_generator_renders_every_page(project, tmp_path, renders,
                                                          monkeypatch):
    root = project("minimal")
    first = build(root, tmp_path / "one", jobs=1)
    monkeypatch.setattr(portal.pages.pagecache, "code_version", lambda: b"another version")
    renders["pages"] = 0
    build(root, tmp_path / "two", jobs=1)
    assert renders["pages"] == first.pages


def test_another_build_date_or_address_renders_every_page(project, tmp_path, renders):
    root = project("minimal")
    first = build(root, tmp_path / "one", jobs=1)
    renders["pages"] = 0
    build(root, tmp_path / "two", jobs=1, today=dt.date(2025, 12, 21))
    assert renders["pages"] == first.pages
    renders["pages"] = 0
    build(root, tmp_path / "three", jobs=1, base_url="https://mirror.example/portal/")
    assert renders["pages"] == first.pages


def test_pages_no_build_uses_any_more_are_pruned(project, tmp_path):
    root = project("minimal")
    build(root, tmp_path / "one", jobs=1)
    cache = root / ".cache" / "pages"
    used = {p.name for p in cache.rglob("*") if p.is_file()}
    for n in range(3):  # three other build dates: three sets of pages
        build(root, tmp_path / f"d{n}", jobs=1, today=dt.date(2026, 1, n + 1))
    remaining = {p.name for p in cache.rglob("*") if p.is_file()}
    assert len(remaining) <= 2 * len(used)
    assert not used <= remaining  # the first date's pages went first


def test_feeds_data_and_index_are_made_again_only_when_what_they_are_made_from_changes(
        project, tmp_path, monkeypatch):
    made = []

    def counting(name, real):
        def made_here(*args, **kwargs):
            made.append(name)
            return real(*args, **kwargs)
        monkeypatch.setattr(portal.build.sitefiles, name, made_here)

    for name in ("data_files", "calendar_files", "index_files", "sitemap_files"):
        counting(name, getattr(portal.build.sitefiles, name))
    root = project("minimal")
    build(root, jobs=1)
    assert sorted(made) == ["calendar_files", "data_files", "index_files", "sitemap_files"]
    made.clear()
    page = root / "site" / "en" / "prisoners" / "eva-test" / "index.html"
    page.unlink()  # by hand: the build is not a no-op, but no source changed
    build(root, jobs=1)
    assert made == [] and page.is_file()  # linked from the current site, not made
    edit(root / "content/statements/2025-09-11-release.en.md", "title: Fifty-two released",
         "title: 52 released")
    build(root, jobs=1)
    assert made == ["index_files"]  # no statement is in the data, calendars or sitemap
    made.clear()
    edit(root / "data/prisoners/anna-test.yaml", "  en: A journalist", "  en: A reporter")
    build(root, jobs=1)
    assert sorted(made) == ["calendar_files", "data_files", "index_files"]
    build(root, tmp_path / "fresh", jobs=1, cache=False)
    assert snapshot(root / "site") == snapshot(tmp_path / "fresh")
