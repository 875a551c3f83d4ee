#!/usr/bin/env python3
"""Build the portal: `python build.py [build|serve|check] --help`."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _without_packages(missing: ModuleNotFoundError) -> str:
    """One line for a Python that lacks the packages: what to run instead."""
    if (missing.name or "").startswith("portal"):
        raise missing  # our own mistake, not the reader's
    venv = HERE / ".venv" / "bin" / "python"
    if venv.is_file():
        shown = venv.relative_to(Path.cwd()) if venv.is_relative_to(Path.cwd()) else venv
        how = f"run it with the project's Python: {shown} build.py …"
    else:
        how = "set the project up first, as the first command in README.md does"
    return f"build.py: {sys.executable} has no package '{missing.name}'; {how}"


if __name__ == "__main__":
    try:  # each command imports its packages when it runs (portal/cli.py)
        from portal.cli import main

        code = main()
    except ModuleNotFoundError as missing:  # run with a Python that lacks the packages
        sys.exit(_without_packages(missing))
    sys.exit(code)
