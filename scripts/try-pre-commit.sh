#!/usr/bin/env bash
# Try the shtarget-check pre-commit hook from this checkout in a scratch data repository:
# once on the shipped data (must pass), once with a broken quote (must fail and name the line).
# Needs network access to PyPI (pre-commit installs the hook's environment). Uses the last commit (HEAD).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q pre-commit
mkdir "$scratch/data"
cp -r "$repo/targets.yaml" "$repo/seeds" "$scratch/data/"
cd "$scratch/data"
git init -q && git add -A && git -c user.name=t -c user.email=t@example.org commit -qm data

echo "== shipped data: expect a pass"
"$scratch/venv/bin/pre-commit" try-repo "$repo" shtarget-check --all-files

echo "== a quote that is not in its seed: expect a failure"
sed -i 's/全市高新技術企業數量突破2.6萬家/全市高新技術企業數量突破2.8萬家/' targets.yaml
if "$scratch/venv/bin/pre-commit" try-repo "$repo" shtarget-check --all-files > "$scratch/out.txt" 2>&1; then
  cat "$scratch/out.txt"; echo "FAIL: the hook passed a broken quote"; exit 1
fi
grep "quote-not-found" "$scratch/out.txt"
echo "OK: the hook passes good data and stops a broken quote"
