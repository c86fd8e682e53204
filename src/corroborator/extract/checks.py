"""Stage: checks (being written)."""

from __future__ import annotations


def run(state):
    return []
