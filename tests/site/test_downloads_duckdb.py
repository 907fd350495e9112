"""The downloads loaded the way analysts load them: the DuckDB file by an older DuckDB release (the
oldest the data page promises), and the CSV, Parquet and JSON files by DuckDB's readers, each typed as
the Table Schema says.

The older DuckDB is installed by the test, hash-pinned, into .cache/ (reused by later runs) and run in
its own interpreter without the project's site-packages, so it cannot pick up the project's DuckDB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from sitegen.data import load_package
from sitegen.downloads import DUCKDB_STORAGE_VERSION, format_path, resource_files, write_duckdb

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = load_package()
OLD_DUCKDB = "1.1.3"
# duckdb 1.1.3 for CPython 3.11–3.13 on x86-64 Linux (manylinux2014), as PyPI publishes them.
OLD_DUCKDB_HASHES = (
    "9d0767ada9f06faa5afcf63eb7ba1befaccfbcfdac5ff86f0168c673dd1f47aa",
    "4ebf5f60ddbd65c13e77cddb85fe4af671d31b851f125a4d002a313696af43f1",
    "d5724fd8a49e24d730be34846b814b98ba7c304ca904fbdc98b47fa95c0b0cee",
)
OLD_DUCKDB_DIR = ROOT / ".cache" / f"duckdb-{OLD_DUCKDB}"
DUCKDB_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "string": "VARCHAR"}

READ_IN_OLD_DUCKDB = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
out = {"version": duckdb.__version__, "tables": {}}
for (name,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall():
    columns = con.execute("SELECT column_name, data_type, comment FROM duckdb_columns() "
                          "WHERE table_name = ? ORDER BY column_index", [name]).fetchall()
    rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    out["tables"][name] = {"rows": rows, "columns": columns}
print(json.dumps(out))
"""


def expected_tables() -> dict[str, dict]:
    return {
        name: {"rows": len(PACKAGE.table(name)),
               "columns": [[f["name"], DUCKDB_TYPES[f.get("type", "string")], f.get("description", "")]
                           for f in PACKAGE.fields(name)]}
        for name in PACKAGE.resource_names()
    }


@pytest.fixture(scope="module")
def old_duckdb() -> Path:
    """A folder holding duckdb OLD_DUCKDB, installed from PyPI with pinned hashes on first use."""
    marker = OLD_DUCKDB_DIR / ".installed"
    if not marker.exists():
        OLD_DUCKDB_DIR.mkdir(parents=True, exist_ok=True)
        requirements = OLD_DUCKDB_DIR.with_suffix(".txt")
        requirements.write_text(f"duckdb=={OLD_DUCKDB} " + " ".join(f"--hash=sha256:{h}" for h in OLD_DUCKDB_HASHES)
                                + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--require-hashes", "--no-deps", "--only-binary=:all:", "--upgrade",
                        "--target", str(OLD_DUCKDB_DIR), "-r", str(requirements)], check=True)
        marker.touch()
    return OLD_DUCKDB_DIR


def read_in_old_duckdb(folder: Path, database: Path) -> subprocess.CompletedProcess:
    # -S: no site-packages, so only the old release in `folder` (on PYTHONPATH) can be imported.
    return subprocess.run([sys.executable, "-S", "-c", READ_IN_OLD_DUCKDB, str(database)], capture_output=True,
                          text=True, env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"}, timeout=120)


def test_duckdb_file_opens_in_an_older_release(old_duckdb, tmp_path):
    database = tmp_path / "bilim-data.duckdb"
    write_duckdb(PACKAGE, database)
    result = read_in_old_duckdb(old_duckdb, database)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout)
    assert found["version"] == OLD_DUCKDB
    assert found["tables"] == expected_tables()


def test_the_promised_release_is_the_storage_version():
    """The data page says which releases open the file; the older release tested is not older."""
    promised = tuple(int(p) for p in DUCKDB_STORAGE_VERSION.removeprefix("v").split("."))
    assert promised <= tuple(int(p) for p in OLD_DUCKDB.split("."))


def test_duckdb_file_opens_in_the_current_release(tmp_path):
    database = tmp_path / "bilim-data.duckdb"
    write_duckdb(PACKAGE, database)
    con = duckdb.connect(str(database), read_only=True)
    for name in PACKAGE.resource_names():
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(PACKAGE.table(name))
        types = [t for (t,) in con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = ? "
                                           "ORDER BY column_index", [name]).fetchall()]
        assert types == [DUCKDB_TYPES[f.get("type", "string")] for f in PACKAGE.fields(name)]
    con.close()


def test_duckdb_file_is_the_same_bytes_every_time(tmp_path):
    """The same package gives the same file, written twice: DuckDB's sampled compressions are off
    (sitegen.downloads.DUCKDB_UNSEEDED); with them, two writes differed in about 250 KB."""
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    write_duckdb(PACKAGE, first)
    write_duckdb(PACKAGE, second)
    assert first.read_bytes() == second.read_bytes()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("downloads")
    for name in PACKAGE.resource_names():
        for path, data in resource_files(PACKAGE, name).items():
            (folder / Path(path).name).write_bytes(data)
    return folder


def relation_types(relation: duckdb.DuckDBPyRelation) -> list[str]:
    return [str(t) for t in relation.types]


@pytest.mark.parametrize("name", PACKAGE.resource_names())
def test_files_read_by_duckdb_are_typed_as_the_schema_says(files, name):
    """Parquet and JSON carry their types; the CSV is typed by the schema (types given to read_csv), and
    read_csv's own detection finds every numeric and boolean column numeric and boolean."""
    fields = PACKAGE.fields(name)
    schema = [DUCKDB_TYPES[f.get("type", "string")] for f in fields]
    rows = len(PACKAGE.table(name))
    con = duckdb.connect()
    csv_path = files / Path(format_path(PACKAGE, name, ".csv")).name
    parquet = con.read_parquet(str(files / Path(format_path(PACKAGE, name, ".parquet")).name))
    assert relation_types(parquet) == schema and len(parquet.fetchall()) == rows
    typed = con.read_csv(str(csv_path), header=True,
                         dtype={f["name"]: DUCKDB_TYPES[f.get("type", "string")] for f in fields})
    assert relation_types(typed) == schema and typed.columns == [f["name"] for f in fields]
    assert typed.fetchall() == parquet.fetchall()
    detected = con.read_csv(str(csv_path))
    for field, found in zip(fields, relation_types(detected), strict=True):
        if field.get("type") in ("integer", "number"):
            assert found in ("BIGINT", "INTEGER", "DOUBLE", "SMALLINT", "TINYINT"), (field["name"], found)
        elif field.get("type") == "boolean":
            assert found == "BOOLEAN", (field["name"], found)
    json_path = files / Path(format_path(PACKAGE, name, ".json")).name
    as_json = con.read_json(str(json_path))
    assert len(as_json.fetchall()) == rows
    for field, found in zip(fields, relation_types(as_json), strict=True):
        if field.get("type", "string") == "string":
            assert found in ("VARCHAR", "JSON", '"NULL"'), (field["name"], found)
    con.close()
