#!/usr/bin/env bash
# Try the shtarget-check pre-commit hook from this checkout in scratch data repositories, the data at the
# root and in a subdirectory (data/targets.yaml): each once as shipped (must pass), once with a broken quote
# (must fail and name the line).
# Needs network access to PyPI (pre-commit installs the hook's environment). Uses the last commit (HEAD).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q pre-commit
try_layout() {  # $1: the directory, inside the scratch repository, that holds targets.yaml and seeds/
  local work="$scratch/repo-${1//\//-}"
  mkdir -p "$work/$1"
  cp -r "$repo/targets.yaml" "$repo/seeds" "$work/$1/"
  cd "$work"
  git init -q && git add -A && git -c user.name=t -c user.email=t@example.org commit -qm data

  echo "== data in '$1': expect a pass"
  "$scratch/venv/bin/pre-commit" try-repo "$repo" shtarget-check --all-files

  echo "== data in '$1', a quote that is not in its seed: expect a failure"
  sed -i 's/全市高新技術企業數量突破2.6萬家/全市高新技術企業數量突破2.8萬家/' "$1/targets.yaml"
  if "$scratch/venv/bin/pre-commit" try-repo "$repo" shtarget-check --all-files > "$scratch/out.txt" 2>&1; then
    cat "$scratch/out.txt"; echo "FAIL: the hook passed a broken quote in '$1'"; exit 1
  fi
  grep "quote-not-found" "$scratch/out.txt"
}

try_layout .
try_layout data
echo "OK: the hook passes good data and stops a broken quote, at the root and in a subdirectory"
