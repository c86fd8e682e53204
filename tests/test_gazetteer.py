"""Offline gazetteer: cities, countries, regions, facilities and demonyms."""

from __future__ import annotations

import pytest

from corroborator.lexicons import gazetteer


@pytest.fixture(scope="module")
def gz():
    return gazetteer.default()


def test_juliaca_is_a_peruvian_city(gz):
    p = gz.resolve("Juliaca")
    assert (p.name, p.country, p.precision) == ("Juliaca", "PE", "city")
    assert p.lat == pytest.approx(-15.5, abs=0.05) and p.lon == pytest.approx(-70.13, abs=0.05)
    assert p.geonameid == 3937513


def test_arequipa_and_puno(gz):
    assert gz.resolve("Arequipa").lat == pytest.approx(-16.40, abs=0.05)
    puno = gz.resolve("Puno")
    assert puno.country == "PE" and puno.precision == "city"


def test_country_names_and_aliases(gz):
    peru = gz.resolve("Peru")
    assert (peru.country, peru.precision) == ("PE", "country")
    # a rough centre inside the country, not a city
    assert -18.5 < peru.lat < 0 and -81.5 < peru.lon < -68.5
    assert gz.resolve("the United States").country == "US"
    assert gz.country_code("U.S.") == "US"
    assert gz.country_code("Britain") == "GB"
    assert gz.country_code("us") is None  # the pronoun is not a country


def test_centre_of_a_country_across_the_antimeridian(gz):
    fiji = gz.resolve("Fiji")
    assert abs(fiji.lon) > 170


def test_same_name_prefers_the_largest_then_the_preferred_country(gz):
    assert gz.resolve("Lima").country == "PE"
    assert gz.resolve("Lima", prefer=("US",)).country == "US"
    # a preferred country without such a city does not block the lookup
    assert gz.resolve("Lima", prefer=("FR",)).country == "PE"


def test_accents_and_alternate_spellings(gz):
    assert gz.resolve("Bogota").country == "CO"
    assert gz.resolve("Cuzco").name == "Cusco"


def test_regions(gz):
    r = gz.resolve("the Puno region")
    assert (r.precision, r.country, r.city) == ("region", "PE", "Puno")
    assert gz.resolve("department of Arequipa").precision == "region"
    ca = gz.resolve("California")
    assert (ca.precision, ca.country) == ("region", "US")
    # a big city beats a US state of the same name
    assert gz.resolve("Washington").precision == "city"


def test_facilities_resolve_to_their_city(gz):
    f = gz.resolve("the Alfredo Rodriguez Ballon International Airport")
    assert f.precision == "facility" and f.city == "Arequipa" and f.country == "PE"
    assert f.name == "Alfredo Rodriguez Ballon International Airport, Arequipa"
    assert f.lat == pytest.approx(-16.34, abs=0.05)
    assert gz.resolve("Rodriguez Ballon airport").city == "Arequipa"
    assert gz.resolve("Juliaca airport").city == "Juliaca"
    assert gz.resolve("Inca Manco Capac International Airport").city == "Juliaca"
    assert gz.resolve("Jorge Chávez International Airport").city == "Callao"
    assert gz.facility("AQP airport").city == "Arequipa"
    assert gz.facility("Arequipa") is None


def test_every_facility_city_is_in_geonames(gz):
    from corroborator.lexicons import codebook

    for fac in codebook.load("facilities")["facilities"]:
        city = gz.city(fac["city"], prefer=(fac["country"],))
        assert city is not None and city.country == fac["country"], fac["name"]
        # the facility lies near its city
        assert abs(city.lat - fac["lat"]) < 0.6 and abs(city.lon - fac["lon"]) < 0.6, fac["name"]


def test_demonyms(gz):
    assert gz.demonym("Peruvian") == "PE"
    assert gz.demonym("Peruvians") == "PE"
    assert gz.demonym("Bolivian") == "BO"
    assert gz.demonym("Frenchmen") == "FR"
    assert gazetteer.demonym_country("Chinese") == "CN"
    assert gz.demonym("Leninist") is None


def test_unknown_names(gz):
    assert gz.resolve("Free Peru") is None
    assert gz.resolve("Congress") is None
    assert gz.resolve("") is None


def test_built_once(gz):
    assert gazetteer.default() is gz
