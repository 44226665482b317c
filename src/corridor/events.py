"""The one event vocabulary of Corridor, shared by simulated and real shipments.

Modelled on DCSA Track & Trace: an event has a type (what happened), a
classifier (planned, estimated or actual) and a place. The simulation emits
``ACT`` events for simulated lots; the shipment service stores real ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class EventType(StrEnum):
    """What happened to the cargo."""

    GATE_IN = "gate-in"
    LOAD = "load"
    DEPARTURE = "departure"
    ARRIVAL = "arrival"
    DISCHARGE = "discharge"
    GAUGE_CHANGE = "gauge-change"
    BORDER = "border"
    GATE_OUT = "gate-out"


class Classifier(StrEnum):
    """DCSA event classifier."""

    PLANNED = "PLN"
    ESTIMATED = "EST"
    ACTUAL = "ACT"


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    """One event of a shipment (or a simulated lot of containers).

    ``time_h`` counts hours from the scenario's or shipment's time origin.
    """

    shipment_id: str
    event_type: EventType
    classifier: Classifier
    time_h: float
    node_id: str
    element_index: int
    teu: float
