"""Running the `tidings` command on a database, as the CLI tests do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run_on(db: Path, *args: str, columns: int = 250) -> subprocess.CompletedProcess[str]:
    """`tidings ARGS...` with TIDINGS_DB=db and a wide terminal, in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "tidings", *args], capture_output=True, text=True,
                          env={**os.environ, "TIDINGS_DB": str(db), "COLUMNS": str(columns)}, timeout=120,
                          check=False)


def json_keys(proc: subprocess.CompletedProcess[str]) -> list[str]:
    """The `key` of each row a successful `--format json` listing printed."""
    assert proc.returncode == 0, proc.stderr
    return [row["key"] for row in json.loads(proc.stdout)]
