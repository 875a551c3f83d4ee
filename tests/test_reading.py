"""Files as editors really save them: BOM, CRLF, tabs, odd names, wrong encodings, links."""

from __future__ import annotations

from pathlib import Path

from conftest import build, errors, parse

ANNA = "data/prisoners/anna-test.yaml"


def messages(root: Path) -> list[str]:
    return [str(p) for p in errors(root)]


def test_bom_and_windows_line_ends_are_read(project):
    root = project("minimal")
    for relative in (ANNA, "content/statements/2025-09-11-release.en.md"):
        path = root / relative
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert messages(root) == []
    build(root)
    soup = parse(root / "site/en/statements/2025-09-11-release/index.html")
    assert soup.h1.get_text() == "Fifty-two released"


def test_tabs_in_yaml_are_explained(project):
    root = project("minimal")
    path = root / ANNA
    path.write_text(path.read_text().replace("  en: Anna Test", "\ten: Anna Test"))
    found = messages(root)
    assert found == [f"{ANNA}:2:1 YAML syntax error: a tab in the indentation; "
                     "indent with spaces, not tabs"]


def test_an_empty_file_is_an_error(project):
    root = project("minimal")
    (root / ANNA).write_text("")
    assert any(m.startswith(f"{ANNA} the file is empty; a prisoner needs its fields")
               for m in messages(root))


def test_a_control_character_yaml_refuses_is_named_by_its_code_point(project):
    root = project("minimal")
    path = root / ANNA
    path.write_text(path.read_text().replace("  en: Anna Test", "  en: Anna\x07 Test"))
    assert any(f"{ANNA}:" in m and "the character U+0007 is not allowed in YAML" in m
               for m in messages(root))


def test_a_long_biography_within_the_limit_is_read(project):
    root = project("minimal")
    path = root / ANNA
    # about 60,000 characters in paragraphs of 3,000 (a paragraph is at most 10,000)
    words = "\\n\\n".join(["Anna wrote about the release. " * 100] * 20)
    path.write_text(path.read_text().replace(
        'en: "Anna wrote about [the release](wave:2025-09-11)."', f'en: "{words}"'))
    assert 50_000 < path.stat().st_size < 256 * 1024
    assert messages(root) == []


def test_a_file_over_its_size_limit_is_refused_before_it_is_parsed(project):
    root = project("minimal")
    path = root / ANNA
    big = "x " * (5 * 1024 * 1024)
    path.write_text(path.read_text().replace(
        'en: "Anna wrote about [the release](wave:2025-09-11)."', f'en: "{big}"'))
    assert messages(root) == [f"{ANNA} the file is 10.0 MB, more than the 256 KB allowed for "
                              "this kind of file; split it, or shorten it (see the limits in "
                              "docs/editors-guide.md)"]


def test_text_that_is_not_utf8_names_the_file_and_line(project):
    root = project("minimal")
    path = root / ANNA
    path.write_bytes(path.read_bytes().replace("Ганна".encode(), "Ганна".encode("cp1251")))
    assert messages(root) == [f"{ANNA}:3 the file is not UTF-8 text; save it as UTF-8 (in most "
                              "editors: Save with encoding, UTF-8)"]


def test_file_names_with_spaces_or_capitals_are_errors(project):
    root = project("minimal")
    (root / ANNA).rename(root / "data/prisoners/Anna Test.yaml")
    found = messages(root)
    assert any('"Anna Test" is not a valid slug' in m for m in found), found


def test_files_with_another_extension_are_not_silently_ignored(project):
    root = project("minimal")
    (root / ANNA).rename(root / "data/prisoners/anna-test.yml")
    found = messages(root)
    assert any(m.startswith("data/prisoners/anna-test.yml not a .yaml file") for m in found)


def test_a_link_outside_the_project_is_refused(project, tmp_path):
    root = project("minimal")
    secret = tmp_path / "secret.yaml"
    secret.write_text((root / ANNA).read_text())
    (root / "data/prisoners/secret.yaml").symlink_to(secret)
    assert ("data/prisoners/secret.yaml the file is a link to a place outside the project; "
            "replace the link with the file itself") in messages(root)


def test_a_folder_where_a_file_belongs(project):
    root = project("minimal")
    (root / "data/prisoners/nested.yaml").mkdir()
    (root / "data/actions.yaml").unlink()
    (root / "data/actions.yaml").mkdir()
    found = messages(root)
    assert any(m.startswith("data/prisoners/nested.yaml a folder") for m in found)
    assert any(m.startswith("data/actions.yaml a folder") for m in found)
