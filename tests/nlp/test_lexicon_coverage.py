"""Trigger-lexicon coverage (codebooks/event_lexicon.json 1.1): verbs, phrasal verbs and idioms added
for easing measures, reducing relations, support, cooperation, aid, protest forms and violence.

The lexicon is tested alone (no classifier fallback), on sentences written for this test. The
second group uses the same words in ordinary, non-event senses: they must not give an event of the
type the word codes when it is used eventively.
"""

from __future__ import annotations

import pytest

from corroborator import analyze_text
from corroborator.contract.settings import Settings

LEXICON_ONLY = Settings(use_classifier=False, detect_language=False)


def _types(text: str) -> list[str]:
    return [e.plover.type for e in analyze_text(text, settings=LEXICON_ONLY).events]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Unknown assailants strangled a local councillor in his home on Sunday, police said.", "ASSAULT"),
        ("Prison guards subjected the detainees to beatings, a rights group said.", "ASSAULT"),
        ("The electoral board deregistered two opposition parties on Tuesday.", "COERCE"),
        ("Soldiers commandeered several fishing boats in the harbour.", "COERCE"),
        ("Police officers took over the broadcaster's headquarters on Monday.", "COERCE"),
        ("The interior ministry shortened the overnight curfew by two hours.", "RETREAT"),
        ("The cabinet revoked the state of emergency in three provinces.", "RETREAT"),
        ("Both armies lowered their alert level along the frontier.", "RETREAT"),
        ("The government downgraded its representation at the embassy in Tehran after the row.", "SANCTION"),
        ("The donor pulled the plug on its aid programme for the ministry.", "SANCTION"),
        ("After weeks of protests, the government gave ground on the fuel tax.", "CONCEDE"),
        ("Senegal's foreign minister canvassed Gulf governments on behalf of the Moroccan bid.", "SUPPORT"),
        ("The opposition party threw its weight behind the peace plan.", "SUPPORT"),
        ("Customs officials tipped off police in the neighbouring country about the shipment.", "COOPERATE"),
        ("Military helicopters ferried food and medicine to villages cut off by the floods.", "AID"),
        ("Hundreds of teachers chained themselves to the railings of the education ministry.", "PROTEST"),
        ("The defence ministry drafted in extra troops to guard the capital.", "MOBILIZE"),
    ],
)
def test_new_trigger_codes_the_event(text, expected):
    types = _types(text)
    assert types and types[0] == expected, types


@pytest.mark.parametrize(
    "text, not_expected",
    [
        ("Critics say the new tax rules will strangle small businesses.", "ASSAULT"),
        ("Volunteers canvassed voters door to door before the local election.", "SUPPORT"),
        ("The central bank lowered interest rates for the third time this year.", "RETREAT"),
        ("The committee will play a key role in drafting the budget.", "CONSULT"),
        ("Many voters stayed away from the polls because of the heavy rain.", "PROTEST"),
        ("The minister expects the reforms to come to fruition next year.", "AID"),
    ],
)
def test_new_word_in_a_non_event_sense(text, not_expected):
    assert not_expected not in _types(text)
