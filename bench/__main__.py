"""``python -m bench [NAME ...] [--runs N]``: run the benchmarks and print one table."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

import bench
from bench import Row


def benchmark_modules() -> list[ModuleType]:
    found = []
    for info in pkgutil.iter_modules(bench.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "run", None)):
            found.append(module)
    return found


def print_table(rows: list[tuple[str, Row]]) -> None:
    headers = ("benchmark", "metric", "value", "unit", "note")
    cells = [(name, r.metric, f"{r.value:.3f}", r.unit, r.note) for name, r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(headers)]
    line = "  ".join("{:<%d}" % w for w in widths)  # noqa: UP031 - a width template
    print(line.format(*headers))
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print(line.format(*c))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmark modules to run (default: all)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement")
    args = parser.parse_args(argv)

    modules = benchmark_modules()
    if args.names:
        wanted = set(args.names)
        unknown = wanted - {m.__name__.rsplit(".", 1)[1] for m in modules}
        if unknown:
            parser.error(f"no such benchmark: {', '.join(sorted(unknown))}")
        modules = [m for m in modules if m.__name__.rsplit(".", 1)[1] in wanted]

    rows: list[tuple[str, Row]] = []
    for module in modules:
        name = module.__name__.rsplit(".", 1)[1]
        print(f"running {name}: {getattr(module, 'TITLE', '')}", file=sys.stderr, flush=True)
        rows.extend((name, row) for row in module.run(args.runs))
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
