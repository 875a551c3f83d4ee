"""After a release or another change of status: the texts an editor must now read again,
since a summary or biography written before may still say the person is held ("still
imprisoned as of…" next to "Released"). Named by file, line, field and language only,
never quoted: a withheld person's text may hold the name."""

from __future__ import annotations

import yaml

from ..content.yamledit import compose, get
from .bulkrecords import FileChange

REVIEWED = ("summary", "biography")
"""The free texts about a person that a change of status can make untrue."""

PROFILES = "data/prisoners/"


def texts_to_review(file: FileChange) -> list[str]:
    """`file:line field (lang)` for each summary and biography text in a changed
    profile, at its line in the text as changed."""
    if not file.path.startswith(PROFILES):
        return []
    try:
        root = compose(file.after)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    found = []
    for field in REVIEWED:
        entry = get(root, field)
        if entry is None:
            continue
        key, value = entry
        if isinstance(value, yaml.MappingNode):
            found += [f"{file.path}:{k.start_mark.line + 1} {field} ({k.value})"
                      for k, _ in value.value]
        elif not (isinstance(value, yaml.ScalarNode) and value.value == ""):
            found.append(f"{file.path}:{key.start_mark.line + 1} {field}")
    return found


def review_note(files: tuple[FileChange, ...], written: bool) -> str:
    """What to read again after the change, one text a line; "" when there is none."""
    texts = [text for file in files for text in texts_to_review(file)]
    if not texts:
        return ""
    lines = "as written" if written else "as they will be after --write"
    return ("Read these texts again and correct any that still describe the person as "
            "before this change (e.g. \"still imprisoned as of …\"), then update their "
            f"translations (lines {lines}):\n" + "\n".join(f"  {t}" for t in texts))
