"""Figures shared by every session that draws the same thing: a class's followers, a hall on one link.

At a lecturer's change, 200 following pages each build the very same landscape figure from the very same
cached paths: its step inspector's frames alone were a tenth of each follower's run
(``bench/bench_view_change.py``, sampled with py-spy). Here the first of them builds the figure's JSON
and the others send those bytes. A figure is found by its settings (``key``, a Config and what else
the builder reads) and kept only while it was drawn from the very arrays it was built from (``made_from``,
compared by identity): a row the cache evicted and made again, or anything the key missed, builds anew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence

import cachetools

from ui.chart import figure_json

FIGURE_BYTES = 32 * 2**20  # 6 paths of 1000 steps: the landscape 97 KB with its frames, the loss 42 KB
_figures: cachetools.LRUCache = cachetools.LRUCache(maxsize=FIGURE_BYTES, getsizeof=lambda kept: len(kept[1]))
_lock = threading.Lock()


def shared_figure(key: Hashable, made_from: Sequence[object], build: Callable[[], object]) -> bytes:
    """The JSON of ``build()`` (a ``viz`` Spec or a Plotly figure), made once for every session whose
    ``key`` is equal and whose ``made_from`` are the same objects.

    >>> import numpy as np
    >>> from viz.spec import Spec
    >>> points = np.zeros(3)
    >>> made = []
    >>> def build():
    ...     made.append(1)
    ...     return Spec({"data": [], "layout": {}})
    >>> first = shared_figure(("doctest", 1), [points], build)
    >>> shared_figure(("doctest", 1), [points], build) is first, len(made)
    (True, 1)
    >>> shared_figure(("doctest", 1), [points.copy()], build) is first, len(made)  # other arrays
    (False, 2)
    """
    with _lock:
        kept = _figures.get(key)
    if kept is not None and _same_objects(kept[0], made_from):
        return kept[1]
    made = figure_json(build())
    with _lock:
        _figures[key] = (tuple(made_from), made)
    return made


def _same_objects(kept: Sequence[object], given: Sequence[object]) -> bool:
    return len(kept) == len(given) and all(a is b for a, b in zip(kept, given, strict=True))
