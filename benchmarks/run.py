"""Time shtarget on synthetic data sets and on the shipped file.

python benchmarks/run.py                 # N = 100, 1000, 10000; 5 runs each
python benchmarks/run.py --sizes 100 1000 --runs 3
"""

from __future__ import annotations

import argparse
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


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    shtarget = shutil.which("shtarget") or str(Path(sys.executable).parent / "shtarget")

    bare = median_seconds([sys.executable, "-c", "import typer, yaml"], args.runs, REPO)
    dashboard = median_seconds([shtarget, "status", "--as-of", "2025"], args.runs, REPO)
    as_json = median_seconds([shtarget, "status", "--as-of", "2025", "--format", "json"], args.runs, REPO)
    print(f"import typer, yaml:                  {bare * 1000:7.1f} ms")
    print(
        f"shtarget status (shipped file):      {dashboard * 1000:7.1f} ms  ({dashboard / bare:.2f}x the bare imports)"
    )
    print(f"shtarget status --format json:       {as_json * 1000:7.1f} ms  ({as_json / bare:.2f}x)")

    with tempfile.TemporaryDirectory() as scratch:
        previous = None
        for size in args.sizes:
            path = Path(scratch) / f"targets-{size}.yaml"
            path.write_text(synthetic(size), encoding="utf-8")
            command = [shtarget, "status", "--file", str(path), "--as-of", "2035", "--format", "json"]
            seconds = median_seconds(command, args.runs, Path(scratch))
            per_target = seconds / size * 1e6
            growth = f"  ({seconds / previous[1]:.1f}x for {size / previous[0]:.0f}x the targets)" if previous else ""
            size_mb = path.stat().st_size / 1e6
            print(f"N = {size:>6} ({size_mb:5.1f} MB): {seconds:7.2f} s, {per_target:6.0f} µs/target{growth}")
            previous = (size, seconds)


if __name__ == "__main__":
    main()
