"""Linking event mentions from different articles into incidents.

Two mentions may describe the same real event when all of these hold:

* compatible type: the same ACLED event type or PLOVER type, or PLOVER/ACLED types in the
  same family or in two families listed as compatible (``corpus/linking.json``);
* overlapping date windows, each date widened by its precision (day, week, month, year);
  a mention with no date of its own gets the week before its article's publication;
* the same place, or a place nested in the other (a city inside the country the other
  names); two different cities, or two different countries, never link;
* and they score high enough on actors (shared name words), evidence sentences (shared
  content words, or the cosine of MiniLM embeddings when ``embeddings`` are given), and
  the tightness of the date and place match.

A casualty or arrest figure that no day of its own pins down (undated, dated from a
neighbouring sentence, or only to a month or a year) is a *toll*, a running total over an
episode ("the death toll rose to 44", an infobox's "Casualties: 238 killed"). Tolls link only
to tolls of the same figure in the same country whose windows overlap: each toll's window is
the date it totals up (its own coarse date, else the nearest dated event before it in its
article, else the week before publication, else the nearest dated event after it), widened
by a slack on both sides. Reports weeks apart of one growing total so come together, and a
total is never glued to one of the incidents it sums.

Mentions in two articles of one duplicate group (a wire copy, a repost, an updated
version) are copies of one report: they link when they have the same PLOVER type and their
evidence sentences share at least half their content words, even with no date.

Candidate pairs are blocked by (country, type family, week): each mention is placed in the
weeks its window covers (windows longer than ``MAX_WEEKS`` are too vague to link), and a
pair is scored once, in the first week both share. Accepted pairs are merged best first
into clusters that must stay consistent: the date windows of all members share at least
one day and all members name the same specific place (or none), so a chain of loose pairs
cannot glue two clashes in two cities together. Each cluster is an incident whose id is a
hash of its earliest member's mention id (earliest report first).

The functions here are pure (mentions in, incidents out) so they can run anywhere.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .dates import ordinal

logger = logging.getLogger(__name__)

MAX_WEEKS = 6  # windows covering more weeks (a year, an undated span) are not linked
INFERRED_DAYS = 7  # an undated mention: the week up to its article's publication
THRESHOLD = 0.35  # chosen on the multisource dev folder (see docs/corpus.md)
MIN_EVIDENCE = 0.15  # below this word overlap, actors must agree (or the day must)
EMBED_MIN = 0.45  # with --embeddings: below this cosine, actors must agree (own sentences: paraphrases of one event 0.81, different violent events 0.26-0.31)
COPY_OVERLAP = 0.5  # two copies' evidence sentences share at least half their content words
WEIGHTS = {"type": 0.2, "date": 0.15, "place": 0.15, "actors": 0.2, "evidence": 0.3}

_WORD = re.compile(r"[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def rules() -> dict:
    """The linking data file (type families, compatible families, linkable factuality)."""
    data = json.loads((Path(__file__).with_name("linking.json")).read_text(encoding="utf-8"))
    missing = [k for k in ("name", "version", "source", "license") if k not in data]
    if missing:
        raise ValueError(f"corpus/linking.json lacks header keys {missing}")
    plover, acled = {}, {}
    for fam, spec in data["families"].items():
        for t in spec["plover"]:
            plover[t] = fam
        for t in spec["acled"]:
            acled[t] = fam
    compatible = {frozenset(p) for p in data["compatible"]}
    return {"plover": plover, "acled": acled, "compatible": compatible,
            "linkable": frozenset(data["linkable_factuality"]), "kinds": data["kinds"], "version": data["version"],
            "tolls": data["tolls"]}


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    """spaCy's English stop words, and month and weekday names (dates are compared as dates)."""
    import calendar

    from spacy.lang.en.stop_words import STOP_WORDS

    names = {n.lower() for n in [*calendar.month_name, *calendar.day_name] if n}
    return frozenset(STOP_WORDS) | frozenset(names)


def content_words(text: Optional[str]) -> frozenset:
    """Lower-cased content words of a text, a plural 's' dropped ("protesters" = "protester")."""
    if not text:
        return frozenset()
    stop = _stop_words()
    out = set()
    for w in _WORD.findall(text.lower()):
        if len(w) < 3 or w in stop:
            continue
        out.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)
    return frozenset(out)


def family(plover_type: Optional[str], acled_type: Optional[str]) -> Optional[str]:
    r = rules()
    return r["acled"].get(acled_type or "") or r["plover"].get(plover_type or "")


@dataclass
class Mention:
    id: str
    article: str
    group: str  # duplicate group (the article itself when it has no copies)
    plover_type: Optional[str]
    acled_type: Optional[str] = None
    factuality: str = "asserted"
    lo: Optional[int] = None  # date window, proleptic ordinals
    hi: Optional[int] = None
    precision: Optional[str] = None  # day | week | month | year | inferred
    published: Optional[int] = None
    country: Optional[str] = None
    place: Optional[str] = None  # key of a place below country level
    place_level: Optional[str] = None  # facility | city | region
    actors: frozenset = frozenset()
    targets: frozenset = frozenset()
    words: frozenset = frozenset()
    fatalities: Optional[float] = None
    figures: frozenset = frozenset()  # figure fields a toll carries (fatalities, injured, arrested)
    toll: bool = False  # a running total: links only to other tolls (see toll_window)
    fam: Optional[str] = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.fam = family(self.plover_type, self.acled_type)
        if self.lo is None and self.published is not None:
            self.lo, self.hi, self.precision = self.published - INFERRED_DAYS, self.published, "inferred"

    @property
    def linkable(self) -> bool:
        """May pair with incident mentions of other articles (tolls pair only with tolls)."""
        return (
            self.fam is not None
            and self.lo is not None
            and self.factuality in rules()["linkable"]
            and not self.toll
            and (self.hi - self.lo) // 7 < MAX_WEEKS
        )


def _overlap(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def score(a: Mention, b: Mention, sim: Optional[float] = None) -> Optional[float]:
    """How likely two mentions describe one real event (0..1), or None when they cannot."""
    # type
    if a.acled_type and a.acled_type == b.acled_type or a.plover_type == b.plover_type:
        t = 1.0
    elif a.fam == b.fam:
        t = 0.7
    elif frozenset((a.fam, b.fam)) in rules()["compatible"]:
        t = 0.4
    else:
        return None
    # date windows
    if max(a.lo, b.lo) > min(a.hi, b.hi):
        return None
    if a.precision == "day" and b.precision == "day":
        d = 1.0
    elif "inferred" in (a.precision, b.precision):
        d = 0.3
    else:
        d = 0.6
    # place
    if a.country and b.country and a.country != b.country:
        return None
    if a.place and b.place:
        if a.place == b.place:
            p = 1.0
        elif "region" in (a.place_level, b.place_level):
            p = 0.3  # a region and a city in it, or two regions: cannot tell
        else:
            return None
    elif a.place or b.place:
        p = 0.4  # one names a city, the other only the country
    else:
        p = 0.3
    # actors and evidence
    act = max(_overlap(a.actors, b.actors), _overlap(a.targets, b.targets))
    if a.targets and b.targets and not (a.targets & b.targets):
        if a.actors and b.actors and not (a.actors & b.actors):
            return None  # other victims, other perpetrators: two events (two killings on one day)
        act = -0.5
    same_day = d == 1.0 and a.lo == b.lo and a.hi == b.hi
    if sim is not None:
        # embeddings see paraphrases that share no words: unrelated sentences need no exemption
        ev = sim
        if ev < EMBED_MIN and act < 0.5:
            return None
    else:
        ev = _overlap(a.words, b.words)
        if ev < MIN_EVIDENCE and act < 0.5 and not same_day:
            return None
    if d < 1.0 and p < 1.0 and ev < 2 * MIN_EVIDENCE and act < 0.5:
        return None  # neither the day nor the place pins it down: the text must say more
    if a.fatalities is not None and a.fatalities == b.fatalities:
        ev = min(1.0, ev + 0.2)
    w = WEIGHTS
    return w["type"] * t + w["date"] * d + w["place"] * p + w["actors"] * act + w["evidence"] * ev


def toll_score(a: Mention, b: Mention) -> Optional[float]:
    """Two running totals (tolls) of one figure, one country and overlapping windows: one aggregate."""
    if not (a.figures & b.figures):
        return None
    if a.country and b.country and a.country != b.country:
        return None
    if max(a.lo, b.lo) > min(a.hi, b.hi):
        return None
    if a.place and b.place and a.place != b.place and "region" not in (a.place_level, b.place_level):
        return None
    if a.targets and b.targets and not (a.targets & b.targets) and a.actors and b.actors and not (a.actors & b.actors):
        return None
    return 0.5 + 0.5 * _overlap(a.words, b.words)


def toll_pairs(mentions: Sequence[Mention]) -> Iterable[tuple[int, int]]:
    """Pairs of tolls from different articles sharing a (country, figure, week) block."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if not m.toll or m.lo is None or m.factuality not in rules()["linkable"]:
            continue
        for f in m.figures:
            for week in range(m.lo // 7, m.hi // 7 + 1):
                blocks[(m.country or "", f, week)].append(i)
    seen: set = set()
    for (cty, f, week), members in blocks.items():
        others = [members]
        if cty and ("", f, week) in blocks:
            others.append(blocks[("", f, week)])
        for right in others:
            for pair in _pairs_in(mentions, members, right, week):
                if pair not in seen:  # two tolls sharing two figures meet in two blocks
                    seen.add(pair)
                    yield pair


def toll_window(
    own: tuple[Optional[int], Optional[int]], before: Optional[tuple[int, int]], after: Optional[tuple[int, int]],
    published: Optional[int],
) -> tuple[Optional[int], Optional[int]]:
    """The window of a toll: the date it totals up, widened by the slack on both sides.

    ``own`` is the toll's own (coarse or inherited) window, ``before``/``after`` the windows
    of the nearest dated events before and after it in its article.
    """
    slack = rules()["tolls"]["slack_days"]
    if own[0] is not None:
        lo, hi = own
    elif before is not None:
        lo, hi = before
    elif published is not None:
        lo, hi = published - INFERRED_DAYS, published
    elif after is not None:
        lo, hi = after
    else:
        return None, None
    return lo - slack, hi + slack


class _Clusters:
    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.parent = list(range(len(mentions)))
        self.lo = [m.lo for m in mentions]
        self.hi = [m.hi for m in mentions]
        self.place = [m.place if m.place_level in ("city", "facility") else None for m in mentions]
        self.region = [m.place if m.place_level == "region" else None for m in mentions]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def merge(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        los = [x for x in (self.lo[ri], self.lo[rj]) if x is not None]
        his = [x for x in (self.hi[ri], self.hi[rj]) if x is not None]
        lo, hi = (max(los) if los else None), (min(his) if his else None)
        if lo is not None and hi is not None and lo > hi:
            return False
        if self.place[ri] and self.place[rj] and self.place[ri] != self.place[rj]:
            return False
        if self.region[ri] and self.region[rj] and self.region[ri] != self.region[rj]:
            return False
        self.parent[rj] = ri
        self.lo[ri], self.hi[ri] = lo, hi
        self.place[ri] = self.place[ri] or self.place[rj]
        self.region[ri] = self.region[ri] or self.region[rj]
        return True


def copy_pairs(mentions: Sequence[Mention]) -> Iterable[tuple[int, int]]:
    """Pairs of mentions of one PLOVER type in two articles of one duplicate group (copies)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.fam is not None and m.factuality in rules()["linkable"] and m.group:
            groups[(m.group, m.plover_type)].append(i)
    for members in groups.values():
        if len(members) < 2 or len({mentions[i].article for i in members}) < 2:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if mentions[i].article != mentions[j].article:
                    yield i, j


def copy_score(a: Mention, b: Mention) -> Optional[float]:
    """Two copies of one report: the same sentence (mostly) reports the same event, dated or not."""
    if a.country and b.country and a.country != b.country:
        return None
    if a.place and b.place and a.place != b.place:
        return None
    if a.lo is not None and b.lo is not None and max(a.lo, b.lo) > min(a.hi, b.hi):
        return None
    ov = _overlap(a.words, b.words)
    return 0.5 + 0.5 * ov if ov >= COPY_OVERLAP else None


def candidate_pairs(mentions: Sequence[Mention]) -> Iterable[tuple[int, int]]:
    """Pairs of linkable mentions from different articles sharing a (country, family, week) block."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if not m.linkable:
            continue
        for week in range(m.lo // 7, m.hi // 7 + 1):
            blocks[(m.country or "", m.fam, week)].append(i)
    # same family; mentions of unknown country ("") meet every country's block
    for (cty, fam, week), members in blocks.items():
        yield from _pairs_in(mentions, members, members, week)
        if cty:
            unknown = blocks.get(("", fam, week))
            if unknown:
                yield from _pairs_in(mentions, members, unknown, week)
    # compatible families: pair block (cty, f1, week) with (cty, f2, week)
    for pair in rules()["compatible"]:
        f1, f2 = sorted(pair)
        for (cty, fam, week), members in blocks.items():
            if fam not in pair:
                continue
            other = f2 if fam == f1 else f1
            if fam == f1:
                others = blocks.get((cty, other, week))
                if others:
                    yield from _pairs_in(mentions, members, others, week)
            if cty:
                unknown = blocks.get(("", other, week))
                if unknown:
                    yield from _pairs_in(mentions, members, unknown, week)


def _pairs_in(mentions: Sequence[Mention], left: list[int], right: list[int], week: int):
    same = left is right
    for x, i in enumerate(left):
        a = mentions[i]
        start_a = a.lo // 7
        for j in (right[x + 1 :] if same else right):
            b = mentions[j]
            if a.article == b.article:
                continue
            if max(start_a, b.lo // 7) != week:
                continue  # scored in the first week the two share
            yield (i, j) if i < j else (j, i)


def link(mentions: Sequence[Mention], similarity=None, threshold: float = THRESHOLD) -> list[list[tuple[int, float]]]:
    """Incidents as lists of (mention index, score of the link that joined it).

    ``similarity(i, j)`` may return the evidence similarity of two mentions (e.g. the
    cosine of their sentence embeddings) in place of word overlap.
    """
    scored = []
    for i, j in candidate_pairs(mentions):
        if mentions[i].group == mentions[j].group:
            continue  # copies: below
        s = score(mentions[i], mentions[j], similarity(i, j) if similarity else None)
        if s is not None and s >= threshold:
            scored.append((s, i, j))
    for i, j in copy_pairs(mentions):
        s = copy_score(mentions[i], mentions[j])
        if s is not None:
            scored.append((s, i, j))
    for i, j in toll_pairs(mentions):
        if mentions[i].group == mentions[j].group:
            continue  # copies: above
        s = toll_score(mentions[i], mentions[j])
        if s is not None:
            scored.append((s, i, j))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))
    clusters = _Clusters(mentions)
    best = [0.0] * len(mentions)
    for s, i, j in scored:
        if clusters.merge(i, j):
            best[i], best[j] = max(best[i], s), max(best[j], s)
    groups: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if m.factuality in rules()["linkable"]:
            groups[clusters.find(i)].append((i, round(best[i], 3)))
    return list(groups.values())


def incident_id(earliest_mention_id: str) -> str:
    return "I" + hashlib.sha1(earliest_mention_id.encode("utf-8")).hexdigest()[:12]


def _earliest_key(m: Mention) -> tuple:
    big = 10**9
    return (m.published if m.published is not None else big, m.lo if m.lo is not None else big, m.id)


def summarise(mentions: Sequence[Mention], members: list[tuple[int, float]], labels: dict[str, str]) -> dict:
    ms = [mentions[i] for i, _ in members]
    first = min(ms, key=_earliest_key)
    import datetime as dt

    los = [m.lo for m in ms if m.lo is not None]
    his = [m.hi for m in ms if m.hi is not None]
    lo, hi = (max(los), min(his)) if los and his and max(los) <= min(his) else (min(los, default=None), max(his, default=None))
    iso = lambda o: dt.date.fromordinal(o).isoformat() if o is not None else None  # noqa: E731
    common = lambda vals: Counter(v for v in vals if v).most_common(1)[0][0] if any(vals) else None  # noqa: E731
    return {
        "id": incident_id(first.id),
        "country": common([m.country for m in ms]),
        "date_lo": iso(lo),
        "date_hi": iso(hi),
        "plover_type": common([m.plover_type for m in ms]),
        "acled_event_type": common([m.acled_type for m in ms]),
        "n_mentions": len(ms),
        "n_articles": len({m.article for m in ms}),
        "n_sources": len({m.group for m in ms}),
        "label": (labels.get(first.id) or "")[:200],
    }


# ------------------------------------------------------------------ the store side


def _place_key(row) -> tuple[Optional[str], Optional[str]]:
    level = row["place_precision"]
    if not row["location_name"] or level == "country":
        return None, None
    from ..lexicons.gazetteer import fold

    key = str(row["geonameid"]) if row["geonameid"] else fold(row["location_name"])
    return key, level or "city"


def _actor_words(blob: Optional[str]) -> frozenset:
    if not blob:
        return frozenset()
    words: set = set()
    for a in json.loads(blob):
        words |= content_words(a.get("name") or a.get("text"))
    return words and frozenset(words) or frozenset()


def _is_toll(r, fields: list[str], coarse: list[str]) -> bool:
    """A figure that no day of its own pins down: undated, inherited, or a month or a year."""
    if not any(r[f] is not None for f in fields):
        return False
    return r["date_lo"] is None or bool(r["date_inherited"]) or r["date_precision"] in coarse


def load_mentions(store) -> tuple[list[Mention], dict[str, str]]:
    """Every stored event mention as a :class:`Mention`, and its evidence sentence by id."""
    rows = store.conn.execute(
        "SELECT e.*, a.published AS a_published, COALESCE(d.group_id, a.id) AS grp FROM events e "
        "JOIN articles a ON a.id = e.article_id LEFT JOIN duplicates d ON d.article_id = a.id "
        "ORDER BY a.rowid, e.rowid"
    ).fetchall()
    spec = rules()["tolls"]
    fields, coarse = spec["fields"], spec["coarse_precisions"]
    # each article's dated events (sentence, window): what an undated toll totals up
    dated: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for r in rows:
        if r["date_lo"] and not _is_toll(r, fields, coarse) and r["factuality"] in rules()["linkable"]:
            lo, hi = ordinal(r["date_lo"]), ordinal(r["date_hi"])
            if (hi - lo) // 7 < MAX_WEEKS:
                dated[r["article_id"]].append((r["sentence_index"] if r["sentence_index"] is not None else -1, lo, hi))
    mentions, labels = [], {}
    for r in rows:
        place, level = _place_key(r)
        lo, hi, precision = ordinal(r["date_lo"]), ordinal(r["date_hi"]), r["date_precision"]
        published = ordinal(r["a_published"])
        toll = _is_toll(r, fields, coarse)
        if toll:
            si = r["sentence_index"] if r["sentence_index"] is not None else -1
            events = dated.get(r["article_id"], [])
            before = max((e for e in events if e[0] <= si), default=None, key=lambda e: e[0])
            after = min((e for e in events if e[0] > si), default=None, key=lambda e: e[0])
            lo, hi = toll_window((lo, hi), before and before[1:], after and after[1:], published)
            precision = "toll"
        mentions.append(
            Mention(
                id=r["mention_id"], article=r["article_id"], group=r["grp"],
                plover_type=r["plover_type"], acled_type=r["acled_event_type"], factuality=r["factuality"],
                lo=lo, hi=hi, precision=precision,
                published=published, country=r["country"], place=place, place_level=level,
                actors=_actor_words(r["actors"]), targets=_actor_words(r["targets"]),
                words=content_words(r["evidence"]), fatalities=r["fatalities"],
                figures=frozenset(f for f in fields if r[f] is not None), toll=toll,
            )
        )
        labels[r["mention_id"]] = r["evidence"] or ""
    return mentions, labels


def relink(store, *, embeddings: bool = False, threshold: float = THRESHOLD) -> dict:
    """Recompute every incident of the store; returns counts."""
    mentions, labels = load_mentions(store)
    similarity = None
    if embeddings:
        similarity = _embedding_similarity(mentions, labels)
    groups = link(mentions, similarity, threshold)
    incidents, members = [], []
    for g in groups:
        inc = summarise(mentions, g, labels)
        incidents.append(inc)
        members.extend((mentions[i].id, inc["id"], s) for i, s in g)
    store.replace_incidents(incidents, members)
    linked = sum(1 for inc in incidents if inc["n_articles"] > 1)
    logger.info("linked %d mentions into %d incidents (%d across articles)", len(members), len(incidents), linked)
    return {"mentions": len(mentions), "incidents": len(incidents), "multi_article": linked}


def _embedding_similarity(mentions: Sequence[Mention], labels: dict[str, str]):
    """similarity(i, j): cosine of the MiniLM embeddings of two evidence sentences."""
    import numpy as np

    from ..nlp._event_model import embed

    texts = [labels.get(m.id, "") for m in mentions]
    vecs = np.asarray(embed(texts), dtype=np.float32) if texts else np.zeros((0, 1), dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    vecs = vecs / np.where(norms == 0, 1, norms)

    def sim(i: int, j: int) -> float:
        return float(max(0.0, vecs[i] @ vecs[j]))

    return sim
