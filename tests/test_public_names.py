"""`public_names`: the leak guard's way out for a public person whose name looks like a
withheld person's. A record lists the names exactly as it writes them; the guard then
accepts exactly that spelling in that record, and every other spelling, and the name in
any other record, is still found."""

from __future__ import annotations

import pytest
from test_leaks import PROFILE, STATEMENT, WITHHELD, assert_build_refused, withheld_project

from portal.names.allowance import allowing
from portal.names.guard import Guard

from conftest import append_to, build, errors, make_project, parse, replace_in

ALLOWED = 'people: [anna-test]\npublic_names: ["Secret Person"]'


def leaks(root) -> list[tuple[str, int | None, str]]:
    return [(p.file, p.line, p.field) for p in errors(root)
            if "whose name is withheld" in p.message]


def test_a_statement_may_name_a_listed_public_person(tmp_path):
    root = withheld_project(tmp_path)
    replace_in(root, STATEMENT, "people: [anna-test]", ALLOWED)
    append_to(root, STATEMENT, "The judge, Secret Person, read the verdict.\n\n"
                               "**Secret\nPerson** said so.")
    assert [str(p) for p in errors(root)] == []
    build(root)
    page = parse(root / "site/en/statements/2025-09-11-release/index.html")
    assert "The judge, Secret Person, read the verdict." in page.get_text()


@pytest.mark.parametrize("text", [
    "Secret Persona was there.",  # a case ending the list does not hold
    "SECRET PERSON was there.",  # another case
    "Sеcret Person was there.",  # a Cyrillic е
    "Se<b>cret</b> Person was there.",
    "Secret I. Person was there.",
    "Person, Secret was there.",
    "Sekret Persona was there.",  # the withheld person's other spelling
])
def test_every_other_spelling_is_still_found_in_that_statement(tmp_path, text):
    root = withheld_project(tmp_path)
    replace_in(root, STATEMENT, "people: [anna-test]", ALLOWED)
    line = append_to(root, STATEMENT, text)
    assert leaks(root) == [(STATEMENT, line, "body")]


def test_the_name_is_still_found_in_every_other_file(tmp_path):
    root = withheld_project(tmp_path)
    replace_in(root, STATEMENT, "people: [anna-test]", ALLOWED)
    append_to(root, STATEMENT, "The judge Secret Person.")
    line = append_to(root, "content/pages/about.en.md", "The judge Secret Person.")
    translated = "content/statements/2025-09-11-release.be.md"
    other = append_to(root, translated, "Суддзя Secret Person.")
    assert leaks(root) == [("content/pages/about.en.md", line, "body"),
                           (translated, other, "body")]


def test_a_profile_and_one_entry_of_a_list_may_list_names(tmp_path):
    root = withheld_project(tmp_path)
    replace_in(root, PROFILE, 'biography:\n  en: "Anna wrote about',
               'public_names: [Secret Person]\nbiography:\n  en: "Anna interviewed Secret '
               'Person and wrote about')
    replace_in(root, "data/sources.yaml", "  title: Report A\n",
               "  title: Report A, by Secret Person\n  public_names: [Secret Person]\n")
    assert leaks(root) == []
    build(root)
    line = replace_in(root, "data/sources.yaml", "  title: Report B\n",
                      "  title: Report B, by Secret Person\n")
    assert leaks(root) == [("data/sources.yaml", line, "[1].title")]


def test_public_names_is_a_list_of_names(tmp_path):
    root = withheld_project(tmp_path)
    line = replace_in(root, STATEMENT, "people: [anna-test]",
                      "people: [anna-test]\npublic_names: Secret Person")
    found = [str(p) for p in errors(root) if "public_names" in p.field
             and "withheld" not in p.message]  # not a list: it allows nothing
    assert found == [f'{STATEMENT}:{line + 1}:1 public_names: "Secret Person" is not a list; '
                     "write a list: [a, b] or one `- item` per line"]
    replace_in(root, STATEMENT, "public_names: Secret Person", "public_names: [Ann, 3, Ann]")
    found = [str(p) for p in errors(root) if "public_names" in p.field]
    assert found == [f"{STATEMENT}:{line + 1}:21 public_names[1]: 3 is not text; write some "
                     "text, in quotes",
                     f'{STATEMENT}:{line + 1}:24 public_names[2]: "Ann" is listed twice; '
                     "remove one"]


def test_public_names_is_unknown_where_there_is_no_text_of_its_own(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, "data/site.yaml", "title:", "public_names: [Secret Person]\ntitle:")
    assert any(p.field == "public_names" and "unknown field" in p.message
               for p in errors(root))


def test_the_fix_names_the_allowance(tmp_path):
    root = withheld_project(tmp_path)
    append_to(root, STATEMENT, "The judge Secret Person.")
    [problem] = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert problem.fix == (
        "remove the name, and anything else that identifies the person; if it is another, "
        "public person's name, list it as written in this record's `public_names` (see "
        "“Withheld names” in docs/editors-guide.md)")


def test_a_public_namesakes_own_profile_says_what_to_do(tmp_path):
    root = make_project(tmp_path / "project", "minimal")
    replace_in(root, PROFILE, "  en: Anna Test\n", "  en: Secret Person\n")
    [problem] = [p for p in errors(root) if "whose name is withheld" in p.message]
    assert (problem.file, problem.field) == (PROFILE, "name.en")
    assert problem.fix == (
        "if this is another person, write `distinct_from: [withheld-1]` in this file; if the "
        "two names are spelt exactly alike, list the name as written in its `public_names` "
        "(see “Withheld names” in docs/editors-guide.md)")
    replace_in(root, PROFILE, "gender: female", "gender: female\npublic_names: [Secret Person]")
    assert [str(p) for p in errors(root)] == []
    build(root)
    page = parse(root / "site/en/prisoners/anna-test/index.html")
    assert page.find("h1").get_text(strip=True) == "Secret Person"


def test_published_files_accept_only_the_exact_spelling(tmp_path):
    """In what is published, a listed name is accepted in its exact spelling wherever it
    stands (a list page, a feed); a template that makes any other form of it is found."""
    root = withheld_project(tmp_path)
    replace_in(root, STATEMENT, "people: [anna-test]", ALLOWED)
    replace_in(root, "templates/statement.html", "</article>",
               "<p>{{ 'Sec' ~ 'ret' }} {{ 'Per' ~ 'son' }}</p></article>")
    assert leaks(root) == []
    replace_in(root, "templates/statement.html", "{{ 'Per' ~ 'son' }}",
               "{{ 'Per' ~ 'sona' }}")
    found = [str(p) for p in errors(root) if "withheld" in p.message]
    assert found and all("the built file" in p and '"Secret Persona"' in p for p in found)
    assert_build_refused(root, found)


def test_a_withheld_persons_own_list_allows_nothing(tmp_path):
    root = withheld_project(tmp_path)
    replace_in(root, WITHHELD, "gender: other", "gender: other\npublic_names: [Secret Person]")
    replace_in(root, "templates/statement.html", "</article>",
               "<p>{{ 'Sec' ~ 'ret' }} {{ 'Per' ~ 'son' }}</p></article>")
    assert any("the built file" in p.message for p in errors(root)
               if "withheld" in p.message)


def test_the_guard_changes_with_the_names_it_accepts():
    """Texts found clean are remembered by the guard's key: a name no longer listed is
    searched again."""
    people = {"w": ["Ivan Petrov"]}
    assert Guard(people).key != Guard(people, allowed=frozenset({"Ivan Petrov"})).key


@pytest.mark.parametrize("text, accepted", [
    ("Ivan Petrov", True), ("the judge Ivan Petrov.", True), ("Ivan\n  Petrov", True),
    ("Ivan\u00a0Petrov", True), ("Ivan Petrova", False), ("Ivan Petrov\u0301", False),
    ("XIvan Petrov", False), ("ivan petrov", False), ("Ivan Pe\u200btrov", False),
    ("Ivan\n\nPetrov", False), ("IvanPetrov", False),
])
def test_only_the_exact_spelling_is_masked(text, accepted):
    masked = allowing(text, ["Ivan Petrov"])
    assert (masked != text) is accepted
    assert masked.count("\n") == text.count("\n") and len(masked) == len(text)


def test_a_listed_name_escaped_in_a_page_is_masked():
    assert allowing("<p>Ivan O&#39;Brien</p>", ["Ivan O'Brien"]) == "<p>Aaaa AaaaaaAaaaa</p>"
