"""One scaling measurement in its own process: `python -m bench.scale_worker CORPUS_ROOT`.

Its own process so that the parent reads this run's peak memory alone (os.wait4). Imports happen
before any clock starts: the budget is about how the work grows with the text, and the import time
is the same at every scale (part 1 measures it). Prints one JSON object.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import sys
import time
from pathlib import Path

import polars as pl

import pipelines.flow
from bench.pipeline import VALIDATION_STEP, parse_steps
from pipelines.extract.concept_plan import parse_concept_plan
from pipelines.extract.national_figures import extract_national_figures
from pipelines.extract.security_lists import extract_security_lists
from pipelines.flow import build_frames
from pipelines.publish.package import render_package
from pipelines.publish.validate import ValidationPool
from pipelines.reference import load_alias_table
from pipelines.run import publish
from pipelines.sources import documents_of_format, load_documents


def read_corpus_translations(root: Path) -> None:
    """The pipeline reads the plan's translations from the repository's data/translations/; the corpus'
    plan has actions the repository's do not (renumbered copies), which its own data/translations/
    gives the texts of the actions they copy (bench/corpus.py). The plan's step reads those."""
    translations = root / "data" / "translations"
    pipelines.flow.parse_concept_plan = lambda doc, **given: parse_concept_plan(doc, translations, **given)


def run_pipeline(root: Path) -> dict:
    """What `make data` does, on the corpus: documents → checked frames → rendered → staged,
    validated (by the validating processes, as in `make data`) and committed by the pipeline's own
    publish step (into the corpus folder)."""
    data = root / "data"
    printed = io.StringIO()
    started = time.perf_counter()
    pool = ValidationPool.start()  # as pipelines.run.main starts it: first, to warm up while parsing
    try:
        with contextlib.redirect_stdout(printed):
            frames = build_frames(data / "sources", data / "reference", data / "corrections.yml", root)
        built = time.perf_counter()
        steps = parse_steps(printed.getvalue())
        files = render_package(frames)
        rendered = time.perf_counter()
        published = io.StringIO()
        with contextlib.redirect_stdout(published):
            publish(files, root, pool)
    finally:
        if pool is not None:
            pool.close()
    done = time.perf_counter()
    publish_steps = parse_steps(published.getvalue())
    return {
        "pipeline_s": done - started,
        "build_frames_s": built - started,
        "render_s": rendered - built,
        "publish_s": done - rendered,
        "validate_s": publish_steps.get(VALIDATION_STEP, float("nan")),
        "steps_s": steps | publish_steps,
        # build_frames' time in no printed step: the runner between steps (every step prints its line).
        "build_frames_outside_steps_s": (built - started) - sum(steps.values()),
        "rows": {name: frame.height for name, frame in frames.items()},
    }


def run_parsers(root: Path) -> dict:
    """The parsing functions alone on the same text: read, lists, national figures, plan."""
    data = root / "data"
    aliases = load_alias_table(data / "reference")
    started = time.perf_counter()
    documents = load_documents(data / "sources", root)
    read = time.perf_counter()
    lists = pl.concat([extract_security_lists(doc, aliases) for doc in documents_of_format(documents, "security_note")])
    listed = time.perf_counter()
    figures = extract_national_figures(documents, aliases)
    figured = time.perf_counter()
    (plan_doc,) = documents_of_format(documents, "concept_plan")
    plan = parse_concept_plan(plan_doc, data / "translations")
    done = time.perf_counter()
    return {
        "parse_s": done - started,
        "parse_parts_s": {"read documents": read - started, "security lists": listed - read,
                          "national figures": figured - listed, "concept plan": done - figured},
        "parsed_rows": lists.height + figures.height + plan["concept_actions"].height,
    }


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    read_corpus_translations(root)
    result = run_pipeline(root)
    gc.collect()
    result |= run_parsers(root)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
