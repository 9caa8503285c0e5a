"""Files the browser fetches from the app's static folder (``static/``, served at ``app/static/``), and
the page's own components, whose code is such a file.

Each file is named by its content, so every replica writes the same name and a browser never holds a
stale copy under a name that now means something else; each is written whole or not at all.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     url = publish(b"hello", "notes", ".txt", root=Path(folder))
...     (url, (Path(folder) / "notes" / url.rsplit("/", 1)[1]).read_bytes())
('app/static/notes/2cf24dba5fb0a30e26e83b2a.txt', b'hello')
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import streamlit as st

STATIC = Path(__file__).resolve().parents[1] / "static"
SCRIPTS = Path(__file__).with_name("js")  # the components' code: ES modules, one per component


def publish(
    content: bytes,
    folder: str,
    suffix: str,
    keep: int | None = None,
    encode: Callable[[bytes], bytes] | None = None,
    root: Path = STATIC,
) -> str:
    """Write ``content`` as ``static/<folder>/<hash><suffix>`` unless it is there, and return its URL
    (relative to the page); ``encode`` (gzip, say) turns it into what is written, on first use only.
    Beyond ``keep`` files in the folder the oldest go, down to three quarters of ``keep`` (so a busy
    folder is swept now and then, not at every file). Sessions publish from many threads and replicas at
    once: each writes its own temporary file, and a file another sweep removed first is no error. Raises
    OSError where the folder cannot be written."""
    target = root / folder / f"{hashlib.sha256(content).hexdigest()[:24]}{suffix}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
        os.fchmod(handle, 0o644)  # mkstemp's file is the owner's alone; the folder is served
        with os.fdopen(handle, "wb") as partial:
            partial.write(content if encode is None else encode(content))
        os.replace(name, target)  # atomic: a browser never gets half a file
        if keep is not None:
            _prune(target.parent, suffix, keep)
    return f"app/static/{folder}/{target.name}"


def _prune(folder: Path, suffix: str, keep: int) -> None:
    # the names alone first: a folder under its bound (every publish asks) costs one listing, not a
    # stat of each of its up to `keep` files (≈ 20 ms of a new row's 100 at 2000 rows)
    if sum(name.endswith(suffix) for name in os.listdir(folder)) <= keep:
        return
    files = []
    for path in folder.glob(f"*{suffix}"):
        with contextlib.suppress(FileNotFoundError):  # another session's sweep took it first
            files.append((path.stat().st_mtime, path))
    if len(files) <= keep:
        return
    files.sort()
    for _, old in files[: len(files) - keep * 3 // 4]:
        old.unlink(missing_ok=True)


@functools.cache
def component(name: str, css: str = "") -> Callable:
    """The ``st.components.v2`` component whose code is ``ui/js/<name>.js``. That module is published
    here and imported by the component's one line of script, so each of its messages carries that line
    rather than the whole module (every chart on every slider move). Raises OSError where the static
    folder cannot be written."""
    url = publish((SCRIPTS / f"{name}.js").read_bytes(), "scripts", ".js")
    loader = (
        f"const url = new URL({json.dumps(url)}, document.baseURI).href;\n"
        "export default function (args) { import(url).then((module) => module.default(args)); }\n"
    )
    return st.components.v2.component(f"landscape_lab.{name}", js=loader, css=css or None, isolate_styles=False)
