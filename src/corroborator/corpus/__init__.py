"""Corpus mode: a store of analysed articles, near-duplicates, incidents linked across sources,
comparisons and omissions (issue 12)."""
