"""`keet-dbt`: dbt's own command line (`dbt`, from dbt-core), ending without Python's teardown.

dagster-dbt runs dbt in a subprocess and waits for its output to close. After `dbt build` had printed its result,
the `dbt` process took about 0.8 s (x1000 incremental run) to end: 0.3 s closing DuckDB's database, which folds
the write-ahead log into the file (dbt-duckdb's exit handler), and the rest freeing dbt's objects, which nobody
waits for. This entry point runs dbt, then every exit handler (so the database is closed and checkpointed exactly
as before), flushes the logs and output, and ends the process. Same arguments, output and exit code as `dbt`.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys


def exit_code(code: object) -> int:
    """The process's exit code for a SystemExit's `code`, as the interpreter would give it (None: 0; a text is
    printed to stderr and gives 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def main() -> None:
    from dbt.cli.main import cli

    try:
        cli()  # click's standalone mode ends with SystemExit and dbt's exit code
        code = 0
    except SystemExit as exc:
        code = exit_code(exc.code)
    atexit._run_exitfuncs()  # dbt-duckdb closes its database here
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
