"""Road as a mode where the data has no road: truck legs and drivers' hours (EU 561/2006, AETR)."""

from corridor.road.leg import RoadCountry, RoadLeg, RoadModel, bundled_road_model, road_model_from_csv
from corridor.road.rules import DrivingSchedule, driving_schedule, elapsed_h

__all__ = [
    "DrivingSchedule",
    "RoadCountry",
    "RoadLeg",
    "RoadModel",
    "bundled_road_model",
    "driving_schedule",
    "elapsed_h",
    "road_model_from_csv",
]
