#!/usr/bin/env bash
# Copy the front-end files the platform ships from node_modules (see package.json for versions).
set -euo pipefail
cd "$(dirname "$0")/.."
N=node_modules
S=alliance87/static/vendor
mkdir -p $S/htmx $S/noto-sans $S/noto-sans-arabic tests/vendor alliance87/templates/icons
cp $N/htmx.org/dist/htmx.min.js $N/htmx.org/LICENSE $S/htmx/
for subset in latin latin-ext; do for weight in 400 600 700; do
  cp $N/@fontsource/noto-sans/files/noto-sans-$subset-$weight-normal.woff2 $S/noto-sans/
done; done
cp $N/@fontsource/noto-sans/LICENSE $S/noto-sans/LICENSE
# Arabic (right to left): its own family, loaded only by pages with Arabic letters (site.css's unicode-range).
for weight in 400 600 700; do
  cp $N/@fontsource/noto-sans-arabic/files/noto-sans-arabic-arabic-$weight-normal.woff2 $S/noto-sans-arabic/
done
cp $N/@fontsource/noto-sans-arabic/LICENSE $S/noto-sans-arabic/LICENSE
cp $N/axe-core/axe.min.js tests/vendor/ && cp $N/axe-core/LICENSE tests/vendor/axe-core-LICENSE
for icon in search globe map users log-in log-out menu building-2 chevron-right external-link pencil user-round; do
  cp $N/lucide-static/icons/$icon.svg alliance87/templates/icons/
done
cp $N/lucide-static/LICENSE alliance87/templates/icons/LICENSE
cp $N/@svg-maps/world/LICENSE.md alliance87/network/data/world-map-LICENSE.md
.venv/bin/python scripts/build_world_map.py $N/@svg-maps/world/world.svg alliance87/network/data/world-map.json
