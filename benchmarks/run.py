"""Time shtarget on synthetic data sets and on the shipped file.

python benchmarks/run.py                 # N = 100, 1000, 10000; 5 runs each
python benchmarks/run.py --sizes 100 1000 --runs 3
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def synthetic(n_targets: int, n_actuals: int = 10) -> str:
    """A schema-1 file of `n_targets` level targets with `n_actuals` actuals each, one flow mapping per actual."""
    lines = [
        "schema: 1",
        "title: synthetic benchmark",
        "sources:",
        "  bulletin: {url: 'https://example.org/bulletin', title: bulletin, kind: official}",
        "plans:",
        "  plan: {name: synthetic plan, period: [2020, 2035]}",
        "targets:",
    ]
    for index in range(n_targets):
        lines += [
            f"  - id: target-{index}",
            "    plan: plan",
            f"    name: 指标{index}",
            "    unit: 亿元",
            "    baseline: {year: 2020, value: 1000, source: bulletin, quote: '1000亿元'}",
            "    target: {year: 2035, value: 2万亿元, op: '>='}",
            "    evidence: [{source: bulletin, quote: '2万亿元'}]",
            "    actuals:",
        ]
        for offset in range(n_actuals):
            value = 1000 + 37 * (offset + 1) + index % 100
            lines.append(
                f"      - {{year: {2021 + offset}, value: {value}亿元, source: bulletin, quote: '{value}亿元'}}"
            )
    return "\n".join(lines) + "\n"


def timings(command: list[str], runs: int, cwd: Path, env: dict[str, str] | None = None) -> list[float]:
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=False, stdout=subprocess.DEVNULL, env=env)
        results.append(time.perf_counter() - start)
    return results


def show(label: str, seconds: list[float], unit: str = "s") -> float:
    median = statistics.median(seconds)
    scale = 1000 if unit == "ms" else 1
    print(f"{label:<48} {median * scale:8.2f} {unit}  (min {min(seconds) * scale:.2f}, max {max(seconds) * scale:.2f})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-up-to", type=int, default=1000, help="also time the PyYAML path up to this N")
    args = parser.parse_args()
    shtarget = shutil.which("shtarget") or str(Path(sys.executable).parent / "shtarget")
    slow_env = {**os.environ, "SHTARGET_FAST": "0"}

    print(f"{'':<48} {'median':>11}")
    bare = show(
        "python -c 'import typer, yaml'", timings([sys.executable, "-c", "import typer, yaml"], args.runs, REPO), "ms"
    )
    table = show(
        "shtarget status (shipped file, table)", timings([shtarget, "status", "--as-of", "2025"], args.runs, REPO), "ms"
    )
    as_json = show(
        "shtarget status --format json (shipped file)",
        timings([shtarget, "status", "--format", "json"], args.runs, REPO),
        "ms",
    )
    print(f"  table {table / bare:.2f}x and json {as_json / bare:.2f}x the bare imports")

    with tempfile.TemporaryDirectory() as scratch:
        per_target = []
        for size in args.sizes:
            path = Path(scratch) / f"targets-{size}.yaml"
            path.write_text(synthetic(size), encoding="utf-8")
            print(f"N = {size} targets x 10 actuals, {path.stat().st_size / 1e6:.1f} MB")
            status = [shtarget, "status", "--file", str(path), "--as-of", "2035", "--format", "json"]
            check = [shtarget, "check", "--file", str(path)]
            median = show("  status --format json", timings(status, args.runs, Path(scratch)))
            show("  check", timings(check, args.runs, Path(scratch)))
            per_target.append((size, median))
            if size <= args.slow_up_to:
                show("  status --format json, PyYAML path", timings(status, args.runs, Path(scratch), slow_env))
            parse = [sys.executable, "-c", f"import yaml_rs; yaml_rs.loads(open({str(path)!r}).read())"]
            show("  yaml_rs.loads alone (with interpreter start)", timings(parse, args.runs, Path(scratch)))
        for (small, small_time), (large, large_time) in itertools.pairwise(per_target):
            print(f"{large / small:.0f}x the targets took {large_time / small_time:.1f}x the time ({small} -> {large})")


if __name__ == "__main__":
    main()
