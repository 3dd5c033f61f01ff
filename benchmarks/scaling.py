"""How `shtarget report` and `shtarget status` scale: time them on synthetic files of N and 10·N targets
(× 10 actuals each) and compare the larger run with ten times the smaller one. Linear cost gives a ratio near
1; the old report, which tested list membership for every citation, gave 4 at 20k and did not finish 100k in
300 s, and the old status table took 186 s at 100k.

python benchmarks/scaling.py                              # 10,000 and 100,000 targets, every output
python benchmarks/scaling.py --small 1000 --formats markdown status-table --runs 3

Exits 1 when a larger run takes more than `--limit` (default 3) times ten smaller ones.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import synthetic  # the same synthetic files as the status benchmark


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """The median wall time of `runs` fresh processes, and the largest child's peak memory in MB."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=cwd, check=False, capture_output=True, text=True)
        seconds.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {result.stderr[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return statistics.median(seconds), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10_000, help="targets in the smaller file (the larger has 10x)")
    choices = ["markdown", "html", "status-table", "status-json"]
    parser.add_argument("--formats", nargs="+", default=choices, choices=choices)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--limit", type=float, default=3.0)
    args = parser.parse_args()
    shtarget = shutil.which("shtarget") or str(Path(sys.executable).parent / "shtarget")
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        sizes = (args.small, args.small * 10)
        for size in sizes:
            (directory / f"targets-{size}.yaml").write_text(synthetic(size), encoding="utf-8")
        for output_format in args.formats:
            times = {}
            for size in sizes:
                path = directory / f"targets-{size}.yaml"
                out = directory / f"out-{size}.{output_format}"
                if output_format.startswith("status-"):
                    shown = output_format.removeprefix("status-")
                    command = [shtarget, "status", "--file", str(path), "--as-of", "2035", "--format", shown]
                    label = f"status --format {shown:<6}"
                else:
                    command = [shtarget, "report", "--file", str(path), "--as-of", "2035", "--format", output_format]
                    label = f"report --format {output_format:<6}"
                seconds, peak = timed(
                    [*command, "-o", str(out)] if "report" in command else command, directory, args.runs
                )
                times[size] = seconds
                megabytes = out.stat().st_size / 1e6 if out.exists() else 0.0
                print(
                    f"{label} {size:>7} targets: {seconds:7.1f} s, {megabytes:6.0f} MB written "
                    f"(peak memory so far {peak} MB)"
                )
                out.unlink(missing_ok=True)
            ratio = times[sizes[1]] / (10 * times[sizes[0]])
            verdict = "ok" if ratio <= args.limit else f"over the limit of {args.limit:g}"
            print(f"  {sizes[1]} targets took {ratio:.2f}x ten times {sizes[0]} ({verdict})")
            failed |= ratio > args.limit
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
