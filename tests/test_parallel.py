"""Parallel builds give the same bytes as serial ones; the benchmark still runs."""

from __future__ import annotations

import shutil

from conftest import build, snapshot


def test_parallel_build_equals_serial(project, tmp_path, monkeypatch):
    import portal.build.rendering

    monkeypatch.setattr(portal.build.rendering, "PARALLEL_FROM", 1)
    root = project("minimal")
    build(root, tmp_path / "serial", jobs=1)
    build(root, tmp_path / "parallel", jobs=3)
    serial, parallel = snapshot(tmp_path / "serial"), snapshot(tmp_path / "parallel")
    assert serial == parallel and len(serial) > 50


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    from tests.bench.run import run

    report = run(people=6, statements=2, repeat=1, jobs=1, folder=tmp_path, phone=False)
    assert report["pages"] > 40 and report["peak_mb"] > 0
    if shutil.which("chromium"):  # a name typed in the search page, in a browser
        assert report["search_files_fetched"] >= 3 and report["search_kb_fetched_gzip"] > 0
    assert {"cold", "noop", "warm_no_manifest", "profile", "statement", "template"} <= set(report)
