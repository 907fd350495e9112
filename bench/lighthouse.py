"""Part 5: Lighthouse (mobile, Chromium, the npm `lighthouse` package of bench/package.json).

Pages: home, a region, the first Concept indicator and the data page, in each language, served
from the built _site/ by bench/serve.py (gzip, as in production) on 127.0.0.1. Runs are sequential
(parallel runs would share two cores and slow each other's simulated timings). For every score
below its budget, the failing audits are listed with the elements or URLs they name: that list is
what to fix.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import tempfile
from pathlib import Path

from bench.common import BENCH, Figure, median
from bench.serve import SiteServer
from tests.browser import find_browser


def chromium_path() -> str:
    """The browser tests/browser.py finds (BILIM_BROWSER, CHROME_BIN, the usual names)."""
    path = find_browser()
    if path is None:
        raise SystemExit("no Chromium or Chrome found: set BILIM_BROWSER or install chromium")
    return path


LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LANGUAGES = ("", "ru/", "en/")  # Kazakh at the root
RUN_TIMEOUT_S = 300
MAX_ITEMS = 8


def ensure_installed() -> None:
    """Install bench/'s npm packages (Lighthouse) from its lock file when they are missing."""
    if LIGHTHOUSE.exists():
        return
    subprocess.run(["npm", "ci", "--prefix", str(BENCH), "--no-audit", "--no-fund", "--loglevel=error"],
                   check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "true"})


def version() -> str:
    package = BENCH / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else ""


def first_indicator(snapshot: Path) -> str:
    with (snapshot / "data" / "concept_indicators.csv").open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: int(r["indicator_no"]))
    return rows[0]["indicator_id"]


def page_paths(snapshot: Path) -> list[str]:
    pages = ["", "regions/kz-75/", f"concept/{first_indicator(snapshot)}/", "data/"]
    return [f"/{lang}{page}" for lang in LANGUAGES for page in pages]


def run_once(url: str, attempts: int = 2) -> dict:
    """One Lighthouse report; a second attempt when the first fails (a browser that did not start
    is not a finding about the site)."""
    for attempt in range(attempts):
        try:
            return _lighthouse(url)
        except (RuntimeError, subprocess.TimeoutExpired):
            if attempt + 1 == attempts:
                raise
    raise AssertionError("unreachable")


def _lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [str(LIGHTHOUSE), url, f"--chrome-path={chromium_path()}", f"--chrome-flags={CHROME_FLAGS}",
                   "--output=json", f"--output-path={report}", "--quiet", "--form-factor=mobile",
                   f"--only-categories={','.join(CATEGORIES)}"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        if result.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url} ({result.returncode}):\n{result.stderr[-3000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {data['runtimeError']}")
    return data


def _local(text: str) -> str:
    """A URL of the benchmark's server as its path: the port changes with every run."""
    return re.sub(r"^http://127\.0\.0\.1:\d+", "", text)


def _items(audit: dict) -> list[str]:
    """The elements or URLs an audit names, as 'selector — snippet' or the URL path."""
    out = []
    for item in (audit.get("details") or {}).get("items", [])[:MAX_ITEMS]:
        node = item.get("node") if isinstance(item, dict) else None
        if isinstance(node, dict):
            text = f"{node.get('selector', '')} — {node.get('snippet', '')}"
            if node.get("explanation"):
                text += f" — {' '.join(node['explanation'].split())[:300]}"
            out.append(text)
        elif isinstance(item, dict):
            source = item.get("source")
            url = item.get("url") or (source.get("url") if isinstance(source, dict) else None)
            out.append(_local(str(url or item.get("description") or item))[:300])
    return out


def failing_audits(data: dict, category: str) -> list[dict]:
    """Audits that cost the category points: weighted and below full score. For performance also
    the audits that report savings on a metric (what would move the weighted metrics)."""
    out = []
    for ref in data["categories"][category]["auditRefs"]:
        audit = data["audits"][ref["id"]]
        score = audit.get("score")
        savings = audit.get("metricSavings") or {}
        weighted = ref.get("weight", 0) > 0 and score is not None and score < 1
        saves = category == "performance" and score is not None and score < 1 and any(savings.values())
        if weighted or saves:
            out.append({"id": audit["id"], "title": audit["title"], "score": score,
                        "display": audit.get("displayValue", ""), "weight": ref.get("weight", 0),
                        "items": _items(audit)})
    return out


def measure(site: Path, snapshot: Path, runs: int, log: callable) -> list[Figure]:
    ensure_installed()
    paths = page_paths(snapshot)
    scores: dict[tuple[str, str], list[float]] = {(p, c): [] for p in paths for c in CATEGORIES}
    failures: dict[tuple[str, str], dict[str, dict]] = {(p, c): {} for p in paths for c in CATEGORIES}
    transfer: dict[str, list[float]] = {p: [] for p in paths}
    with SiteServer(site) as server:
        for run in range(runs):
            for path in paths:
                data = run_once(server.url + path)
                for category in CATEGORIES:
                    score = data["categories"][category]["score"]
                    scores[(path, category)].append(100 * (score or 0))
                    for audit in failing_audits(data, category):
                        seen = failures[(path, category)].setdefault(audit["id"], audit | {"runs": 0})
                        seen["runs"] += 1
                transfer[path].append(data["audits"]["total-byte-weight"].get("numericValue", 0) / 1024)
                log(f"lighthouse run {run + 1}/{runs} {path}: " + ", ".join(
                    f"{c} {scores[(path, c)][-1]:.0f}" for c in CATEGORIES))
    figures = []
    for path in paths:
        for category in CATEGORIES:
            values = scores[(path, category)]
            value = median(values)
            details = {"transfer_kb": round(median(transfer[path]), 1)} if category == "performance" else {}
            if value < BUDGETS[category]:
                details["failing_audits"] = sorted(failures[(path, category)].values(),
                                                   key=lambda a: (-a["weight"], a["score"], a["id"]))
            figures.append(Figure(
                f"lighthouse.{path}.{category}", f"lighthouse {path} {category}", value, "score", values,
                budget=f"≥ {BUDGETS[category]}", value=value, limit=float(BUDGETS[category]),
                lower_is_better=False, details=details))
    return figures
