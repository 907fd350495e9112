"""`make diff`: what changed in the data package between a git revision and the working tree.

Prints Markdown (it goes to a pull request's job summary): per resource, rows added, removed and
changed (old → new values), flags that appeared or were resolved, and schema changes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.paths import ROOT

MAX_ROWS_SHOWN = 50


@dataclass
class ResourceDiff:
    name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, str, str]]]] = field(default_factory=list)
    new_flags: list[tuple[str, str]] = field(default_factory=list)
    resolved_flags: list[tuple[str, str]] = field(default_factory=list)
    schema_changes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.schema_changes)


def read_at(revision: str | None, path: str, root: Path = ROOT) -> str | None:
    """A file's text at a revision (None: the working tree); None when it does not exist there."""
    if revision is None:
        target = root / path
        return target.read_text(encoding="utf-8") if target.exists() else None
    result = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=root, capture_output=True, check=False)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def keyed_rows(text: str | None, key: list[str]) -> dict[str, dict[str, str]]:
    """Rows by their key: the key's non-empty values, '|'-joined. A key column the rows lack (a field
    added to the key since) reads as empty, so that rows match across the change."""
    if not text:
        return {}
    return {"|".join(v for k in key if (v := row.get(k) or "")): row for row in csv.DictReader(io.StringIO(text))}


def diff_schema(old: dict | None, new: dict | None) -> list[str]:
    if old is None:
        return ["resource added"] if new else []
    if new is None:
        return ["resource removed"]
    old_fields = {f["name"]: f for f in old["schema"]["fields"]}
    new_fields = {f["name"]: f for f in new["schema"]["fields"]}
    changes = [f"field `{n}` added" for n in new_fields if n not in old_fields]
    changes += [f"field `{n}` removed" for n in old_fields if n not in new_fields]
    for name in old_fields.keys() & new_fields.keys():
        if old_fields[name].get("type") != new_fields[name].get("type"):
            changes.append(f"field `{name}` type {old_fields[name].get('type')} → {new_fields[name].get('type')}")
        if old_fields[name].get("constraints") != new_fields[name].get("constraints"):
            changes.append(f"field `{name}` constraints changed")
    if old["schema"].get("primaryKey") != new["schema"].get("primaryKey"):
        changes.append("primary key changed")
    return sorted(changes)


def flag_set(row: dict[str, str] | None) -> set[str]:
    return set(filter(None, (row or {}).get("flags", "").split(";")))


def diff_resource(name: str, old_res: dict | None, new_res: dict | None, old_text: str | None,
                  new_text: str | None) -> ResourceDiff:
    result = ResourceDiff(name, schema_changes=diff_schema(old_res, new_res))
    key = (new_res or old_res)["schema"]["primaryKey"]
    old_rows, new_rows = keyed_rows(old_text, key), keyed_rows(new_text, key)
    result.added = sorted(new_rows.keys() - old_rows.keys())
    result.removed = sorted(old_rows.keys() - new_rows.keys())
    for row_key in sorted(old_rows.keys() & new_rows.keys()):
        before, after = old_rows[row_key], new_rows[row_key]
        changes = [(c, before.get(c, ""), after.get(c, "")) for c in sorted(set(before) | set(after))
                   if before.get(c, "") != after.get(c, "")]
        if changes:
            result.changed.append((row_key, changes))
    for row_key in sorted(old_rows.keys() | new_rows.keys()):
        old_flags, new_flags = flag_set(old_rows.get(row_key)), flag_set(new_rows.get(row_key))
        result.new_flags += [(row_key, f) for f in sorted(new_flags - old_flags)]
        result.resolved_flags += [(row_key, f) for f in sorted(old_flags - new_flags)]
    return result


def diff_packages(base: str, root: Path = ROOT) -> list[ResourceDiff]:
    old_pkg = json.loads(read_at(base, "datapackage.json", root) or '{"resources": []}')
    new_pkg = json.loads(read_at(None, "datapackage.json", root) or '{"resources": []}')
    old_res = {r["name"]: r for r in old_pkg["resources"]}
    new_res = {r["name"]: r for r in new_pkg["resources"]}
    diffs = []
    for name in sorted(old_res.keys() | new_res.keys()):
        old, new = old_res.get(name), new_res.get(name)
        diffs.append(diff_resource(name, old, new, read_at(base, old["path"], root) if old else None,
                                   read_at(None, new["path"], root) if new else None))
    return diffs


def render(diffs: list[ResourceDiff], base: str) -> str:
    lines = [f"## Data diff against `{base}`", ""]
    changed = [d for d in diffs if not d.is_empty]
    if not changed:
        return "\n".join([*lines, "No change in any resource.", ""])
    lines += ["| resource | added | removed | changed | new flags | resolved flags | schema |",
              "|---|---|---|---|---|---|---|"]
    for d in diffs:
        lines.append(f"| {d.name} | {len(d.added)} | {len(d.removed)} | {len(d.changed)} | {len(d.new_flags)} "
                     f"| {len(d.resolved_flags)} | {'; '.join(d.schema_changes) or '—'} |")
    for d in changed:
        lines += ["", f"### {d.name}"]
        lines += [f"- added `{k}`" for k in d.added[:MAX_ROWS_SHOWN]]
        lines += [f"- removed `{k}`" for k in d.removed[:MAX_ROWS_SHOWN]]
        for row_key, changes in d.changed[:MAX_ROWS_SHOWN]:
            detail = ", ".join(f"{c}: {a!r} → {b!r}" for c, a, b in changes)
            lines.append(f"- changed `{row_key}`: {detail}")
        lines += [f"- new flag `{f}` on `{k}`" for k, f in d.new_flags[:MAX_ROWS_SHOWN]]
        lines += [f"- resolved flag `{f}` on `{k}`" for k, f in d.resolved_flags[:MAX_ROWS_SHOWN]]
        shown = len(d.added) + len(d.removed) + len(d.changed)
        if shown > 3 * MAX_ROWS_SHOWN:
            lines.append(f"- … and more ({shown} row changes in all)")
    return "\n".join([*lines, ""])


def default_base(root: Path = ROOT) -> str:
    for ref in ("origin/main", "main"):
        result = subprocess.run(["git", "merge-base", "HEAD", ref], cwd=root, capture_output=True, text=True,
                                check=False)
        if result.returncode == 0:
            return result.stdout.strip()
    return "HEAD"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base", nargs="?", help="git revision to compare with (default: merge base with main)")
    args = parser.parse_args(argv)
    base = args.base or default_base()
    print(render(diff_packages(base), base))
    return 0


if __name__ == "__main__":
    sys.exit(main())
