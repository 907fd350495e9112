"""Every descriptor the project publishes resolves all its paths where it is published: the repository's
datapackage.json, the site's downloads/datapackage.json loaded by its HTTP address, and the one in the
ZIP. Frictionless reads every resource fully, and the row counts are the repository package's."""

from __future__ import annotations

import json
import urllib.request
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from sitegen.data import load_package
from sitegen.downloads import (
    DESCRIPTOR,
    FORMATS,
    ZIP_FOLDER,
    ZIP_NAME,
    format_path,
    package_tree,
    referenced_paths,
    repository_view,
    write_downloads,
    zip_bytes,
)
from sitegen.pages.data_pages import DOWNLOADS_URL
from tests.site.conftest import serve_folder

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = repository_view(load_package())  # as the repository's top-level descriptor gives it
ROWS = {name: len(PACKAGE.table(name)) for name in PACKAGE.resource_names()}


def read_fully(source: str) -> dict[str, int]:
    """Rows of every resource of the descriptor at `source` (a path or URL), read by Frictionless."""
    package = Package(source)
    return {resource.name: len(resource.read_rows()) for resource in package.resources}


def test_the_package_names_its_documents():
    paths = referenced_paths(PACKAGE)
    documents = {str(row["path"]) for row in PACKAGE.table("sources")}
    assert documents and documents <= set(paths)
    assert {str(s["path"]) for s in PACKAGE.descriptor["sources"]} <= set(paths)


def test_repository_descriptor_resolves():
    assert read_fully(str(ROOT / DESCRIPTOR)) == ROWS
    for path in referenced_paths(PACKAGE):
        assert (ROOT / path).is_file(), path


def test_site_descriptor_loads_by_its_address(site_dir: Path):
    with serve_folder(site_dir) as base:
        url = base + DOWNLOADS_URL + DESCRIPTOR
        assert read_fully(url) == ROWS
        descriptor = json.loads(urllib.request.urlopen(url).read())
        assert descriptor == PACKAGE.descriptor
        for path in referenced_paths(PACKAGE):  # the documents too, byte for byte
            with urllib.request.urlopen(base + DOWNLOADS_URL + path) as response:
                assert response.read() == (ROOT / path).read_bytes(), path
        for name in PACKAGE.resource_names():
            for fmt in FORMATS:
                with urllib.request.urlopen(base + DOWNLOADS_URL + format_path(PACKAGE, name, fmt.suffix)) as r:
                    assert r.status == 200


def test_zip_descriptor_resolves_unpacked(site_dir: Path, tmp_path: Path):
    with zipfile.ZipFile(site_dir / DOWNLOADS_URL / ZIP_NAME) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / ZIP_FOLDER
    assert read_fully(str(folder / DESCRIPTOR)) == ROWS
    for path in referenced_paths(PACKAGE):
        assert (folder / path).read_bytes() == (ROOT / path).read_bytes(), path
    assert (folder / "README.md").exists()


def test_paths_follow_the_descriptor_wherever_the_package_keeps_its_files(tmp_path: Path):
    """A package whose CSVs and documents live elsewhere ('tables/', 'docs/'): the published folder and
    the ZIP follow its descriptor."""
    moved = tmp_path / "moved"
    descriptor = json.loads(json.dumps(PACKAGE.descriptor))
    renames = {}
    for resource in descriptor["resources"]:
        renames[resource["path"]] = "tables/" + Path(resource["path"]).name
        resource["path"] = renames[resource["path"]]
    for source in descriptor["sources"]:
        renames[source["path"]] = "docs/" + Path(source["path"]).name
        source["path"] = renames[source["path"]]
    for old, new in renames.items():
        (moved / new).parent.mkdir(parents=True, exist_ok=True)
        content = (ROOT / old).read_bytes()
        if old.endswith("sources.csv"):  # the documents' own paths, in the sources resource
            for was, now in renames.items():
                content = content.replace(was.encode(), now.encode())
        (moved / new).write_bytes(content)
    for resource in descriptor["resources"]:  # the edited CSV's size and hash
        resource.pop("bytes", None)
        resource.pop("hash", None)
    (moved / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    package = load_package(moved / DESCRIPTOR)
    assert all(path.startswith(("tables/", "docs/")) for path in package_tree(package) if path != DESCRIPTOR)
    published = tmp_path / "published"
    write_downloads(package, published, with_duckdb=False)
    assert read_fully(str(published / DESCRIPTOR)) == ROWS
    assert (published / "tables" / "regions.xlsx").exists()
    for path in referenced_paths(package):
        assert (published / path).is_file(), path
    (tmp_path / "archive.zip").write_bytes(zip_bytes(package))
    with zipfile.ZipFile(tmp_path / "archive.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    assert read_fully(str(tmp_path / "unzipped" / ZIP_FOLDER / DESCRIPTOR)) == ROWS


def test_a_missing_document_is_named(tmp_path: Path):
    copy = tmp_path / "pkg"
    for path in referenced_paths(PACKAGE):
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_bytes((ROOT / path).read_bytes())
    (copy / DESCRIPTOR).write_bytes((ROOT / DESCRIPTOR).read_bytes())
    gone = next(p for p in referenced_paths(PACKAGE) if p.endswith(".txt"))
    (copy / gone).unlink()
    with pytest.raises(FileNotFoundError, match=gone.rsplit("/", 1)[1]):
        referenced_paths(load_package(copy / DESCRIPTOR))
