"""A driver for the real Decap CMS editor (3.16) in a Playwright page, the way an editor
uses it: buttons, links and fields found by their roles and the labels on screen, never
by Decap's generated class names (emotion makes new ones with each release).

Fields are named by the labels shown above them, a nested field by its path of labels:
`("Summary", "be")` is the `be` field inside the Summary object. In a collection with
languages side by side (i18n), `editor.pane("ru")` gives the pane writing in that
language and takes the same paths.

What Decap does that a driver must know (3.16, found while writing this):
- Each field is a container (the label's grandparent) holding a top bar with the label,
  whose `for` names the input's id (`<name>-field-<n>`); a label reads "Name" or
  "Name (optional)" (required: false).
- Select and relation fields are react-select comboboxes: type, then click the option
  (role option, named by its label or, for a relation, its `display_fields`); relation
  options load after a debounce, so wait for the option, not for a time.
- A list's items are shown folded, each under the value of its first field, with an
  "Expand" button (then "Collapse"); their fields are on the page, hidden, either way.
- Markdown fields are Slate editors (contenteditable textbox): typed text, Enter between
  paragraphs. An edited body is written again by remark ("- " lists become "* ");
  an untouched one is written back byte for byte.
- The media library is a dialog: "Upload" opens the file chooser; the upload is then
  selected, and "Choose selected" puts its file name into the field.
- Saving: "Publish" then "Publish now"; done when the "Entry saved" notice shows
  (a missing required field gives another notice instead, and errors under the fields).
- With languages side by side, the left pane writes the default language and the right
  one the second; only the left pane's language menu works (the right one's throws
  "this.props.onLocaleChange is not a function"), so `pane()` switches the left one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Dialog, Locator, Page, expect

TIMEOUT = 15_000
"""How long to wait for the editor to answer an action (ms); the local back end answers in
milliseconds, so only a stuck editor ever waits this long."""


def label_pattern(label: str) -> re.Pattern[str]:
    """The text of a field's label as Decap shows it: the label, maybe "(optional)"."""
    return re.compile(rf"^\s*{re.escape(label)}(\s*\(optional\))?\s*$")


def no_shot(name: str) -> None:
    """Take no screenshot (the default)."""


class Pane:
    """Fields of one control pane (the whole form, or the pane of one language)."""

    def __init__(self, page: Page, root: Locator, shoot: Callable[[str], None] = no_shot):
        self.page, self.root, self.shoot = page, root, shoot

    def field(self, *path: str) -> Locator:
        """The container of a field (its label and its widget), by its path of labels."""
        scope = self.root
        for label in path:
            found = scope.locator("label").filter(has_text=label_pattern(label))
            # The label sits in the field's top bar, inside the field's container.
            scope = found.first.locator("xpath=../..")
        return scope

    def control(self, *path: str) -> Locator:
        """The input a field's label points at (Decap sets `for` on every label)."""
        label = self.field(*path).locator("label").first
        return self.root.page.locator(f"[id='{label.get_attribute('for')}']")

    def fill(self, *path: str, value: str) -> None:
        """Type into a string or text field, or a plain list (items separated by commas)."""
        control = self.control(*path)
        control.fill(value)
        expect(control).to_have_value(value)

    def item(self, title: str) -> Pane:
        """An item of a list, by the text its folded header shows, unfolded: its fields."""
        toggle = self.page.get_by_role("button", name=re.compile("^(Expand|Collapse)$"))
        # the innermost element holding the title and a toggle: the item itself
        item = self.root.locator("div").filter(has=toggle).filter(has_text=title).last
        button = item.get_by_role("button", name="Expand", exact=True).first
        if button.count():
            button.click()
        return Pane(self.page, item, self.shoot)

    def write_markdown(self, *path: str, value: str) -> None:
        """Replace the text of a Markdown field, paragraph by paragraph, as typed."""
        box = self.field(*path).get_by_role("textbox").first
        box.click()
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        for i, paragraph in enumerate(value.strip().split("\n\n")):
            if i:
                self.page.keyboard.press("Enter")
            self.page.keyboard.insert_text(paragraph)
        expect(box).to_contain_text(value.strip().split("\n\n")[-1])

    def choose(self, *path: str, options: list[str], search: list[str] | None = None) -> None:
        """Pick options of a select or relation field: type each (or its search text),
        then click the option whose text it is."""
        combo = self.field(*path).get_by_role("combobox").first
        for option, typed in zip(options, search or options, strict=True):
            combo.click()
            combo.fill(typed)
            choice = self.page.get_by_role("option", name=option, exact=True)
            choice.click()
            expect(choice).to_have_count(0)

    def offered(self, *path: str, typed: str) -> list[str]:
        """The options a select or relation field offers for a text typed into it (the
        field is left empty)."""
        combo = self.field(*path).get_by_role("combobox").first
        combo.click()
        combo.fill(typed)
        # The search starts as the text changes (the menu says "Loading..." until then).
        answer = self.page.get_by_role("option").or_(self.page.get_by_text("No options"))
        expect(answer.first).to_be_visible()
        offered = self.page.get_by_role("option").all_inner_texts()
        combo.fill("")
        self.page.keyboard.press("Escape")
        return offered

    def switch(self, *path: str, on: bool) -> None:
        """Turn a boolean field on or off."""
        toggle = self.field(*path).get_by_role("switch").first
        if (toggle.get_attribute("aria-checked") == "true") != on:
            toggle.click()
        expect(toggle).to_have_attribute("aria-checked", "true" if on else "false")

    def expand(self, *path: str) -> None:
        """Open a collapsed object field."""
        button = self.field(*path).get_by_role("button", name="Expand").first
        if button.count():
            button.click()

    def upload_image(self, *path: str, file: Path) -> None:
        """Choose an image for an image field: upload it in the media library, select
        it and take it (the library's "Choose selected")."""
        self.field(*path).get_by_role("button", name=re.compile("Choose (an|different) image")) \
            .click()
        library = self.page.get_by_role("dialog")
        with self.page.expect_file_chooser() as chooser:
            library.get_by_text("Upload", exact=True).click()
        chooser.value.set_files(str(file))
        # The upload is selected once it is in the library; only then can it be chosen.
        choose = library.get_by_role("button", name="Choose selected")
        expect(choose).to_be_enabled()
        self.shoot("media-library")
        choose.click()
        expect(library).to_have_count(0)


class Editor:
    """The editor at an /admin/ address, driven in a page."""

    def __init__(self, page: Page, url: str, shoot: Callable[[str], None] = no_shot):
        self.page, self.url, self.shoot = page, url, shoot
        self.dialogs: list[str] = []
        page.set_default_timeout(TIMEOUT)
        page.on("dialog", self.accept)

    def accept(self, dialog: Dialog) -> None:
        """Answer yes to the editor's questions, and note them. (Decap asks whether to
        leave an entry that it thinks is unsaved: an entry of a collection with
        languages side by side counts as changed as soon as its language pane shows.)"""
        self.dialogs.append(dialog.message)
        dialog.accept()

    def login(self) -> None:
        """Open the admin page and sign in to the local back end (one button)."""
        self.page.goto(self.url)
        button = self.page.get_by_role("button", name="Login")
        expect(button).to_be_visible()
        self.shoot("login")
        button.click()
        expect(self.page.get_by_role("heading", name="Collections")).to_be_visible()

    def open_collection(self, label: str) -> None:
        """Open a collection's list from the sidebar (leaving the entry being edited, by
        the editor's back link, first)."""
        back = self.page.get_by_role("link", name=re.compile(r"^← Writing in "))
        if back.count():
            back.click()
        self.page.get_by_role("complementary").get_by_role("link", name=label,
                                                              exact=True).click()
        expect(self.page.get_by_role("main").get_by_role("heading", level=1,
                                                         name=label)).to_be_visible()

    def open_entry(self, title: str) -> None:
        """Open an entry of the collection shown, by the title its card starts with."""
        self.page.get_by_role("main").get_by_role(
            "link", name=re.compile(rf"^{re.escape(title)}\b")).click()
        expect(self.page.get_by_role("button", name="Published")).to_be_visible()

    def new_entry(self, collection: str) -> None:
        """Start a new entry of a collection, from its list."""
        self.open_collection(collection)
        self.page.get_by_role("link", name=re.compile(r"^Create entry of type ")).click()
        expect(self.page.get_by_role("button", name="Publish", exact=True)).to_be_visible()

    @property
    def form(self) -> Pane:
        """The whole form (of a collection without languages side by side)."""
        return Pane(self.page, self.page.locator("body"), self.shoot)

    def pane(self, locale: str) -> Pane:
        """The pane writing in a language; the right pane is switched to it if no pane is."""
        writing = f"Writing in {locale.upper()}"
        button = self.page.get_by_role("button", name=writing, exact=True)
        if not button.count():  # the left pane's menu: the right one's throws (see above)
            self.page.get_by_role("button", name=re.compile("^Writing in ")).first.click()
            self.page.get_by_role("menuitem", name=locale, exact=True).click()
        expect(button).to_have_count(1)
        return Pane(self.page, button.locator("xpath=ancestor::div[.//label][1]"), self.shoot)

    def publish(self, shot: str | None = None) -> None:
        """Publish the entry ("Publish" then "Publish now") and wait until it is saved;
        `shot`: the name of a screenshot of the editor saying so."""
        self.page.get_by_role("button", name="Publish", exact=True).click()
        self.page.get_by_role("menuitem", name="Publish now").click()
        self.wait_for_save(shot)

    def wait_for_save(self, shot: str | None = None) -> None:
        """Wait for Decap's notice that the entry was saved (and close it), or fail with
        the notice it gave instead and the errors it shows under fields."""
        notice = self.page.get_by_role("alert").filter(has_text=re.compile(
            "Entry saved|Failed to persist|missed a required field"))
        expect(notice).to_be_visible()
        text = notice.inner_text()
        if shot:
            self.shoot(shot)
        # The close button is the alert's sibling in the toast.
        notice.locator("xpath=..").get_by_role("button", name="close").click()
        expect(notice).to_have_count(0)
        if "Entry saved" not in text:
            problems = self.page.locator("label + ul li").all_inner_texts()
            raise AssertionError(f"the editor did not save: {text.strip()} {problems}")
        expect(self.page).to_have_url(re.compile(r"#/collections/[^/]+/entries/"))
