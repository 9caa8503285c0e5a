"""Debian's redis-server on a free loopback port, for the tests of the class sessions in Redis."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.browser import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def require_redis() -> None:
    if not Path(REDIS_SERVER).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the Redis tests: install Debian's redis-server")
        pytest.skip("the Redis tests need redis-server (apt-get install redis-server)")


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server (no snapshots, no append-only file); its URL. Stopped by its PID."""
    require_redis()
    import redis

    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
