"""The web page and its static files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
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


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    """The API's interactive documentation (Swagger UI), its scripts served from the package."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Corridor API",
        swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
    )


@router.get("/redoc")
def redoc() -> HTMLResponse:
    """The API's reference (ReDoc), its script served from the package, no web fonts."""
    return get_redoc_html(
        openapi_url="/openapi.json",
        title="Corridor API",
        redoc_js_url="/static/vendor/redoc/redoc.standalone.js",
        redoc_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        with_google_fonts=False,
    )


def mount_static(app: FastAPI) -> None:
    """Serve the page's scripts, styles and vendored libraries under ``/static``."""
    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
