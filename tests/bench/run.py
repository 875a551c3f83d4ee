"""The benchmark: build a synthetic portal at a chosen size and measure it.

    python tests/bench/run.py --people 1200 --statements 300 --repeat 3

Measures a first build with every cache empty (and the same with share images off, to
show what drawing them costs on a first deploy), then, each `--repeat` times (median and
range): a cold full build (new process, new output folder, render caches emptied), a build
with nothing changed (`noop`: the manifest says so, nothing is written), the same with
every cache warm but no manifest (`warm_no_manifest`), a full build after editing one
profile, one statement and one template (each with how many files were linked from the
last site, not written), and one edit with .cache/ kept but no site/ (as on Netlify);
then the live preview (`serve`) in one process, from saving
a file to the last file written; pages per second and peak memory. Runs
../shared/bench/floor.py (the bare PyYAML + Markdown + Jinja2 stack) on the same
statements for a ratio measured in the same run.

Also weighs what a visitor downloads (`--weights-only` builds once and reports only
these): the bytes one name search fetches in headless Chromium (search.py), the heaviest
list page (raw and gzip) and how the list pages render on a phone (Lighthouse, with the
longest main-thread task: longtasks.py), and the number of sitemap files."""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.generate import PROJECT, generate  # noqa: E402
from tests.bench.longtasks import long_tasks  # noqa: E402
from tests.bench.search import name_search  # noqa: E402

FLOOR = PROJECT.parent / "shared" / "bench" / "floor.py"
BUILD = """
import json, resource, sys, time
sys.path.insert(0, {project!r})
started = time.perf_counter()
from portal.build.noop import build_unless_unchanged
from portal.options import Options
import datetime as dt, pathlib
def anew(options, prior):
    from portal.build.builder import build_anew
    return build_anew(options, prior)
result = build_unless_unchanged(Options(root=pathlib.Path({root!r}), out=pathlib.Path({out!r}),
                                        today=dt.date(2025, 12, 20), jobs={jobs}), anew)
from portal.store.write import wait_for_cleanup
wait_for_cleanup()
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({{"seconds": time.perf_counter() - started, "pages": result.pages,
                   "files": result.files, "unchanged": result.unchanged,
                   "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                   "peak_mb": own.ru_maxrss / 1024}}))
"""
"""A build as `build.py` runs it: the decision that nothing changed first (noop.py), the
rest imported only when there is work. `cpu`: user and system time of the process and its
rendering workers (the machine may be shared: wall-clock time is noisy)."""


SERVE = """
import json, resource, sys, threading, time
sys.path.insert(0, {project!r})
from portal.preview.incremental import Preview
from portal.options import Options
from portal.preview.serve import watch
import datetime as dt, pathlib
root = pathlib.Path({root!r})
preview = Preview(Options(root=root, out=pathlib.Path({out!r}), today=dt.date(2025, 12, 20),
                          jobs={jobs}))
preview.build()
updates, done, stop = [], threading.Event(), threading.Event()
def finished():
    done.set()
import portal.preview.serve
real = portal.preview.serve.rebuild
def rebuild(*args, **kwargs):
    update = real(*args, **kwargs)
    updates.append(update)
    return update
portal.preview.serve.rebuild = rebuild
threading.Thread(target=watch, args=(preview, finished, stop), daemon=True).start()
time.sleep(0.5)
results = {{"profile": [], "profile_own": [], "statement": [], "template": []}}
def edit(path, old, new, key):
    text = path.read_text(encoding="utf-8")
    assert old in text and old != new, (path, old)
    done.clear()
    started = time.perf_counter()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if not done.wait(600):
        raise SystemExit(f"no rebuild after editing {{path}}")
    update = updates[-1]
    results[key].append(update.started + update.seconds - started)
    if key == "profile":
        own = update.own_seconds if update.own_seconds is not None else update.seconds
        results["profile_own"].append(update.started + own - started)
    time.sleep(0.3)
person = root / "data/prisoners/synthetic-person-00002.yaml"
statement = sorted((root / "content/statements").glob("*.en.md"))[1]
for i in range({repeat}):
    edit(person, "summary:\\n  en: ", "summary:\\n  en: Edited. ", "profile")
    edit(statement, "Synthetic statement", f"Synthetic statement {{i}},", "statement")
    edit(root / "templates/statement.html", "</article>", "</article>\\n", "template")
stop.set()
print(json.dumps({{**results,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def serve_once(root: Path, out: Path, jobs: int, repeat: int) -> dict:
    """The live preview's rebuilds, measured from saving a file to the last file written."""
    code = SERVE.format(project=str(PROJECT), root=str(root), out=str(out), jobs=jobs,
                        repeat=repeat)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"the live-preview benchmark failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def build_once(root: Path, out: Path, jobs: int) -> dict:
    code = BUILD.format(project=str(PROJECT), root=str(root), out=str(out), jobs=jobs)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def floor_once(statements: Path, out: Path, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(FLOOR), str(statements), str(out), "-j", str(jobs)],
                   capture_output=True, check=True)
    return time.perf_counter() - started


def summary(values: list[float]) -> str:
    median = statistics.median(values)
    if median < 1:
        return f"{median * 1000:.0f} ms ({min(values) * 1000:.0f}–{max(values) * 1000:.0f})"
    return f"{median:.2f} s ({min(values):.2f}–{max(values):.2f})"


def inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*")
            if p.is_file()}


def linked_share(before: dict[str, int], site: Path) -> str:
    """How many files of the new site are the old site's files, linked (same inode)."""
    after = inodes(site)
    return f"{sum(before.get(path) == inode for path, inode in after.items())}/{len(after)}"


def touch(path: Path, old: str, new: str) -> None:
    """An edit an editor could make: `old` must be there, and the file changes."""
    text = path.read_text(encoding="utf-8")
    if old not in text or old == new:
        raise SystemExit(f"the benchmark's edit of {path} would change nothing")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


RENDER_CACHES = ("pages", "markdown", "zip")
"""Cleared before each cold build; the share images stay (drawing them is our own extra:
the first build of all, `first_empty_cache`, draws them)."""


LISTS = ("prisoners/", "statements/", "timeline/", "birthdays/", "search/")
"""List pages, besides every status page under prisoners/status/ and every page of a
paged list."""


def weights(site: Path, phone: bool = True) -> dict:
    """What a visitor downloads: one name search, the heaviest list page; sitemap files."""
    def gz(path: Path) -> int:
        return len(gzip.compress(path.read_bytes(), 9, mtime=0))

    lists = [site / lang / page / "index.html" for lang in ("en", "be", "ru") for page in LISTS]
    lists += list(site.glob("*/prisoners/status/*/index.html"))
    lists += list(site.glob("*/prisoners/page/*/index.html"))
    lists += list(site.glob("*/prisoners/status/*/page/*/index.html"))
    heaviest = max((p for p in lists if p.is_file()), key=lambda p: p.stat().st_size)
    people = sorted(p.name for p in site.glob("en/prisoners/synthetic-person-*"))
    searched = people[len(people) // 2].removeprefix("synthetic-person-") if people else ""
    pages = ["en/prisoners/", heaviest.relative_to(site).parent.as_posix() + "/"]
    return {**name_search(site, "be", f"Сінтэтычны Чалавек № {searched}",
                          f"Сінтэтычны Чалавек № {searched}"),
            **(long_tasks(site, list(dict.fromkeys(pages))) if phone else {}),
            "heaviest_list_page": heaviest.relative_to(site).as_posix(),
            "heaviest_list_kb_raw": round(heaviest.stat().st_size / 1024, 1),
            "heaviest_list_kb_gzip": round(gz(heaviest) / 1024, 1),
            "sitemap_files": len([site / "sitemap.xml", *site.glob("sitemaps/*.xml")])}


def run_weights(people: int, statements: int, jobs: int, folder: Path) -> dict:
    root = generate(folder / "project", people, statements)
    settings = root / "data/site.yaml"  # share images change no list page nor the index
    settings.write_text(settings.read_text(encoding="utf-8") + "share_images: false\n",
                        encoding="utf-8")
    first = build_once(root, folder / "site", jobs)
    return {"people": people, "statements": statements, "pages": first["pages"],
            **weights(folder / "site")}


def run_preview(people: int, statements: int, repeat: int, jobs: int, folder: Path) -> dict:
    """The live preview alone: a full build in `serve`'s process, then edits."""
    root = generate(folder / "project", people, statements)
    live = serve_once(root, folder / "site", jobs, repeat)
    return {"people": people, "statements": statements, "jobs": jobs, "repeat": repeat,
            "serve_peak_mb": round(live["peak_mb"], 1),
            **{f"serve_{key}": summary(live[key])
               for key in ("profile_own", "profile", "statement", "template")}}


def run(people: int, statements: int, repeat: int, jobs: int, folder: Path,
        phone: bool = True) -> dict:
    """Every measurement; `phone=False` leaves out Lighthouse (a minute a page)."""
    root = generate(folder / "project", people, statements)
    results: dict[str, list] = {"first_empty_cache": [], "cold": [], "noop": [],
                                "warm_no_manifest": [], "profile": [], "statement": [],
                                "template": [], "profile_no_site": [], "floor": []}
    cpu: dict[str, list] = {key: [] for key in results}
    linked: dict[str, str] = {}
    bare = folder / "project-no-share-images"  # the same portal, before any cache
    for part in ("content", "data", "templates"):
        shutil.copytree(root / part, bare / part)
    settings = bare / "data/site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "share_images: false\n",
                        encoding="utf-8")
    first = build_once(root, folder / "site-first", jobs)
    results["first_empty_cache"].append(first["seconds"])
    results["first_empty_cache_no_share_images"] = [
        build_once(bare, folder / "site-first-bare", jobs)["seconds"]]
    peak, pages = first["peak_mb"], first["pages"]
    sizes = weights(folder / "site-first", phone)
    for i in range(repeat):
        out = folder / f"site-{i}"
        for name in RENDER_CACHES:
            shutil.rmtree(root / ".cache" / name, ignore_errors=True)
        cold = build_once(root, out, jobs)
        noop = build_once(root, out, jobs)
        assert noop["unchanged"], "a build with nothing changed did something"
        shutil.rmtree(root / ".cache" / "builds")  # every cache warm, but no manifest
        warm = build_once(root, out, jobs)
        before = inodes(out)
        touch(root / "data/prisoners/synthetic-person-00001.yaml", "summary:\n  en: ",
              "summary:\n  en: Edited. ")
        profile = build_once(root, out, jobs)
        linked["profile"], before = linked_share(before, out), inodes(out)
        statement = next((root / "content/statements").glob("*.en.md"))
        touch(statement, "Synthetic statement", "Synthetic statement,")
        statement_run = build_once(root, out, jobs)
        linked["statement"], before = linked_share(before, out), inodes(out)
        touch(root / "templates/statement.html", "</article>", "</article>\n")
        template = build_once(root, out, jobs)
        linked["template"] = linked_share(before, out)
        shutil.rmtree(out)  # Netlify: .cache/ restored, no site/
        touch(root / "data/prisoners/synthetic-person-00002.yaml", "summary:\n  en: ",
              "summary:\n  en: Edited. ")
        no_site = build_once(root, out, jobs)
        for key, value in (("cold", cold), ("noop", noop), ("warm_no_manifest", warm),
                           ("profile", profile), ("statement", statement_run),
                           ("template", template), ("profile_no_site", no_site)):
            results[key].append(value["seconds"])
            cpu[key].append(value["cpu"])
            peak = max(peak, value["peak_mb"])
        pages = cold["pages"]
        if FLOOR.is_file():
            flat = folder / "floor-src"
            flat.mkdir(exist_ok=True)
            for md in (root / "content/statements").glob("*.md"):
                (flat / md.name).write_bytes(md.read_bytes())
            results["floor"].append(floor_once(flat, folder / f"floor-out-{i}", jobs))
    live = serve_once(root, folder / "site-serve", jobs, repeat)
    for key in ("profile_own", "profile", "statement", "template"):
        results[f"serve_{key}"] = live[key]
    report = {
        "people": people, "statements": statements, "pages": pages, "jobs": jobs,
        "repeat": repeat, "peak_mb": round(peak, 1),
        "serve_peak_mb": round(live["peak_mb"], 1),
        "pages_per_second": round(pages / statistics.median(results["cold"]), 1),
        **sizes,
        **{key: summary(values) for key, values in results.items() if values},
        **{f"{key}_cpu": summary(values) for key, values in cpu.items() if values},
        **{f"{key}_files_linked": value for key, value in linked.items()},
    }
    report["ratio_empty_cache_to_no_share_images"] = round(
        results["first_empty_cache"][0] / results["first_empty_cache_no_share_images"][0], 2)
    if results["floor"]:
        cold, floor = statistics.median(results["cold"]), statistics.median(results["floor"])
        floor_pages = len(list((root / "content/statements").glob("*.md")))
        report["ratio_cold_to_floor"] = round(cold / floor, 2)
        report["ms_per_page_cold"] = round(1000 * cold / pages, 2)
        report["ms_per_page_floor"] = round(1000 * floor / floor_pages, 2)
        report["ratio_per_page"] = round((cold / pages) / (floor / floor_pages), 2)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1200)
    parser.add_argument("--statements", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--weights-only", action="store_true",
                        help="build once and report only what a visitor downloads")
    parser.add_argument("--preview-only", action="store_true",
                        help="measure only the live preview (serve) after edits")
    parser.add_argument("--no-phone", action="store_true",
                        help="leave out Lighthouse on the list pages (a minute a page)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as folder:
        if args.weights_only:
            report = run_weights(args.people, args.statements, args.jobs, Path(folder))
        elif args.preview_only:
            report = run_preview(args.people, args.statements, args.repeat, args.jobs,
                                 Path(folder))
        else:
            report = run(args.people, args.statements, args.repeat, args.jobs, Path(folder),
                         phone=not args.no_phone)
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
