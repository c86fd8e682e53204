"""Stage: framing (being written)."""

from __future__ import annotations

from ..records import Framing


def extract(state):
    return Framing()
