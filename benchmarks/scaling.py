"""How the cost grows with the county: 1,000 → 10,000 → 100,000 projects.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/scaling.py [--sizes 1000,10000,100000]
        [--repeat R] [--json OUT]

For each size a county is built with ``xxh demo --projects N`` (its time is the demo's
figure), then measured: the window's cold start to its first paint and until its projects
are shown (fresh processes, as run.py), and in one process the project list
(`views.summaries`), every deadline (`deadlines.project_deadlines`) and the ledger .xlsx
(`export_ledger`), medians of R (default 3). Between two sizes the growth is shown as the
exponent k in t ∝ N^k: 1 is linear, below 1 better (fixed costs), above 1 worse.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import install_program, median, run_json  # noqa: E402
from run import build_county, cold_starts  # noqa: E402

FIGURES = (("demo", "demo --projects N"), ("first_paint", "cold start to first paint [GUI]"),
           ("loaded", "cold start until projects shown [GUI]"), ("list", "project list (views.summaries)"),
           ("deadlines", "every deadline (project_deadlines)"), ("ledger", "ledger .xlsx (export_ledger)"))


def measure_size(n: int, repeat: int, work: Path) -> dict[str, float]:
    county, demo_s = build_county(work, n)
    starts = cold_starts(county, repeat, floor=False)
    core = run_json("core_figures.py", "scale", str(county), str(repeat), str(work), timeout=7200)
    return {"demo": demo_s, "first_paint": median(starts["first_paint"]), "loaded": median(starts["loaded"]),
            **{k: median(v) for k, v in core.items()}}


def growth(a: float, b: float, n_a: int, n_b: int) -> float:
    return math.log(b / a) / math.log(n_b / n_a)


def report(sizes: list[int], results: dict[int, dict[str, float]]) -> str:
    head = ["figure", *[f"{n:,}" for n in sizes], *[f"k {a:,}→{b:,}" for a, b in zip(sizes, sizes[1:])]]
    rows = [head]
    for key, name in FIGURES:
        times = [results[n][key] for n in sizes]
        rows.append([name, *[f"{t:.3f} s" for t in times],
                     *[f"{growth(t1, t2, n1, n2):.2f}" for t1, t2, n1, n2 in zip(times, times[1:], sizes, sizes[1:])]])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="county sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, metavar="R")
    parser.add_argument("--json", metavar="OUT")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="xxh-scale-program-") as program:
        install_program(Path(program))
        for n in sizes:
            with tempfile.TemporaryDirectory(prefix=f"xxh-scale-{n}-") as tmp:
                results[n] = measure_size(n, args.repeat, Path(tmp))
            print(f"{n:,} projects: " + ", ".join(f"{k} {v:.3f} s" for k, v in results[n].items()), flush=True)
    print(report(sizes, results))
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": sizes, "repeat": args.repeat, "results": results},
                                              indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
