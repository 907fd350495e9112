"""The action plan's filters, where JavaScript runs, show exactly the matching rows of the data: a body
is one option however the plan prints it (its id of responsible_body_ids), named in the page's language."""

from __future__ import annotations

import pytest

from tests.conftest import read_published

pytestmark = pytest.mark.browser


def actions() -> list[dict[str, str]]:
    return read_published("concept_actions")


def visible_rows(page) -> list[str]:
    return page.eval_on_selector_all("#actions-table tbody tr:not([hidden])", "rows => rows.map(r => r.id)")


def rows_of(body: str) -> set[str]:
    return {f"a{a['action_no']}" for a in actions() if body in a["responsible_body_ids"].split(";")}


@pytest.mark.parametrize("prefix", ["", "ru/", "en/"])
def test_filters_by_body_chapter_and_year(page, base_url, prefix):
    page.goto(base_url + prefix + "actions/")
    assert len(visible_rows(page)) == 180
    page.select_option('select[data-filter="body"]', "mtsriap")
    assert set(visible_rows(page)) == rows_of("mtsriap") and len(rows_of("mtsriap")) >= 3
    # The Altynsarin Academy is printed with and without the space after its initial: one body, 16 rows.
    page.select_option('select[data-filter="body"]', "nao-altynsarin")
    assert set(visible_rows(page)) == rows_of("nao-altynsarin") and len(rows_of("nao-altynsarin")) == 16
    page.select_option('select[data-filter="body"]', "")
    page.select_option('select[data-filter="chapter"]', "7")
    assert set(visible_rows(page)) == {f"a{n}" for n in range(166, 181)}
    page.select_option('select[data-filter="year"]', "2025")
    expected = {f"a{a['action_no']}" for a in actions()
                if a["chapter"] == "7" and "2025" in a["deadline_years"].split(";")}
    assert set(visible_rows(page)) == expected
    assert not page.errors and not page.foreign
