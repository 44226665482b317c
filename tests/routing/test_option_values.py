"""Each criterion's value of an option is the figure its chain reports: the search and the answer agree.

Oracle: the chain's own totals (mean hours, USD, km over its legs, WTW kg from its emissions), on the
tiny test network's routes by Russia and by sea (a gauge change, two port transshipments).
"""

from __future__ import annotations

import pytest

from corridor.network import Network
from corridor.routing import Constraints, route

BY_SEA = Constraints(avoid_countries=frozenset({"RU"}))


@pytest.mark.parametrize("constraints", [None, BY_SEA])
@pytest.mark.parametrize("criterion", ["time", "cost", "distance", "co2e"])
def test_the_value_searched_is_the_chain_s_figure(
    tiny: Network, constraints: Constraints | None, criterion: str
) -> None:
    (option,) = route(tiny, "Alpha", "Omega", constraints=constraints, criteria=(criterion,)).options
    assert option.chain.transshipments >= 1  # the gauge change, and by sea the ports as well
    assert option.emissions is not None
    figure = {
        "time": option.chain.duration_h_mean,
        "cost": option.chain.cost_usd,
        "distance": sum(leg.distance_km for leg in option.chain.legs),
        "co2e": option.emissions.wtw_kg,
    }[criterion]
    assert option.values[criterion] == pytest.approx(figure)
