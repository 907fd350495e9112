"""A rebuild builds only what changed, and gives the site a build from scratch gives.

`python -m sitegen.build` run again in a project it has built keeps the generated pages whose bytes are
the same (their files and times) and, when no page was added, removed or retitled and the configuration,
templates and strings are the same, lets MkDocs build only the changed pages into a copy of the previous
site (`--dirty`), with the other pages' search entries taken from the previous build. Whatever it skips,
the site must be the same bytes as a build of the same data from scratch.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import build_signature
from tests.site.conftest import CHART_CACHE
from tests.site.test_site_reproducible import digests

pytestmark = pytest.mark.slow
# Everything a build writes into its project: removed for a build from scratch.
BUILT = ("_site", ".cache", "site/kk", "site/ru", "site/en", "site/_deferred", "site/downloads")


def change_one_row(project: Path, resource: str = "security_coverage") -> tuple[str, str]:
    """The first row of `resource` with its count one lower and its percentage to match (as a
    correction of a quarterly note would change them); returns the old and the new percentage."""
    folder = project / "data" / "package"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    path = folder / next(r["path"] for r in descriptor["resources"] if r["name"] == resource)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header, row = rows[0], rows[1]
    count, total, percent = (header.index(name) for name in ("count", "total", "percent"))
    old = row[percent]
    row[count] = str(int(row[count]) - 1)
    row[percent] = f"{100 * int(row[count]) / int(row[total]):.1f}".rstrip("0").rstrip(".")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return old, row[percent]


def build(project: Path, chart_cache: Path) -> str:
    result = subprocess.run([sys.executable, "-m", "sitegen.build", "--chart-cache", str(chart_cache)], cwd=project,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout


def test_a_rebuild_after_a_one_row_change_is_the_site_built_from_scratch(site_dir: Path, tmp_path: Path):
    previous = site_dir.parent  # the project the shared site was built in, with its generated pages
    if not (previous / ".cache" / "site-build.json").exists():
        pytest.skip("SITE_DIR names a site not built by python -m sitegen.build in its project")
    charts = CHART_CACHE
    project = tmp_path / "rebuilt"
    shutil.copytree(previous, project)  # files keep their times: the rebuild tells what changed by them
    old, new = change_one_row(project)
    assert old != new
    output = build(project, charts)
    assert "only the changed pages (dirty)" in output, output
    afresh = tmp_path / "afresh"
    shutil.copytree(project, afresh)
    for relative in BUILT:
        shutil.rmtree(afresh / relative, ignore_errors=True)
    output = build(afresh, charts)
    assert "every page" in output, output
    rebuilt, scratch = digests(project / "_site"), digests(afresh / "_site")
    assert rebuilt.keys() == scratch.keys()
    differ = sorted(name for name in rebuilt if rebuilt[name] != scratch[name])
    assert not differ, differ[:20]
    changed = sorted(name for name, digest in digests(site_dir).items() if scratch.get(name) != digest)
    assert any(name.endswith("index.html") for name in changed), "the change reached no page"


PAGES = {"kk/index.md": "---\ntitle: Басты бет\n---\n\n# Басты\n", "kk/about.md": "---\ntitle: Жоба\n---\n\nМәтін\n"}


def test_the_build_signature_follows_titles_pages_files_and_code_not_page_bodies(tmp_path: Path):
    """What makes a rebuild build every page: a page added or removed, a title changed (every page's
    navigation shows it), a file added beside the pages, the configuration, templates or strings."""
    root = tmp_path
    (root / "site" / "overrides").mkdir(parents=True)
    (root / "site" / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    base = build_signature(PAGES, ["kk/charts/a.png"], "0", root)
    assert build_signature(dict(PAGES), ["kk/charts/a.png"], "0", root) == base
    assert build_signature(PAGES | {"kk/about.md": PAGES["kk/about.md"] + "Тағы\n"}, ["kk/charts/a.png"], "0",
                           root) == base
    assert build_signature(PAGES | {"kk/about.md": "---\ntitle: Туралы\n---\n"}, ["kk/charts/a.png"], "0",
                           root) != base
    assert build_signature(PAGES | {"kk/new.md": "---\ntitle: Жаңа\n---\n"}, ["kk/charts/a.png"], "0", root) != base
    assert build_signature({"kk/index.md": PAGES["kk/index.md"]}, ["kk/charts/a.png"], "0", root) != base
    assert build_signature(PAGES, ["kk/charts/a.png", "kk/charts/b.png"], "0", root) != base
    assert build_signature(PAGES, ["kk/charts/a.png"], "1", root) != base
    (root / "site" / "overrides" / "main.html").write_text("{% extends 'base.html' %}{# x #}\n", encoding="utf-8")
    assert build_signature(PAGES, ["kk/charts/a.png"], "0", root) != base
