"""Another commit's app beside this checkout's, for benchmarks that compare them in one run."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def app_at(rev: str) -> Iterator[Path]:
    """The ``app.py`` of commit ``rev``, in a folder of its own (its server imports that commit's modules);
    the folder is removed afterwards."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder) / "app.py"
