"""The package's layout: one subpackage per stage of the pipeline, imports running one way
(portal/__init__.py lists the stages in order)."""

from __future__ import annotations

import ast
from pathlib import Path

import portal

PACKAGE = Path(portal.__file__).resolve().parent


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (packages by their __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules `name` imports, anywhere in it (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                   for inner in ast.walk(node)}  # for the type checker, not run
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("portal"):
                found.add(target)
    return found


def stage(name: str) -> int:
    """The stage a module belongs to: 0 for the shared modules directly in portal/ (and the
    package itself), then the stages in the order portal.STAGES gives; the command line
    (portal.cli) comes last."""
    parts = name.split(".")
    if name == "portal.cli":
        return len(portal.STAGES) + 1
    if len(parts) > 2 or (len(parts) == 2 and parts[1] in portal.STAGES):
        return portal.STAGES.index(parts[1]) + 1
    return 0


GRAPH = {name: imports(name, path, modules()) for name, path in modules().items()}


def test_every_subpackage_is_a_stage_and_says_what_it_takes_and_gives():
    folders = sorted(p.name for p in PACKAGE.iterdir()
                     if p.is_dir() and (p / "__init__.py").exists())
    assert folders == sorted(portal.STAGES)
    for folder in folders:
        text = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert text and "Takes" in text and "give" in text, folder


def test_few_modules_stay_directly_in_the_package():
    assert len([p for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]) <= 6


def test_a_stage_imports_only_from_the_stages_before_it():
    against = sorted(f"{name} imports {target}" for name, targets in GRAPH.items()
                     for target in targets if stage(target) > stage(name))
    assert against == []


def loops(graph: dict[str, set[str]]) -> list[str]:
    """Every import loop found walking the graph depth first, as "a -> b -> a"."""
    found, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                found.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return found


def test_no_module_imports_itself_through_others():
    """No import loop, counting the imports made inside functions."""
    assert loops(GRAPH) == []


def test_the_checks_find_an_import_against_the_order_and_a_loop(tmp_path):
    """On two made-up modules: content.a imports pages.b, whose function imports a back;
    an import for the type checker only does not count."""
    first, second = tmp_path / "a.py", tmp_path / "b.py"
    first.write_text("from typing import TYPE_CHECKING\nfrom ..pages import b\n"
                     "if TYPE_CHECKING:\n    from ..model import c\n")
    second.write_text("def f():\n    from ..content.a import x\n")
    known = {"portal.content": tmp_path, "portal.content.a": first, "portal.model.c": first,
             "portal.pages": tmp_path, "portal.pages.b": second}
    graph = {"portal.content.a": imports("portal.content.a", first, known),
             "portal.pages.b": imports("portal.pages.b", second, known)}
    assert graph == {"portal.content.a": {"portal.pages", "portal.pages.b"},
                     "portal.pages.b": {"portal.content.a"}}
    assert stage("portal.pages.b") > stage("portal.content.a") > stage("portal.options")
    assert stage("portal.cli") > stage("portal.preview.serve")
    assert loops(graph) == ["portal.content.a -> portal.pages.b -> portal.content.a"]
