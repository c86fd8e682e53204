"""Stage: coups (being written)."""

from __future__ import annotations


def assess(state):
    return []
