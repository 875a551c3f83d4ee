"""Deleting a folder this program made (a replaced site, a staging folder, a cache),
read-only parts too."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def remove_tree(folder: Path) -> None:
    """Delete a folder this program made, read-only parts too (a site made read-only by
    hand: its owner may make it writable again); what cannot be deleted stays."""
    def writable_then_again(function, path, _info) -> None:
        try:
            os.chmod(os.path.dirname(path) or ".", 0o755)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, 0o755)
            function(path)
        except OSError:
            pass

    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=writable_then_again)
    else:
        shutil.rmtree(folder, onerror=writable_then_again)
