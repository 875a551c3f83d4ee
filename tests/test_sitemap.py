"""Sitemaps within the protocol's limits: one file while it fits, else an index at the
same address and numbered files of at most 50,000 addresses and 50 MB each."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from portal.build.builder import load_and_plan
from portal.options import Options
from portal.outputs.sitemap import MOST_BYTES, MOST_URLS, sitemap_files

from conftest import TODAY, build

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def synthetic(root, people: int):
    """The fixture site's model with `people` profiles planned in every language (only the
    plans: what the sitemap is made from)."""
    site, _, plans = load_and_plan(Options(root=root, today=TODAY))
    profile = next(p for p in plans if p.kind == "prisoner")
    extra = [dataclasses.replace(profile, slug=f"person-{n:05d}", lang=lang,
                                 path=f"{lang}/prisoners/person-{n:05d}/")
             for n in range(people) for lang in site.config.codes]
    return site, plans + extra


def locations(content: bytes, tag: str) -> list[str]:
    return [e.text for e in ET.fromstring(content).iter(f"{NS}{tag}")]


def test_a_small_site_has_one_sitemap_file(project):
    root = project("minimal")
    build(root)
    files = sorted(p.relative_to(root / "site").as_posix()
                   for p in (root / "site").rglob("*.xml") if "sitemap" in p.as_posix())
    assert files == ["sitemap.xml"]
    assert ET.parse(root / "site/sitemap.xml").getroot().tag == f"{NS}urlset"


def test_a_site_over_the_limit_gets_an_index_and_files_within_it(project):
    """About 20,000 people in three languages: 60,000 profile addresses and more."""
    site, plans = synthetic(project("minimal"), 20_000)
    files = dict(sitemap_files(site, plans))
    index = files.pop("sitemap.xml")
    assert ET.fromstring(index).tag == f"{NS}sitemapindex"
    listed = locations(index, "loc")
    assert listed == [f"https://fixture.example/sitemap-{n}.xml" for n in (1, 2)]
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml"]
    addresses = [loc for name in sorted(files) for loc in locations(files[name], "loc")]
    assert all(len(locations(content, "loc")) <= MOST_URLS for content in files.values())
    assert all(len(content) <= MOST_BYTES for content in files.values())
    assert len(addresses) == len(set(addresses)) > MOST_URLS
    assert "https://fixture.example/be/prisoners/person-19999/" in addresses
    for content in files.values():  # each file is a complete urlset with alternates
        root = ET.fromstring(content)
        assert root.tag == f"{NS}urlset" and root.find(f"{NS}url") is not None
        assert root.find(f"{NS}url/{{http://www.w3.org/1999/xhtml}}link") is not None


def test_the_byte_limit_splits_files_too(project):
    site, plans = synthetic(project("minimal"), 300)
    whole = dict(sitemap_files(site, plans))["sitemap.xml"]
    files = dict(sitemap_files(site, plans, most_bytes=len(whole) // 3))
    assert len(files) == 1 + 4  # the index, and the entries in four files under the limit
    assert all(len(c) <= len(whole) // 3 for name, c in files.items() if name != "sitemap.xml")
    split = [loc for name in sorted(files) if name != "sitemap.xml"
             for loc in locations(files[name], "loc")]
    assert split == locations(whole, "loc")  # nothing lost, nothing doubled, same order


def test_the_built_site_links_the_index_and_its_files(project, monkeypatch):
    """A build over a (lowered) limit writes the index and the files, and robots.txt and
    the footer point to the index."""
    monkeypatch.setattr("portal.outputs.sitemap.MOST_URLS", 10)
    root = project("minimal")
    build(root)
    site = root / "site"
    index = (site / "sitemap.xml").read_bytes()
    names = [loc.removeprefix("https://fixture.example/") for loc in locations(index, "loc")]
    assert len(names) > 1 and all((site / name).is_file() for name in names)
    assert "Sitemap: https://fixture.example/sitemap.xml" in (site / "robots.txt").read_text()


def test_each_file_of_the_index_may_list_every_address_it_holds(project):
    """The sitemaps.org location rule: a sitemap lists only addresses at or below its own
    folder, so the files of an index sit at the site's root and every address each one
    lists is under that folder (a file in a subfolder would have its pages ignored)."""
    site, plans = synthetic(project("minimal"), 20_000)
    files = dict(sitemap_files(site, plans))
    children = locations(files.pop("sitemap.xml"), "loc")
    assert len(children) > 1
    for child in children:
        folder = child.rsplit("/", 1)[0] + "/"
        assert folder == "https://fixture.example/"
        listed = locations(files[child.removeprefix(folder)], "loc")
        assert listed and all(loc.startswith(folder) for loc in listed)
