#!/usr/bin/env bash
# Render REPORT.md to HTML (Mermaid charts drawn by mermaid.js) and take a headless-Chromium screenshot.
#   bash scripts/screenshot-report.sh [REPORT.md] [out.png]
# Needs Debian packages chromium, fonts-noto-cjk and fonts-noto-color-emoji (without the fonts, Chinese text and
# status symbols render as boxes), npm (for mermaid) and markdown-it-py (the test extra).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
report=${1:-$repo/REPORT.md}
out=${2:-$repo/benchmarks/out/report.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm install --silent --prefix "$work" mermaid@11 > /dev/null
python3 "$repo/scripts/render_report_html.py" "$report" "$work/report.html" "$work/node_modules/mermaid/dist/mermaid.min.js"
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
  --window-size=1280,"${HEIGHT:-6000}" --virtual-time-budget=15000 --screenshot="$out" "file://$work/report.html" \
  2> "$work/chromium.log" || { cat "$work/chromium.log"; exit 1; }
echo "wrote $out"
