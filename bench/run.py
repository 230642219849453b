"""Run every benchmark in bench/ and write bench/RESULTS.md.

Each bench/bench_*.py exposes `run() -> str` returning a Markdown section with its
figures (and ratios where it compares two ways in the same run). Usage:
`make bench` or `.venv/bin/python bench/run.py [name ...]` for a subset.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(names: list[str]) -> None:
    sections = []
    for path in sorted(HERE.glob("bench_*.py")):
        short = path.stem.removeprefix("bench_")
        if names and short not in names:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        started = time.perf_counter()
        sys.stdout.write(f"== {short}\n")
        sys.stdout.flush()
        body = module.run()
        sections.append(
            body.strip()
            + f"\n\n_(this section took {time.perf_counter() - started:.0f} s)_\n"
        )
        sys.stdout.write(body + "\n")
    header = (
        "# Benchmark results\n\n"
        f"Run on {dt.date.today():%Y-%m-%d}, {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPU cores, `make bench`.\n"
        "Every figure below was measured by the script named in its section; ratios compare "
        "two ways of doing the same work in the same run.\n\n"
    )
    results = HERE / "RESULTS.md"
    if names and results.exists():
        # keep other sections when only some benchmarks were re-run
        old = results.read_text("utf-8").split("\n## ")[1:]
        kept = [
            "## " + s
            for s in old
            if s.split("\n", 1)[0].split(" ")[0].lower() not in names
        ]
        sections = kept + sections
    results.write_text(header + "\n".join(sections), "utf-8")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.dev")
    main(sys.argv[1:])
