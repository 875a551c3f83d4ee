"""Long lists cut into pages (portal/pages/paging.py): every person once, by name in the
reader's language, the withheld last whatever their names; letters and pages that link
where they say; one filters' file of everyone; and a live preview that agrees with a
full build when a person moves between pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.options import Options
from portal.preview.incremental import Preview

from conftest import TODAY, append_to, assert_same_sites, build, parse, replace_in, snapshot


def paged(project, size: int = 2) -> Path:
    root = project("minimal")
    append_to(root, "data/site.yaml", f"lists:\n  page_size: {size}")
    return root


def cards(page) -> list[str]:
    return [li.select_one(".person-name").get_text(" ", strip=True)
            for li in page.select(".paged-list li.person, main > ul.people > li.person")]


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    address, _, fragment = href.partition("#")
    target = (page.parent / address).resolve()
    return (target / "index.html" if target.is_dir() else target), fragment


def test_a_long_list_is_cut_into_pages_by_name(project):
    root = paged(project)
    build(root)
    site = root / "site"
    pages = [site / "en/prisoners/index.html", site / "en/prisoners/page/2/index.html",
             site / "en/prisoners/page/3/index.html"]
    assert not (site / "en/prisoners/page/4").exists()
    names = [cards(parse(p)) for p in pages]
    assert names == [["Anna Test", "Boris Test"], ["Clara Test", "Dmitry Test"],
                     ["Eva Test", "Name withheld for safety"]]
    titles = [parse(p).title.get_text() for p in pages]
    assert titles[0].startswith("Political prisoners ·") and "page" not in titles[0]
    assert "page 2 of 3" in titles[1] and "page 3 of 3" in titles[2]
    for page in pages:
        html = parse(page)
        current = html.select(".pager a[aria-current=page]")
        assert [a.get_text() for a in current] == [str(pages.index(page) + 1)]
        for link in html.select(".pager a, .alphabet a"):
            target, fragment = resolve(site, page, link["href"])
            assert target.is_file(), link["href"]
            if fragment:
                assert parse(target).find(id=fragment).select_one(".person-name") \
                    .get_text().startswith(link.get_text()), link
    letters = [a.get_text() for a in parse(pages[2]).select(".alphabet a")]
    assert letters == ["A", "B", "C", "D", "E"]  # nothing drawn from the withheld name
    assert parse(pages[1]).select_one("a[rel=prev]")["href"] == "../../"
    assert parse(pages[1]).select_one("a[rel=next]")["href"] == "../3/"


def test_each_language_sorts_by_its_own_names_and_status_pages_are_paged(project):
    root = paged(project)
    build(root)
    site = root / "site"
    first = cards(parse(site / "be/prisoners/index.html"))
    assert first == sorted(first, key=str.casefold) and first[0].startswith("Б")  # Барыс
    status = [site / "en/prisoners/status/imprisoned/index.html",
              *(site / f"en/prisoners/status/imprisoned/page/{n}/index.html" for n in (2, 3))]
    everyone = [name for page in status for name in cards(parse(page))]
    assert everyone == ["Boris Test", "Clara Test", "Dmitry Test", "Eva Test",
                        "Name withheld for safety"]
    heading = parse(status[1]).h1.get_text(" ", strip=True)
    assert "5 people" in heading and "page 2 of 3" in heading


def test_the_filters_file_holds_everyone_shown_and_no_one_withheld(project):
    root = paged(project)
    build(root)
    data = json.loads((root / "site/ru/prisoners/people.json").read_text(encoding="utf-8"))
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["people"]]
    assert sorted(r["slug"] for r in rows) == ["anna-test", "boris-test", "clara-test",
                                               "dmitry-test", "eva-test"]
    assert [r["name"] for r in rows] == sorted((r["name"] for r in rows), key=str.casefold)
    anna = next(r for r in rows if r["slug"] == "anna-test")
    assert anna["name"] == "Анна Тест" and anna["status"] == "released"
    assert {"n", "hn", "tst"} <= set(anna["keys"].split())  # Anna, Анна; Ганна; Test, Тэст
    assert "withheld" not in json.dumps(data) and "Secret" not in json.dumps(data)


def test_a_list_that_fits_on_one_page_is_not_paged(project):
    root = project("minimal")
    build(root)
    site = root / "site"
    assert not (site / "en/prisoners/page").exists()
    assert not (site / "en/prisoners/people.json").exists()
    assert not parse(site / "en/prisoners/index.html").select(".pager, .alphabet")


def test_where_a_withheld_person_is_listed_does_not_depend_on_their_name(project, tmp_path):
    root = paged(project)
    build(root)
    before = snapshot(root / "site")
    replace_in(root, "data/prisoners/withheld-1.yaml", "en: Secret Person", "en: Aaron Aab")
    build(root)
    after = snapshot(root / "site")
    lists = [p for p in before if "/prisoners/" in p and p.count("/") <= 6
             and p.endswith(".html") and ("page" in p or "status" in p
                                          or p.endswith("prisoners/index.html"))]
    assert len(lists) > 6
    assert [p for p in lists if before[p] != after[p]] == []


@pytest.mark.parametrize("rename", ["en: Anna Test|en: Zoe Test", "en: Eva Test|en: Abel Test"])
def test_the_preview_moves_a_person_between_pages_as_a_full_build_does(
        project, tmp_path, rename):
    root = paged(project)
    preview = Preview(Options(root=root, out=tmp_path / "site", today=TODAY, jobs=1))
    preview.build()
    old, new = rename.split("|")
    slug = "anna-test" if "Anna" in old else "eva-test"
    replace_in(root, f"data/prisoners/{slug}.yaml", old, new)
    update = preview.update()
    assert not update.full
    full = tmp_path / "full"
    build(root, full, jobs=1)
    assert_same_sites(preview.options.output, full)
