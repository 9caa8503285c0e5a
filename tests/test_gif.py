"""The animation as a GIF for slides: decoded, it has its frames, its size and every path's colour."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from tests.apphelpers import open_app
from ui import runs
from ui.config import parse
from viz.contour import landscape_view
from viz.gif import MAX_FRAMES, animation_gif
from viz.palette import colour_of

NAMES = {"sgd": "Gradient descent (SGD)", "momentum": "Momentum", "adam": "Adam"}


def pr4_gif(**options) -> bytes:
    config, _ = parse({"preset": "pr4"})
    paths = runs.paths(config, NAMES.get)
    return animation_gif(landscape_view(config.landscape_object()), paths, {"step": "step"}, **options)


def rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])


def test_the_gif_has_its_frames_its_size_and_every_paths_colour():
    data = pr4_gif()
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.n_frames == 30 and gif.size == (480, 480 + 3 * 26)
    assert len(data) < 300_000  # measured: 88 KB for the PR4 page
    gif.seek(gif.n_frames - 1)
    last = np.asarray(gif.convert("RGB")).reshape(-1, 3).astype(int)
    for name in NAMES:
        exact = (np.abs(last - rgb(colour_of(name))).sum(axis=1) == 0).sum()
        assert exact > 200, name  # the path and its legend line, in the page's colour exactly
    gif.seek(0)
    first = np.asarray(gif.convert("RGB")).reshape(-1, 3).astype(int)
    momentum = (np.abs(first - rgb(colour_of("momentum"))).sum(axis=1) == 0).sum()
    assert momentum < (np.abs(last - rgb(colour_of("momentum"))).sum(axis=1) == 0).sum()  # the path grows


def test_frames_and_size_are_bounded():
    gif = Image.open(io.BytesIO(pr4_gif(side=5000, frames=1000)))
    assert gif.n_frames <= MAX_FRAMES and gif.size[0] <= 640


def test_the_page_offers_the_gif_beside_the_csv_in_their_section():
    at = open_app({"preset": "pr4"})
    assert not at.exception and not at.get("download_button")  # closed: no file registered on each run
    at.session_state["downloads"] = True  # the section opened
    at.run()
    keys = {button.proto.id.rsplit("-", 1)[-1] for button in at.get("download_button")}
    assert any(k.endswith("download_gif") for k in keys) and any(k.endswith("download_csv") for k in keys)
