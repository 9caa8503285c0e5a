"""The theme part of Streamlit's ``new_session`` message, made once per process instead of at every run.

Streamlit 1.67 opens every script run, a fragment's too, with a ``new_session`` message that carries
the theme, and fills it anew each time: six sections (``theme``, ``theme.light``, ``theme.dark`` and
their sidebars), each a scan of all of Streamlit's 367 config options (``_populate_theme_msg``).
Sampled with py-spy while 200 followers each ran the view at a lecturer's change, that was 7.7 % of the
interpreter's time (``bench/bench_view_change.py``). The theme is read from ``.streamlit/config.toml``
and is not an option a script may set, so each section's filled message is kept and copied into every
later one; it is made again only if Streamlit parses its config anew (a new options dict).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from streamlit import config
from streamlit.runtime import app_session

Fill = Callable[..., None]


@functools.cache
def make_once() -> bool:
    """Put the memo in front of Streamlit's theme filling, once per process; whether it is there now."""
    original = app_session._populate_theme_msg
    if getattr(original, "memo", False):
        return True
    app_session._populate_theme_msg = memo(original, config.get_config_options)
    return True


def memo(fill: Fill, options: Callable[[], Any]) -> Fill:
    """``fill(msg, section)``, done once per section for one ``options()`` object and copied after.

    A section whose options are all unset leaves ``msg`` untouched (not even present), as ``fill`` does.

    >>> from streamlit.proto.NewSession_pb2 import CustomThemeConfig
    >>> calls = []
    >>> def fill(msg, section="theme"):
    ...     calls.append(section)
    ...     if section == "theme":
    ...         msg.primary_color = "#0072B2"
    >>> settings = object()
    >>> once = memo(fill, lambda: settings)
    >>> first, second, light = CustomThemeConfig(), CustomThemeConfig(), CustomThemeConfig()
    >>> once(first), once(second), once(light.light, "theme.light")
    (None, None, None)
    >>> second.primary_color, calls, light.HasField("light")
    ('#0072B2', ['theme', 'theme.light'], False)
    """
    kept: dict[str, tuple[object, Any]] = {}
    lock = threading.Lock()

    @functools.wraps(fill)
    def filled(msg: Any, section: str = "theme") -> None:
        current = options()
        with lock:
            found = kept.get(section)
        if found is None or found[0] is not current:  # the options object is held, so its id is not reused
            made = type(msg)()
            fill(made, section)
            found = (current, made)
            with lock:
                kept[section] = found
        if found[1].ByteSize():
            msg.MergeFrom(found[1])

    filled.memo = True  # type: ignore[attr-defined]
    return filled
