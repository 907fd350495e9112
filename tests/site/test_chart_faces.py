"""Charts are measured and drawn with the same faces on every machine (sitegen.charts.use_chart_faces):
vl-convert's own Liberation Sans, and DejaVu Sans for the glyphs it lacks, whatever faces are installed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import charts

ROOT = Path(__file__).resolve().parents[2]

# Renders, in a process of its own, a chart with Kazakh letters and the flag mark and its exported image,
# and prints their digests.
RENDER = """
import hashlib, sys, tempfile
from pathlib import Path
from sitegen import charts
rows = [{"label": "Қарағанды", "n": 78.4, "text": "78,4 % ⚑", "flag_mark": "⚑"},
        {"label": "Ұлытау", "n": 65.3, "text": "65,3 %", "flag_mark": ""}]
spec = charts.bar_ranked(rows, label_field="label", value_field="n", value_title="Пайыз", text_field="text")
svg = charts.render_svg(spec, "kk", Path(tempfile.mkdtemp()))
image = charts.export_svg(svg, charts.Credit("Өңірлер ⚑", "Дереккөз: 004-құжат", "CC BY 4.0"))
charts.use_chart_faces()
print(hashlib.sha256(svg.encode()).hexdigest(), hashlib.sha256(charts.vlc.svg_to_png(image, scale=2)).hexdigest())
"""


def render_in_process(env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", RENDER], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_charts_are_the_same_whatever_faces_are_installed(tmp_path):
    """A machine whose only installed face is DejaVu Sans Mono draws every chart as this one does."""
    only = tmp_path / "faces"
    only.mkdir()
    (only / "DejaVuSansMono.ttf").symlink_to(charts.find_face("DejaVuSansMono.ttf"))
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{only}</dir></fontconfig>\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    assert render_in_process(env) == render_in_process(dict(env, FONTCONFIG_FILE=str(config)))


def test_the_flag_mark_is_drawn(tmp_path):
    """Liberation Sans has no flag mark: it comes from DejaVu Sans, not as a missing-glyph box."""
    charts.use_chart_faces()

    def png(text: str) -> bytes:
        return charts.vlc.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
                                f'<text x="5" y="20" font-family="{charts.EXPORT_FONT}" font-size="16">{text}</text></svg>', scale=2)

    assert len({hashlib.sha256(png(t)).digest() for t in ("⚑", "\ue000", "")}) == 3


def test_a_missing_fallback_face_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"DejaVuSans\.ttf.*fonts-dejavu-core"):
        charts.find_face("DejaVuSans.ttf", [tmp_path])
