"""Translations made in the web editor are recorded as `build.py translations
--mark-current` records them (portal/editor/translations.js): in Chromium, on `build.py
serve` over a copy of the sample (all its translations current), through the editor's
pages only. A changed English summary leaves its Belarusian and Russian stale; a
Belarusian note typed beside a changed English one (in a list of events) is current, and
stale again once the English changes after that save; in a statement, a Belarusian title
typed after the English summary changed is current, the Russian file stale; a new page's
translations are current. The form says so before saving; `check` says nothing else of
the edited files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import yaml
from playwright.sync_api import expect

from .conftest import require
from .decap import Editor, Pane, label_pattern
from .editor_site import served_editor
from conftest import PROJECT, check

PROFILE = "data/prisoners/maryia-kalesnikava.yaml"
SUMMARY = ("Opposition leader who was held incommunicado for almost two years; released on "
           "13 December 2025 and taken to Ukraine.")
NOTE = {"en": "Transferred to Ukraine on release, with no documents.",
        "be": "Пасля вызвалення вывезена ва Украіну без дакументаў."}
NOTE_AGAIN = "Transferred to Ukraine on release, without documents."
STATEMENT = "content/statements/2025-12-13-forced-exile"
STATEMENT_SUMMARY = "The UN Special Rapporteur welcomed the releases but called the exile forced."
STATEMENT_TITLE = "Эксперт ААН вітае вызваленні, але называе высылку выгнаннем"
DIST = PROJECT / "node_modules" / "decap-cms" / "dist"
PAGE = {"en": ("Volunteers", "Write to us to help."),
        "be": ("Валанцёры", "Напішыце нам, каб дапамагчы."),
        "ru": ("Волонтёры", "Напишите нам, чтобы помочь.")}
"""A new page in every language: its translations are current once saved."""
LANGUAGE = {"en": "English (en)", "be": "беларуская (be)", "ru": "русский (ru)"}


def not_current(root) -> dict[tuple[str, str, str], str]:
    """`build.py translations --json`: (file, field, language) → status, for every
    translation that is not current."""
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "translations",
                           "--root", str(root), "--json"], capture_output=True, text=True,
                          timeout=300)
    report = json.loads(done.stdout)
    return {(i["file"], i["field"], lang): i["status"]
            for lang, part in report.items() for i in part["items"]}


def test_translations_made_in_the_editor_are_recorded(browser, tmp_path):
    require("Decap CMS", DIST.is_dir(), "npm ci")
    with served_editor(tmp_path) as (root, url):
        assert not_current(root) == {}
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        editor = Editor(page, url)
        try:
            edit(editor)
        finally:
            context.close()
        assert errors == []
        found = not_current(root)
    statement = {f"{STATEMENT}.{lang}.md" for lang in ("be", "ru")}
    assert found == {
        (PROFILE, "summary", "be"): "stale", (PROFILE, "summary", "ru"): "stale",
        (PROFILE, "events[1].note", "be"): "stale", (PROFILE, "events[1].note", "ru"): "stale",
        (f"{STATEMENT}.ru.md", "", "ru"): "stale"}, found
    record = yaml.safe_load((root / PROFILE).read_text(encoding="utf-8"))["events"][1]
    assert list(record["translated"]) == ["note.be", "note.ru"]  # in order, as marked
    assert record["note"] == {**record["note"], **NOTE, "en": NOTE_AGAIN}
    # what check says of the edited files: the five stale translations, nothing else
    problems = [p for p in check(root) if not p.warning
                and any(name in str(p) for name in (PROFILE, *statement, "pages/volunteers."))]
    assert sorted(p.message.split(" (")[0] for p in problems) == [
        "be translation stale", "be translation stale", "ru translation stale",
        "ru translation stale", "ru translation stale"], problems


def edit(editor: Editor) -> None:
    editor.login()
    editor.open_collection("People")
    editor.open_entry("Maryia Kalesnikava")
    form = editor.form
    # the record's own statuses (the last: those of its events and photo come before)
    status = editor.page.get_by_role("list", name="Translations").last
    expect(status).to_contain_text("summary (be): current")
    form.fill("Summary", LANGUAGE["en"], value=SUMMARY)
    expect(status).to_contain_text("summary (be): stale")
    form.expand("Events")
    # the second event's note (Pane takes the first of a label: here, a pane of its own)
    note = form.field("Events").locator("label").filter(has_text=label_pattern("Note"))
    second = Pane(editor.page, note.nth(1).locator("xpath=../.."))
    second.fill(LANGUAGE["en"], value=NOTE["en"])
    second.fill(LANGUAGE["be"], value=NOTE["be"])
    editor.publish()
    # then the English again, alone: the Belarusian typed before that save is stale now
    second.fill(LANGUAGE["en"], value=NOTE_AGAIN)
    editor.publish()

    editor.open_collection("Statements")
    # not open_entry: an entry with languages side by side counts as changed as soon as
    # its language pane shows, so it may never show "Published"
    editor.page.get_by_role("main").get_by_role("link", name=re.compile("^UN expert")).click()
    editor.pane("en").fill("Summary", value=STATEMENT_SUMMARY)
    be = editor.pane("be")
    be.fill("Title", value=STATEMENT_TITLE)
    expect(be.root.get_by_role("list", name="Translations")).to_contain_text("(be): current")
    editor.publish()

    editor.new_entry("Pages")
    for lang, (title, body) in PAGE.items():
        pane = editor.pane(lang)
        pane.fill("Title", value=title)
        pane.write_markdown("Body", value=body)
    editor.publish()
