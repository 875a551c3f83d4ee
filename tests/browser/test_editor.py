"""The web editor, used as an editor uses it: Decap CMS in headless Chromium, with the
local back end writing the files of a copy of the sample. Five edits (a Belarusian
summary, one number of a release wave, a statement in three languages naming two people,
a person whose name is withheld, a photo), then the files, the git diff, `check` and the
built site; and originals changed under current translations, which are then stale while
the translations typed are current (editor/translations.js).

Screenshots of each step go to the folder named by PORTAL_EDITOR_SCREENSHOTS, when set
(the editors' guide takes docs/images/editor-*.png from there, at 1280×800)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from PIL import Image
from playwright.sync_api import expect

from portal.content.freshness import fingerprint

from .conftest import require
from .decap import Editor, Pane, label_pattern
from .editor_site import git, served_editor
from conftest import PROJECT, build, check, parse

DIST = PROJECT / "node_modules" / "decap-cms" / "dist"

PROFILE = "data/prisoners/ales-bialiatski.yaml"
OLD_SUMMARY = ("Праваабаронца «Вясны», лаўрэат Нобелеўскай прэміі міру; вызвалены 13 снежня "
               "2025 года і вывезены ва Украіну.")
NEW_SUMMARY = ("Праваабаронца «Вясны», лаўрэат Нобелеўскай прэміі міру; 13 снежня 2025 года "
               "вызвалены і прымусова вывезены ва Украіну.")
AUTHOR = {"be": "Сем'і палітвязняў", "en": "Families of political prisoners",
          "ru": "Семьи политзаключённых"}
STATEMENT = {
    "be": ("Сем'і просяць звестак пра Ігара Лосіка і Марфу Рабкову",
           "Сваякі двух былых палітвязняў кажуць, што месяцамі не мелі ад іх звестак.",
           "Сем'і напісалі ў калонію і ў суд.\n\nАдказу так і не было."),
    "en": ("Families ask for news of Ihar Losik and Marfa Rabkova",
           "Relatives of two former political prisoners say they had no news of them "
           "for months.",
           "The families wrote to the colony and to the court.\n\nNo answer ever came."),
    "ru": ("Семьи просят вестей об Игоре Лосике и Марфе Рабковой",
           "Родственники двух бывших политзаключённых говорят, что месяцами не имели "
           "от них вестей.",
           "Семьи написали в колонию и в суд.\n\nОтвета так и не было."),
}
RELEASES = "data/releases.yaml"
WAVE, RELEASED = "2024-summer", ("30", "31")
"""The release wave edited, and its number of people released before and after: a wave
has more than 8 fields, whose order the editor loses unless admin/order.js restores it."""
PEOPLE = {"Losik": "ihar-losik", "Rabkova": "marfa-rabkova"}
"""The people the statement names: what is typed to find them, and their slug."""
LANGUAGE = {"en": "English (en)", "be": "беларуская (be)", "ru": "русский (ru)"}
"""The labels of the per-language parts of a field."""
SOURCE = "ohchr-2025-12"
WITHHELD = {"en": "Hanna Zaitsava", "be": "Ганна Зайцава", "ru": "Анна Зайцева"}
WITHHELD_SUMMARY = {"en": "Detained in 2025; her family asked for her name to be withheld.",
                    "be": "Затрыманая ў 2025 годзе; сям'я папрасіла не называць яе імя.",
                    "ru": "Задержана в 2025 году; семья попросила не называть её имя."}
SOURCE_CHANGE = ("Opposition leader held incommunicado for almost two years; released on 13 "
                 "December 2025 and taken to Ukraine.")
NOTE = {"en": "Transferred to Ukraine on release, with no documents.",
        "be": "Пасля вызвалення вывезена ва Украіну без дакументаў."}
NOTE_AGAIN = "Transferred to Ukraine on release, without documents."
EXILE = "content/statements/2025-12-13-forced-exile.{}.md"
EXILE_SUMMARY = "The UN Special Rapporteur welcomed the releases but called the exile forced."
EXILE_TITLE = "Эксперт ААН вітае вызваленні, але называе высылку выгнаннем"
PHOTO_ALT = {"en": "Ihar Losik outside, in a dark jacket",
             "be": "Ігар Лосік на вуліцы, у цёмнай куртцы",
             "ru": "Игорь Лосик на улице, в тёмной куртке"}


@pytest.fixture
def editor_site(tmp_path: Path):
    """A copy of the sample in a git repository, and the address of its editor."""
    require("Decap CMS", DIST.is_dir(), "npm ci")
    with served_editor(tmp_path) as site:
        yield site


class Screenshots:
    """Numbered screenshots of the editor's steps, when a folder is given."""

    def __init__(self, page, folder: str | None) -> None:
        self.page, self.folder, self.count = page, Path(folder) if folder else None, 0
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, name: str) -> None:
        if self.folder:
            self.count += 1
            self.page.screenshot(path=str(self.folder / f"editor-{self.count}-{name}.png"))


def test_an_editor_changes_the_site_in_the_web_editor(browser, editor_site, tmp_path):
    root, url = editor_site
    photo = tmp_path / "ihar-losik.jpg"
    Image.new("RGB", (600, 800), (90, 110, 130)).save(photo, quality=85)

    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    outside, errors = [], []

    def only_this_machine(route) -> None:
        address = urlsplit(route.request.url)
        if address.scheme in ("blob", "data") or address.hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    shoot = Screenshots(page, os.environ.get("PORTAL_EDITOR_SCREENSHOTS"))
    editor = Editor(page, url, shoot)
    try:
        edit(editor, photo)
    finally:
        context.close()

    assert outside == []
    assert errors == []
    assert editor.dialogs == []  # the editor asked nothing (e.g. "leave unsaved changes?")
    assert_profile_edit(root)
    assert_wave_edit(root)
    assert_translations(root)
    statement = assert_statement(root)
    withheld = assert_withheld(root)
    assert_photo(root, photo)
    assert_checked_and_built(root, statement, withheld)


def edit(editor: Editor, photo: Path) -> None:
    """The four edits, through the editor's pages only."""
    editor.login()
    editor.open_collection("People")
    editor.shoot("people")

    editor.open_entry("Ales Bialiatski")
    editor.form.fill("Summary", LANGUAGE["be"], value=NEW_SUMMARY)
    editor.shoot("profile")
    editor.publish()

    editor.open_collection("Release waves")
    editor.open_entry("Release waves")
    editor.form.item(WAVE).fill("Released", value=RELEASED[1])
    editor.publish()

    translations(editor)

    editor.new_entry("People whose names are withheld")
    form = editor.form
    for lang, name in WITHHELD.items():
        form.fill("Name", LANGUAGE[lang], value=name)
    form.choose("Gender", options=["Female"])
    form.choose("Status", options=["Imprisoned"])
    form.fill("Verified", value="2025-12")
    for lang, summary in WITHHELD_SUMMARY.items():
        form.fill("Summary", LANGUAGE[lang], value=summary)
    form.choose("Sources", options=[SOURCE])
    notice = editor.page.get_by_text(re.compile(r"^Name withheld: never published\."))
    expect(notice).to_be_visible()  # under the name, where the editor writes it
    notice.scroll_into_view_if_needed()
    editor.page.mouse.wheel(0, -120)
    editor.shoot("withheld")
    editor.publish()

    editor.new_entry("Statements")
    for lang in ("be", "en", "ru"):
        title, summary, body = STATEMENT[lang]
        pane = editor.pane(lang)
        pane.fill("Title", value=title)
        pane.fill("Author", value=AUTHOR[lang])
        if lang == "en":  # the fields every language shares, given once
            pane.fill("Date", value="2025-12")
            # The person just added is not offered: withheld people are never linked.
            assert pane.offered("People", typed=WITHHELD["en"].split()[1]) == []
            pane.choose("People", options=list(PEOPLE.values()), search=list(PEOPLE))
            pane.choose("Sources", options=[SOURCE])
        pane.fill("Summary", value=summary)
        pane.write_markdown("Body", value=body)
        if lang == "en":
            editor.shoot("statement")
    editor.publish()

    editor.open_collection("People")
    editor.open_entry("Ihar Losik")
    form.expand("Photo")
    form.upload_image("Photo", "File", file=photo)
    form.fill("Photo", "Credit", value="Family archive")
    for lang, alt in PHOTO_ALT.items():
        form.fill("Photo", "Alt", LANGUAGE[lang], value=alt)
    editor.shoot("photo")
    editor.publish(shot="saved")


def diff_hunks(root: Path, path: str) -> list[tuple[list[str], list[str]]]:
    """The lines a diff of the file takes out and puts in, hunk by hunk."""
    hunks: list[tuple[list[str], list[str]]] = []
    for line in git(root, "diff", "-U0", "--", path).splitlines():
        if line.startswith("@@"):
            hunks.append(([], []))
        elif hunks and line[:1] in "-+":
            hunks[-1][line[0] == "+"].append(line[1:])
    return hunks


def unfolded(lines: list[str]) -> str:
    """A plain YAML scalar folded over lines, as one line again."""
    return " ".join(line.strip() for line in lines)


def assert_profile_edit(root: Path) -> None:
    """The Belarusian summary changed, and its lines only."""
    before = yaml.safe_load(git(root, "show", f"HEAD:{PROFILE}"))
    after = yaml.safe_load((root / PROFILE).read_text(encoding="utf-8"))
    assert before["summary"]["be"] == OLD_SUMMARY
    assert after["summary"]["be"] == NEW_SUMMARY
    before["summary"]["be"] = NEW_SUMMARY
    assert after == before
    hunks = diff_hunks(root, PROFILE)
    one_field = len(hunks) == 1 and [unfolded(lines) for lines in hunks[0]] == [
        f"be: {OLD_SUMMARY}", f"be: {NEW_SUMMARY}"]
    assert one_field, git(root, "diff", "--", PROFILE)


def translations(editor: Editor) -> None:
    """Originals changed where every translation is current (editor/translations.js):
    a profile's English summary; the English and Belarusian of an event's note (in a
    list), then the English alone in a second save; a statement's English summary, then
    its Belarusian title. The form tells the translator before saving."""
    editor.open_collection("People")
    editor.open_entry("Maryia Kalesnikava")
    form = editor.form
    # the record's own statuses (the last: those of its events and photo come before)
    status = editor.page.get_by_role("list", name="Translations").last
    expect(status).to_contain_text("summary (be): current")
    form.fill("Summary", LANGUAGE["en"], value=SOURCE_CHANGE)
    expect(status).to_contain_text("summary (be): stale")
    form.expand("Events")
    # the second event's note (a Pane finds the first of a label: here, one of its own)
    notes = form.field("Events").locator("label").filter(has_text=label_pattern("Note"))
    note = Pane(editor.page, notes.nth(1).locator("xpath=../.."))
    note.fill(LANGUAGE["en"], value=NOTE["en"])
    note.fill(LANGUAGE["be"], value=NOTE["be"])
    editor.publish()
    note.fill(LANGUAGE["en"], value=NOTE_AGAIN)
    editor.publish()

    editor.open_collection("Statements")
    # not open_entry: an entry with languages side by side counts as changed as soon as
    # its language pane shows, so it may never show "Published"
    editor.page.get_by_role("main").get_by_role("link", name=re.compile("^UN expert")).click()
    editor.pane("en").fill("Summary", value=EXILE_SUMMARY)
    be = editor.pane("be")
    be.fill("Title", value=EXILE_TITLE)
    expect(be.root.get_by_role("list", name="Translations")).to_contain_text("(be): current")
    editor.publish()


def not_current(root: Path) -> dict[tuple[str, str, str], str]:
    """`build.py translations --json`: (file, field, language) → status, for every
    translation that is not current."""
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "translations",
                           "--root", str(root), "--json"], capture_output=True, text=True,
                          timeout=300)
    report = json.loads(done.stdout)
    return {(i["file"], i["field"], lang): i["status"]
            for lang, part in report.items() for i in part["items"]}


def assert_translations(root: Path) -> None:
    """What `build.py translations` says of the translations edited: those typed are
    current (the new person's, the statement's, the photo's: none is listed), those left
    alone while their original changed are stale, and nothing else."""
    profile, exile = "data/prisoners/maryia-kalesnikava.yaml", EXILE.format("ru")
    assert not_current(root) == {
        (profile, "summary", "be"): "stale", (profile, "summary", "ru"): "stale",
        # typed with the English, then the English changed in a second save
        (profile, "events[1].note", "be"): "stale",
        (profile, "events[1].note", "ru"): "stale",
        (exile, "", "ru"): "stale"}
    record = yaml.safe_load((root / profile).read_text(encoding="utf-8"))["events"][1]
    assert record["note"] == {"en": NOTE_AGAIN, "be": NOTE["be"], "ru": record["note"]["ru"]}
    assert list(record["translated"]) == ["note.be", "note.ru"]
    assert front_matter(root / EXILE.format("be"))[0]["title"] == EXILE_TITLE


def assert_wave_edit(root: Path) -> None:
    """One number of one release wave changed, and that line only: every other field of
    every wave stays where it was (admin/order.js)."""
    assert diff_hunks(root, RELEASES) == [([f"    released: {RELEASED[0]}"],
                                           [f"    released: {RELEASED[1]}"])], \
        git(root, "diff", "--stat", "--", RELEASES)


def front_matter(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def assert_statement(root: Path) -> str:
    """One file per language, each with its title, text and the two people."""
    files = sorted((root / "content" / "statements").glob("*-families-ask-for-news-*.md"))
    slugs = {path.name.rsplit(".", 2)[0] for path in files}
    assert len(slugs) == 1, [path.name for path in files]
    slug = slugs.pop()
    assert [path.name for path in files] == [f"{slug}.{lang}.md" for lang in ("be", "en", "ru")]
    for path in files:
        title, summary, body = STATEMENT[path.name.rsplit(".", 2)[1]]
        data, text = front_matter(path)
        assert data["title"] == title
        assert data["author"] == AUTHOR[path.name.rsplit(".", 2)[1]]
        assert data["summary"] == summary
        assert data["people"] == list(PEOPLE.values())
        assert str(data["date"]) == "2025-12"
        assert text.strip() == body
    return slug


def assert_withheld(root: Path) -> str:
    """The new person is `withheld-N.yaml`: nothing of the name in the file name."""
    new = [line[3:] for line in git(root, "status", "--porcelain", "--untracked-files=all",
                                     "data/prisoners").splitlines() if line.startswith("??")]
    assert len(new) == 1 and re.fullmatch(r"data/prisoners/withheld-\d+\.yaml", new[0]), new
    data = yaml.safe_load((root / new[0]).read_text(encoding="utf-8"))
    assert data["name_withheld"] is True
    assert data["name"] == WITHHELD
    return Path(new[0]).stem


def assert_photo(root: Path, photo: Path) -> None:
    """The photo is in content/photos/, named in the profile with its credit and alt."""
    data = yaml.safe_load((root / "data/prisoners/ihar-losik.yaml").read_text(encoding="utf-8"))
    made_from = f"en {fingerprint(PHOTO_ALT['en'])}"  # typed in the editor: recorded current
    assert data["photo"] == {"file": photo.name, "credit": "Family archive", "alt": PHOTO_ALT,
                             "translated": {"alt.be": made_from, "alt.ru": made_from}}
    assert (root / "content" / "photos" / photo.name).read_bytes() == photo.read_bytes()


def assert_checked_and_built(root: Path, statement: str, withheld: str) -> None:
    """`check` finds nothing in the edited files but what an editor cannot do in the
    editor, and the built site shows the edits."""
    edited = re.compile(rf"(ales-bialiatski|ihar-losik|{withheld})\.yaml|{statement}\.")
    problems = [str(p) for p in check(root) if not p.warning and edited.search(str(p))]
    # Every translation written in the editor (a new person's names and summary, the
    # photo's alt, the statement's be and ru files) is recorded current as it is saved
    # (editor/translations.js), so none is "untracked".
    assert problems == []
    build(root)
    site = root / "site"
    profile = parse(site / "be" / "prisoners" / "ales-bialiatski" / "index.html")
    assert NEW_SUMMARY in profile.get_text(" ")
    for lang in ("be", "en", "ru"):
        page = parse(site / lang / "statements" / statement / "index.html")
        assert page.find("h1").get_text(" ", strip=True) == STATEMENT[lang][0]
        linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.find_all("a", href=True)}
        assert set(PEOPLE.values()) <= linked
    losik = parse(site / "en" / "prisoners" / "ihar-losik" / "index.html")
    assert losik.find("img", alt=PHOTO_ALT["en"]) is not None
    names = list(WITHHELD.values())
    leaked = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")
              and any(n in p.read_text(encoding="utf-8", errors="ignore") for n in names)]
    assert leaked == []
