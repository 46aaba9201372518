"""Hostile uploads are refused with the project's own errors, fast and within memory."""

from __future__ import annotations

import resource

import pytest

from analytics.errors import ShopPulseError
from analytics.ingest import read_export
from tests.helpers.nasty_files import NASTY, mixed_line_endings


@pytest.mark.parametrize("name", sorted(NASTY))
def test_nasty_file_is_refused_with_a_clear_message(name):
    build, words = NASTY[name]
    data = build()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ShopPulseError) as refused:
        read_export(data, name)
    assert words in str(refused.value)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 900, f"refusing {name} grew memory by {grown_mb:.0f} MB"


def test_mixed_line_endings_are_read():
    assert len(read_export(mixed_line_endings(), "orders.csv").orders) == 2
