"""DuckDB for the pipeline's SQL steps: one in-memory database per process.

Opening a DuckDB database costs 15–25 ms, a cursor on an open one nothing; each step takes a cursor,
so the frames it registers stay its own, and the database is opened once, on first use. DuckDB keeps
the memory its largest query needed until the database is closed (on a corpus a hundred times today's,
the progress query's joins hold some 200 MB): a step whose query is large closes it with `release`
when it is done, so that the steps after it, rendering and validating the package do not carry it.
"""

from __future__ import annotations

import duckdb

_database: duckdb.DuckDBPyConnection | None = None


def connect() -> duckdb.DuckDBPyConnection:
    """A new connection, with nothing registered, to this process's in-memory database."""
    global _database
    if _database is None:
        _database = duckdb.connect()
    return _database.cursor()


def release() -> None:
    """Close this process's database and give back its memory; the next `connect` opens a new one."""
    global _database
    if _database is not None:
        _database.close()
        _database = None
