"""What the browser is shown while the last edit is broken.

Most broken edits (a new stub not filled in yet, a typo) leave the last good site as safe
to show as it was: its pages are served with a banner naming the problems, as the tools
editors know do. But the last good site passed the leak guard for the withheld names of
its own day: when the sources now withhold a name they did not (a person newly marked
`name_withheld`, a new alias, a public person's name changed or gone, whose presence
excused a word next to it), or a profile cannot be read to tell, the old pages may name
someone the build would now refuse; then every address is answered with the error page,
files as well as pages, until the next good save."""

from __future__ import annotations

import html
from pathlib import Path, PurePosixPath

from ..content.load import PARSERS, read_bytes
from ..content.snapshot import changes, scan
from ..model.model import Prisoner
from ..names import allowance
from ..names.nameforms import names_of
from ..problems import ContentError, Problem
from .incremental import Preview


def last_good_safe(preview: Preview) -> bool:
    """Whether the last good site may still be shown: it exists, and no profile changed
    since in a way that could withhold a name it shows (see the module's text)."""
    state = preview.state
    if state is None:
        return False
    root = preview.options.root
    by_file = {p.origin.file: p for p in state.published.site.prisoners}
    changed = changes(state.snapshot, scan(root, state.snapshot))
    for path in changed:
        if path.startswith("data/prisoners/") and PurePosixPath(path).suffix == ".yaml" \
                and not _still_safe(root, path, by_file.get(path)):
            return False
    return _allowances_kept(preview, state.published.site.public_names, changed)


def _allowances_kept(preview: Preview, allowed: frozenset[str], changed) -> bool:
    """Whether every public name the last good site was allowed to show (`public_names`)
    is still listed by some record: a name whose allowance was taken away may now be a
    withheld person's, as far as the guard can tell. A changed record that could not be
    read back counts as having taken its names away."""
    carriers = [p for p in changed if p.startswith(allowance.PROFILES)
                or p.startswith(allowance.TEXTS) or p in allowance.LISTS]
    if not allowed or not carriers:
        return True
    root = preview.options.root
    documents = []
    for path, (_, document) in preview.documents.items():
        if path in carriers:
            try:
                kind = "markdown" if path.endswith(".md") else "yaml"
                document = PARSERS[kind](path, read_bytes(root, path))
            except (ContentError, OSError):
                return False
        data = document.data
        if not (isinstance(data, dict) and data.get("name_withheld") is True):
            documents.append(document)
    return allowed <= allowance.every_listed(documents, set())


def _still_safe(root: Path, path: str, old: Prisoner | None) -> bool:
    """Whether a changed profile leaves the guard at least as strict as it was for the
    last good site: no name newly withheld, no public name (or `distinct_from` entry)
    gone that may have excused a word next to it."""
    if not (root / path).exists():
        return old is None or old.name_withheld
    try:
        data = PARSERS["yaml"](path, read_bytes(root, path)).data
    except (ContentError, OSError):
        return False
    if not isinstance(data, dict):
        return False
    names = frozenset(name for name in names_of(data) if name.strip())
    before = frozenset([text for _, text in old.name.values] + list(old.aliases)) \
        if old is not None else frozenset()
    withheld = data.get("name_withheld")
    if withheld is not None and withheld is not False:  # true, or a value the build
        # refuses ("true", 1, [true]) that an editor may have meant as true
        return not names or (old is not None and old.name_withheld and names <= before)
    if old is None or old.name_withheld:
        return True
    distinct = data.get("distinct_from")
    kept = {str(x) for x in distinct} if isinstance(distinct, list) else set()
    return before <= names and set(old.distinct_from) <= kept


def _items(problems: tuple[Problem, ...]) -> str:
    return "\n".join(
        f"<li><code>{html.escape(p.location())}</code>"
        f"{' <b>' + html.escape(p.field) + '</b>' if p.field else ''} "
        f"{html.escape(p.message)}{'<br><i>' + html.escape(p.fix) + '</i>' if p.fix else ''}"
        "</li>" for p in problems if not p.warning)


BANNER_STYLE = ("position:sticky;top:0;z-index:2147483647;margin:0;padding:.75rem 1rem;"
                "background:#fff4e5;color:#1a1a1a;border-bottom:3px solid #a4161a;"
                "font:15px/1.45 system-ui,sans-serif;max-height:40vh;overflow:auto")


def with_banner(page: bytes, problems: tuple[Problem, ...]) -> bytes:
    """A page of the last good site with the problems of the last edit above it (plain
    HTML and an inline style: no script, so it shows without JavaScript)."""
    banner = (f'<aside id="preview-problems" role="alert" style="{BANNER_STYLE}">'
              '<p style="margin:0 0 .25rem"><strong style="color:#a4161a">The last change '
              "could not be built.</strong> This is the last good build; fix these and save, "
              "and the page reloads by itself.</p>"
              f'<ol style="margin:0;padding-left:1.5rem">{_items(problems)}</ol></aside>')
    start = page.find(b"<body")
    end = page.find(b">", start)
    if start < 0 or end < 0:
        return page
    return page[:end + 1] + banner.encode() + page[end + 1:]


def error_page(problems: tuple[Problem, ...]) -> str:
    """What the browser shows while the last edit is broken and the last good site may
    not be shown."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build error — live preview</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 50rem;
       padding: 0 1rem; color: #1a1a1a; }}
h1 {{ color: #a4161a; font-size: 1.5rem; }}
li {{ margin: 0 0 1rem; }}
code {{ background: #f3f3f3; padding: 0 .25rem; }}
</style>
</head>
<body>
<main>
<h1 id="build-error">The last change could not be built</h1>
<p>Fix these, save, and this page reloads by itself. The published files in
<code>site/</code> are still the last good build.</p>
<ol>
{_items(problems)}
</ol>
</main>
</body>
</html>
"""


def is_page(path: str) -> bool:
    """Whether a request is for a page (not a stylesheet, image or file)."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def not_found_page(site: Path, address: str) -> bytes | None:
    """The site's own "not found" page for an address, as Netlify serves it: the one in
    the address's language folder, else the site-wide one."""
    first = address.lstrip("/").split("/", 1)[0]
    for candidate in ((first, "404.html"), ("404.html",)) if first else (("404.html",),):
        path = site.joinpath(*candidate)
        if ".." not in candidate and path.is_file():
            return path.read_bytes()
    return None
