"""The web page and its static files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from corridor.api.errors import error_body

STATIC = Path(str(resources.files("corridor") / "web" / "static"))
COUNTRIES = Path(str(resources.files("corridor") / "data" / "geo" / "countries_110m.geojson"))

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> Response:
    """The single-page application."""
    page = STATIC / "index.html"
    if not page.is_file():
        return JSONResponse(error_body("the web page is not installed"), 404)
    return FileResponse(page)


@router.get("/static/countries.geojson")
def countries() -> FileResponse:
    """Natural Earth country outlines, the map's base layer."""
    return FileResponse(COUNTRIES, media_type="application/geo+json")


def mount_static(app: FastAPI) -> None:
    """Serve the page's scripts, styles and vendored libraries under ``/static``."""
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
