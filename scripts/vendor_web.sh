#!/usr/bin/env bash
# Fetch the web page's front-end packages from the npm registry (pinned by
# web/package-lock.json) and copy their distribution files into the Python
# package, under src/corridor/web/static/vendor/ (and the test-only axe-core under
# tests/web/vendor/). The copies are committed:
# the page never loads anything from the internet at run time.
#
# Usage: scripts/vendor_web.sh            (needs node >= 18 and npm)
#        KEEP_NODE_MODULES=1 scripts/vendor_web.sh   (leave web/node_modules/ in place)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WEB="web"
NM="$WEB/node_modules"
VENDOR="src/corridor/web/static/vendor"

npm ci --prefix "$WEB" --no-audit --no-fund --ignore-scripts

# Leaflet (BSD-2-Clause): the script, its stylesheet, marker images and licence.
LEAFLET_VERSION="$(node -p "require('./$NM/leaflet/package.json').version")"
rm -rf "$VENDOR/leaflet"
mkdir -p "$VENDOR/leaflet/images"
cp "$NM/leaflet/dist/leaflet.js" "$NM/leaflet/dist/leaflet.js.map" "$NM/leaflet/dist/leaflet.css" \
   "$VENDOR/leaflet/"
cp "$NM"/leaflet/dist/images/*.png "$VENDOR/leaflet/images/"
cp "$NM/leaflet/LICENSE" "$VENDOR/leaflet/LICENSE"
echo "leaflet $LEAFLET_VERSION (BSD-2-Clause) from the npm registry via web/package-lock.json" \
  > "$VENDOR/leaflet/VERSION"

# Swagger UI (Apache-2.0) and ReDoc (MIT): the API's /docs and /redoc pages, served from the
# package so that they work offline (FastAPI's defaults load them from a CDN).
SWAGGER_VERSION="$(node -p "require('./$NM/swagger-ui-dist/package.json').version")"
rm -rf "$VENDOR/swagger-ui"
mkdir -p "$VENDOR/swagger-ui"
cp "$NM/swagger-ui-dist/swagger-ui-bundle.js" "$NM/swagger-ui-dist/swagger-ui.css" \
   "$NM/swagger-ui-dist/favicon-32x32.png" "$NM/swagger-ui-dist/LICENSE" "$NM/swagger-ui-dist/NOTICE" \
   "$VENDOR/swagger-ui/"
echo "swagger-ui-dist $SWAGGER_VERSION (Apache-2.0) from the npm registry via web/package-lock.json" \
  > "$VENDOR/swagger-ui/VERSION"
REDOC_VERSION="$(node -p "require('./$NM/redoc/package.json').version")"
rm -rf "$VENDOR/redoc"
mkdir -p "$VENDOR/redoc"
cp "$NM/redoc/bundles/redoc.standalone.js" "$NM/redoc/bundles/redoc.standalone.js.LICENSE.txt" \
   "$NM/redoc/LICENSE" "$VENDOR/redoc/"
# The bundle shows Redocly's logo from their CDN; point it at a blank local image instead.
sed -i 's#https://cdn.redoc.ly/redoc/logo-mini.svg#/static/vendor/redoc/blank.svg#' "$VENDOR/redoc/redoc.standalone.js"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n' > "$VENDOR/redoc/blank.svg"
{
  echo "redoc $REDOC_VERSION (MIT) from the npm registry via web/package-lock.json"
  echo "patched by scripts/vendor_web.sh: the logo URL (cdn.redoc.ly) points to blank.svg, so nothing loads from a CDN"
} > "$VENDOR/redoc/VERSION"

# axe-core (MPL-2.0), a development dependency: the accessibility checker the browser tests
# inject into the page (tests/web/test_accessibility.py). Not shipped with the package.
AXE_VERSION="$(node -p "require('./$NM/axe-core/package.json').version")"
AXE_DIR="tests/web/vendor/axe-core"
rm -rf "$AXE_DIR"
mkdir -p "$AXE_DIR"
cp "$NM/axe-core/axe.min.js" "$NM/axe-core/LICENSE" "$NM/axe-core/LICENSE-3RD-PARTY.txt" "$AXE_DIR/"
echo "axe-core $AXE_VERSION (MPL-2.0) from the npm registry via web/package-lock.json" > "$AXE_DIR/VERSION"

if [ "${KEEP_NODE_MODULES:-0}" != "1" ]; then
  rm -rf "$NM"
fi

echo "vendored into $VENDOR and $AXE_DIR:"
find "$VENDOR" "$AXE_DIR" -type f | sort
