"""Whether `shtarget extract` stays linear on hostile text: time per byte at two sizes of each shape.

python benchmarks/extract_scaling.py            # 100 KB and 10 MB of each shape (a few minutes)
python benchmarks/extract_scaling.py --quick    # 100 KB and 1 MB

Each shape repeats one unit to the size asked, so a rule that looks back over what came before (a regex trying
every start, a list scanned for every figure) shows as time per byte growing with the size. For each shape it
prints the seconds at both sizes and the ratio of the time per byte, large over small; it exits 1 when a ratio
is over `--limit` (1.2). Each size is timed as the best of a few runs in this process (CPU time, so start-up
and other work on the machine are not counted).

The shapes (issue 21): many figures in one clause ("达到2.6万家" repeated), the same as one long clause per line,
unclosed <script>, <table> and <tr> tags, a run of "5%" in an HTML paragraph, and filler words before a target.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from shtarget.extract import ExtractOptions, extract  # noqa: E402

PLAN = "某市“十四五”规划纲要\n\n"
PAGE = "<html><body><p>某市“十四五”规划</p>\n"


def _repeat(head: str, unit: str, size: int, tail: str = "") -> str:
    """`head`, then `unit` as often as fits in `size` bytes (UTF-8), then `tail`."""
    room = size - len((head + tail).encode())
    return head + unit * max(1, room // len(unit.encode())) + tail


SHAPES: dict[str, Callable[[int], str]] = {
    "figures in one clause": lambda size: _repeat(PLAN + "到2025年，", "达到2.6万家", size, "。\n"),
    "figures, a clause a line": lambda size: _repeat(PLAN, "到2025年，企业数量" + "达到2.6万家" * 300 + "。\n", size),
    "unclosed <script>": lambda size: _repeat(PAGE, "<script>var a = 1;\n", size),
    "unclosed <table>": lambda size: _repeat(PAGE, "<table><tr><td>指标</td>\n", size),
    "unclosed <tr>": lambda size: _repeat(PAGE + "<table>", "<tr><td>5%</td>\n", size, "</table>"),
    "a run of 5%": lambda size: _repeat(PAGE + "<p>", "5%", size, "</p>"),
    "filler words": lambda size: _repeat(PAGE + "<p>到2025年，", "进一步的", size, "比重达到20%</p>"),
}


def seconds(text: str, runs: int) -> float:
    """The best CPU time of `runs` readings: processor time, so other work on the machine does not count."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        extract(text, ExtractOptions())
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 KB and 1 MB instead of 100 KB and 10 MB")
    parser.add_argument("--limit", type=float, default=1.2, help="largest ratio of time per byte (default 1.2)")
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES), help="only this shape (repeatable)")
    args = parser.parse_args()
    small, large = 100_000, 1_000_000 if args.quick else 10_000_000
    print(f"{'shape':<26} {'100 KB':>9} {large // 1_000_000:>7} MB {'per byte, large/small':>22}")
    worst = 0.0
    for name in args.shape or list(SHAPES):
        make = SHAPES[name]
        small_text, large_text = make(small), make(large)
        small_seconds = seconds(small_text, 7)
        large_seconds = seconds(large_text, 3 if args.quick else 2)
        ratio = (large_seconds / len(large_text.encode())) / (small_seconds / len(small_text.encode()))
        worst = max(worst, ratio)
        print(f"{name:<26} {small_seconds:>8.3f}s {large_seconds:>9.2f}s {ratio:>22.2f}", flush=True)
    print(f"worst ratio {worst:.2f} (limit {args.limit})")
    return 0 if worst <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
