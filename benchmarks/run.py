"""Time whole `shtarget` processes against the imports and parsing they cannot avoid, and check the goals.

    python benchmarks/run.py            # every goal, 9 paired runs each; exits 1 when a goal is missed
    python benchmarks/run.py --quick    # 3 runs, small files, report only (CI runs this)

Each goal is a ratio measured in one run on one machine, so it holds on a slow machine as on a fast one:
a run of the command and a run of its reference are paired (run back to back, in alternating order), and
the goal is checked on the median of the paired ratios; min and max show the spread.

Before timing, the package is compiled to bytecode, as `pip install` does for an installed package (a
development environment with PYTHONDONTWRITEBYTECODE would otherwise compile shtarget on every start).
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def synthetic(n_targets: int, n_actuals: int = 10, plain_numbers: bool = False) -> str:
    """A schema-1 file of `n_targets` level targets with `n_actuals` actuals each, one flow mapping per actual;
    values as Chinese notation (`1234亿元`) or, with `plain_numbers`, as bare numbers."""
    lines = [
        "schema: 1",
        "title: synthetic benchmark",
        "sources:",
        "  bulletin: {url: 'https://example.org/bulletin', title: bulletin, kind: official}",
        "plans:",
        "  plan: {name: synthetic plan, period: [2020, 2035]}",
        "targets:",
    ]
    suffix = "" if plain_numbers else "亿元"
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
                f"      - {{year: {2021 + offset}, value: {value}{suffix}, source: bulletin, quote: '{value}亿元'}}"
            )
    return "\n".join(lines) + "\n"


def once(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr.decode()}")
    return elapsed


@dataclass(frozen=True)
class Paired:
    label: str
    command: list[float]
    reference: list[float]

    @property
    def ratios(self) -> list[float]:
        return [c / r for c, r in zip(self.command, self.reference, strict=True)]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def paired(label: str, command: list[str], reference: list[str], runs: int, cwd: Path) -> Paired:
    once(command, cwd)  # warm the file cache and the bytecode
    once(reference, cwd)
    mine, theirs = [], []
    for index in range(runs):
        if index % 2:
            theirs.append(once(reference, cwd))
            mine.append(once(command, cwd))
        else:
            mine.append(once(command, cwd))
            theirs.append(once(reference, cwd))
    return Paired(label, mine, theirs)


def seconds(values: list[float]) -> str:
    median = statistics.median(values)
    unit, scale = ("ms", 1000) if median < 1 else ("s", 1)
    return f"{median * scale:.0f} {unit}" if unit == "ms" else f"{median:.2f} s"


def report(result: Paired, reference_label: str, goal: float | None) -> bool:
    ratios = result.ratios
    verdict = ""
    met = True
    if goal is not None:
        met = result.ratio <= goal
        verdict = f"  goal ≤ {goal:g}×: {'met' if met else 'MISSED'}"
    print(
        f"{result.label:<44} {seconds(result.command):>8} vs {seconds(result.reference):>8} ({reference_label})\n"
        f"{'':<44} ratio {result.ratio:.2f}× (min {min(ratios):.2f}, max {max(ratios):.2f}){verdict}"
    )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="paired runs per goal (default 9)")
    parser.add_argument("--quick", action="store_true", help="3 runs, 1,000 targets; report only, never fail")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 20000], help="targets for scaling")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    sizes = [1000] if args.quick else args.sizes
    shtarget = shutil.which("shtarget") or str(Path(PYTHON).parent / "shtarget")
    compileall.compile_dir(str(REPO / "shtarget"), quiet=1)
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; {runs} paired runs\n")

    shipped = ["--file", str(REPO / "targets.yaml"), "--as-of", "2026"]
    start_up = paired(
        "shtarget status --format json (shipped)",
        [shtarget, "status", "--format", "json", *shipped],
        [PYTHON, "-c", "import typer, yaml"],
        runs,
        REPO,
    )
    results = [
        report(
            paired("shtarget status (shipped file, table)", [shtarget, "status", *shipped],
                   [PYTHON, "-c", "import typer, yaml, rich.console, rich.table"], runs, REPO),
            "import typer, yaml, rich", 1.5,
        ),
        report(start_up, "import typer, yaml", 1.5),
        report(
            paired("shtarget --help", [shtarget, "--help"], [PYTHON, "-c", "import typer"], runs, REPO),
            "import typer", 1.5,
        ),
    ]  # fmt: skip

    with tempfile.TemporaryDirectory() as scratch:
        per_target: list[tuple[int, float]] = []
        for size in sizes:
            for plain in (False, True):
                path = Path(scratch) / f"targets-{size}{'-plain' if plain else ''}.yaml"
                path.write_text(synthetic(size, plain_numbers=plain), encoding="utf-8")
                shape = "plain numbers" if plain else "values as 1234亿元"
                label = f"{size:,} × 10, {shape} ({path.stat().st_size / 1e6:.1f} MB)"
                status = [shtarget, "status", "--file", str(path), "--as-of", "2035", "--format", "json"]
                # The reference: what reading the file costs at the least, PyYAML's C composer in a fresh process.
                compose = (
                    "import gc, yaml; gc.disable(); "
                    f"yaml.compose(open({str(path)!r}, encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
                )
                parse = [PYTHON, "-c", compose]
                result = paired(f"status --format json, {label}", status, parse, runs, Path(scratch))
                goal = 2.5 if size == 2000 else None
                results.append(report(result, "yaml.compose (C)", goal))
                if not plain:
                    # The cost a target adds: the run less the start-up a small file also pays.
                    fixed = statistics.median(start_up.command)
                    per_target.append((size, (statistics.median(result.command) - fixed) / size))
        if len(per_target) > 1:
            costs = ", ".join(f"{size:,}: {cost * 1e6:.0f} µs" for size, cost in per_target)
            # Linear: the cost per target at the largest size within 1.2× of the smallest's.
            spread = per_target[-1][1] / per_target[0][1]
            linear = spread <= 1.2
            verdict = "met" if linear else "MISSED"
            print(f"time per target beyond start-up {costs}; largest/smallest {spread:.2f} (linear: ≤ 1.2): {verdict}")
            results.append(linear)

    missed = results.count(False)
    print(f"\n{len(results) - missed} of {len(results)} goals met")
    if missed and not args.quick:
        sys.exit(1)


if __name__ == "__main__":
    main()
