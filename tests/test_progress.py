"""What a long build shows while it works (portal/build/progress.py): a bar redrawn in place
on a terminal, plain stage lines in CI and logs, nothing with --quiet or for a quick build;
and nothing of it left where problems and the summary are printed.

These builds are told that every build is long (PORTAL_PROGRESS_AFTER=0); conftest.py
makes every other test's build quick (3600 s), whatever the machine's speed."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

import pytest

from conftest import PROJECT, free_port, replace_in, serving

BUILD = [sys.executable, str(PROJECT / "build.py")]

STAGES = ["reading the sources", "checking the sources", "assembling the site",
          "rendering {pages} pages", "making the other files", "making the share images",
          "drawing {shares} share images", "packing the offline copy", "checking the links",
          "swapping in site/", "saving the caches"]
"""The stages of a build of the minimal fixture, in order."""

CLOCK = re.compile(r"\d+\.\d s$")
"""How a progress line ends (the seconds so far); no line the build prints otherwise does."""


def environment(after: str = "0", **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "TERM")}
    return {**env, "PORTAL_PROGRESS_AFTER": after, "TERM": "xterm", **more}


def run(root, *args: str, after: str = "0", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*BUILD, "build", "--root", str(root), "--today", "2025-12-20",
                           *args], capture_output=True, text=True, timeout=300,
                          env=environment(after, **env))


def run_on_terminal(root, *args: str, **env: str) -> tuple[int, str]:
    """The build run on a terminal of 100 columns (a pseudo-terminal): its exit code and
    everything it wrote there, standard output and error as they came."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen([*BUILD, "build", "--root", str(root), "--today",
                                "2025-12-20", *args], stdin=slave, stdout=slave,
                               stderr=slave, env=environment(**env))
    os.close(slave)
    chunks, deadline = [], time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 1)[0]:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # the build closed the terminal: it is over
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8")


def screen(output: str) -> list[str]:
    """The lines a terminal shows once `output` is written: a carriage return goes back to
    the start of the line, and what follows overwrites what was there."""
    lines, line, column = [], [], 0
    for char in output:
        if char == "\n":
            lines.append("".join(line).rstrip())
            line, column = [], 0
        elif char == "\r":
            column = 0
        else:
            line[column:column + 1] = [char]
            column += 1
    return [*lines, "".join(line).rstrip()]


def counts(summary: str) -> tuple[int, int]:
    pages, files = re.search(r"^Built (\d+) pages \((\d+) files\) in ", summary, re.M).groups()
    return int(pages), int(files)


def test_a_terminal_shows_a_bar_that_reaches_100_percent_and_leaves_a_clean_line(project):
    root = project("minimal")
    code, output = run_on_terminal(root, "--no-cache")
    assert code == 0, output
    pages, _ = counts(output.replace("\r\n", "\n"))
    drawn = output.split("\r")
    bars = [d for d in drawn if d.startswith(f"rendering {pages} pages  ")]
    assert bars and f"100%  {pages}/{pages}  " in bars[-1], drawn
    assert re.search(r"[█#]{20,}", bars[-1])  # the bar, full
    lines = [d for d in drawn if CLOCK.search(d.rstrip())]  # the progress drawn
    assert len(lines) >= 10 and all(len(d) < 100 for d in lines)  # none wider: no wrapping
    shown = screen(output)
    found = next(line for line in shown if "Found " in line)  # the first line after it
    assert re.fullmatch(r"Found \d+ warning\(s\):", found), shown
    built = next(line for line in shown if "Built " in line)
    assert re.fullmatch(rf"Built {pages} pages \(\d+ files\) in \d+\.\d\d s\.", built)
    assert not [line for line in shown if CLOCK.search(line) or "rendering" in line], shown


@pytest.mark.parametrize("broken", ["content", "template"])
def test_a_failing_build_prints_its_errors_on_clean_lines(project, broken):
    """Broken content stops the build while it reads the sources; a template that names
    a value no page has, while the pages are drawn (the bar half full)."""
    root = project("minimal")
    if broken == "content":
        (root / "data/releases.yaml").write_text("- id: [broken\n", encoding="utf-8")
    else:
        replace_in(root, "templates/prisoner.html", "{% block main %}",
                   "{% block main %}{{ no_such_value }}")
    code, output = run_on_terminal(root, "--no-cache")
    assert code == 1, output
    shown = screen(output)
    found = next(i for i, line in enumerate(shown) if "Found " in line)
    assert shown[found] == "Found 1 error(s):", shown
    assert shown[found + 1].startswith("1. "), shown
    assert "Nothing was written" in shown[-2] + shown[-1]
    assert not [line for line in shown if CLOCK.search(line)], shown
    if broken == "template":
        assert re.search(r"\rrendering \d+ pages  ", output)  # it had got that far


def test_without_a_terminal_the_stages_are_plain_lines_in_order(project):
    root = project("minimal")
    result = run(root, "--no-cache")
    assert result.returncode == 0, result.stderr
    pages, _ = counts(result.stdout)
    lines = [line for line in result.stderr.splitlines() if line.startswith("[build ")]
    assert "\r" not in result.stderr and "█" not in result.stderr
    stages = [re.sub(r"^\[build \d+\.\d s\] ", "", line).removesuffix("…")
              for line in lines if line.endswith("…")]
    shares = int(re.search(r"drawing (\d+) share images", result.stderr).group(1))
    assert stages == [s.format(pages=pages, shares=shares) for s in STAGES]
    seconds = [float(re.match(r"\[build (\d+\.\d) s\]", line).group(1)) for line in lines]
    assert seconds == sorted(seconds)
    for line in lines:  # and the others say how far a stage is (a slow one: that it is)
        assert line.endswith("…") or re.search(r"\] (\d+% \([\d,]+/[\d,]+\)|still .+|.+: "
                                               r"[\d,]+ so far)$", line), line
    assert result.stdout.startswith(f"Built {pages} pages")  # the summary as ever


def test_a_terminal_under_ci_or_a_dumb_terminal_gets_plain_lines(project):
    root = project("minimal")
    for env in ({"CI": "true"}, {"TERM": "dumb"}):  # each a whole build, not a no-op
        code, output = run_on_terminal(root, "--no-cache", **env)
        assert code == 0, output
        assert "\r[build " not in output and "[build " in output
        assert not re.search(r"[^\n]\r[^\n]", output), env  # no line drawn over another


def test_quiet_shows_no_progress(project):
    root = project("minimal")
    result = run(root, "--quiet")
    assert result.returncode == 0, result.stderr
    assert "[build " not in result.stderr
    code, output = run_on_terminal(root, "--quiet")
    assert code == 0 and "rendering" not in output and "reading the sources" not in output


def test_a_build_quicker_than_the_threshold_shows_nothing(project):
    root = project("minimal")
    plain = run(root, after="600")
    assert plain.returncode == 0 and "[build " not in plain.stderr, plain.stderr
    code, output = run_on_terminal(root, PORTAL_PROGRESS_AFTER="600")
    assert code == 0 and "reading the sources" not in output and "rendering" not in output


def test_an_unreadable_threshold_is_one_line_and_the_build_goes_on(project):
    root = project("minimal")
    result = run(root, after="soon")
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "PORTAL_PROGRESS_AFTER" in line]
    assert notes == ["PORTAL_PROGRESS_AFTER='soon' is not a number of seconds; showing "
                     "progress after 2 s."]


def test_the_live_preview_shows_its_first_build_the_same_way(project, monkeypatch):
    root = project("minimal")
    monkeypatch.setenv("PORTAL_PROGRESS_AFTER", "0")
    for quiet in ((), ("--quiet",)):
        port = free_port()
        with serving(root, port, *quiet) as process:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and not (root / "site" / "index.html").exists():
                time.sleep(0.2)
            time.sleep(0.5)
        output = process.stdout.read()
        if quiet:
            assert "[build " not in output
        else:
            assert "[build " in output and "] rendering " in output, output
        (root / "site").rename(root / f"site-{len(quiet)}")


def test_the_terminal_line_fits_and_formats_numbers_as_the_rest_of_the_cli():
    from portal.build.progress import Progress

    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    progress = Progress(stream, after=0, live=True)
    progress.stage("rendering 6,933 pages", 6933)
    progress.advance(3467)
    line = progress.line(12.3, columns=100)
    assert "50%  3,467/6,933  12.3 s" in line and "█" in line and len(line) < 100
    assert len(progress.line(12.3, columns=40)) < 40  # a narrow terminal: no bar, no wrap
    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    plain = Progress(ascii_stream, after=0, live=True)
    plain.stage("drawing 10 share images", 10)
    plain.advance(5)
    assert re.search(r"#+-+", plain.line(1.0, columns=100))  # a terminal without UTF-8
    almost = Progress(stream, after=0, live=True)
    almost.stage("rendering 6,933 pages", 6933)
    almost.advance(6932)
    assert " 99%  6,932/6,933" in almost.line(1.0, columns=100)  # 100% only when all is


def test_the_count_is_drawn_by_the_reporter_not_by_the_build():
    """The build only moves the numbers; the reporter's own thread draws them (and keeps
    the clock going through a stage that counts nothing)."""
    from portal.build.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    with Progress(stream, after=0, live=True) as progress:
        progress.stage("drawing 10 share images", 10)
        progress.advance(5)
        deadline = time.monotonic() + 60
        while "50%  5/10" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "\rdrawing 10 share images  " in stream.getvalue()
        assert "50%  5/10" in stream.getvalue()
    assert stream.getvalue().endswith("\r")  # and erased at the end
    assert screen(stream.getvalue()) == [""]
