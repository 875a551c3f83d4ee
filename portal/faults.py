"""What the machine can do to a build (a full disk, a folder that may not be written, a
file that went away), said in one line: what happened, where, and that site/ is as it
was. A traceback is only ever for a mistake in the generator itself."""

from __future__ import annotations

import errno

NO_SPACE = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
NOT_ALLOWED = (errno.EACCES, errno.EPERM, errno.EROFS)


def describe(error: OSError, output: str = "site/") -> str:
    """One line for the terminal about a failed read or write."""
    where = error.filename or ""
    if error.filename2:
        where = f"{where} → {error.filename2}"
    place = f" ({where})" if where else ""
    unchanged = f"nothing was published: {output} is as it was"
    if error.errno in NO_SPACE:
        what = "the file is too large for this system" if error.errno == errno.EFBIG \
            else "no space is left on the disk"
        return f"Error: {what} while writing{place}; free some space and build again " \
            f"({unchanged})."
    if error.errno in NOT_ALLOWED:
        return f"Error: not allowed to write{place}: {error.strerror}; make the folder " \
            f"writable, or build elsewhere with --out ({unchanged})."
    reason = error.strerror or str(error)
    return f"Error: {reason}{place} ({unchanged})."


def warning_for_cache(error: OSError, folder: str = ".cache/") -> str:
    """The warning when the cache cannot be written: the build goes on without it."""
    reason = error.strerror or str(error)
    return f"the cache in {folder} cannot be written ({reason}); this build keeps none of " \
        "its work, so the next one is not faster"
