"""`make bench` / `python -m bench.run`: measure Bilim Data against its budgets.

Parts (all by default, in this order; --only picks some):
  pipeline    make data's pipeline against a floor process (start Python, import its libraries)
  scaling     the pipeline on synthetic corpora of 1×, 10×, 100× the real documents
  site        cold site build against MkDocs alone on the same pages, and a rebuild after a one-row change
  weight      gzip bytes of a first view of every built page, in Chromium
  search      search on a phone (CPU 4× slower): index ready after opening search, results after typing
  lighthouse  Lighthouse mobile scores of 4 pages × 3 languages
  tests       make test, timed once, with the machine's CPU over the run (bench/tests.py)

Every timed figure is the median of --runs runs (default 5) taken in this one invocation, but the
test suite's (one run of several minutes). Prints a
table, writes bench/results.json (parts not run keep their previous entry) and exits 1 when a
budget is missed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import time
from pathlib import Path

from bench import lighthouse, pipeline, scaling, search, site, tests, weight
from bench.common import BENCH, Figure, machine_info, snapshot, tool_versions

PARTS = ("pipeline", "scaling", "site", "weight", "search", "lighthouse", "tests")
RESULTS = BENCH / "results.json"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fmt(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "score":
        return f"{value:.0f}"
    if abs(value) >= 100:
        text = f"{value:.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def verdict(figure: Figure) -> str:
    return {True: "pass", False: "FAIL", None: ""}[figure.passed]


def ratio_text(figure: Figure) -> str:
    """The compared value when it is not the median itself (a ratio of medians)."""
    if figure.value is None or figure.value == figure.median:
        return ""
    return f"{figure.value:.2f}" if figure.value < 10 else f"{figure.value:.1f}"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def failing_audits_text(failing: list[Figure]) -> list[str]:
    """The audits that cost points, once per audit with the pages it fails on and a few of the
    distinct elements or URLs it names: a to-do list rather than 12 copies of it."""
    audits: dict[tuple[str, str], dict] = {}
    for figure in failing:
        page, category = figure.key.split(".", 1)[1].rsplit(".", 1)
        for audit in figure.details.get("failing_audits", []):
            entry = audits.setdefault((category, audit["id"]), {"title": audit["title"], "pages": [],
                                                                "items": []})
            shown = f" {audit['display']}" if audit["display"] and category == "performance" else ""
            entry["pages"].append(f"{page}{shown}")
            for item in audit["items"]:
                head = item.split(" — ")[0]
                if head not in [i.split(" — ")[0] for i in entry["items"]] and len(entry["items"]) < 4:
                    entry["items"].append(item)
    lines = [f"{figure.label}: {figure.median:.0f} (runs {', '.join(f'{r:.0f}' for r in figure.runs)})"
             for figure in failing]
    for (category, audit_id), entry in sorted(audits.items()):
        lines.append(f"- {category} / {audit_id}: {entry['title']}")
        lines.append(f"    on {len(entry['pages'])} page(s): {', '.join(entry['pages'])}")
        lines += [f"    e.g. {item[:400]}" for item in entry["items"]]
    return lines


def report(figures: list[Figure]) -> str:
    main = [f for f in figures if not f.key.startswith("lighthouse.")]
    rows = [[f.label, fmt(f.median, f.unit), f.budget, ratio_text(f), verdict(f)] for f in main]
    parts = [table(rows, ["figure", "median", "budget", "ratio", "result"])] if rows else []
    for f in main:
        if f.key == "pipeline.wall":
            steps = ", ".join(f"{k} {v:.2f}" for k, v in f.details["steps_s"].items())
            parts.append(f"\npipeline steps (median s): {steps}; outside the steps (imports, staging): "
                         f"{f.details['outside_steps_s']:.2f}")
        if f.key.startswith("search.") and f.key.endswith(".ready"):
            langs = ", ".join(f"{lang} {v['ready_ms']:.0f} / {v['query_max_ms']:.0f} ms"
                              for lang, v in f.details["by_language"].items())
            index = ", ".join(f"{lang} {kb} KB" for lang, kb in f.details["index_gzip_kb"].items())
            parts.append(f"\n{f.key.split('.')[1]} search by language (ready / slowest query): {langs}; "
                         f"index gzip: {index}")
        if f.key in ("site.cold", "site.rebuild"):
            phases = ", ".join(f"{k.removesuffix('_s')} {v:.1f} s" for k, v in f.details["phases_s"].items())
            parts.append(f"\n{f.label}: {phases} (as sitegen and mkdocs report them)")
            if "profile" in f.details:
                kinds = ", ".join(f"{k} {v:.1f}" for k, v in f.details["profile"]["cpu_s"].items())
                parts.append(f"where a cold build's CPU goes (s, one process, no cache): {kinds}; MkDocs "
                             f"{next((g.details['cpu_s'] for g in figures if g.key == 'site.mkdocs'), float('nan')):.1f}")
        if f.key == "tests.wall":
            modules = ", ".join(f"{m.removeprefix('tests/')} {s:.0f}" for m, s in f.details["by_module_s"].items())
            parts.append(f"\ntests: {f.details['tests']} passed; machine CPU {f.details['machine_cpu_s']} s, so no "
                         f"shorter than {f.details['cpu_floor_s']} s on {f.details['cores']} cores; test time by "
                         f"module (s, summed over the workers): {modules}")
        if f.key == "weight.max":
            lines = [f"  {h['page']}  {h['kb']} KB (model {h['static_kb']} KB)  " + ", ".join(
                     f"{k} {v}" for k, v in h.get("chromium_by_kind_kb", h["by_kind_kb"]).items())
                     for h in f.details["heaviest"]]
            parts.append(f"\nheaviest pages, measured in {f.details['measured_in']} "
                         f"({f.details['pages_over_budget']} of {f.details['pages']} over budget; KB by kind, "
                         "'search' = search box script and worker; every page in results.json):\n" + "\n".join(lines))
            if f.details["external"] or f.details["missing"]:
                parts.append(f"  external: {f.details['external']}; missing: {f.details['missing']}")
    lighthouse_figures = [f for f in figures if f.key.startswith("lighthouse.")]
    if lighthouse_figures:
        pages = list(dict.fromkeys(f.key.split(".", 1)[1].rsplit(".", 1)[0] for f in lighthouse_figures))
        by_key = {f.key: f for f in lighthouse_figures}
        # The weight part's figure for the same page, beside what Lighthouse saw transferred: the
        # two should agree, which checks the weight part's model of a first visit.
        static = next((f.details["pages_kb"] for f in figures if f.key == "weight.max"), {})
        rows = []
        for page in pages:
            cells = [by_key[f"lighthouse.{page}.{c}"] for c in lighthouse.CATEGORIES]
            ok = all(c.passed for c in cells)
            transfer = cells[0].details.get("transfer_kb")
            weighed = f"{static[page]} KB" if page in static else "–"
            rows.append([page, *(fmt(c.median, "score") for c in cells), f"{transfer} KB", weighed,
                         "pass" if ok else "FAIL"])
        budget = "budget: " + ", ".join(f"{c} ≥ {b}" for c, b in lighthouse.BUDGETS.items())
        parts.append(f"\nLighthouse, mobile, median of {len(lighthouse_figures[0].runs)} runs ({budget}):\n"
                     + table(rows, ["page", "perf", "a11y", "best-pr", "seo", "LH transfer", "weight part",
                                    "result"]))
        failing = [f for f in lighthouse_figures if f.passed is False]
        if failing:
            parts.append("\nLighthouse failing audits (scores below budget; every page's list is in results.json):\n"
                         + "\n".join(failing_audits_text(failing)))
    return "\n".join(parts)


def write_results(figures: list[Figure], parts: list[str], args: argparse.Namespace, tools: dict) -> None:
    """bench/results.json: this run's parts replace their previous entries, others are kept."""
    previous = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    machine = machine_info()
    results = previous.get("parts", {})
    for part in parts:
        results[part] = {
            "measured": machine["date"],
            "runs": args.lighthouse_runs if part == "lighthouse" else 1 if part == "tests" else args.runs,
            "figures": {f.key: f.as_dict() for f in figures if f.key.split(".")[0] == part},
        }
    out = {
        "machine": machine,
        "tools": tools,
        "parts": results,
        "passed": all(f.get("passed") is not False for p in results.values() for f in p["figures"].values()),
    }
    RESULTS.write_text(json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts of {', '.join(PARTS)}")
    parser.add_argument("--runs", type=int, default=5, help="runs per timed figure (median; default 5)")
    parser.add_argument("--lighthouse-runs", type=int, default=None,
                        help="Lighthouse runs per page (default: --runs)")
    parser.add_argument("--scales", default="1,10,100", help="corpus sizes for scaling (default 1,10,100)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project snapshots")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts {sorted(unknown)}; choose from {', '.join(PARTS)}")
    parts = [p for p in PARTS if p in parts]
    args.lighthouse_runs = args.lighthouse_runs or args.runs
    if args.runs < 5 or args.lighthouse_runs < 5:
        log("fewer than 5 runs: figures are medians of fewer runs than the budgets assume")

    figures: list[Figure] = []
    snapshots: list[Path] = []
    started = time.perf_counter()
    try:
        if {"pipeline", "scaling"} & set(parts):
            code = snapshot("bilim-bench-pipeline-")
            snapshots.append(code)
            if "pipeline" in parts:
                figures += pipeline.measure(code, args.runs, log)
            if "scaling" in parts:
                figures += scaling.measure(code, [int(s) for s in args.scales.split(",")], args.runs, log)
        site_snapshot: Path | None = None
        if {"site", "weight", "search", "lighthouse"} & set(parts):
            site_snapshot = snapshot("bilim-bench-site-")
            snapshots.append(site_snapshot)
            if "site" in parts:
                figures += site.measure(site_snapshot, args.runs, log)
            else:
                log("building the site once (not timed) for weight/lighthouse")
                site.clean(site_snapshot)
                site.build(site_snapshot)
        if "weight" in parts and site_snapshot:
            figures += weight.measure(site_snapshot / "_site", site_snapshot / "mkdocs.yml", log)
        if "search" in parts and site_snapshot:
            figures += search.measure(site_snapshot / "_site", args.runs, log)
        if "lighthouse" in parts and site_snapshot:
            figures += lighthouse.measure(site_snapshot / "_site", site_snapshot, args.lighthouse_runs, log)
        if "tests" in parts:
            figures += tests.measure(args.runs, log)
    finally:
        for folder in snapshots:
            if args.keep:
                log(f"kept {folder}")
            else:
                shutil.rmtree(folder, ignore_errors=True)

    tools = tool_versions(lighthouse.chromium_path()) | {"lighthouse": lighthouse.version()}
    print(report(figures))
    write_results(figures, parts, args, tools)
    failed = [f for f in figures if f.passed is False]
    print(f"\n{len(figures)} figures, {len(failed)} over budget; {time.perf_counter() - started:.0f} s; "
          f"results in {RESULTS.relative_to(BENCH.parent)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
