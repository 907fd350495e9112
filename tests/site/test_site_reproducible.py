"""Same data → byte-identical site, every download included, however it was built: from scratch in fresh
processes, or as a rebuild that builds only what changed.

`python -m sitegen.build` run again in a project it has built keeps the generated pages whose bytes are
the same (their files and times) and, when no page was added, removed or retitled and the configuration,
templates and strings are the same, lets MkDocs build only the changed pages into a copy of the previous
site (`--dirty`), with the other pages' search entries taken from the previous build. Here the shared
site's project gets a one-row change and is rebuilt so; a copy of the same changed data is built from
scratch with every chart rendered anew (an empty chart cache) and sets of strings iterated in another
order (another PYTHONHASHSEED). The two sites must be the same bytes.
"""

from __future__ import annotations

import concurrent.futures
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.build import build_signature
from tests.fresh import SEEDS
from tests.site.conftest import CHART_CACHE

pytestmark = pytest.mark.slow
# Everything a build writes into its project: removed for a build from scratch.
BUILT = ("_site", ".cache", "site/kk", "site/ru", "site/en", "site/_deferred", "site/downloads")


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*")) if p.is_file()
    }


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


def build(project: Path, chart_cache: Path, **env: str) -> str:
    """`python -m sitegen.build` in `project`; its output."""
    result = subprocess.run([sys.executable, "-m", "sitegen.build", "--chart-cache", str(chart_cache)], cwd=project,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout


@pytest.fixture(scope="module")
def changed(site_dir: Path, tmp_path_factory) -> dict[str, object]:
    """The shared site's project with a one-row change, rebuilt; and the same data built from scratch."""
    previous = site_dir.parent  # the project the shared site was built in, with its generated pages
    if not (previous / ".cache" / "site-build.json").exists():
        pytest.skip("SITE_DIR names a site not built by python -m sitegen.build in its project")
    root = tmp_path_factory.mktemp("changed")
    rebuilt = root / "rebuilt"
    shutil.copytree(previous, rebuilt)  # files keep their times: the rebuild tells what changed by them
    old, new = change_one_row(rebuilt)
    scratch = root / "scratch"
    shutil.copytree(rebuilt, scratch)
    for relative in BUILT:
        shutil.rmtree(scratch / relative, ignore_errors=True)
    # The two builds share nothing (each its project and chart cache): they run side by side.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        rebuild = pool.submit(build, rebuilt, CHART_CACHE)
        from_scratch = pool.submit(build, scratch, root / "charts", PYTHONHASHSEED=SEEDS[0])
        return {"percent": (old, new), "rebuilt": rebuilt, "rebuild_output": rebuild.result(),
                "scratch": scratch, "charts": root / "charts", "scratch_output": from_scratch.result()}


def test_rebuild_is_byte_identical(changed):
    """Built again from scratch in fresh processes, every chart rendered anew and sets of strings iterated
    in another order, the site is the same bytes as the site rebuilt from the previous build."""
    assert "every page" in changed["scratch_output"], changed["scratch_output"]
    assert len(list(changed["charts"].iterdir())) > 100  # every chart rendered again
    rebuilt, scratch = digests(changed["rebuilt"] / "_site"), digests(changed["scratch"] / "_site")
    assert rebuilt.keys() == scratch.keys()
    differ = sorted(name for name in rebuilt if rebuilt[name] != scratch[name])
    assert not differ, differ[:20]


def test_a_rebuild_after_a_one_row_change_builds_only_the_changed_pages(changed, site_dir: Path):
    assert changed["percent"][0] != changed["percent"][1]
    assert "only the changed pages (dirty)" in changed["rebuild_output"], changed["rebuild_output"]
    now = digests(changed["rebuilt"] / "_site")
    reached = sorted(name for name, digest in digests(site_dir).items() if now.get(name) != digest)
    assert any(name.endswith("index.html") for name in reached), "the change reached no page"


PAGES = {"kk/index.md": "---\ntitle: Басты бет\n---\n\n# Басты\n", "kk/about.md": "---\ntitle: Жоба\n---\n\nМәтін\n"}


def test_the_build_signature_follows_titles_pages_files_and_code_not_page_bodies(tmp_path: Path):
    """What makes a rebuild build every page: a page added or removed, a title changed (every page's
    navigation shows it), a file added beside the pages, the build date, the configuration, templates or
    strings; not a change in a page's body."""
    root = tmp_path
    (root / "site" / "overrides").mkdir(parents=True)
    (root / "site" / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    late = ["kk/charts/a.xlsx"]
    base = build_signature(PAGES, late, "0", root)
    assert build_signature(dict(PAGES), list(late), "0", root) == base
    assert build_signature(PAGES | {"kk/about.md": PAGES["kk/about.md"] + "Тағы\n"}, late, "0", root) == base
    assert build_signature(PAGES | {"kk/about.md": "---\ntitle: Туралы\n---\n"}, late, "0", root) != base
    assert build_signature(PAGES | {"kk/new.md": "---\ntitle: Жаңа\n---\n"}, late, "0", root) != base
    assert build_signature({"kk/index.md": PAGES["kk/index.md"]}, late, "0", root) != base
    assert build_signature(PAGES, [*late, "kk/charts/b.xlsx"], "0", root) != base
    assert build_signature(PAGES, late, "1", root) != base
    (root / "site" / "overrides" / "main.html").write_text("{% extends 'base.html' %}{# x #}\n", encoding="utf-8")
    assert build_signature(PAGES, late, "0", root) != base
