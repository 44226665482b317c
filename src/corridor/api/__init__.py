"""The HTTP API and web page (FastAPI)."""

from corridor.api.app import create_app
from corridor.api.settings import Settings

__all__ = ["Settings", "create_app"]
