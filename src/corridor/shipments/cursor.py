"""Cursors of timeline pages: where a page ends, as an opaque string the client sends back."""

from __future__ import annotations

import base64
import datetime as dt
import json

from corridor.errors import ShipmentInputError
from corridor.shipments.models import TrackingEventRecord

#: Where a timeline page ends: the last event's time, element index and event id.
TimelinePosition = tuple[dt.datetime, int, str]


def timeline_position(record: TrackingEventRecord) -> TimelinePosition:
    """The position of ``record`` in a timeline's order (for the next page's ``after``)."""
    return (record.event_time, record.element_index, record.event_id)


def encode_cursor(position: TimelinePosition) -> str:
    """An opaque cursor for the timeline page after ``position``."""
    time, index, event_id = position
    raw = json.dumps([time.isoformat(), index, event_id], separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str) -> TimelinePosition:
    """The position a cursor from :func:`encode_cursor` stands for.

    Raises
    ------
    ShipmentInputError
        Not a cursor this service gave out.

    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        time, index, event_id = json.loads(raw.decode("utf-8"))
        moment = dt.datetime.fromisoformat(time)
        if moment.tzinfo is None or not isinstance(index, int) or not isinstance(event_id, str):
            raise ValueError("not a timeline position")
    except (ValueError, TypeError, UnicodeDecodeError) as err:
        raise ShipmentInputError("cursor: not a cursor from a timeline page", "cursor") from err
    return moment.astimezone(dt.UTC), index, event_id


__all__ = ["TimelinePosition", "decode_cursor", "encode_cursor", "timeline_position"]
