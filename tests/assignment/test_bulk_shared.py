"""Bulk and containers sharing capacity on the bundled network: tank cars on the Caspian rail ferries."""

from __future__ import annotations

import pytest

from corridor import bundled_network
from corridor.assignment.bulk import T_PER_TEU_SLOT, BulkDemandRow, assign_bulk
from corridor.cargo import TANK_CAR_PAYLOAD_T

KURYK = "services:L-KZ-KURYK-AZ-ALAT-FERRY:fwd"
AKTAU = "services:L-KZAAU-AZ-ALAT-FERRY:fwd"
CRUDE = [BulkDemandRow("KZ-TENGIZ", "ITTRS", "crude-oil", 64_192_000)]


def test_a_tank_car_takes_the_deck_of_46_56ths_of_a_container_wagon() -> None:
    # PortNews (Dec 2022): ASCO's Ro-Pax takes 56 tank cars or 46 open-top wagons; a container wagon
    # is 2 TEU in the network; a 66 t tank car therefore takes 1.64 TEU: 40.2 t per TEU slot.
    slot = T_PER_TEU_SLOT
    assert slot * 2 * 46 / 56 == pytest.approx(TANK_CAR_PAYLOAD_T)
    assert slot == pytest.approx(40.17, abs=0.01)


def test_the_bundled_rail_ferries_give_tank_cars_what_containers_leave() -> None:
    """The Kuryk ferry's westbound deck: 10,333 TEU a year usable; containers took 10,000 of it."""
    flows = assign_bulk(bundled_network(), CRUDE, closed=["RU"], container_loads={KURYK: 10_000})
    (kuryk,) = [e for e in flows.elements if e.key == KURYK]
    capacity_teu = 3 * 92 * 0.72 * 52  # 3 sailings a week of 92 TEU (46 wagons), 72 % usable
    assert kuryk.capacity_t_per_year == pytest.approx((capacity_teu - 10_000) * T_PER_TEU_SLOT, rel=0.01)
    assert kuryk.load_t_per_year == pytest.approx(kuryk.capacity_t_per_year)  # full: crude is stranded
    used = [o for o in flows.options if o.t_per_year > 1 and "Kuryk" in o.route]
    assert used
    assert all("ferry" in o.route for o in used)


@pytest.mark.slow
def test_cpc_disruption_tank_cars_take_ferry_slots_from_containers() -> None:
    """Containers and tank cars together within each ferry deck; without the crude, containers get it back.

    cpc-disruption is baseline-2024's containers plus Kazakh crude with the CPC halved: the crude
    that Aktau's tankers cannot take bids for the rail ferries' wagon slots (it is worth US$586/t
    stranded), so the containers' shadow price there rises and their flow falls; baseline-2024
    (the same containers, no bulk) is the run without the bulk.
    """
    from corridor.assignment.scenarios import run_scenario_flows

    with_bulk = run_scenario_flows("cpc-disruption").result
    without = run_scenario_flows("baseline-2024").result
    for key in (KURYK, AKTAU):
        (shared,) = [b for b in with_bulk.bottlenecks if b.key == key]
        (alone,) = [b for b in without.bottlenecks if b.key == key]
        together = shared.teu_per_year + shared.bulk_teu_slots_per_year
        assert together <= shared.capacity_teu_per_year * 1.01 + 1e-6
        assert shared.bulk_teu_slots_per_year > 0.5 * shared.capacity_teu_per_year
        assert alone.teu_per_year > shared.teu_per_year + 0.5 * alone.capacity_teu_per_year
        assert alone.shadow_price_usd_per_teu < shared.shadow_price_usd_per_teu
        assert alone.bulk_teu_slots_per_year == 0
    bulk = with_bulk.bulk
    assert bulk is not None
    (deck,) = [e for e in bulk.elements if e.key == KURYK]
    (shared,) = [b for b in with_bulk.bottlenecks if b.key == KURYK]
    # the tonnes assigned fit in what the containers left, and fill it (crude is stranded)
    left = (shared.capacity_teu_per_year - shared.teu_per_year) * T_PER_TEU_SLOT
    assert deck.load_t_per_year == pytest.approx(max(left, 0.0), rel=1e-6)
