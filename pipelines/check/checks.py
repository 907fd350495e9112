"""Run the checks: every finding becomes a flag on its row and a row of `quality_issues`.

The kinds of issue and how each is found are declared in pipelines/check/registry.py. Here their
queries run in DuckDB over the resources (each with its `row_key`, pipelines/publish/keys.py), the
findings of Python finders (corrections, the Concept plan) join them, a progress row takes the inherited
kinds of the counts it compares, and each finding is written out. Thresholds are named constants of the
kinds' modules; none is tuned to hide a finding.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import duckdb
import polars as pl

from pipelines.check.corrected import correction_findings
from pipelines.check.kind import IssueKind, Query
from pipelines.check.registry import INHERITED_KINDS, KINDS, describe
from pipelines.duck import connect, release
from pipelines.publish.fields import QUALITY_ISSUES, RESOURCES
from pipelines.publish.keys import ROW_KEY, line_key, row_key, with_row_keys

# The resources whose rows carry flags.
FLAGGED = tuple(spec.name for spec in RESOURCES if "flags" in spec.field_names)
# The resources the kinds' queries read, and how many of the queries run at once (one per core, at most).
QUERY_THREADS = 2
QUERIED = frozenset(name for kind in KINDS.values() for query in kind.queries for name in query.reads)
# The resources whose rows the kinds' queries flag.
QUERY_FLAGGED = frozenset(query.flags for kind in KINDS.values() for query in kind.queries)
POLARS_TYPES = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean}


def keyed_frames(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The frames, each resource whose rows carry flags with its `row_key` column."""
    return {name: with_row_keys(frame, name) if name in FLAGGED else frame for name, frame in frames.items()}


def query_findings(con: duckdb.DuckDBPyConnection, tables: dict[str, object], available: set[str]) -> list[dict]:
    """The findings of every kind's queries whose resources are all available, in the kinds' order.

    `tables` are the Arrow tables of the resources the queries read. The queries run in QUERY_THREADS
    threads, each on a cursor of `con` of its own with the tables registered: on these small tables a
    query's time goes to planning it, in one thread, so two queries run side by side."""
    runnable = [(index, kind, query) for index, (kind, query) in enumerate(
        (kind, query) for kind in KINDS.values() for query in kind.queries if set(query.reads) <= available)]

    def run(share: list[tuple[int, IssueKind, Query]]) -> list[tuple[int, list[dict]]]:
        cursor = con.cursor()
        try:
            for name, table in tables.items():
                cursor.register(name, table)
            return [(index, _findings(kind, query, cursor)) for index, kind, query in share]
        finally:
            cursor.close()

    with ThreadPoolExecutor(QUERY_THREADS) as pool:
        done = [item for share in pool.map(run, [runnable[i::QUERY_THREADS] for i in range(QUERY_THREADS)])
                for item in share]
    return [finding for _, found in sorted(done, key=lambda item: item[0]) for finding in found]


def _findings(kind: IssueKind, query: Query, con: duckdb.DuckDBPyConnection) -> list[dict]:
    # Executed, not built as a relation (`con.sql`), which plans the query a second time to name its columns
    # and costs a third more here.
    result = con.execute(query.sql)
    columns = [column[0] for column in result.description]
    findings = []
    for values in result.fetchall():
        row = dict(zip(columns, values, strict=True))
        params = {k: v for k, v in row.items() if k not in (ROW_KEY, "source_refs")}
        findings.append({"kind": kind.code, "resource": query.flags, "row_key": row[ROW_KEY],
                         "source_refs": row["source_refs"], "params": params})
    return findings


# In an inherited finding's details: the ids of the issues it restates on a progress row.
INHERITED_FROM = "inherited_from"


def _coverage_key(row: dict, period: str) -> str:
    """The key of the security_coverage row of a progress row's place, in one of its periods."""
    return row_key("security_coverage", {**row, "period": row[period]})


def inherited_findings(progress: pl.DataFrame, findings: list[dict]) -> list[dict]:
    """Findings of INHERITED_KINDS on the counts a progress row compares, as findings on that row.

    Each keeps the kind, the values and the source lines of the count's own finding (the later count's
    when both counts have one of a kind; the source lines of both), so that its description says what
    is wrong with the number the comparison is built on, and names the issues it restates (the ids of
    the counts' own findings, `inherited_from` in its details): a reader of the issues counts each
    problem once. `progress` has its `row_key` column.
    """
    on_rows: dict[tuple[str, str], list[dict]] = {}
    for finding in findings:
        if finding["kind"] in INHERITED_KINDS:
            on_rows.setdefault((finding["resource"], finding["row_key"]), []).append(finding)
    out: list[dict] = []
    for row in progress.sort(ROW_KEY).iter_rows(named=True):
        if row["figure_id_to"]:
            resource, keys = "national_figures", (row["figure_id_to"], row["figure_id_from"])
        else:
            resource, keys = "security_coverage", (_coverage_key(row, "period_to"), _coverage_key(row, "period_from"))
        by_kind: dict[str, dict] = {}
        for key in keys:
            for finding in on_rows.get((resource, key), []):
                kept = by_kind.setdefault(finding["kind"], {**finding, "resource": "progress",
                                                            "row_key": row[ROW_KEY], "refs": set(), "from": set()})
                kept["refs"].update(finding["source_refs"].split(";"))
                kept["from"].add(issue_id(finding))
        for kind in sorted(by_kind):
            finding = by_kind[kind]
            refs, origins = finding.pop("refs"), finding.pop("from")
            out.append({**finding, "source_refs": ";".join(sorted(refs)),
                        "params": {**finding["params"], INHERITED_FROM: sorted(origins)}})
    return out


def keyed_finding(finding: dict) -> dict:
    """A Python finder's finding with its `row_key`, from the row it names (`row`, a row of its `resource`)
    or the document's line (`line`: source id and line number); one that has its key already as it is.
    Raises ValueError for a finding that names neither."""
    if "row_key" in finding:
        return finding
    out = {name: value for name, value in finding.items() if name not in ("row", "line")}
    if "row" in finding:
        return {**out, "row_key": row_key(finding["resource"], finding["row"])}
    if "line" in finding:
        return {**out, "row_key": line_key(*finding["line"])}
    raise ValueError(f"a {finding.get('kind')} finding names neither its row nor its line: {finding}")


def issue_id(finding: dict) -> str:
    return f"{finding['resource']}:{finding['row_key']}:{finding['kind']}"


def unique_findings(findings: list[dict]) -> list[dict]:
    """One finding per issue id; the same problem reached by two routes is one issue."""
    seen: dict[str, dict] = {}
    for finding in findings:
        seen.setdefault(issue_id(finding), finding)
    return list(seen.values())


def build_quality_issues(findings: list[dict]) -> pl.DataFrame:
    """The `quality_issues` resource: one row per finding, its fields those of the field dictionary."""
    rows = []
    for finding in findings:
        text = describe(finding["kind"], finding["params"])
        rows.append({
            "issue_id": issue_id(finding),
            "kind": finding["kind"],
            "resource": finding["resource"],
            "row_key": finding["row_key"],
            **{f"description_{lang}": description for lang, description in text.items()},
            "source_refs": finding["source_refs"],
            "details": json.dumps(finding["params"], ensure_ascii=False, sort_keys=True, default=str),
        })
    schema = {f.name: POLARS_TYPES[f.type] for f in QUALITY_ISSUES.fields}
    return pl.DataFrame(rows, schema=schema).sort(QUALITY_ISSUES.primary_key)


def attach_flags(keyed: pl.DataFrame, resource: str, findings: list[dict]) -> pl.DataFrame:
    """The resource's frame (without its `row_key`) with the `flags` column: the sorted kinds of every
    finding on each row. A finding on a row the resource does not have is an error in a check."""
    by_key: dict[str, set[str]] = {}
    for finding in findings:
        if finding["resource"] == resource:
            by_key.setdefault(finding["row_key"], set()).add(finding["kind"])
    keys = keyed[ROW_KEY].to_list()
    unknown = set(by_key) - set(keys)
    if unknown:
        raise ValueError(f"findings for rows that do not exist in {resource}: {sorted(unknown)[:5]}")
    flags = [";".join(sorted(by_key.get(key, ()))) for key in keys]
    return keyed.drop(ROW_KEY).with_columns(pl.Series("flags", flags, dtype=pl.String))


def run_checks(frames: dict[str, pl.DataFrame], correction_reasons: dict[str, dict[str, str]] | None = None,
               extra_findings: list[dict] | None = None, *, issues: bool = True) -> dict[str, pl.DataFrame]:
    """Run every check; return the frames with `flags` and (unless `issues` is false: the flags alone are
    wanted) the `quality_issues` resource.

    `correction_reasons` are the declared corrections' reasons by id and language; `extra_findings` the
    findings of finders that need more than the resources (the Concept plan's), each naming its row or
    line (`keyed_finding`)."""
    keyed = keyed_frames(frames)
    found = correction_findings(keyed, correction_reasons or {}) + [keyed_finding(f) for f in extra_findings or []]
    if QUERIED & set(keyed):  # DuckDB only when some query reads these resources (the plan's alone: none)
        con = connect()
        try:
            # Only the resources some query reads: the plan's are large and no query reads them.
            tables = {name: frame.to_arrow() for name, frame in keyed.items() if name in QUERIED}
            found = query_findings(con, tables, set(keyed)) + found
        finally:
            con.close()
            release()  # its memory is not carried through rendering and validation (see pipelines/duck.py)
    findings = unique_findings(found)
    if "progress" in keyed:
        findings += inherited_findings(keyed["progress"], findings)
    out = dict(frames)
    for resource in FLAGGED:
        if resource in keyed:
            out[resource] = attach_flags(keyed[resource], resource, findings)
    if issues:
        out["quality_issues"] = build_quality_issues(findings)
    return out
