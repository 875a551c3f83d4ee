"""Hostile cases against the editors' tools and the live preview (issue 23): what an
attacker or a careless editor found, one test for each defect."""

from __future__ import annotations

import pytest
from test_incremental import edit, preview, profile  # noqa: F401 - the fixture

# The live preview


@pytest.mark.parametrize("value", ['"true"', "1", "[true]", "True", "yes"])
def test_a_profile_marked_withheld_with_a_value_the_build_refuses_hides_the_last_good_site(
        preview, value):  # noqa: F811
    """`name_withheld: "true"` (or 1, or [true]) is an error the build refuses, but the
    editor meant to withhold the name: the last good site, which shows it, is not shown."""
    from portal.preview.shown import last_good_safe

    edit(profile(preview, "anna-test"), "gender: female",
         f"gender: female\nname_withheld: {value}")
    assert last_good_safe(preview) is False


def test_the_reload_socket_takes_only_origins_at_the_previews_own_port():
    """An origin without a port is a page of another server (port 80) on this computer:
    the reload socket refuses it, as it refuses any other port."""
    from portal.preview.server import own_origin

    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000",
                   "http://LOCALHOST:8000"):
        assert own_origin(origin, "127.0.0.1", 8000), origin
    for origin in ("http://localhost", "http://127.0.0.1", "http://localhost:8001",
                   "https://localhost:8000", "null", "http://evil.example:8000",
                   "http://localhost:99999", "http://localhost:x", ""):
        assert not own_origin(origin, "127.0.0.1", 8000), origin
    assert own_origin("http://localhost", "127.0.0.1", 80)
    assert own_origin("http://192.168.1.5:8001", "192.168.1.5", 8001)
    assert own_origin("http://[::1]:8000", "::1", 8000)
