"""Golden files for chart specs (Vega-Lite JSON), so that a change in a chart shows in review.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/site/test_site_golden.py`
and commit the JSON files under tests/site/golden/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sitegen import charts

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

REGIONS = [
    {"region": "Қарағанды", "percent": 78.4, "label": "78,4% ⚑", "flag_mark": "⚑"},
    {"region": "Абай", "percent": 43.0, "label": "43%", "flag_mark": ""},
    {"region": "Астана", "percent": 100.0, "label": "100%", "flag_mark": ""},
]


def specs() -> dict[str, dict]:
    return {
        "bar_ranked": charts.bar_ranked(
            REGIONS, label_field="region", value_field="percent", value_title="Пайыз", text_field="label",
            reference=62.9, reference_label="Барлық өңірлер",
        ),
        "heatmap": charts.heatmap(
            [{"org": o, "region": r["region"], "percent": r["percent"], "label": r["label"]}
             for r in REGIONS for o in ("Балабақшалар", "Мектептер")],
            x_field="org", x_order=["Балабақшалар", "Мектептер"], y_field="region",
            y_order=["Абай", "Астана", "Қарағанды"], value_field="percent", text_field="label",
            legend_title="Пайыз",
        ),
        "tile_map": charts.tile_map(
            [{"region": "СҚО", "col": 3, "row": 0, "percent": 66.0, "label": "66%"},
             {"region": "Астана", "col": 4, "row": 1, "percent": 100.0, "label": "100%"}],
            value_field="percent", text_field="label", label_field="region", legend_title="Пайыз", lang="kk",
        ),
        "line_path": charts.line_path(
            [{"period": "PISA-2022", "series": "Математика", "target": 425, "label": "425"},
             {"period": "PISA-2025", "series": "Математика", "target": 440, "label": "440"}],
            x_field="period", x_order=["PISA-2022", "PISA-2025"], y_field="target", y_title="балл",
            series_field="series", series_order=["Математика"], text_field="label", colours=["#0072B2"],
        ),
    }


@pytest.mark.parametrize("name", sorted(specs()))
def test_chart_spec_matches_golden(name: str):
    spec = specs()[name]
    text = json.dumps(spec, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path = GOLDEN / f"{name}.vl.json"
    if UPDATE or not path.exists():
        if not UPDATE:
            pytest.fail(f"{path} is missing: run with UPDATE_GOLDEN=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then UPDATE_GOLDEN=1"


def test_golden_specs_render(tmp_path: Path):
    """Every golden spec renders offline to SVG (no external data, no fonts fetched)."""
    for spec in specs().values():
        svg = charts.render_svg(spec, "kk", tmp_path)
        assert svg.startswith("<svg") and "</svg>" in svg


def inline_rows(node: object, datasets: dict) -> object:
    """The spec with every reference to a named dataset replaced by the rows themselves."""
    if isinstance(node, dict):
        if set(node) == {"name"} and node["name"] in datasets:
            return {"values": datasets[node["name"]]}
        return {key: inline_rows(value, datasets) for key, value in node.items() if key != "datasets"}
    if isinstance(node, list):
        return [inline_rows(item, datasets) for item in node]
    return node


@pytest.mark.parametrize("name", ["bar_ranked", "line_path"])
def test_named_rows_draw_as_inline_rows(name: str, tmp_path: Path):
    """Rows given once by name draw the same chart as the rows inline in every view."""
    spec = specs()[name]
    assert spec["datasets"][charts.ROWS]
    inline = inline_rows(spec, spec["datasets"])
    assert "datasets" not in inline and json.dumps({"name": charts.ROWS}) not in json.dumps(inline)
    assert charts.render_svg(spec, "kk", tmp_path) == charts.render_svg(inline, "kk", tmp_path)
