"""Actors across sources: titles resolved to the person named nearby, surnames to full names (issue 12)."""

from __future__ import annotations

from corroborator.corpus.actors import group_names, resolve_titles, title_only, titled_person


def _a(text, name, start, kind="government"):
    return {"text": text, "name": name, "kind": kind, "start": start, "end": start + len(text)}


def test_a_bare_title_is_recognised_with_its_office():
    assert title_only("the prime minister") == (frozenset({"prime", "minister"}), False)
    assert title_only("Freedonia's president") == (frozenset({"president"}), False)
    assert title_only("former president") == (frozenset({"president"}), True)
    assert title_only("President Ortiz") is None and title_only("local governors") is None
    assert title_only("presidential palace") is None


def test_a_title_written_before_a_name():
    assert titled_person("Freedonian Prime Minister Ana Ortiz", "Ana Ortiz") == (frozenset({"prime", "minister"}), False)
    assert titled_person("the former president, Luis Vega", "Luis Vega") == (frozenset({"president"}), True)
    assert titled_person("The Prime Minister of Freedonia", "Freedonia") is None
    assert titled_person("Ana Ortiz", "Ana Ortiz") is None


def test_the_prime_minister_is_the_one_named_earlier():
    # "Prime Minister Ana Ortiz resigned ... Later the prime minister said ..."
    out = resolve_titles([_a("Prime Minister Ana Ortiz", "Ana Ortiz", 0), _a("the prime minister", "prime minister", 120),
                          _a("the president", "president", 200)])
    assert [(o["person"], o["title"]) for o in out] == [("Ana Ortiz", None), ("Ana Ortiz", "the prime minister"),
                                                        (None, None)]  # no president was named


def test_a_former_president_never_resolves_to_the_serving_one():
    out = resolve_titles([_a("President Luis Vega", "Luis Vega", 0), _a("the former president", "former president", 90)])
    assert out[1]["person"] is None
    out = resolve_titles([_a("former President Rosa Diaz", "Rosa Diaz", 0), _a("President Luis Vega", "Luis Vega", 40),
                          _a("the former president", "former president", 90), _a("the president", "president", 130)])
    assert [o["person"] for o in out[2:]] == ["Rosa Diaz", "Luis Vega"]


def test_a_title_takes_the_name_in_apposition():
    text = "Freedonia's president, Luis Vega, has not kept his promises. The president said more."
    title = _a("Freedonia's president", "Freedonia's president", 0)
    # the name is found by the entity recogniser, or read from the apposition when it missed it
    assert resolve_titles([title], [(23, 32, "Luis Vega")], text)[0]["person"] == "Luis Vega"
    out = resolve_titles([title, _a("The president", "president", 62)], [], text)
    assert [o["person"] for o in out] == ["Luis Vega", "Luis Vega"]


def test_a_bare_surname_is_the_full_name_named_before_it():
    people = [(0, 9, "Luis Vega"), (30, 39, "Rosa Vega"), (60, 69, "Luis Vega"), (100, 104, "Vega")]
    out = resolve_titles([_a("Vega", "Vega", 100, kind="person")], people)
    assert out[0]["person"] == "Luis Vega"  # named twice before, Rosa once


def test_hyphenated_and_spaced_first_names_group():
    names = [("Jean-Luc Moreau", "person"), ("Jean Luc Moreau", "person"), ("Moreau", "person"),
             ("Anne Moreau", "person")]
    groups = sorted(sorted(names[i][0] for i in g) for g in group_names(names))
    assert ["Jean Luc Moreau", "Jean-Luc Moreau", "Moreau"] in groups and ["Anne Moreau"] in groups
