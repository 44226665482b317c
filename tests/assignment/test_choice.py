"""Properties of the nested logit and the corridor classification."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridor.assignment import LogitParameters, classify_corridor, nested_logit_shares

CORRIDORS = ["sea", "northern", "middle", "southern"]
options = st.lists(
    st.tuples(st.floats(0, 50_000, allow_nan=False), st.sampled_from(CORRIDORS)), min_size=1, max_size=12
)
logits = st.builds(
    LogitParameters,
    scale_per_usd=st.floats(1e-5, 1e-2),
    constants=st.dictionaries(st.sampled_from(CORRIDORS), st.floats(-50, 50), max_size=4),
    default_nest_scale=st.floats(0.05, 1.0),
)


@given(options, logits)
def test_shares_are_probabilities(items: list[tuple[float, str]], logit: LogitParameters) -> None:
    shares = nested_logit_shares([c for c, _ in items], [n for _, n in items], logit)
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert sum(shares) == pytest.approx(1.0, abs=1e-9)


@given(options, logits, st.integers(0, 11), st.floats(1.0, 5_000.0))
def test_a_dearer_option_never_gains(
    items: list[tuple[float, str]], logit: LogitParameters, pick: int, rise: float
) -> None:
    i = pick % len(items)
    costs, nests = [c for c, _ in items], [n for _, n in items]
    before = nested_logit_shares(costs, nests, logit)[i]
    costs[i] += rise
    assert nested_logit_shares(costs, nests, logit)[i] <= before + 1e-12


@pytest.mark.parametrize(
    ("countries", "modes", "nodes", "corridor"),
    [
        (["CN", "KZ", "RU", "BY", "PL", "DE"], ["rail"], [], "northern"),
        (["CN", "KZ", "TM", "IR", "TR"], ["rail"], [], "southern"),
        (["CN", "KZ", "AZ", "GE", "TR"], ["rail", "sea"], ["KZAAU", "AZ-ALAT"], "middle"),
        (["CN", "KZ", "AZ", "GE"], ["rail"], [], "middle"),
        (["CN", "EG", "GE"], ["sea", "rail"], ["CNSHA", "GEPTI"], "sea"),
        (["CN", "EG", "NL"], ["sea"], [], "sea"),
        (["TR", "BG", "RO", "HU", "AT", "DE"], ["road"], [], "middle"),
        (["KZ", "AZ", "GE"], ["road", "ferry"], ["KZ-KURYK", "AZ-ALAT"], "middle"),
        (["GE", "BG"], ["ferry"], ["GEBUS", "BGVAR"], "sea"),
    ],
)
def test_corridor_of_an_option(
    countries: list[str], modes: list[str], nodes: list[str], corridor: str
) -> None:
    assert classify_corridor(countries, modes, nodes) == corridor
