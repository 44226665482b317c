"""Reading a user's place: nodes, towns (with other names and scripts), coordinates, UN/LOCODEs."""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.errors import AmbiguousNodeError, AmbiguousPlaceError, UnknownNodeError, UnknownPlaceError
from corridor.network.model import Network
from corridor.places.resolve import resolve_place


@pytest.fixture(scope="module")
def eurasia() -> Network:
    return bundled_network()


def test_a_node_is_the_node(eurasia: Network) -> None:
    for query in ("DEDUI", "Duisburg", "duisburg"):
        found = resolve_place(eurasia, query)
        assert found.node is not None
        assert found.node.node_id == "DEDUI"
        assert found.place is None


@pytest.mark.parametrize(
    ("query", "name", "country", "lat", "lon"),
    [
        ("Lyon, FR", "Lyon", "FR", 45.749, 4.848),  # GeoNames 2996944
        ("lyon,fr", "Lyon", "FR", 45.749, 4.848),
        ("Atyrau", "Atyrau", "KZ", 47.105, 51.884),  # GeoNames 610529
        ("Алматы", "Almaty", "KZ", 43.252, 76.912),  # the Cyrillic name
        ("Alma-Ata", "Almaty", "KZ", 43.252, 76.912),  # the old name
        ("苏州", "Suzhou", "CN", 31.304, 120.595),  # Chinese characters: Suzhou, Jiangsu
        ("Soochow", "Suzhou", "CN", 31.304, 120.595),  # the postal romanisation
    ],
)
def test_a_town_by_its_name_other_names_and_scripts(
    eurasia: Network, query: str, name: str, country: str, lat: float, lon: float
) -> None:
    found = resolve_place(eurasia, query)
    assert found.node is None
    assert found.place is not None
    assert (found.place.name, found.place.country) == (name, country)
    assert (found.place.lat, found.place.lon) == pytest.approx((lat, lon), abs=0.01)


def test_transliterations_fold_to_one_town(tiny: Network) -> None:
    """Off the bundled network (no Łódź node) "Łódź", "Lodz" and "LODZ" are one town; "Xian" is Xi'an."""
    places = [resolve_place(tiny, q).place for q in ("Łódź", "Lodz", "LODZ", "Łódź, PL")]
    assert {(p.name, p.country) for p in places if p is not None} == {("Łódź", "PL")}
    xian = resolve_place(tiny, "Xian").place
    assert xian is not None
    assert xian.country == "CN"
    assert xian.lat == pytest.approx(34.258, abs=0.01)


def test_a_misspelt_town_gets_suggestions_not_a_guess(eurasia: Network) -> None:
    with pytest.raises(UnknownPlaceError) as err:
        resolve_place(eurasia, "Lyonn, FR")
    assert "Lyon, FR" in err.value.suggestions
    assert str(err.value).startswith("unknown place 'Lyonn, FR': did you mean")
    assert isinstance(err.value, UnknownNodeError)  # the API's 404, the CLI's one line


def test_two_alexandrias_are_answered_with_the_candidates(eurasia: Network) -> None:
    with pytest.raises(AmbiguousPlaceError) as err:
        resolve_place(eurasia, "Alexandria")
    countries = {c.split(", ")[1][:2] for c in err.value.candidates}
    assert {"EG", "US", "RO"} <= countries
    assert "add the country" in str(err.value)
    assert isinstance(err.value, AmbiguousNodeError)
    # with its country the Egyptian one is meant
    egypt = resolve_place(eurasia, "Alexandria, EG").place
    assert egypt is not None
    assert egypt.lat == pytest.approx(31.20, abs=0.01)


def test_suzhou_alone_is_ambiguous_and_with_its_country_the_large_one_is_taken_and_said(
    eurasia: Network,
) -> None:
    with pytest.raises(AmbiguousPlaceError):
        resolve_place(eurasia, "Suzhou")
    found = resolve_place(eurasia, "Suzhou, CN")
    assert found.place is not None
    assert found.place.admin1 == "04"
    assert found.how == "town, the largest of several"
    assert any("region 01" in other for other in found.others)


def test_coordinates_take_the_country_of_the_nearest_town(eurasia: Network) -> None:
    found = resolve_place(eurasia, "43.238,76.945")
    assert found.place is not None
    assert (found.place.lat, found.place.lon, found.place.country) == (43.238, 76.945, "KZ")
    assert "Almaty" in found.how


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("91,10", "latitude must be in -90..90"),
        ("50.0,-40.0", "no country for these coordinates"),  # mid-Atlantic
    ],
)
def test_bad_coordinates_say_why(eurasia: Network, query: str, reason: str) -> None:
    with pytest.raises(UnknownPlaceError, match=reason):
        resolve_place(eurasia, query)


@pytest.mark.parametrize(
    ("query", "name", "country"),
    [
        ("CNSZH", "Suzhou", "CN"),
        ("FRLYS", "Lyon", "FR"),
        ("CN SZH", "Suzhou", "CN"),
        ("CNSNZ", "Shenzhen", "CN"),
    ],
)
def test_a_un_locode_of_the_bundled_list(eurasia: Network, query: str, name: str, country: str) -> None:
    found = resolve_place(eurasia, query)
    assert found.place is not None
    assert (found.place.name, found.place.country, found.place.locode) == (
        name,
        country,
        query.replace(" ", ""),
    )


@pytest.mark.parametrize("query", ["CNSZV", "CN SZV", "cnszv"])
def test_an_iata_code_typed_for_a_un_locode_is_read_as_the_un_locode_and_says_so(
    eurasia: Network, query: str
) -> None:
    """UN/LOCODE lists Suzhou, Jiangsu as CN SZH with IATA SZV; CNSZV is what forwarders often type."""
    found = resolve_place(eurasia, query)
    assert found.place is not None
    assert (found.place.name, found.place.country, found.place.locode) == ("Suzhou", "CN", "CNSZH")
    assert found.how == "UN/LOCODE CNSZH; CNSZV is its IATA code, not a UN/LOCODE"
    assert found.place.lat == pytest.approx(31.3, abs=0.2)  # Jiangsu's Suzhou (UN/LOCODE 3119N 12037E)


def test_an_unknown_un_locode_says_which_codes_are_known(eurasia: Network) -> None:
    with pytest.raises(UnknownPlaceError, match="no full UN/LOCODE table is bundled"):
        resolve_place(eurasia, "ZZZZZ")
