#!/usr/bin/env bash
# Refresh the vendored browser libraries in src/tidings/web/static/vendor (run by hand, output
# committed; see the README there). Needs npm and the network; the project never runs this itself.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
npm install --prefix "$WORK" --no-audit --no-fund \
  uplot@1.6.32 vis-network@10.1.5 leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 \
  swagger-ui-dist@5.35.0
N="$WORK/node_modules"
V="$ROOT/src/tidings/web/static/vendor"
mkdir -p "$V"/{uplot,vis-network,leaflet/images,world-atlas,topojson-client,swagger-ui}
cp "$N"/uplot/dist/uPlot.iife.min.js "$N"/uplot/dist/uPlot.min.css "$N"/uplot/LICENSE "$V"/uplot/
cp "$N"/vis-network/standalone/umd/vis-network.min.js "$N"/vis-network/LICENSE-MIT \
   "$N"/vis-network/LICENSE-APACHE-2.0 "$V"/vis-network/
cp "$N"/leaflet/dist/leaflet.js "$N"/leaflet/dist/leaflet.css "$N"/leaflet/LICENSE "$V"/leaflet/
cp "$N"/leaflet/dist/images/*.png "$V"/leaflet/images/
cp "$N"/world-atlas/countries-110m.json "$N"/world-atlas/LICENSE "$V"/world-atlas/
cp "$N"/topojson-client/dist/topojson-client.min.js "$N"/topojson-client/LICENSE "$V"/topojson-client/
S="$N"/swagger-ui-dist
cp "$S"/swagger-ui-bundle.js "$S"/swagger-ui-bundle.js.LICENSE.txt "$S"/swagger-ui.css "$S"/favicon-32x32.png \
   "$S"/LICENSE "$S"/NOTICE "$V"/swagger-ui/
