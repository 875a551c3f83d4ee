#!/usr/bin/env python3
"""Build the portal: `python build.py [build|serve|check] --help`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
