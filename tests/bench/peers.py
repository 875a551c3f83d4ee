"""Side by side with the peers: the same documents built by us, by the bare PyYAML +
Markdown + Jinja2 stack (../shared/bench/floor.py) and by Hugo, in one run.

    python tests/bench/peers.py --documents 1000 --jobs 2
    python tests/bench/peers.py --corpus FOLDER       # a folder of floor-style .md files

Each document (YAML front matter with title, date, slug; a Markdown body) becomes one
statement of a copy of the sample project (`content/statements/<date>-<slug>.en.md`, so
every statement has a page in each of the three languages), a page of the bare stack, and
a page of a Hugo site whose templates are the bare stack's, written in Go's templates.
Reported: our first build with every cache empty, with share images on (the default) and
off; our no-op build (nothing changed); our full build after editing one document; the
bare stack; Hugo's clean build (when `hugo` is on PATH); per output page and as ratios.
Times are wall-clock seconds, with the CPU seconds of the process beside them."""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.generate import PROJECT  # noqa: E402

FLOOR = PROJECT.parent / "shared" / "bench" / "floor.py"
TODAY = "2025-12-20"
WORDS = ["letter", "court", "family", "prison", "release", "statement", "support", "winter",
         "city", "book", "friend", "news", "garden", "river", "morning", "evening", "road",
         "lawyer", "card", "music", "week", "colony", "year"]


def documents(folder: Path, count: int, seed: int = 7) -> Path:
    """`count` floor-style Markdown documents: front matter and a body with headings,
    lists, emphasis and links, 300 to 900 words."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        def sentence() -> str:
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
            if rng.random() < 0.2:
                words[2] = f"*{words[2]}*"
            return " ".join(words).capitalize() + "."
        body = []
        for section in range(rng.randint(2, 5)):
            body.append(f"## Part {section + 1}: {rng.choice(WORDS)}")
            for _ in range(rng.randint(2, 4)):
                body.append(" ".join(sentence() for _ in range(rng.randint(3, 6))))
            if rng.random() < 0.5:
                body.append("\n".join(f"- {sentence()}" for _ in range(rng.randint(2, 5))))
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        meta = {"title": f"Peer document {i:04d}: {rng.choice(WORDS)}", "date": day,
                "slug": f"peer-document-{i:04d}", "lang": "en",
                "tags": rng.sample(WORDS, 2)}
        (folder / f"{i:04d}.md").write_text(
            "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + "\n\n".join(body)
            + "\n", encoding="utf-8")
    return folder


def split(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return yaml.safe_load(text[4:end]) or {}, text[end + 5:]
    return {}, text


def our_project(corpus: Path, root: Path, share_images: bool) -> Path:
    """The sample project with every document of `corpus` as an English statement."""
    for part in ("content", "data", "templates"):
        shutil.copytree(PROJECT / part, root / part)
    settings = root / "data/site.yaml"
    if not share_images:
        settings.write_text(settings.read_text(encoding="utf-8") + "share_images: false\n",
                            encoding="utf-8")
    with (root / "data/sources.yaml").open("a", encoding="utf-8") as sources:
        sources.write("\n  - id: peer-bench\n    title: The peer benchmark's documents\n"
                      "    publisher: Peer bench\n    url: https://peer.example/\n")
    statements = root / "content/statements"
    for path in sorted(corpus.glob("*.md")):
        meta, body = split(path.read_text(encoding="utf-8"))
        slug = str(meta.get("slug") or path.stem)
        date = str(meta.get("date") or "2024-01-01")
        front = {"title": str(meta.get("title") or slug), "date": date,
                 "publisher": "Peer bench", "sources": ["peer-bench"]}
        (statements / f"{date}-{slug}.en.md").write_text(
            "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n"
            + body, encoding="utf-8")
    return root


HUGO_CONFIG = """baseURL = "https://peer.example/"
title = "Peer bench"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Params.lang | default "en" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><nav><a href="/">{{ .Site.Title }}</a> <a href="/">Profiles</a></nav></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ .Site.Title }} &middot; static build</p></footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "title" }}{{ .Title }} | {{ .Site.Title }}{{ end }}
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{- .Date.Format "2006-01-02" }}</time> &middot; {{ .Params.lang }}</p>
<ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul class="pages">
{{ range .Site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> \
<time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>{{ end }}
""",
}


def hugo_project(corpus: Path, root: Path) -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    (root / "layouts/index.html").write_text(HUGO_LAYOUTS["_default/list.html"],
                                             encoding="utf-8")
    for path in sorted(corpus.glob("*.md")):
        shutil.copyfile(path, root / "content/posts" / path.name)
    return root


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (the command and its children), its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}"
                         f"{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout + result.stderr


def ours(root: Path, out: Path, jobs: int, *extra: str) -> tuple[float, float, str]:
    return timed([sys.executable, str(PROJECT / "build.py"), "build", "--root", str(root),
                  "--out", str(out), "--today", TODAY, "--jobs", str(jobs), *extra])


def html_files(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def run(corpus: Path, folder: Path, jobs: int) -> dict:
    count = len(list(corpus.glob("*.md")))
    report: dict = {"documents": count, "jobs": jobs}

    def row(name: str, measured: tuple[float, float, str]) -> None:
        report[name] = {"wall_s": round(measured[0], 3), "cpu_s": round(measured[1], 3)}

    if FLOOR.is_file():
        floor = timed([sys.executable, str(FLOOR), str(corpus), str(folder / "floor-out"),
                       "-j", str(jobs)])
        row("floor", floor)
        report["floor"]["pages"] = html_files(folder / "floor-out")
    if shutil.which("hugo"):
        project = hugo_project(corpus, folder / "hugo")
        hugo = timed(["hugo", "--quiet", "--destination", str(folder / "hugo-out")],
                     cwd=project)
        row("hugo_clean", hugo)
        report["hugo_clean"]["pages"] = html_files(folder / "hugo-out")
    plain = our_project(corpus, folder / "ours-no-share", share_images=False)
    row("ours_first_no_share_images", ours(plain, folder / "site-plain", jobs))
    report["ours_first_no_share_images"]["pages"] = html_files(folder / "site-plain")
    project = our_project(corpus, folder / "ours", share_images=True)
    row("ours_first", ours(project, folder / "site", jobs))
    report["ours_first"]["pages"] = html_files(folder / "site")
    row("ours_no_op", ours(project, folder / "site", jobs))
    edited = next((project / "content/statements").glob("*peer-document-0000.en.md"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                      encoding="utf-8")
    row("ours_one_edit", ours(project, folder / "site", jobs))
    shutil.rmtree(folder / "site")
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAnd another.\n",
                      encoding="utf-8")
    row("ours_one_edit_cache_no_site", ours(project, folder / "site", jobs))
    if "floor" in report:
        per_floor = report["floor"]["wall_s"] / max(report["floor"]["pages"], 1)
        for name in ("ours_first", "ours_first_no_share_images"):
            per_ours = report[name]["wall_s"] / max(report[name]["pages"], 1)
            report[f"ratio_per_page_{name}_to_floor"] = round(per_ours / per_floor, 2)
    if "hugo_clean" in report:
        report["ratio_no_op_to_hugo_clean"] = round(
            report["ours_no_op"]["wall_s"] / report["hugo_clean"]["wall_s"], 2)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, help="floor-style .md files (else generated)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-peers-") as temporary:
        folder = Path(temporary)
        corpus = args.corpus or documents(folder / "corpus", args.documents)
        print(json.dumps(run(corpus, folder, args.jobs), indent=2))


if __name__ == "__main__":
    main()
