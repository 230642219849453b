"""Nothing of one organisation in code: the demo's province lives in demo data only."""

import json
from pathlib import Path

from django.conf import settings

from thidua.lib.text import fold

ROOT = Path(settings.BASE_DIR)
SOURCES = ("thidua", "jinja2", "templates", "static/js", "static/css")
SUFFIXES = {".py", ".html", ".css", ".js", ".txt", ".xml", ".json"}


def _demo_names() -> set[str]:
    mapping = json.loads(
        (ROOT / "data" / "laichau-communes-2025-mapping.json").read_text("utf-8")
    )
    name = mapping["province"]["name"].removeprefix("Tỉnh ")  # "Lai Châu"
    folded = fold(name)
    return {folded, folded.replace(" ", "")}  # "lai chau", "laichau" (domains, files)


def _is_demo_data(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return (
        path.name in ("demo.py", "conftest.py")
        or "tests" in parts
        or "migrations" in parts  # history: later migrations remove the examples
    )


def test_no_name_of_the_demo_province_outside_demo_data():
    names = _demo_names()
    found = []
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file() or _is_demo_data(path):
                continue
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if any(name in fold(line) for name in names):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "Tên tỉnh của dữ liệu mẫu nằm trong mã:\n" + "\n".join(found)


def test_the_check_sees_every_spelling():
    names = _demo_names()
    for spelling in ("LAI CHÂU", "Lai Chau", "laichau.gov.vn"):
        assert any(name in fold(spelling) for name in names)
