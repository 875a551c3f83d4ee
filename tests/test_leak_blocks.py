"""The leak guard reads a page as a reader sees it: a line break, a table cell, a list
item or any other block boundary between two words is a space, not a wall, in what
editors write and in every published file. Walls stay where a reader or a program sees
two texts: an attribute value and the text around it, two JSON strings, two CSV cells."""

from __future__ import annotations

import json

import pytest
from test_leaks import STATEMENT, assert_build_refused, withheld_project

from portal.checks.withheld import written_hits
from portal.names.guard import Guard
from portal.names.guardtext import joined_tags
from portal.outputs.leaks import OutputGuard

from conftest import append_to, build, errors, make_project, replace_in

SPEC_BLOCKS = (
    # HTML Living Standard, 15.3 Rendering: 15.3.3 flow content
    "address", "blockquote", "center", "dialog", "div", "figure", "figcaption", "footer",
    "form", "header", "hr", "legend", "listing", "main", "p", "plaintext", "pre", "search",
    "xmp",
    # 15.3.7 sections and headings
    "article", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "nav", "section",
    # 15.3.8 lists
    "dir", "dd", "dl", "dt", "menu", "ol", "ul", "li",
    # 15.3.9 tables
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th",
    # 15.3.11 form controls and fieldsets, 15.5 details and summary, the root, the line break
    "fieldset", "details", "summary", "html", "body", "br",
)
"""The elements a browser lays out as blocks of their own (display: block, list-item,
table parts), and the line break."""

VOID = {"hr", "col", "br"}


def split_by(element: str, first: str = "Ivan", second: str = "Petrov") -> list[str]:
    """A name cut in two by an element, every way a page or an editor writes it."""
    if element in VOID:
        return [f"{first}<{element}>{second}", f"{first}<{element} />\n{second}"]
    return [f"<{element}>{first}</{element}><{element}>{second}</{element}>",
            f"{first}</{element}>\n  <{element} class=\"x\">{second}"]


GUARD = Guard({"w": ["Ivan Petrov", "Іван Пятроў", "Иван Петров"]})


@pytest.mark.parametrize("element", SPEC_BLOCKS)
def test_a_name_split_by_any_block_element_is_found_where_published(element):
    for html in split_by(element):
        leaks = OutputGuard(GUARD)
        leaks.check("en/page/index.html", f"<main><p>Text.</p>{html}</main>".encode())
        assert leaks.problems, html


@pytest.mark.parametrize("element", SPEC_BLOCKS)
def test_a_name_split_by_any_block_element_is_found_where_written(element):
    for html in split_by(element, "Иван", "Петрову"):
        assert [h.slug for h in written_hits(GUARD, f"We wrote to {html} today.")] == ["w"], \
            html


@pytest.mark.parametrize("element", SPEC_BLOCKS)
def test_a_block_element_never_joins_the_words_around_it(element):
    """Only inline tags join what they cut (`Iv<b>an</b>`): words in two blocks are two
    words, as a reader sees them."""
    html = split_by(element, "Iv", "an")[0]
    assert "Ivan" not in joined_tags(html)
    assert "Ivan" in joined_tags("<p>Iv<b>an</b></p>")


@pytest.mark.parametrize("html", [
    "<table><tr><th>Ivan</th><th>Petrov</th></tr></table>",
    "<tr><td>Ivan</td><td>Ivanovich</td><td>Petrov</td></tr>",  # one word a column
    "<dl><dt>Ivan</dt><dd>Petrov</dd></dl>",
    "<h2>Ivan</h2>\n<p>Petrov was released on Monday.</p>",
    "<ul><li>Petrov</li><li>Ivan</li></ul>",
    '<svg viewBox="0 0 9 9"><text x="1">Ivan</text><text x="5">Petrov</text></svg>',
    '<svg><text><tspan>Iv</tspan><tspan>an</tspan> <tspan>Petrov</tspan></text></svg>',
])
def test_cells_items_headings_and_svg_text_are_read_together(html):
    leaks = OutputGuard(GUARD)
    leaks.check("en/page/index.html", html.encode())
    assert leaks.problems, html


def test_a_published_svg_file_is_read_as_text():
    leaks = OutputGuard(GUARD)
    leaks.check("assets/chart.1a2b3c4d5e.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><text>Ivan</text>'
                b'<text y="20">Petrov</text></svg>')
    assert [p.message for p in leaks.problems] == [
        'the built file assets/chart.1a2b3c4d5e.svg:1 names "Ivan Petrov": the name of a person '
        "whose name is withheld (data/prisoners/w.yaml)"]


@pytest.mark.parametrize("html", [
    "<ul><li>Ivan Sidorov</li><li>Petrov Maxim</li></ul>",  # two people
    "<ul><li>Anna Ivan</li><li>Petrov Boris</li></ul>",
    "<tr><td>Ivan Sidorov</td><td>Petrov Street</td></tr>",
    '<img alt="Ivan">Petrov',  # an attribute is not the text beside it
    '<p title="Ivan">x</p><p>Petrov</p>',
])
def test_two_entries_of_a_list_and_an_attribute_are_not_one_name(html):
    leaks = OutputGuard(GUARD)
    leaks.check("en/page/index.html", html.encode())
    assert leaks.problems == [], html
    assert written_hits(GUARD, html) == [], html


def test_public_names_in_adjacent_items_do_not_make_a_withheld_name():
    guard = Guard({"w": ["Maryia Babaryka"]},
                  {"v": ["Viktar Babaryka"], "m": ["Maryia Kalesnikava"]})
    for html in ("<ul><li>Viktar Babaryka</li><li>Maryia Kalesnikava</li></ul>",
                 "<ul><li>Maryia Kalesnikava</li><li>Viktar Babaryka</li></ul>"):
        leaks = OutputGuard(guard)
        leaks.check("en/prisoners/index.html", html.encode())
        assert leaks.problems == [] and written_hits(guard, html) == [], html
    leaks = OutputGuard(guard)
    leaks.check("en/x/index.html", b"<ul><li>Viktar Babaryka</li><li>Maryia</li>"
                                   b"<li>Babaryka</li></ul>")
    assert leaks.problems


def test_json_strings_and_csv_cells_stay_apart():
    """Two JSON strings or two CSV cells are two values to every program that reads the
    file, not one text: a name across two of them is not searched (as before)."""
    leaks = OutputGuard(GUARD)
    leaks.check("data/prisoners.json", json.dumps([{"first": "Ivan", "last": "Petrov"}]).encode())
    leaks.check("data/prisoners.csv", b'"first","last"\n"Ivan","Petrov"\n')
    assert leaks.problems == []
    leaks.check("data/prisoners.json", json.dumps({"text": "<td>Ivan</td><td>Petrov</td>"})
                .encode())
    assert leaks.problems  # one string holding HTML is read as a page


def test_the_lines_of_a_share_image_are_read_together():
    leaks = OutputGuard(GUARD)
    leaks.check_words("en/statements/x/share.png", ("Letters to Ivan", "Petrov, held since 2021",
                                                    "Site"))
    assert leaks.problems


@pytest.mark.parametrize("html", [
    "Secret<br>Person", "Secret<br/>\nPerson", "<table><tr><td>Secret</td><td>Person</td></tr>"
    "</table>", "<ul>\n<li>Secret</li>\n<li>Person</li>\n</ul>", "<dl><dt>Secret</dt><dd>Person"
    "</dd></dl>", "<p>Secret</p><p>Person</p>", "<h2>Secret</h2>\n<p>Person spoke.</p>",
    "<div>Secret</div><div>Person</div>",
])
def test_a_name_split_by_blocks_in_a_statement_stops_check_and_build(tmp_path, html):
    root = withheld_project(tmp_path)
    line = append_to(root, STATEMENT, html)
    found = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert len(found) == 1 and found[0].file == STATEMENT, [str(p) for p in found]
    assert found[0].line == line + html[:html.index("Secret")].count("\n")
    assert_build_refused(root, [str(p) for p in found])


@pytest.mark.parametrize("html", [
    "<br>", "</td><td>", "</th><th>", "</li><li>", "</dt><dd>", "</p><p>", "</h2><p>",
    "</div>\n<div>",
])
def test_a_name_split_by_blocks_in_a_template_is_found_in_the_built_page(tmp_path, html):
    root = withheld_project(tmp_path)
    replace_in(root, "templates/statement.html", "</article>",
               f"<div><p>{{{{ 'Sec' ~ 'ret' }}}}{html}{{{{ 'Per' ~ 'son' }}}}</p></div></article>")
    found = [str(p) for p in errors(root) if "withheld" in p.message]
    assert found and all("/statements/" in p and "the built file" in p and
                         p.startswith("templates/statement.html") for p in found), found
    assert_build_refused(root, found)


def test_an_svg_asset_with_the_name_in_two_text_elements_is_refused(tmp_path):
    root = withheld_project(tmp_path)
    (root / "templates/assets/badge.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg">\n<text x="0">Secret</text>\n'
        '<text x="60">Person</text>\n</svg>\n', encoding="utf-8")
    found = [(p.file, p.line) for p in errors(root) if "withheld" in p.message]
    assert found == [("templates/assets/badge.svg", 2)]


def test_the_sample_site_with_withheld_namesakes_of_its_people_builds(tmp_path):
    """The real sample content, with a withheld person for every first name of one of
    its people and surname of another (`Hryhory Bialiatski`, `Maryia Babaryka`): its
    lists, tables and cards of public names, now read across blocks, hold none of them."""
    import yaml

    root = make_project(tmp_path / "sample")
    sources = (root / "data/sources.yaml").read_text(encoding="utf-8")
    source = sources.split("- id: ", 2)[1].split("\n", 1)[0]
    people = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"]
              for p in sorted((root / "data/prisoners").glob("*.yaml"))]
    count = 0
    for a in people:
        for b in people:
            if a is not b:
                count += 1
                name = ", ".join(f"{k}: {a[k].split()[0]} {b[k].split()[-1]}"
                                 for k in ("en", "be", "ru") if k in a and k in b)
                (root / f"data/prisoners/withheld-{count}.yaml").write_text(
                    f"name: {{{name}}}\ngender: female\nstatus: imprisoned\n"
                    "verified: 2025-09-12\nname_withheld: true\nsummary: {en: Detained.}\n"
                    f"sources: [{source}]\n", encoding="utf-8")
    assert count > 50
    build(root)
    assert (root / "site/en/prisoners/index.html").is_file()


def test_preparing_a_text_keeps_its_breaks():
    """What editors write is read as a page (block tags become BLOCK_BREAK) before the
    guard prepares it: preparing must keep both kinds of break, or the words on each
    side would run together (`Babaryka` `Maryia` as `BabarykaMaryia`)."""
    from portal.names.guardtext import BLOCK_BREAK, prepared

    assert prepared(f"Viktar Babaryka{BLOCK_BREAK}Maryia\x00Kalesnikava") == \
        f"Viktar Babaryka{BLOCK_BREAK}Maryia\x00Kalesnikava"
