"""Every source document, damaged in realistic ways: each case ends identical or stopped at a line.

The cases and the rules are in tests/mutations.py; the table of outcomes is printed at the end of the
run (tests/conftest.py). Runs with or without pytest-xdist: the cases are generated from fixed seeds,
so every worker collects the same ones.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import Counter

import pytest

from pipelines.errors import CheckFailure, SourceFormatError
from pipelines.flow import build_frames
from pipelines.paths import CORRECTIONS, REFERENCE, SOURCES
from tests.conftest import damaged
from tests.fresh import SEEDS, run_fresh
from tests.mutations import ACCEPTABLE, OPERATORS, STOPPED, Case, corpus, parse_document

CASES: tuple[Case, ...] = corpus().cases


def test_at_least_a_thousand_cases_over_every_document_and_operator():
    assert len(CASES) >= 1000
    assert len({c.id for c in CASES}) == len(CASES)
    by_document = Counter(c.source_id for c in CASES)
    assert sorted(by_document) == sorted(p.stem for p in SOURCES.glob("*.txt"))
    assert min(by_document.values()) >= 100
    assert {c.operator for c in CASES} == set(OPERATORS)


def digest(cases: tuple[Case, ...]) -> str:
    return hashlib.sha256(repr([(c.id, c.description, c.edits, c.offset, c.payload) for c in cases]).encode()).hexdigest()


CASES_DIGEST = """
import json
from tests.mutations import corpus
from tests.test_mutations import digest
print(json.dumps(digest(corpus().cases)))
"""


@pytest.mark.parametrize("seed", SEEDS)
def test_cases_are_the_same_on_every_run(seed):
    """Made again in a fresh process (another PYTHONHASHSEED: sets of strings in another order), the cases
    are the same, so that every pytest-xdist worker runs the cases the others collected."""
    assert run_fresh(CASES_DIGEST, seed) == digest(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_damage_leaves_the_rows_or_stops_at_a_line(case: Case, record_property):
    outcome = corpus().run(case)
    record_property("mutation", f"{case.source_id[:3]}|{case.operator}|{outcome.kind}")
    where = f"{case.id} ({case.description})"
    assert outcome.kind in ACCEPTABLE, f"{where}: {outcome.kind}: {outcome.detail}"
    assert outcome.kind in case.expected, f"{where}: expected {' or '.join(case.expected)}, got {outcome.kind}: " \
                                          f"{outcome.detail}"
    if outcome.kind == STOPPED and case.stop_line is not None:
        assert outcome.line == case.stop_line, f"{where}: the stop names line {outcome.line}, the damage is on " \
                                               f"{case.stop_line}: {outcome.detail}"


@pytest.mark.parametrize("operator", ["cp1251", "truncate", "remove_entry"])
def test_the_whole_build_stops_with_the_same_message(operator, tmp_path):
    """One case run through `make data`'s build_frames over a copy of the sources gives the same stop."""
    case = next(c for c in CASES if c.operator == operator and corpus().run(c).kind == STOPPED)
    sources = tmp_path / "data" / "sources"
    shutil.copytree(SOURCES, sources)
    document = sources / f"{case.source_id}.txt"
    document.write_bytes(case.damage(document.read_bytes()))
    with pytest.raises((SourceFormatError, CheckFailure)) as caught:
        build_frames(sources, REFERENCE, CORRECTIONS, tmp_path)
    assert str(caught.value) == corpus().run(case).detail


def test_a_stale_correction_names_the_file_and_line(note):
    """Count and total printed the right way round: the declared swap's quote is no longer on line 5."""
    fixed = damaged(note, 5, "Қарағанды (105-тен 134)", "Қарағанды (134-тен 105)")
    with pytest.raises(CheckFailure, match=rf"^{note.path}:5: expected the text 'Қарағанды \(105-тен 134\) – 78%'"):
        parse_document(fixed, corpus().context)


def test_a_correction_quote_is_read_as_the_parsers_read_text(note):
    """A no-break space, another dash and a Latin letter in the corrected entry keep its correction."""
    retyped = damaged(note, 5, "Қарағанды (105-тен 134)", "Қaрағанды (105—тен\u00a0134)")
    frame = parse_document(retyped, corpus().context)["security_coverage"]
    row = frame.filter(frame["correction_id"] == "swap-004-l005-kz35-kindergarten").row(0, named=True)
    assert (row["count"], row["total"]) == (105, 134)
