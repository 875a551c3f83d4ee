"""Every link an editor writes is either resolved or an error naming the file, the line and
the fix: a mistyped or miscased kind of link (`prisoners:`, `Prisoner:`, `prisoner: slug`,
`statment:`) or a script would otherwise be published as a link without an address."""

from __future__ import annotations

import pytest

from conftest import append_to, build, errors, make_project, parse, replace_in

STATEMENT = "content/statements/2025-09-11-release.en.md"
PROFILE = "data/prisoners/anna-test.yaml"

MISTAKES = [
    ("[Anna](prisoners:anna-test)", "did you mean `prisoner:anna-test`?"),
    ("[Anna](Prisoner:anna-test)", "did you mean `prisoner:anna-test`?"),
    ("[Anna](PRISONER:anna-test)", "did you mean `prisoner:anna-test`?"),
    ("[Anna](prisoner: anna-test)", "write `prisoner:anna-test`, without the space"),
    ("[the release](statment:2025-09-11-release)",
     "did you mean `statement:2025-09-11-release`?"),
    ("[x](javascript:alert(1))", "link to a page of the site (prisoner:slug"),
    ('<a href="javascript:alert(1)">x</a>', "link to a page of the site (prisoner:slug"),
    ("[call](tel:123)", "or a web address (https://…)"),
    ("[Anna](prisoner:nobody)", "use the slug of an existing prisoner"),
    ("[Anna][a]\n\n[a]: prisoner:nobody", "use the slug of an existing prisoner"),
    ("<prisoner:anna-test>", "write it as [text](prisoner:anna-test)"),
    ('<a href="prisoner:anna-test">Anna</a>', "write it as [text](prisoner:anna-test)"),
]


@pytest.mark.parametrize("text, fix", MISTAKES)
def test_a_mistyped_link_in_a_statement_is_an_error_where_written(tmp_path, text, fix):
    root = make_project(tmp_path / "project", "minimal")
    line = append_to(root, STATEMENT, f"See {text}.") + text.count("\n")
    found = [str(p) for p in errors(root)]
    assert len(found) == 1, found
    assert found[0].startswith(f"{STATEMENT}:{line} body: ") and fix in found[0], found


@pytest.mark.parametrize("text, fix", MISTAKES)
def test_a_mistyped_link_in_a_biography_is_an_error_where_written(tmp_path, text, fix):
    """A YAML text that takes Markdown (a block scalar, so that any text fits)."""
    root = make_project(tmp_path / "project", "minimal")
    block = "".join(f"\n    {line}" for line in f"Anna wrote about {text}.".split("\n"))
    line = replace_in(root, PROFILE, '  en: "Anna wrote about [the release](wave:2025-09-11)."',
                      f"  en: |{block}")
    found = [str(p) for p in errors(root)]
    assert len(found) == 1, found
    written = line + 1 + text.count("\n")
    assert found[0].startswith(f"{PROFILE}:{written} biography.en: ") and fix in found[0], found


def test_links_written_as_they_should_be_are_published_with_their_addresses(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    append_to(root, STATEMENT, "See [Anna](prisoner:anna-test), [the list](section:prisoners), "
              "[us](mailto:a@example.org), [the web](https://example.org), "
              "[Anna again][a].\n\n[a]: <prisoner:anna-test>")
    assert errors(root) == []
    build(root)
    prose = parse(root / "site/en/statements/2025-09-11-release/index.html").select(".prose a")
    links = {a.get_text(): a.get("href") for a in prose}
    assert all(links.values()) and len(links) == 6, links
    assert links["Anna"] == links["Anna again"] == "../../prisoners/anna-test/"
