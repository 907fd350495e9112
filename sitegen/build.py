"""`python -m sitegen.build`: generate pages, charts and downloads, then `mkdocs build --strict` into _site/.

A failed build leaves _site/ as it was: MkDocs builds into a temporary folder beside it, and only a
build that succeeded replaces _site/ by renames (pipelines/atomic.py). The generated page sources
(site/kk, site/ru, site/en, site/_deferred, site/downloads) are build intermediates, rewritten by every
build; they too are written beside their place and swapped in, folder by folder.

Options:
  --allow-missing   build placeholder pages for resources the data package does not have yet
  --chart-cache DIR where rendered chart SVGs are kept and reused (default .cache/charts; an empty folder
                    renders every chart afresh)
  --no-mkdocs       generate only (site/kk, site/ru, site/en, site/_deferred, site/downloads)
  --serve [PORT]    after building, serve _site/ on http://127.0.0.1:PORT/ (default 8000)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from pipelines.atomic import restore, staging_beside, swap_in
from sitegen.data import MissingResource, load_package
from sitegen.downloads import package_time, write_downloads
from sitegen.generate import defer_blocks, generate_files, load_site_data, write_files
from sitegen.i18n import load_strings
from sitegen.paths import CHART_CACHE, DOWNLOADS, ROOT, SITE_DIR

MKDOCS_CONFIG = ROOT / "mkdocs.yml"


def source_date_epoch(created: datetime) -> str:
    """SOURCE_DATE_EPOCH as given, else the package's `created` time: the build date follows the data."""
    return os.environ.get("SOURCE_DATE_EPOCH") or str(int(created.timestamp()))


def run_mkdocs(epoch: str, site_dir: Path = SITE_DIR, config_file: Path = MKDOCS_CONFIG) -> None:
    """`mkdocs build --strict` into a temporary folder beside `site_dir`, swapped in only on success."""
    restore(site_dir)
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    staging = staging_beside(site_dir)
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
                   str(config_file), "--site-dir", str(staging)]
        subprocess.run(command, cwd=config_file.parent, env=env, check=True)
        swap_in(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_site_downloads(package: object, target: Path = DOWNLOADS) -> list[str]:
    """Write the downloads beside their folder, then swap the folder in (a build intermediate)."""
    restore(target)
    staging = staging_beside(target)
    try:
        names = write_downloads(package, staging)  # type: ignore[arg-type]
        swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return names


def serve(port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE_DIR))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {SITE_DIR} on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.build", description=__doc__.splitlines()[0])
    parser.add_argument("--allow-missing", action="store_true")
    parser.add_argument("--no-mkdocs", action="store_true")
    parser.add_argument("--chart-cache", type=Path, default=CHART_CACHE, metavar="DIR")
    parser.add_argument("--serve", nargs="?", const=8000, type=int, metavar="PORT")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        package = load_package()
        data = load_site_data(package)
        generated = generate_files(data, load_strings(), allow_missing=args.allow_missing,
                                   cache_dir=args.chart_cache)
    except MissingResource as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if generated.missing:
        print(f"warning: placeholder pages for missing resources: {', '.join(generated.missing)}", file=sys.stderr)
    write_files(defer_blocks(generated.files))
    downloads = write_site_downloads(package)
    pages = sum(1 for name in generated.files if name.endswith(".md"))
    print(f"Generated {pages} pages, {generated.charts} charts, {len(downloads)} downloads "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    if args.no_mkdocs:
        return 0
    run_mkdocs(source_date_epoch(package_time(package)))
    if args.serve:
        serve(args.serve)
    return 0


if __name__ == "__main__":
    sys.exit(main())
