"""`python -m sitegen.build`: generate pages, charts and downloads, then `mkdocs build --strict` into _site/.

A failed build leaves _site/ as it was: MkDocs builds into a temporary folder beside it, and only a
build that succeeded replaces _site/ by renames (pipelines/atomic.py). The generated page sources
(site/kk, site/ru, site/en, site/_deferred, site/downloads) are build intermediates, rewritten by every
build; they too are written beside their place and swapped in, folder by folder.

What runs at once, on a machine with two or more cores: the chart SVGs and workbooks are
rendered in worker processes while the pages are generated (sitegen.charts.ImageRenderer); MkDocs starts
as soon as the pages are written, and the downloads are then written in a thread of this process; the
pages go out with the charts drawn by then in place: a chart still being drawn is in a deferred block
(sitegen/mkdocs_hooks.py), written as soon as its SVG is, and MkDocs waits for it when it reaches its
page. The chart images, workbooks and downloads not done by then are put into MkDocs' output when both
are done, as MkDocs would have copied them.

Options:
  --allow-missing   build placeholder pages for resources the data package does not have yet
  --chart-cache DIR where rendered chart SVGs and workbooks are kept and reused (default
                    .cache/charts; an empty folder renders every chart afresh)
  --no-mkdocs       generate only (site/kk, site/ru, site/en, site/_deferred, site/downloads)
  --serve [PORT]    after building, serve _site/ on http://127.0.0.1:PORT/ (default 8000)
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import functools
import hashlib
import http.server
import json
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

from pipelines.atomic import restore, staging_beside, swap_in, temporary_of
from sitegen.i18n import DEFAULT_LANG
from sitegen.paths import CHART_CACHE, DOCS, DOWNLOADS, ROOT, SITE_DIR

# The generator's modules (Polars, Altair, the pages) are imported by `main`, not here: the processes
# that render charts start by importing this module (multiprocessing's spawn runs the parent's main
# module again), and need none of them.

MKDOCS_CONFIG = ROOT / "mkdocs.yml"
# Where the downloads are written before they replace site/downloads: outside the docs folder, which
# MkDocs reads while they are written.
DOWNLOADS_STAGING = ROOT / ".cache"
DOWNLOADS_PREFIX = ".tmp-downloads-"


def source_date_epoch(created: datetime) -> str:
    """SOURCE_DATE_EPOCH as given, else the package's `created` time: the build date follows the data."""
    return os.environ.get("SOURCE_DATE_EPOCH") or str(int(created.timestamp()))


def served_path(relative: str) -> str:
    """Where MkDocs puts a file of the docs folder: 'kk/charts/x.svg' → 'charts/x.svg' (the default
    language at the root), 'ru/charts/x.svg' and 'downloads/x.csv' as they are."""
    head, _, rest = relative.partition("/")
    return rest if head == DEFAULT_LANG else relative


# How long MkDocs waits for a deferred block whose chart is still being drawn (see the module docstring).
DEFERRED_WAIT_S = 600


def mkdocs_env(epoch: str) -> dict[str, str]:
    """The environment MkDocs runs in for a build: its build date, and the wait for deferred blocks."""
    from sitegen.mkdocs_hooks import DEFERRED_WAIT_ENV

    return dict(os.environ, SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1",
                **{DEFERRED_WAIT_ENV: str(DEFERRED_WAIT_S)})


# A MkDocs process started before the pages are written: it imports MkDocs, the theme, the plugins and
# the hooks (by loading the configuration once) while the pages are generated, then waits for its
# command line on stdin and runs it as `python -m mkdocs` would; an empty line (or none) ends it.
MKDOCS_WAITING = """
import json, logging, sys
logging.disable(logging.CRITICAL)  # the first load is only for its imports: no message from it
from mkdocs.__main__ import cli
from mkdocs.config import load_config
load_config(sys.argv[1])
logging.disable(logging.NOTSET)
line = sys.stdin.readline()
if line.strip():
    sys.argv = ["mkdocs", *json.loads(line)]  # as `python -m mkdocs` has them (plugins read them)
    cli.main(args=sys.argv[1:], prog_name="mkdocs")
"""


class WaitingMkDocs:
    """`python -m mkdocs`, started ahead (MKDOCS_WAITING) with the environment of the build to come."""

    def __init__(self, epoch: str, config_file: Path = MKDOCS_CONFIG) -> None:
        self.env = mkdocs_env(epoch)
        self.config_file = config_file
        self.process = subprocess.Popen([sys.executable, "-c", MKDOCS_WAITING, str(config_file)],
                                        cwd=config_file.parent, env=self.env, stdin=subprocess.PIPE, text=True)

    def start(self, arguments: list[str]) -> subprocess.Popen:
        """Run `mkdocs <arguments>` in it; a process that has ended (its first load of the configuration
        failed) is replaced by `python -m mkdocs <arguments>`, which says why."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(arguments) + "\n")
            self.process.stdin.close()
        except BrokenPipeError:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
            self.process.wait()
            self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", *arguments], cwd=self.config_file.parent,
                                            env=self.env)
        return self.process

    def close(self) -> None:
        """End it if it was not started (or kill it if it still runs)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class SiteCopy:
    """A copy of the previous site beside it, made in a thread while the pages are generated: where a
    dirty build (see `run_mkdocs`) starts. Copies keep their files' modification times, which is how
    MkDocs tells a page that needs building from one that does not."""

    def __init__(self, site_dir: Path = SITE_DIR) -> None:
        restore(site_dir)
        self.site_dir = site_dir
        self.staging = staging_beside(site_dir)
        self.pool = concurrent.futures.ThreadPoolExecutor(1)
        self.done = self.pool.submit(shutil.copytree, site_dir, self.staging, dirs_exist_ok=True)

    def take(self) -> Path:
        """The copy, once made (raises what the copy raised)."""
        self.done.result()
        return self.staging

    def close(self) -> None:
        self.done.cancel()
        self.pool.shutdown(wait=True)
        shutil.rmtree(self.staging, ignore_errors=True)


def run_mkdocs(epoch: str, site_dir: Path = SITE_DIR, config_file: Path = MKDOCS_CONFIG,
               late: Callable[[], list[str]] | None = None, dirty: bool = False,
               waiting: WaitingMkDocs | None = None, copy: SiteCopy | None = None) -> None:
    """`mkdocs build --strict` into a temporary folder beside `site_dir`, swapped in only on success.

    `late`, called while MkDocs runs, writes files into the docs folder that MkDocs did not see and
    returns their paths (relative to the docs folder); they are copied into the output where MkDocs
    would have put them, before the swap. `dirty`: the temporary folder starts as a copy of `site_dir`
    (`copy`'s, made ahead, or one made now) and MkDocs builds only the pages whose source is newer than
    their output there (`--dirty`). `waiting`: a MkDocs process started ahead for this build (else one
    is started now)."""
    env = mkdocs_env(epoch)
    if copy is not None and copy.site_dir == site_dir:
        staging = copy.take()
        if not dirty:
            shutil.rmtree(staging)
            staging.mkdir()
    else:
        restore(site_dir)
        staging = staging_beside(site_dir)
    try:
        if dirty and copy is None:
            shutil.copytree(site_dir, staging, dirs_exist_ok=True)  # copies keep their modification times
        arguments = ["build", "--strict", "--dirty" if dirty else "--clean", "--config-file", str(config_file),
                     "--site-dir", str(staging)]
        command = [sys.executable, "-m", "mkdocs", *arguments]
        if waiting is not None and waiting.config_file == config_file:
            process = waiting.start(arguments)
        else:
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
    from sitegen.downloads import write_downloads

    restore(target)
    staging = staging_beside(target)
    try:
        names = write_downloads(package, staging)  # type: ignore[arg-type]
        swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return names


class Downloads:
    """The downloads, written in a thread of their own once the pages are written (MkDocs and the charts
    still being drawn run in other processes meanwhile; the package is the one the pages were made from,
    already loaded), then swapped in for site/downloads (`finish`, which returns their paths relative to
    the docs folder)."""

    def __init__(self, package: object) -> None:
        for leftover in DOWNLOADS_STAGING.glob(DOWNLOADS_PREFIX + "*"):
            shutil.rmtree(leftover, ignore_errors=True)
        DOWNLOADS_STAGING.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=DOWNLOADS_PREFIX, dir=DOWNLOADS_STAGING))
        from sitegen.downloads import write_downloads

        self.pool = concurrent.futures.ThreadPoolExecutor(1)
        self.future = self.pool.submit(write_downloads, package, self.staging)

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


def write_late(files: dict[str, str | bytes], docs: Path = DOCS) -> list[str]:
    """Write chart files finished after the pages into the generated folders; returns their paths."""
    for relative, content in files.items():
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return sorted(files)


def write_whole(relative: str, text: str, docs: Path = DOCS) -> None:
    """Write a file of the generated folders that MkDocs may be waiting for: under a temporary name, then
    renamed, so that it is never read half written."""
    target = docs / relative
    temporary = temporary_of(target)
    temporary.write_bytes(text.encode("utf-8"))
    os.replace(temporary, target)


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
    from sitegen.data import MissingResource, load_package
    from sitegen.downloads import package_time

    try:
        package = load_package()
    except MissingResource as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    epoch = source_date_epoch(package_time(package))
    downloads = None
    waiting = None if args.no_mkdocs else WaitingMkDocs(epoch)
    # A rebuild is likely dirty (see build_signature): the previous site is copied meanwhile.
    copy = SiteCopy() if not args.no_mkdocs and SITE_DIR.is_dir() and previous_signature() else None
    images = None
    try:
        from sitegen.charts import ImageRenderer
        from sitegen.generate import defer_blocks, generate_files, load_site_data, write_files
        from sitegen.i18n import load_strings
        from sitegen.mkdocs_hooks import DEFERRED_DIR, PENDING_NAME

        images = ImageRenderer(args.chart_cache)
        images.start()
        try:
            data = load_site_data(package)
            generated = generate_files(data, load_strings(), allow_missing=args.allow_missing,
                                       cache_dir=args.chart_cache, images=images, wait=False)
        except MissingResource as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if generated.missing:
            print(f"warning: placeholder pages for missing resources: {', '.join(generated.missing)}",
                  file=sys.stderr)
        pages = defer_blocks(generated.files)
        # The charts drawn so far go in; a deferred block whose chart is not is written when it is (`late`),
        # while MkDocs runs; a page itself holding one (a chart Markdown would not leave as a block)
        # waits for it here.
        blocks = images.fill_ready(pages)
        images.fill_rest({path: text for path, text in blocks.items() if not path.startswith(f"{DEFERRED_DIR}/")},
                         pages.__setitem__)
        blocks = {path: text for path, text in blocks.items() if path not in pages}
        pages.update(images.ready_files())
        write_files(pages)
        write_whole(f"{DEFERRED_DIR}/{PENDING_NAME}", "".join(f"{Path(path).stem}\n" for path in sorted(blocks)))
        print(f"Pages written in {time.perf_counter() - started:.1f} s", flush=True)
        downloads = Downloads(package)
        # MkDocs must not read site/downloads while its replacement is being written: it gets the new
        # folder with the late files.
        shutil.rmtree(DOWNLOADS, ignore_errors=True)
        shutil.rmtree(DOWNLOADS.with_name(DOWNLOADS.name + ".previous"), ignore_errors=True)

        def late() -> list[str]:
            images.fill_rest(blocks, write_whole)  # first: MkDocs may be waiting for them
            charts = {path: data for path, data in images.finish_files().items() if path not in pages}
            names = downloads.finish()
            print(f"Generated {sum(1 for n in generated.files if n.endswith('.md'))} pages, {generated.charts} "
                  f"charts, {len(names)} downloads in {time.perf_counter() - started:.1f} s", flush=True)
            return write_late(charts) + names

        if args.no_mkdocs:
            late()
            return 0
        named = [f"downloads/{item['path']}" for key in ("resources", "sources")
                 for item in package.descriptor.get(key, []) if "path" in item]
        signature = build_signature(generated.files, images.late_paths() + named, epoch)
        dirty = SITE_DIR.is_dir() and previous_signature() == signature
        BUILD_STATE.unlink(missing_ok=True)  # a build cut short leaves no state: the next builds every page
        run_mkdocs(epoch, late=late, dirty=dirty, waiting=waiting, copy=copy)
        BUILD_STATE.parent.mkdir(parents=True, exist_ok=True)
        BUILD_STATE.write_text(json.dumps({"signature": signature}) + "\n", encoding="utf-8")
        print(f"Built {'only the changed pages (dirty)' if dirty else 'every page'} in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    finally:
        if images is not None:
            images.close()
        if waiting is not None:
            waiting.close()
        if copy is not None:
            copy.close()
        if downloads is not None:
            downloads.close()
    if args.serve:
        serve(args.serve)
    return 0


if __name__ == "__main__":
    sys.exit(main())
