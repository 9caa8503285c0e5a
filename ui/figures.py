"""Figures shared by every session that draws the same thing: a class's followers, a hall on one link.

At a lecturer's change, 200 following pages each build the very same landscape figure from the very same
cached paths: its step inspector's frames alone were a tenth of each follower's run
(``bench/bench_view_change.py``, sampled with py-spy). Here the first of them builds the figure's JSON
and the others send those bytes; those that ask while it is being built wait for it (at a change no
follower had drawn yet, 200 followers built the landscape 10-15 times before, once now). A figure is
found by its settings (``key``, a Config and what else the builder reads) and kept only while it was
drawn from the very arrays it was built from (``made_from``, compared by identity): a row the cache
evicted and made again, or anything the key missed, builds anew.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence

import cachetools

from ui.chart import figure_json

FIGURE_BYTES = 32 * 2**20  # 6 paths of 1000 steps: the landscape 97 KB with its frames, the loss 42 KB
# A figure is kept under its settings and the identities of the arrays it was drawn from; it holds those
# arrays, so no other object can have their ids while it is kept: an equal key is the very same arrays.
# At a lecturer's change the followers ask for the same new figure at once: the first builds it, the others
# wait for it (cachetools' ``condition``), instead of each building it while the GIL is passed round.
_figures: cachetools.LRUCache = cachetools.LRUCache(maxsize=FIGURE_BYTES, getsizeof=lambda kept: len(kept[1]))


Kept = tuple[tuple[object, ...], bytes]  # the arrays a figure was drawn from, its JSON


def _identities(key: Hashable, made_from: tuple[object, ...], _build: object) -> Hashable:
    return key, *map(id, made_from)


@cachetools.cached(_figures, key=_identities, condition=threading.Condition())
def _kept(key: Hashable, made_from: tuple[object, ...], build: Callable[[], object]) -> Kept:
    return made_from, figure_json(build())


def shared_figure(key: Hashable, made_from: Sequence[object], build: Callable[[], object]) -> bytes:
    """The JSON of ``build()`` (a ``viz`` Spec or a Plotly figure), made once for every session whose
    ``key`` is equal and whose ``made_from`` are the same objects, however many ask for it at once.

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
    return _kept(key, tuple(made_from), build)[1]
