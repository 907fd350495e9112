"""DuckDB for the pipeline's SQL steps: one in-memory database per process.

Opening a DuckDB database costs 15–25 ms, a cursor on an open one nothing; each step takes a cursor,
so the frames it registers stay its own, and the database is opened once, on first use. DuckDB keeps
the memory its largest query needed until the database is closed (on a corpus a hundred times today's,
the progress query's joins hold some 200 MB): the checks, the last SQL step, close it with `release`,
so that rendering and validating the package do not carry it, and an earlier step closes it when its
query read many rows (`release_if_large`); on today's few hundred rows, reopening would cost more time
than the memory is worth.

The database runs each query in the thread that asks for it (`threads` 1): the pipeline's queries read
hundreds of rows (tens of thousands at a hundred times today's sources), where DuckDB's own worker threads
cost more in hand-offs than they save, above all on a busy machine, where a query waits for each worker
to be scheduled (the progress query: 40 ms alone, 120 ms with a second thread). Queries still run side by
side when two Python threads each hold a cursor (pipelines/check/checks.py).
"""

from __future__ import annotations

import duckdb

QUERY_THREADS = 1  # DuckDB's threads per query (see above)
_database: duckdb.DuckDBPyConnection | None = None


def connect() -> duckdb.DuckDBPyConnection:
    """A new connection, with nothing registered, to this process's in-memory database."""
    global _database
    if _database is None:
        _database = duckdb.connect(config={"threads": QUERY_THREADS})
    return _database.cursor()


def release() -> None:
    """Close this process's database and give back its memory; the next `connect` opens a new one."""
    global _database
    if _database is not None:
        _database.close()
        _database = None


# Input rows above which an earlier step closes the database after its query: reopening costs some 15 ms;
# the memory kept grows with the rows (some 200 MB for the progress query at 35 000, 100x today's).
LARGE_INPUT_ROWS = 10_000


def release_if_large(input_rows: int) -> None:
    """`release` after a query that read more than LARGE_INPUT_ROWS rows."""
    if input_rows > LARGE_INPUT_ROWS:
        release()
