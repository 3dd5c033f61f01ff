#!/usr/bin/env bash
# Render the HTML report (shtarget report --format html), take a headless-Chromium screenshot of it at 1280 px
# and print it to PDF (A4, the page's print stylesheet), then turn the PDF's pages into PNGs to look at.
#   bash scripts/screenshot-report.sh [OUT_DIR] [LANG]        # default benchmarks/out, en
# Needs the Debian packages chromium, fonts-noto-cjk (Chinese text) and poppler-utils (pdftoppm), and shtarget
# on PATH. The page itself needs nothing from the network; Chromium is run with its background traffic off.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/benchmarks/out}
lang=${2:-en}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Written at the repository's root so its seed links (seeds/...#L11) resolve, then copied out.
page="$repo/.report-screenshot.html"
trap 'rm -rf "$work" "$page"' EXIT
(cd "$repo" && shtarget report --as-of "${AS_OF:-2026}" --lang "$lang" --format html -o "$page" 2> /dev/null)

chromium_run() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars "$@" \
    2>> "$work/chromium.log" || { cat "$work/chromium.log"; exit 1; }
}
chromium_run --window-size=1280,"${HEIGHT:-2400}" --screenshot="$out/report-$lang.png" "file://$page"
chromium_run --no-pdf-header-footer --print-to-pdf="$out/report-$lang.pdf" "file://$page"
if command -v pdftoppm > /dev/null; then
  rm -f "$out/report-$lang-page"-*.png
  pdftoppm -png -r 60 "$out/report-$lang.pdf" "$out/report-$lang-page"
fi
echo "wrote $out/report-$lang.png, $out/report-$lang.pdf and its pages as report-$lang-page-N.png"
