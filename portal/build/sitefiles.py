"""The files made from the whole site rather than from one page: the assets, the photos,
the calendars, the sitemap, the feeds, the open data, the search index and the lists'
filters. They come in groups, each made, or linked from the current site, as a whole: a
group linked when the last build made it under the same key (what it is made from), and
otherwise made again, its costly parts from what earlier builds kept (the words of each
text: fulltext.KeptWords). A file made again that comes out as the current site has it
is linked all the same (builder.publish), so after an edit only what changed is new."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..content.photos import PhotoError
from ..model.model import Site
from ..outputs.assets import collect_assets
from ..outputs.calendar import calendar_files
from ..outputs.feeds import changes_feeds, statement_feeds
from ..outputs.fulltext import KeptWords, Words, index_files
from ..outputs.opendata import KeptRecords, data_files
from ..outputs.sitemap import sitemap_files, sitemap_key
from ..pages.pagecache import PageCache
from ..pages.pageplan import PagePlan
from ..pages.paging import list_files
from ..pages.personparts import UNREAD, PersonParts
from ..problems import ContentError, Problem
from ..store.write import Linked
from .reuse import Reuse


@dataclass(frozen=True, slots=True)
class Group:
    """Files made and linked together."""

    make: Callable[[], Iterable[tuple[str, bytes]]]
    key: str | None = None
    """What the files are made from, as a key, where that is known apart from the source
    files (the sitemap: the pages' addresses)."""
    unread: tuple[str, ...] = ()
    """Otherwise, the folders of source files none of them is made from (every other
    source file counts)."""


STATEMENTS = ("content/statements/",)


def file_groups(site: Site, plans: list[PagePlan], root: Path, today: dt.date,
                plain: Words | None = None, cache: bool = True,
                images: bool = True, pages: PageCache | None = None) -> list[Group]:
    """Everything but the pages and their share images, in groups (`plain`, `cache` and
    `images` as for other_files; and without `plain`, the profiles' records of the open
    data kept under .cache/records/, and with the page cache `pages` the parts made of each
    profile under .cache/people/ and .cache/entries/, personparts.py): those no statement
    is in apart from the others."""
    def parts(kind: str) -> PersonParts | None:
        if pages is None or plain is not None or not cache:
            return None
        return PersonParts(root / ".cache" / kind, pages.files, pages.site_key(UNREAD))

    def pictures() -> Iterator[tuple[str, bytes]]:
        assets = collect_assets(root / "templates" / "assets")
        for hashed, content in assets.values():
            yield f"assets/{hashed}", content
        if images:
            yield from photo_files(site, root, cache)
        else:
            yield from ((r.path, b"") for picture in site.pictures.values()
                        for r in picture.renditions)

    def texts() -> Iterator[tuple[str, bytes]]:
        yield from statement_feeds(site, today)
        words = plain if plain is not None or not cache else \
            KeptWords(root / ".cache" / "words")
        entries = parts("entries")
        yield from index_files(site, words, entries)
        if isinstance(words, KeptWords):
            words.save()
        if entries is not None:
            entries.save()
        yield from netlify_files(site)

    def people() -> Iterator[tuple[str, bytes]]:
        kept = parts("people")
        yield from calendar_files(site, today, kept)
        yield from changes_feeds(site, today, kept)
        records = KeptRecords(root / ".cache" / "records") if plain is None and cache \
            else None
        yield from data_files(site, today, records)
        yield from list_files(site, kept)
        if kept is not None:
            kept.save()

    return [Group(pictures, unread=STATEMENTS),
            Group(lambda: sitemap_files(site, plans), key=sitemap_key(site, plans)),
            Group(people, unread=STATEMENTS), Group(texts)]


def other_files(site: Site, plans: list[PagePlan], root: Path, today: dt.date,
                plain: Words | None = None, cache: bool = True,
                images: bool = True) -> Iterator[tuple[str, bytes]]:
    """Everything but the pages and their share images: assets, photos, calendars, feeds,
    open data, the search index (`plain`: the words of texts read before, see fulltext;
    `cache`: keep encoded photos under .cache/photos/ and, without `plain`, the words of
    texts under .cache/words/)."""
    for group in file_groups(site, plans, root, today, plain, cache, images):
        yield from group.make()


def site_files(pages: PageCache, groups: list[Group], reuse: Reuse | None
               ) -> Iterator[tuple[str, bytes | Linked]]:
    """Each group's files: linked from the current site when it made them under the same
    key (the group's own, else that of the source files it may be made from: `pages`),
    else made."""
    for number, group in enumerate(groups):
        key = group.key or f"{pages.site_key(group.unread)}-{number}"
        kept = reuse.group(key) if reuse is not None else None
        if kept is not None:
            yield from kept
            continue
        for path, content in group.make():
            if reuse is not None:
                reuse.note(path, key)
            yield path, content


def netlify_files(site: Site) -> Iterator[tuple[str, bytes]]:
    """`_headers` for what netlify.toml cannot know: the onion address of this site."""
    if site.config.onion:
        yield "_headers", f"/*\n  Onion-Location: {site.config.onion}\n".encode()


def photo_files(site: Site, root: Path, cache: bool = True) -> Iterator[tuple[str, bytes]]:
    """The renditions of each photo a shown profile uses, decoded and encoded again (see
    outputs/photoencode.py): nothing else in content/photos/ is published, nothing as it
    was written."""
    shown = sorted({p.photo.file for p in site.prisoners if p.photo and not p.name_withheld})
    folder = root / ".cache" / "photos" if cache else None
    from ..outputs.photoencode import rendition_files  # Pillow, only to encode them

    try:
        yield from rendition_files(root, [site.pictures[name] for name in shown], folder)
    except PhotoError as error:  # the photo changed since it was checked
        raise ContentError([Problem(error.message.split(" ")[0].rstrip(":"), None, "",
                                    f"{error.message} (it changed during the build)",
                                    error.fix)]) from None
    except ValueError as error:  # what an encoder may raise about an odd image
        raise ContentError([Problem("content/photos", None, "", f"a photo could not be "
                                    f"encoded ({error})", "export it again as JPEG or "
                                    "PNG")]) from None
