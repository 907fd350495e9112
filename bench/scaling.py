"""Part 2: the pipeline on synthetic corpora of 1×, 10× and 100× the real documents.

Each run is a fresh process (bench/scale_worker.py) whose peak resident memory is read from the
kernel when it exits; scales alternate within each round (1×, 10×, 100×, 1×, ...) for the same
reason part 1 alternates. Budgets: time at 100× ≤ 100 × time at 1× (linear or better) and peak
memory at 100× under 1 GB.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from bench.common import PYTHON, ROOT, Figure, child_env, median
from bench.corpus import CorpusInfo, build_corpus

MEMORY_BUDGET_MB = 1024.0


def run_worker(corpus: CorpusInfo, code: Path) -> tuple[dict, float]:
    """The worker's JSON and its peak resident memory in MB. It runs in `code`, a snapshot of the
    project, so the pipeline it measures stays the same for the whole benchmark even if the working
    tree changes meanwhile; the benchmark's own modules come from PYTHONPATH."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([PYTHON, "-m", "bench.scale_worker", str(corpus.root)], cwd=code,
                                   env=child_env(PYTHONPATH=str(ROOT)), stdout=out, stderr=err)
        # wait4 gives this child's own rusage; RUSAGE_CHILDREN would be the maximum over every child
        # the benchmark has waited for so far, site builds included.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"scale worker failed on {corpus.root}:\n{err.read().decode()[-3000:]}")
        result = json.loads(out.read().decode().strip().splitlines()[-1])
    return result, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def _medians(results: list[dict], key: str) -> dict[str, float]:
    names = list(results[0][key])
    return {name: round(median([r[key].get(name, 0.0) for r in results]), 3) for name in names}


def measure(code: Path, scales: list[int], runs: int, log: callable) -> list[Figure]:
    corpora = {scale: build_corpus(scale) for scale in scales}
    for corpus in corpora.values():
        log(f"scaling corpus {corpus.scale}×: {corpus.text_bytes / 1e6:.2f} MB of text, {corpus.notes} notes, "
            f"{corpus.plan_actions} plan actions ({Path(corpus.root).relative_to(ROOT)})")
    results: dict[int, list[dict]] = {scale: [] for scale in scales}
    memory: dict[int, list[float]] = {scale: [] for scale in scales}
    run_worker(corpora[scales[0]], code)  # unmeasured: warms the file cache and bytecode
    for run in range(runs):
        for scale in scales:
            result, peak = run_worker(corpora[scale], code)
            results[scale].append(result)
            memory[scale].append(peak)
            log(f"scaling run {run + 1}/{runs} at {scale}×: pipeline {result['pipeline_s']:.2f} s, "
                f"parse {result['parse_s']:.2f} s, peak {peak:.0f} MB")
    figures: list[Figure] = []
    base = min(scales)
    base_time = median([r["pipeline_s"] for r in results[base]])
    for scale in scales:
        corpus, rows = corpora[scale], results[scale]
        megabytes = corpus.text_bytes / 1e6
        times = [r["pipeline_s"] for r in rows]
        parse = [r["parse_s"] for r in rows]
        time_median = median(times)
        details = {"corpus": corpus.as_dict(), "text_mb": round(megabytes, 3),
                   "build_frames_s": round(median([r["build_frames_s"] for r in rows]), 3),
                   "render_s": round(median([r["render_s"] for r in rows]), 3),
                   "publish_s": round(median([r["publish_s"] for r in rows]), 3),
                   "validate_s": round(median([r["validate_s"] for r in rows]), 3),
                   "steps_s": _medians(rows, "steps_s"),
                   "build_frames_outside_steps_s": round(median([r["build_frames_outside_steps_s"] for r in rows]), 3),
                   "parse_parts_s": _medians(rows, "parse_parts_s"),
                   "rows": rows[0]["rows"]}
        linear = scale != base and scale == max(scales)
        figures.append(Figure(
            f"scaling.{scale}x.time", f"scaling {scale}×: pipeline time ({megabytes:.1f} MB of text)", time_median,
            "s", times, budget=f"≤ {scale // base} × time at {base}×" if linear else "",
            value=time_median / base_time if linear else None, limit=float(scale // base) if linear else None,
            details=details))
        peak = memory[scale]
        figures.append(Figure(
            f"scaling.{scale}x.peak_memory", f"scaling {scale}×: peak memory", median(peak), "MB", peak,
            budget=f"< {MEMORY_BUDGET_MB:g} MB" if scale == max(scales) else "",
            value=median(peak) if scale == max(scales) else None,
            limit=MEMORY_BUDGET_MB if scale == max(scales) else None))
        throughput = [megabytes / p for p in parse]
        figures.append(Figure(
            f"scaling.{scale}x.parse_throughput", f"scaling {scale}×: parse throughput", median(throughput),
            "MB/s", throughput, details={"parse_s": round(median(parse), 3)}))
    return figures
