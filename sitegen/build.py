"""`python -m sitegen.build`: generate pages, charts and downloads, then `mkdocs build --strict` into _site/.

Options:
  --allow-missing   build placeholder pages for resources the data package does not have yet
  --no-mkdocs       generate only (site/kk, site/ru, site/en, site/downloads)
  --serve [PORT]    after building, serve _site/ on http://127.0.0.1:PORT/ (default 8000)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import time
from datetime import datetime

from sitegen.data import MissingResource, load_package
from sitegen.downloads import package_time, write_downloads
from sitegen.generate import generate_files, load_site_data, write_files
from sitegen.i18n import load_strings
from sitegen.paths import DOWNLOADS, ROOT, SITE_DIR


def source_date_epoch(created: datetime) -> str:
    """SOURCE_DATE_EPOCH as given, else the package's `created` time: the build date follows the data."""
    return os.environ.get("SOURCE_DATE_EPOCH") or str(int(created.timestamp()))


def run_mkdocs(epoch: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
               str(ROOT / "mkdocs.yml"), "--site-dir", str(SITE_DIR)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def serve(port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE_DIR))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"Serving {SITE_DIR} on http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitegen.build", description=__doc__.splitlines()[0])
    parser.add_argument("--allow-missing", action="store_true")
    parser.add_argument("--no-mkdocs", action="store_true")
    parser.add_argument("--serve", nargs="?", const=8000, type=int, metavar="PORT")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        package = load_package()
        data = load_site_data(package)
        generated = generate_files(data, load_strings(), allow_missing=args.allow_missing)
    except MissingResource as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if generated.missing:
        print(f"warning: placeholder pages for missing resources: {', '.join(generated.missing)}", file=sys.stderr)
    write_files(generated.files)
    downloads = write_downloads(package, DOWNLOADS)
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
