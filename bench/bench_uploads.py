"""Hostile uploads: how long the gate of thidua/lib/uploads.py takes to refuse each
file of the test corpus, and what a real full-size import costs (gate + parse).

Each hostile file is refused before any parser runs; before the gate, the
dimension bomb aborted a worker (calamine) or held it 64 s (openpyxl). Wall-clock
and CPU time are reported, with the peak resident memory of this process.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings.test")
    import django

    django.setup()
    import PIL.Image  # noqa: F401 - imported once, outside the timings


def _time(call) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        call()
        outcome = "accepted"
    except Exception as exc:  # noqa: BLE001 - the refusal is what is measured
        outcome = type(exc).__name__
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


def run() -> str:
    _setup()

    from thidua.dossiers.imports import read_nominee_file
    from thidua.lib import tabular, uploads
    from thidua.lib.tests import hostile

    columns = [tabular.Column("ho_va_ten", "Họ và tên", required=True)]
    lines = [
        "## uploads — hostile files refused before parsing",
        "",
        "| file | size | path | wall | CPU | answer |",
        "| --- | ---: | --- | ---: | ---: | --- |",
    ]
    worst = 0.0
    for name, filename, data in hostile.spreadsheet_corpus():
        for path, call in (
            ("import", lambda d=data, f=filename: tabular.read_rows(d, f, columns)),
            ("nominees", lambda d=data, f=filename: read_nominee_file(f, d)),
        ):
            if path == "nominees" and filename.endswith(".csv"):
                continue
            wall, cpu, outcome = _time(call)
            worst = max(worst, wall)
            lines.append(
                f"| {name} | {len(data):,} B | {path} | {wall * 1000:.1f} ms | "
                f"{cpu * 1000:.1f} ms | {outcome} |"
            )
    for name, _filename, data in hostile.document_corpus():
        wall, cpu, outcome = _time(lambda d=data: uploads.check_document(d))
        worst = max(worst, wall)
        lines.append(
            f"| {name} | {len(data):,} B | attachment | {wall * 1000:.1f} ms | "
            f"{cpu * 1000:.1f} ms | {outcome} |"
        )
    real = hostile.real_sheet(19_999)
    gate = _time(lambda: uploads.check_xlsx(real))
    whole = _time(lambda: tabular.read_rows(real, "ds.xlsx", columns))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += [
        "",
        f"Slowest refusal: **{worst * 1000:.0f} ms** (target: under 2 s).",
        f"A real 20 000 × 10 sheet ({len(real):,} B): gate {gate[0]:.2f} s, gate + "
        f"calamine read {whole[0]:.2f} s. Peak memory of the whole run: {peak:.0f} MB.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(run() + "\n")
