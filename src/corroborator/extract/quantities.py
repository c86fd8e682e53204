"""Stage: quantities (being written)."""

from __future__ import annotations


def extract(state):
    return []
