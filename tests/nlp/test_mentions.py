"""The mention layer: paragraphs, persons and aliases, titled references, pronouns, countries."""

from __future__ import annotations

import pytest

from corroborator.run.analyze import state_for


@pytest.fixture(scope="module")
def layer():
    cache = {}

    def get(text: str):
        if text not in cache:
            cache[text] = state_for(text, stages={"mentions"}).mentions
        return cache[text]

    return get


def test_full_name_surname_and_spelling_variant_are_one_person(layer):
    m = layer(
        "Interior Minister Carla Montoya met union leaders in Arequipa on Tuesday. "
        "Montoya said the talks would go on. Later, Montoyya told reporters she was hopeful."
    )
    carla = m.person_named("Carla Montoya")
    assert carla is not None and carla.name == "Carla Montoya"
    assert m.person_named("Montoya") == carla
    assert m.person_named("Montoyya") == carla  # a misspelt surname in the same text
    assert carla.kind == "government" and "interior minister" in carla.titles


def test_two_people_with_one_surname_stay_apart(layer):
    m = layer("Elena Castro and Pablo Castro addressed the crowd in Cusco on Monday. Castro then left.")
    assert m.person_named("Elena Castro") != m.person_named("Pablo Castro")
    assert m.person_named("Castro") is None  # ambiguous: not guessed
    assert [p.name for p in m.persons] == ["Elena Castro", "Pablo Castro"]


def test_a_bare_title_names_the_titled_person_met_before(layer):
    text = "Prime Minister Alberto Quispe announced a curfew. The prime minister said it would last a week."
    m = layer(text)
    doc = m.doc
    the = next(t for t in doc if t.text == "The")
    person = m.person_at(doc[the.i + 1])
    assert person is not None and person.name == "Alberto Quispe"


def test_pronouns_resolve_to_the_last_person_or_group(layer):
    text = (
        "Governor Lucia Paredes visited the hospital in Puno. She promised more doctors.\n\n"
        "Hundreds of farmers blocked the highway near Juliaca. They demanded lower fuel prices."
    )
    m = layer(text)
    doc = m.doc
    she = next(t for t in doc if t.text == "She")
    they = next(t for t in doc if t.text == "They")
    assert m.antecedent(she).name == "Lucia Paredes"
    group = m.antecedent(they)
    assert group is not None and "farmers" in group.text


def test_pronoun_far_from_any_person_is_left_alone(layer):
    text = "Senator Rosa Vega spoke.\n\nA storm hit the coast.\n\nRoads were closed.\n\nTrees fell.\n\nHe was not seen again."
    m = layer(text)
    he = next(t for t in m.doc if t.text == "He")
    assert m.antecedent(he) is None


def test_paragraphs_follow_line_breaks(layer):
    m = layer("First sentence here. Second one.\n\nA new paragraph starts. It goes on.\nAnother line.")
    assert [m.paragraph(i) for i in range(5)] == [0, 0, 1, 1, 2]


def test_main_country_from_mentions(layer):
    m = layer("Peru and Chile signed a border accord in Lima. Peruvian police arrested two men near Tacna.")
    assert m.main_country == "PE"
    assert m.countries[0] == "PE" and "CL" in m.countries


def test_the_layer_is_plain_data_on_the_doc():
    import srsly

    state = state_for("President Ana Torres spoke in Quito. She left.", stages={"mentions"})
    data = state.doc._.corroborator_mentions
    assert srsly.msgpack_loads(srsly.msgpack_dumps(data)) == data
    assert state.doc.to_bytes()  # serialisable as spaCy serialises Docs for nlp.pipe(n_process=...)


def test_gender_comes_from_honorifics_and_gendered_titles(layer):
    m = layer(
        "Mrs. Ana Torres met spokesman Diego Salas in Tacna on Friday. "
        "Torres said the port would reopen, and Salas agreed."
    )
    assert m.person_named("Ana Torres").gender == "f"
    assert m.person_named("Diego Salas").gender == "m"
    index = m.person_index()
    she_at = m.doc.text.index("agreed")
    assert index.last_person_before(she_at, gender="f") == "Ana Torres"
    assert index.last_person_before(she_at, gender="m") == "Diego Salas"


def test_a_former_title_is_not_the_current_office(layer):
    text = (
        "Former President Jorge Benavides criticised the decree. President Marta Quiroga signed it anyway. "
        "The president said the decree was lawful."
    )
    m = layer(text)
    assert m.holder_of("president", text.index("The president")) == "Marta Quiroga"
    only_former = layer("Former President Jorge Benavides criticised the decree. The president did not reply.")
    assert only_former.holder_of("president", len(only_former.doc.text)) is None


def test_a_first_name_alone_expands_to_the_full_name(layer):
    m = layer("Activist Zulema Paucar led the march in Ayacucho. Later, Zulema told the crowd to go home.")
    assert m.full_name("Zulema") == "Zulema Paucar"
    assert m.full_name("Paucar") == "Zulema Paucar"
    assert m.full_name("Nobody") == "Nobody"


def test_it_stands_for_the_organisation_named_before(layer):
    text = "The World Health Organization sent doctors to the southern highlands. It said more would follow."
    m = layer(text)
    it = text.index("It said")
    assert m.thing_before(it) == "World Health Organization"
    assert m.thing_before(it, not_before=it - 3) is None  # not named in the window asked for


def test_each_stage_gets_its_own_copy_of_the_person_index(layer):
    m = layer("Senator Rosa Vega spoke in Lima on Monday.")
    mine = m.person_index()
    mine.add_person(0, "Someone Else")
    assert "Someone Else" not in m.person_index().person_name
    assert m.person_index().person_name == ["Rosa Vega"]


def test_he_and_she_skip_a_person_of_the_other_gender(layer):
    text = "Mrs. Ana Torres met spokesman Diego Salas in Tacna. She said the port would reopen, and he agreed."
    m = layer(text)
    she = next(t for t in m.doc if t.text == "She")
    he = next(t for t in m.doc if t.text == "he")
    assert m.antecedent(she).name == "Ana Torres"
    assert m.antecedent(he).name == "Diego Salas"


def test_the_title_does_not_name_a_former_holder(layer):
    text = "Former Interior Minister Raul Chavez spoke in Lima. The interior minister did not attend."
    m = layer(text)
    assert "former interior minister" in m.person_named("Raul Chavez").titles
    the = next(t for t in m.doc if t.text == "The")
    assert m.person_at(m.doc[the.i + 1]) is None
    current = layer("Interior Minister Raul Chavez spoke in Lima. The interior minister did not stay.")
    the = next(t for t in current.doc if t.text == "The")
    assert current.person_at(current.doc[the.i + 1]).name == "Raul Chavez"


def test_a_name_only_a_title_introduces_has_the_titles_gender(layer):
    # the recogniser may miss a name after an honorific; the title still introduces a person
    text = "Mrs. Ana Torres met President Diego Salas in Tacna."
    index = layer(text).person_index()
    assert "Ana Torres" in index.person_name
    assert index.gender.get("Ana Torres") == "f"


def test_a_name_as_written_drops_every_title_and_the_possessive():
    from corroborator.nlp.mentions import name_as_written

    assert name_as_written("President Pedro Castillo's") == "Pedro Castillo"
    assert name_as_written("Former Interior Minister Carla Montoya") == "Carla Montoya"
    assert name_as_written("Col. Tomas Varga’s") == "Tomas Varga"
    assert name_as_written("Kassym-Jomart Tokayev") == "Kassym-Jomart Tokayev"
    assert name_as_written("the minister") is None  # titles only, nothing capitalised


def test_titles_are_read_with_the_token_where_they_were_written(layer):
    text = "Prime Minister Alberto Otarola spoke on Monday. Otarola said the curfew would stay."
    m = layer(text)
    otarola = m.person_named("Otarola")
    assert otarola is not None and otarola.title_at == (("prime minister", 0),)
    assert m.doc[0].text == "Prime"


# ---- one person structure (issue 9): one reading of a name, one grouping, read by every stage


@pytest.fixture(scope="module")
def coded():
    """state_for(text, stages={"events"}) once per text: the events' actors and the speakers."""
    cache = {}

    def get(text: str):
        if text not in cache:
            cache[text] = state_for(text, stages={"events"})
        return cache[text]

    return get


def _names_in_output(state, surname: str) -> tuple[set, set]:
    """(event actor and target names, speaker names) that end with ``surname``."""
    actors = {a.name for ev in state.events for a in [*ev.actors, *ev.targets] if a.name.endswith(surname)}
    speakers = {a.speaker for a in state.attributions.values() if a.speaker and a.speaker.endswith(surname)}
    return actors, speakers


def test_a_hyphenated_given_name_is_one_person_for_speaker_and_event_actor(coded):
    state = coded(
        "The strike spread on Tuesday when Zhan-Arys Nurpeisov, a union leader, called for a walkout. "
        "Nurpeisov said workers would stay out."
    )
    assert [p.name for p in state.mentions.persons] == ["Zhan-Arys Nurpeisov"]
    actors, speakers = _names_in_output(state, "Nurpeisov")
    assert actors == {"Zhan-Arys Nurpeisov"} and speakers == {"Zhan-Arys Nurpeisov"}


def test_a_name_the_recogniser_cut_at_a_hyphen_is_read_whole(nlp):
    from spacy.tokens import Doc, Span

    from corroborator.nlp.mentions import clean_person_name, name_bounds

    words = ["Protesters", "met", "Kassym", "-", "Jomart", "Tokayev", "'s", "envoy", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, False, False, True, False, True, False, False])
    ent = Span(doc, 4, 6, label="PERSON")  # the recogniser took "Jomart Tokayev" only
    assert name_bounds(doc, ent.start, ent.end) == (2, 6)
    assert clean_person_name(ent) == "Kassym-Jomart Tokayev"
    assert clean_person_name(Span(doc, 4, 7, label="PERSON")) == "Kassym-Jomart Tokayev"  # the possessive left out
    assert name_bounds(doc, 3, 4) is None  # a hyphen alone names no one


def test_a_surname_alone_expands_the_same_way_for_speaker_and_event_target(coded):
    # the recogniser tags only the later surname; the full name before it is read as a name too
    state = coded("Police detained Aibek-Nurlan Sadykov, the opposition leader, in Oral on Monday. Sadykov said the arrests were illegal.")
    sadykov = state.mentions.person_named("Sadykov")
    assert sadykov is not None and sadykov.name == "Aibek-Nurlan Sadykov"
    assert state.mentions.full_name("Sadykov") == "Aibek-Nurlan Sadykov"
    actors, speakers = _names_in_output(state, "Sadykov")
    assert actors == {"Aibek-Nurlan Sadykov"} and speakers == {"Aibek-Nurlan Sadykov"}


def test_a_titled_name_the_recogniser_tagged_org_is_a_person_for_events_too(coded):
    state = coded(
        "Uzbekistan’s authoritarian President Rustam-Bek Nurmatov has ordered troops to shoot without warning. "
        "Nurmatov said the protesters were bandits."
    )
    ent = next(e for e in state.doc.ents if "Nurmatov" in e.text)
    assert ent.label_ == "ORG"  # the case under test: a name only its title says is a person's
    (person,) = state.mentions.persons
    assert person.name == "Rustam-Bek Nurmatov" and person.kind == "government"
    ordered = next(ev for ev in state.events if ev.trigger.text == "ordered")
    assert [(a.name, a.kind) for a in ordered.actors] == [("Rustam-Bek Nurmatov", "government")]
    _, speakers = _names_in_output(state, "Nurmatov")
    assert speakers == {"Rustam-Bek Nurmatov"}


def test_persons_the_roster_and_the_index_are_views_of_one_grouping(layer):
    m = layer(
        "Mrs. Zulema Paucar led the march in Ayacucho. Paucar met Interior Minister Raul Chavez. "
        "Later, Zulema said Chavez had promised an inquiry."
    )
    index = m.person_index()
    assert [p.name for p in m.persons] == ["Zulema Paucar", "Raul Chavez"]
    for p in m.persons:
        for variant in p.variants:
            assert index.full_name(variant) == p.name == m.person_named(variant).name
    assert set(index.person_name) == {"Zulema Paucar", "Raul Chavez"}  # every name written, under one name
    assert index.gender == {"Zulema Paucar": "f"} and m.persons[0].gender == "f"
    assert [(office, name) for _pos, office, name in index.roles] == [("interior minister", "Raul Chavez")]
    assert m.persons[1].offices[0][0] == "interior minister"


def test_a_full_name_and_its_shorter_form_are_one_person(layer):
    m = layer("Jean-Claude Ortiz spoke in Lima on Monday. Claude Ortiz said the talks had failed. Maria Ortiz disagreed.")
    assert [p.name for p in m.persons] == ["Jean-Claude Ortiz", "Maria Ortiz"]
    assert m.person_named("Claude Ortiz").name == "Jean-Claude Ortiz"
    assert m.person_named("Ortiz") is None  # two persons carry the surname


def test_the_target_of_a_coup_label_and_the_event_actor_are_one_name():
    from corroborator import analyze_text

    a = analyze_text(
        "Mongolia’s authoritarian President Batbold-Erdene Tsogt dissolved parliament on Monday and ordered troops to "
        "seize the state television station, in what opposition leaders called a self-coup. "
        "Tsogt said the move was needed to restore order."
    )
    actors = {x.name for e in a.events for x in e.actors if "Tsogt" in x.name}
    targets = {lab.target for c in a.coups for lab in c.labels}
    assert actors == {"Batbold-Erdene Tsogt"}
    assert targets == {"Batbold-Erdene Tsogt"}  # not "Mongolia’s authoritarian President Batbold-Erdene Tsogt"


def test_an_untagged_surname_as_subject_is_a_pronouns_antecedent_and_as_object_is_not(layer):
    """The layer's one set of pronoun candidates (every stage reads it): the names read, and a
    surname the recogniser left untagged where it is a clause's subject -- not where it is an
    object, so "she" after "voted to remove Velarde" stays with the subject before it."""
    subject = layer(
        "Interior Minister Ramon Velarde spoke in Lima on Monday. Governor Lucia Paredes spoke in Cusco.\n\n"
        "In March, Velarde had met the union leaders, but he had also met the mine owners.\n"
    )
    velarde = [t for t in subject.doc if t.text == "Velarde"][-1]
    assert velarde.ent_type_ != "PERSON" and velarde.dep_ == "nsubj"  # the case under test
    he = next(t for t in subject.doc if t.text == "he")
    assert subject.antecedent(he).name == "Ramon Velarde"  # not Lucia Paredes, the last name the recogniser tagged
    obj = layer(
        "Interior Minister Ramon Velarde spoke in Lima on Monday. Governor Lucia Paredes spoke in Cusco.\n\n"
        "Paredes, who took office after Congress voted to remove Velarde, has called for talks. "
        "She said on Tuesday that the roads would reopen.\n"
    )
    velarde = [t for t in obj.doc if t.text == "Velarde"][-1]
    assert velarde.ent_type_ != "PERSON" and obj.name_at(velarde).person.name == "Ramon Velarde"
    she = next(t for t in obj.doc if t.text == "She")
    assert obj.antecedent(she).name == "Lucia Paredes"


def test_a_given_name_the_recogniser_left_out_is_read_with_the_name_but_not_a_title_word(nlp):
    """One capitalised proper noun just before a PERSON entity, claimed by no entity, is its given
    name ("spokeswoman Ana [Rey]"); not when it ends a longer proper-noun run or follows an entity,
    where it is a title's or an organisation's last word ("County Executive [Jon Pike]")."""
    from spacy.tokens import Doc

    from corroborator.nlp.mentions import Mentions, build

    def persons(words, pos, ents):
        doc = Doc(nlp.vocab, words=words, pos=pos, ents=ents)
        return [p.name for p in Mentions(doc, build(doc, [doc[:]], set())).persons]

    cut = ["Police", "spokeswoman", "Ana", "Rey", "said", "the", "road", "was", "open", "."]
    assert persons(cut, ["NOUN", "NOUN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"],
                   ["O", "O", "O", "B-PERSON", "O", "O", "O", "O", "O", "O"]) == ["Ana Rey"]
    titled = ["Lake", "County", "Executive", "Jon", "Pike", "said", "the", "road", "was", "open", "."]
    assert persons(titled, ["PROPN", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "DET", "NOUN", "AUX", "ADJ", "PUNCT"],
                   ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O"]) == ["Jon Pike"]
