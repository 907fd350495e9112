"""`sitegen.charts.layer` builds the same Vega-Lite as `alt.layer`, without alt.LayerChart's copies of every
layer: for layers that share their data and have nothing else to merge, and, through alt.layer itself,
for layers that do (parameters, sizes, data of their own). Copies of the layered chart (Altair copies it
in to_dict, facet and every property set) give the same spec."""

from __future__ import annotations

import altair as alt
import pytest

from sitegen import charts

ROWS = [{"region": "Абай", "percent": 61.5}, {"region": "Алматы", "percent": 100.0}]


def _bars(data) -> alt.Chart:
    return alt.Chart(data).mark_bar().encode(y=alt.Y("region:N", sort="-x"), x="percent:Q")


def _labels(data) -> alt.Chart:
    return alt.Chart(data).mark_text(align="left", dx=3).encode(y="region:N", x="percent:Q", text="percent:Q")


def _shared():
    data = charts.rows_data()
    return [_bars(data), _labels(data)], {"height": 120, "title": "Үлес"}


def _with_params():
    data = charts.rows_data()
    hover = alt.selection_point(on="pointerover", fields=["region"])
    return [_bars(data).add_params(hover), _labels(data)], {}


def _sized_layer():
    data = charts.rows_data()
    return [_bars(data).properties(width=200), _labels(data)], {}


def _own_data():
    return [_bars(charts.rows_data()), _labels(alt.Data(values=ROWS))], {}


@pytest.mark.parametrize("make", [_shared, _with_params, _sized_layer, _own_data],
                         ids=["shared data", "parameters", "a layer's width", "data of its own"])
def test_layer_gives_alt_layer_s_spec(make):
    ours_layers, props = make()
    theirs_layers, _ = make()
    ours, theirs = charts.layer(*ours_layers, **props), alt.layer(*theirs_layers, **props)
    expected = theirs.to_dict(validate=False)
    assert ours.to_dict(validate=False) == expected
    assert ours.copy().to_dict(validate=False) == expected
    assert ours.copy(deep=False).properties(width=300).to_dict(validate=False) == \
        theirs.copy(deep=False).properties(width=300).to_dict(validate=False)
    if theirs.data is not alt.Undefined:  # Altair facets only a chart with its data at the top
        assert ours.facet(row="region:N").to_dict(validate=False) == \
            theirs.facet(row="region:N").to_dict(validate=False)


def test_layer_takes_the_short_way_only_when_nothing_is_merged():
    layers, props = _shared()
    assert type(charts.layer(*layers, **props)) is not alt.LayerChart
    for make in (_with_params, _sized_layer, _own_data):
        layers, props = make()
        assert type(charts.layer(*layers, **props)) is alt.LayerChart
