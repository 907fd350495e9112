"""`python -m sitegen.build`: generate pages, charts and downloads, then `mkdocs build --strict` into _site/.

A failed build leaves _site/ as it was: MkDocs builds into a temporary folder beside it, and only a
build that succeeded replaces _site/ by renames (pipelines/atomic.py). The generated page sources
(site/kk, site/ru, site/en, site/_deferred, site/downloads) are build intermediates, rewritten by every
build; they too are written beside their place and swapped in, folder by folder.

What runs at once, on a machine with two or more cores: the chart SVGs, PNGs and workbooks are
rendered in worker processes while the pages are generated (sitegen.charts.ImageRenderer); the
downloads are written by a process of their own from the start; MkDocs starts as soon as the pages
(with their SVGs) are written, and the chart images, workbooks and downloads not done by then are put
into its output when both are done, as MkDocs would have copied them.

Options:
  --allow-missing   build placeholder pages for resources the data package does not have yet
  --chart-cache DIR where rendered chart SVGs, PNGs and workbooks are kept and reused (default
                    .cache/charts; an empty folder renders every chart afresh)
  --no-mkdocs       generate only (site/kk, site/ru, site/en, site/_deferred, site/downloads)
  --serve [PORT]    after building, serve _site/ on http://127.0.0.1:PORT/ (default 8000)
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import hashlib
import http.server
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from pipelines.atomic import restore, staging_beside, swap_in
from sitegen.charts import ImageRenderer
from sitegen.data import MissingResource, load_package
from sitegen.downloads import package_time, write_downloads, write_package_downloads
from sitegen.generate import defer_blocks, generate_files, load_site_data, write_files
from sitegen.i18n import DEFAULT_LANG, load_strings
from sitegen.paths import CHART_CACHE, DOCS, DOWNLOADS, ROOT, SITE_DIR

MKDOCS_CONFIG = ROOT / "mkdocs.yml"
# Where the downloads are written before they replace site/downloads: outside the docs folder, which
# MkDocs reads while they are written.
DOWNLOADS_STAGING = ROOT / ".cache"
DOWNLOADS_PREFIX = ".tmp-downloads-"


def source_date_epoch(created: datetime) -> str:
    """SOURCE_DATE_EPOCH as given, else the package's `created` time: the build date follows the data."""
    return os.environ.get("SOURCE_DATE_EPOCH") or str(int(created.timestamp()))


def served_path(relative: str) -> str:
    """Where MkDocs puts a file of the docs folder: 'kk/charts/x.png' → 'charts/x.png' (the default
    language at the root), 'ru/charts/x.png' and 'downloads/x.csv' as they are."""
    head, _, rest = relative.partition("/")
    return rest if head == DEFAULT_LANG else relative


def run_mkdocs(epoch: str, site_dir: Path = SITE_DIR, config_file: Path = MKDOCS_CONFIG,
               late: Callable[[], list[str]] | None = None, dirty: bool = False) -> None:
    """`mkdocs build --strict` into a temporary folder beside `site_dir`, swapped in only on success.

    `late`, called while MkDocs runs, writes files into the docs folder that MkDocs did not see and
    returns their paths (relative to the docs folder); they are copied into the output where MkDocs
    would have put them, before the swap. `dirty`: the temporary folder starts as a copy of `site_dir`
    and MkDocs builds only the pages whose source is newer than their output there (`--dirty`)."""
    restore(site_dir)
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    staging = staging_beside(site_dir)
    try:
        if dirty:
            shutil.copytree(site_dir, staging, dirs_exist_ok=True)  # copies keep their modification times
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--dirty" if dirty else "--clean",
                   "--config-file", str(config_file), "--site-dir", str(staging)]
        process = subprocess.Popen(command, cwd=config_file.parent, env=env)
        try:
            written = late() if late is not None else []
        except BaseException:
            process.kill()
            process.wait()
            raise
        if process.wait() != 0:
            raise subprocess.CalledProcessError(process.returncode, command)
        docs = config_file.parent / "site"
        for relative in written:
            target = staging / served_path(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(docs / relative, target)
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


class Downloads:
    """The downloads, written by a process of their own while the pages are built (`start`), then swapped
    in for site/downloads (`finish`, which returns their paths relative to the docs folder)."""

    def __init__(self, descriptor: Path) -> None:
        for leftover in DOWNLOADS_STAGING.glob(DOWNLOADS_PREFIX + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
        DOWNLOADS_STAGING.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=DOWNLOADS_PREFIX, dir=DOWNLOADS_STAGING))
        context = multiprocessing.get_context("spawn")
        self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
        self.future = self.pool.submit(write_package_downloads, descriptor, self.staging)

    def finish(self, target: Path = DOWNLOADS) -> list[str]:
        names = self.future.result()
        restore(target)
        swap_in(self.staging, target)
        prefix = target.relative_to(DOCS).as_posix()
        return [f"{prefix}/{name}" for name in names]

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
        shutil.rmtree(self.staging, ignore_errors=True)


# What a dirty build (MkDocs building only the pages whose source changed, into a copy of _site/) depends
# on besides the pages: the configuration, hooks and templates, the packages that build, the build date,
# and which pages there are with which titles (every page's navigation shows them). The previous
# build's is kept in BUILD_STATE; a build that differs in any of these builds every page.
BUILD_STATE = ROOT / ".cache" / "site-build.json"
_CODE = ("mkdocs.yml", "sitegen/mkdocs_hooks.py", "sitegen/search.py", "site/overrides", "site/assets", "site/i18n")
_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions", "jinja2")
_TITLE = re.compile(r"^---\n(?:.*\n)*?title: (.*)\n", re.M)


def build_signature(files: dict[str, str | bytes], late: list[str], epoch: str, root: Path = ROOT) -> str:
    """A digest of what a dirty build depends on besides the pages' contents (see BUILD_STATE): the
    generated files' paths with the pages' titles, the paths of the files added later (`late`)."""
    from importlib import metadata

    digest = hashlib.sha256(f"{sys.version}\n{epoch}\n".encode())
    for name in _PACKAGES:
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    for entry in _CODE:
        path = root / entry
        for file in sorted([path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())):
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    for relative in sorted(set(files) | set(late)):
        content = files.get(relative)
        title = _TITLE.match(content) if isinstance(content, str) and relative.endswith(".md") else None
        digest.update(f"{relative}\0{title.group(1) if title else ''}\n".encode())
    return digest.hexdigest()


def previous_signature() -> str | None:
    try:
        return json.loads(BUILD_STATE.read_text(encoding="utf-8"))["signature"]
    except (OSError, ValueError, KeyError):
        return None


def write_late(files: dict[str, bytes], docs: Path = DOCS) -> list[str]:
    """Write chart files finished after the pages into the generated folders; returns their paths."""
    for relative, content in files.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return sorted(files)


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
    except MissingResource as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    downloads = Downloads(package.root / "datapackage.json")
    images = ImageRenderer(args.chart_cache)
    try:
        try:
            data = load_site_data(package)
            generated = generate_files(data, load_strings(), allow_missing=args.allow_missing,
                                       cache_dir=args.chart_cache, images=images)
        except MissingResource as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if generated.missing:
            print(f"warning: placeholder pages for missing resources: {', '.join(generated.missing)}",
                  file=sys.stderr)
        write_files(defer_blocks(generated.files))
        print(f"Pages written in {time.perf_counter() - started:.1f} s", flush=True)
        # MkDocs must not read site/downloads while its replacement is being written: it gets the new
        # folder with the late files.
        shutil.rmtree(DOWNLOADS, ignore_errors=True)
        shutil.rmtree(DOWNLOADS.with_name(DOWNLOADS.name + ".previous"), ignore_errors=True)
        counts: dict[str, int] = {}

        def late() -> list[str]:
            charts = {path: data for path, data in images.finish_files().items() if path not in generated.files}
            names = downloads.finish()
            counts["downloads"] = len(names)
            print(f"Generated {sum(1 for n in generated.files if n.endswith('.md'))} pages, {generated.charts} "
                  f"charts, {len(names)} downloads in {time.perf_counter() - started:.1f} s", flush=True)
            return write_late(charts) + names

        if args.no_mkdocs:
            late()
            return 0
        epoch = source_date_epoch(package_time(package))
        named = [f"downloads/{item['path']}" for key in ("resources", "sources")
                 for item in package.descriptor.get(key, []) if "path" in item]
        signature = build_signature(generated.files, images.late_paths() + named, epoch)
        dirty = SITE_DIR.is_dir() and previous_signature() == signature
        BUILD_STATE.unlink(missing_ok=True)  # a build cut short leaves no state: the next builds every page
        run_mkdocs(epoch, late=late, dirty=dirty)
        BUILD_STATE.parent.mkdir(parents=True, exist_ok=True)
        BUILD_STATE.write_text(json.dumps({"signature": signature}) + "\n", encoding="utf-8")
        print(f"Built {'only the changed pages (dirty)' if dirty else 'every page'} in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    finally:
        images.close()
        downloads.close()
    if args.serve:
        serve(args.serve)
    return 0


if __name__ == "__main__":
    sys.exit(main())
