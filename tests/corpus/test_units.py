"""Store schema, input reading, near-duplicates and linking rules, without the NLP pipeline."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from corroborator.corpus import dedup
from corroborator.corpus.compare import _findings
from corroborator.corpus.dates import window
from corroborator.corpus.link import Mention, incident_id, link
from corroborator.corpus.sources import content_key, iter_documents, split_header
from corroborator.corpus.store import MIGRATIONS, Store


def test_store_applies_named_migrations_once(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as s:
        assert s.migrations() == [name for name, _ in MIGRATIONS]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(db) as s:  # reopening applies nothing twice
        assert s.migrate() == []
        assert s.migrations() == [name for name, _ in MIGRATIONS]
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "events", "skips", "duplicates", "incidents", "incident_members", "actors",
            "actor_variants", "claims", "schema_migrations"} <= tables


def test_header_block_is_metadata_not_text():
    meta, body = split_header("A headline\ndate: 2024-01-05\noutlet: Some Paper\nlicence: CC-BY-4.0\n\nFirst line.\n")
    assert meta == {"title": "A headline", "published": "2024-01-05", "outlet": "Some Paper"}
    assert body == "First line.\n"
    meta, body = split_header("date: unknown\nurl: http://x.example/a\n\nBody.")
    assert meta == {"url": "http://x.example/a"} and body == "Body."
    text = "Just a text: with a colon.\nAnd a second line.\n"
    assert split_header(text) == ({}, text)


def test_content_key_depends_on_text_and_source_metadata():
    k = content_key("same text", {"outlet": "A"})
    assert k == content_key("same text", {"outlet": "A"})
    assert k != content_key("same text", {"outlet": "B"})
    assert k != content_key("other text", {"outlet": "A"})


def test_jsonl_lines_and_bad_lines(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "x1", "text": "Police detained five people in Lima.", "outlet": "O", "published": "2024-02-01"}\n'
                 "\n{not json\n"
                 '{"id": "x3", "title": "no text here"}\n', encoding="utf-8")
    items = list(iter_documents([str(tmp_path)]))
    assert [it.error is None for it in items] == [True, False, False]
    assert items[0].source == "x1" and items[0].meta == {"outlet": "O", "published": "2024-02-01"}
    assert items[1].error.code == "E109" and ":3" in items[1].error.detail
    assert "'text' or 'html'" in items[2].error.detail


BODY = (
    "The electoral commission postponed the regional vote by two weeks on Friday after heavy flooding cut roads "
    "to dozens of polling stations in the north. Opposition parties said the delay was unnecessary and accused "
    "the governing coalition of trying to buy time. The commission chairman told reporters that ballots could "
    "not be delivered safely and that a new timetable would be published on Monday. Observers from a regional "
    "body said they would stay in the country until the vote. Turnout in the first round had been low, and "
    "several candidates have asked for the register of voters to be checked again before the second round."
)


def _sig(text):
    mh, n = dedup.signature(text)
    return mh, n


def test_near_duplicates_wire_copy_and_trimmed_repost():
    index = dedup.DuplicateIndex(fetch_text={"orig": BODY}.get)
    mh, n = _sig(BODY)
    index.add("orig", mh, n)
    # same text (a new headline is metadata, not body)
    m = index.match(*_sig(BODY), BODY)
    assert m is not None and m.article_id == "orig" and m.jaccard == pytest.approx(1.0)
    # the repost keeps the first two thirds and drops the ending
    trimmed = BODY[: int(len(BODY) * 0.65)].rsplit(".", 1)[0] + "."
    m = index.match(*_sig(trimmed), trimmed)
    assert m is not None and m.group_id == "orig" and m.containment > 0.95 and m.jaccard < 0.75
    # another report on the same story in other words is not a copy
    other = ("Flooding in the north forced officials to push back the regional election by a fortnight, the "
             "commission announced, drawing criticism from opposition groups who called the move a stalling "
             "tactic. Ballot boxes could not reach many villages, the chairman explained at a press briefing.")
    assert index.match(*_sig(other), other) is None


def test_minhash_round_trips_through_bytes():
    mh, _ = _sig(BODY)
    back = dedup.from_bytes(dedup.to_bytes(mh))
    assert back.jaccard(mh) == 1.0


def test_date_windows_follow_precision():
    assert window("2024-02-10", "day") == ("2024-02-10", "2024-02-10")
    assert window("2024-02-10", "week") == ("2024-02-10", "2024-02-16")
    assert window("2024-02-01", "month") == ("2024-02-01", "2024-02-29")
    assert window("2024-01-01", "year") == ("2024-01-01", "2024-12-31")
    assert window(None, "day") == (None, None)


def _m(id, article, day, place=None, ptype="ASSAULT", actors=(), targets=(), words="police killed protesters clash",
       precision="day", country="KE", level="city", published=None):
    o = dt.date(2024, 3, day).toordinal()
    hi = o + 30 if precision == "month" else o
    return Mention(id=id, article=article, group=article, plover_type=ptype, lo=o, hi=hi, precision=precision,
                   country=country, place=place, place_level=level if place else None,
                   actors=frozenset(actors), targets=frozenset(targets), words=frozenset(words.split()),
                   published=published)


def _clusters(mentions, **kw):
    return sorted(sorted(mentions[i].id for i, _ in g) for g in link(mentions, **kw))


def test_same_event_in_two_outlets_is_one_incident():
    ms = [_m("a:1", "a", 10, "nairobi", actors={"police"}), _m("b:1", "b", 10, "nairobi", actors={"police"})]
    assert _clusters(ms) == [["a:1", "b:1"]]


def test_similar_but_different_events_stay_apart():
    ms = [
        _m("a:1", "a", 10, "nairobi", actors={"police"}),
        _m("b:1", "b", 11, "kisumu", actors={"police"}),  # next day, other city
        _m("c:1", "c", 10, "mombasa", actors={"police"}),  # same day, other city
        _m("d:1", "d", 10, None, ptype="AGREE", words="police killed protesters clash"),  # incompatible type
        _m("e:1", "e", 10, "nairobi", country="UG"),  # same words, other country
    ]
    assert _clusters(ms) == [["a:1"], ["b:1"], ["c:1"], ["d:1"], ["e:1"]]


def test_two_killings_with_other_victims_and_perpetrators_stay_apart():
    ms = [_m("a:1", "a", 10, "nairobi", actors={"gunmen"}, targets={"trader"}, words="gunmen shot killed trader market"),
          _m("b:1", "b", 10, "nairobi", actors={"soldiers"}, targets={"student"}, words="soldiers shot killed student campus")]
    assert _clusters(ms) == [["a:1"], ["b:1"]]


def test_a_country_level_report_cannot_glue_two_cities():
    ms = [
        _m("a:1", "a", 10, "nairobi"),
        _m("b:1", "b", 10, "mombasa"),
        _m("c:1", "c", 10, None),  # "clashes in Kenya": nests in either city, joins one at most
    ]
    clusters = _clusters(ms)
    assert ["a:1", "b:1"] not in clusters and not any({"a:1", "b:1"} <= set(c) for c in clusters)
    assert len(clusters) == 2


def test_coarse_dates_overlap_but_never_contradict_a_cluster():
    ms = [_m("a:1", "a", 1, None, precision="month"), _m("b:1", "b", 5, None), _m("c:1", "c", 20, None)]
    clusters = _clusters(ms)
    # the month report may join one of the two days, but the two days never share an incident
    assert not any({"b:1", "c:1"} <= set(c) for c in clusters)


def test_negated_and_predicted_mentions_are_not_incidents():
    ms = [_m("a:1", "a", 10, "nairobi"), _m("b:1", "b", 10, "nairobi")]
    ms[1].factuality = "negated"
    assert _clusters(ms) == [["a:1"]]


def test_incident_id_is_stable_hash_of_earliest_member():
    assert incident_id("x:e1") == incident_id("x:e1") != incident_id("x:e2")


def _src(outlet, published, value):
    return {"outlet": outlet, "published": published, "articles": [outlet], "fatalities":
            {"value": value, "text": str(value), "evidence": "..."}, "injured": None, "arrested": None,
            "participants": None}


def test_higher_toll_later_is_update_different_same_day_is_contradiction():
    f = _findings([_src("A", "2024-03-11", 12), _src("B", "2024-03-13", 19), _src("C", "2024-03-11", 9)])
    kinds = {(x["values"][0]["outlet"], x["values"][1]["outlet"]): x["kind"] for x in f}
    assert kinds[("A", "B")] == "update"
    assert kinds[("C", "B")] == "update"
    assert kinds.get(("A", "C"), kinds.get(("C", "A"))) == "contradiction"
    # a lower figure published later is not an update
    f = _findings([_src("A", "2024-03-11", 30), _src("B", "2024-03-13", 19)])
    assert [x["kind"] for x in f] == ["contradiction"]
    assert _findings([_src("A", "2024-03-11", 19), _src("B", "2024-03-13", 19)]) == []


def test_year_less_dates_take_the_articles_year():
    from corroborator.corpus.store import complete_year

    assert complete_year("5 January", "day", 2022) == "2022-01-05"
    assert complete_year("July 14th", "day", 2022) == "2022-07-14"
    assert complete_year("January", "month", 2022) == "2022-01-01"
    assert complete_year("Monday", "day", 2022) is None  # a weekday needs a publication date
    assert complete_year("31 February", "day", 2022) is None


def test_copies_link_their_events_without_dates():
    # two versions of one report (one duplicate group), events undated: same type and sentence link
    a = Mention(id="a:1", article="a", group="g", plover_type="ASSAULT", country="LK",
                words=frozenset("supporters attacked protesters outside offices colombo injuring".split()))
    b = Mention(id="b:1", article="b", group="g", plover_type="ASSAULT", country="LK",
                words=frozenset("ruling party supporters attacked protesters outside offices colombo injuring".split()))
    c = Mention(id="c:1", article="c", group="c", plover_type="ASSAULT", country="LK", words=a.words)
    d = Mention(id="b:2", article="b", group="g", plover_type="COERCE", country="LK", words=a.words)
    assert _clusters([a, b, c, d]) == [["a:1", "b:1"], ["b:2"], ["c:1"]]


def test_store_backed_index_finds_copies_after_reopening(tmp_path):
    from corroborator.contract.records import Article, ArticleAnalysis

    db = tmp_path / "d.db"
    with Store(db) as s:
        mh, n = _sig(BODY)
        s.add_article("orig", ArticleAnalysis(article=Article(id="x", text=BODY)), minhash=dedup.to_bytes(mh),
                      shingles=n, bands=dedup.band_keys(mh))
    with Store(db) as s:  # a new run: the index is in the file, nothing is loaded into memory
        index = dedup.DuplicateIndex(s)
        trimmed = BODY[: int(len(BODY) * 0.6)].rsplit(".", 1)[0] + "."
        m = index.match(*_sig(trimmed), trimmed)
        assert m is not None and m.article_id == "orig" and m.containment > 0.95
        assert index.match(*_sig("Completely different words about a harvest festival and its music, "
                                  "held every autumn in the hills for three days and nights."), "x") is None
        assert s.conn.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == dedup.BANDS


def test_count_documents_matches_iteration(tmp_path):
    from corroborator.corpus.sources import count_documents

    (tmp_path / "a.txt").write_text("One report.", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    (tmp_path / "in.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n', encoding="utf-8")
    assert count_documents([str(tmp_path)]) == len(list(iter_documents([str(tmp_path)]))) == 3


def test_two_versions_of_one_report_are_a_revision():
    a, b = _src("A", "2024-03-11", 20), _src("A2", "2024-03-11", 200)
    a["group"] = b["group"] = "g"
    assert [x["kind"] for x in _findings([a, b])] == ["revision"]
