"""The report's data files: every figure the report prints is in them, and they load cleanly.

The report (tests/data/informe_2024_2025.txt, a copy of the source the demo is built from) is
read as text and every number it prints is looked for in the data files of red/data/report/
— in their texts, their CSV cells and their numeric fields (a sum in COP also counts as its
figure in millions, as the report writes money). Table, meta and law numbers count too:
they are in the files as well.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from red.seed import SeedError, report_data
from red.seed.report_data import DATA_DIR, load

REPORT = Path(__file__).parent / "data" / "informe_2024_2025.txt"
# A number as the report prints it: 2.378, 63,5, 1600, 2024-460 (each part on its own).
NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w])|(?<![\w.,])\d+(?:,\d+)?")

# Figures the data files do not carry: none (the set stays, so a new gap is named here).
PENDING: set[str] = set()


def numbers_in(text: str) -> set[str]:
    """The numbers of a text, thousands dots dropped: '2.378' -> '2378', '63,5' stays."""
    return {match.group().replace(".", "") for match in NUMBER.finditer(text)}


def _values(node) -> set[str]:
    """Every number in a YAML document: inside its strings and as its numeric values."""
    if isinstance(node, dict):
        return set().union(*(_values(k) | _values(v) for k, v in node.items()), set())
    if isinstance(node, list):
        return set().union(*(_values(item) for item in node), set())
    if isinstance(node, bool) or node is None:
        return set()
    if isinstance(node, int | Decimal | float):
        found = {str(node)}
        if isinstance(node, int) and node >= 10**6 and node % 10**5 == 0:
            millions = Decimal(node) / 10**6  # $28.000 millones, $3.370 millones
            found.add(format(millions.normalize(), "f").replace(".", ","))
        return found
    return numbers_in(str(node))


def data_numbers() -> set[str]:
    found: set[str] = set()
    for path in sorted(DATA_DIR.iterdir()):
        if path.suffix == ".yaml":
            found |= _values(yaml.safe_load(path.read_text(encoding="utf-8")))
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle):
                    for cell in row:
                        found |= numbers_in(cell)
    return found


def test_every_figure_of_the_report_is_in_the_data_files():
    report = numbers_in(REPORT.read_text(encoding="utf-8"))
    missing = report - data_numbers() - PENDING
    assert not missing, f"figures of the report missing from red/data/report/: {sorted(missing)}"


def test_tables_carry_the_printed_figures():
    data = load()
    by_code = {row["code"]: row for row in data.indicators}
    assert len([r for r in data.indicators if r["kind"] == "resultado"]) == 6
    assert len([r for r in data.indicators if r["kind"] == "producto"]) == 20
    mr6 = by_code["MR-6"]
    assert (mr6["baseline_text"], mr6["progress_text"], mr6["target_text"]) == (
        "2.378",
        "664",
        "3.500",
    )
    assert by_code["MR-3"]["progress_text"] == "62,8%**"
    assert by_code["MP-16"]["progress_value"] is None
    assert by_code["MP-16"]["progress_text"] == "En ejecución"


def test_an_unknown_key_fails_loudly(monkeypatch, tmp_path):
    for path in DATA_DIR.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    actors = tmp_path / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("  kind: gremio", "  knid: gremio", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr(report_data, "DATA_DIR", tmp_path)
    load.cache_clear()
    try:
        with pytest.raises(SeedError, match="actors.yaml, fila .*clave desconocida knid"):
            load()
    finally:
        load.cache_clear()


@pytest.mark.parametrize(
    ("text", "value"),
    [("2.378", 2378), ("63,5%", Decimal("63.5")), ("3***", 3), ("En ejecución", None)],
)
def test_figure_reads_the_report_way(text, value):
    assert report_data.figure(text) == value
