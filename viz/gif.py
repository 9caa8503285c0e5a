"""The step inspector's animation as an animated GIF, for a slide: drawn with Pillow, no browser needed.

Each frame shows the landscape, every path up to that step in its colour and line width (as the page
draws them), a marker where each optimizer is, the step number and a legend. At most ``MAX_FRAMES``
frames of at most ``MAX_SIDE`` pixels, so a GIF stays small (about 100–300 KB) and takes well under a
second to render.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from viz.contour import COLORSCALE, LandscapeView, log_transform
from viz.palette import colour_of, widths
from viz.paths import PathView
from viz.raster import contour_image

MAX_FRAMES = 40
MAX_SIDE = 640
FRAME_MS, LAST_FRAME_MS = 100, 2000  # the last frame stays up, so the end can be seen
LEGEND_ROW = 26
INK = (31, 36, 48)


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _pixels(points: np.ndarray, view: LandscapeView, side: int) -> np.ndarray:
    """Window coordinates to pixels: x to the right, y up."""
    (x0, x1), (y0, y1) = view.bounds
    px = (points[:, 0] - x0) / (x1 - x0) * (side - 1)
    py = (y1 - points[:, 1]) / (y1 - y0) * (side - 1)
    return np.stack([px, py], axis=-1)


def _background(view: LandscapeView, side: int) -> Image.Image:
    """The filled contour at the GIF's own resolution: f interpolated first, then cut into bands, so
    the bands' edges are smooth lines rather than enlarged pixels."""
    zt = log_transform(view.z, view.f_min)[0] if view.log_scale else view.z
    fine = Image.fromarray(np.nan_to_num(zt[::-1], nan=np.nanmax(zt)).astype(np.float32), mode="F")
    fine = np.asarray(fine.resize((side, side), Image.Resampling.BICUBIC))
    fine = np.where(
        np.asarray(Image.fromarray(np.isfinite(zt[::-1]).astype(np.uint8) * 255).resize((side, side))) > 127,
        fine,
        np.nan,
    )
    picture, _, _ = contour_image(fine, COLORSCALE)  # the grid's rows run upwards, a picture's down
    canvas = Image.new("RGB", (side, side), "white")
    canvas.paste(picture, (0, 0), picture)
    return canvas


def _palette(background: Image.Image, paths: Sequence[PathView]) -> Image.Image:
    """One palette for every frame: the exact colours of the paths, ink, white and the minimum's
    yellow, and the landscape's own colours in the rest (a GIF holds 256)."""
    fixed = [_rgb(colour_of(path.name)) for path in paths] + [INK, (255, 255, 255), (0, 0, 0), (255, 212, 0)]
    shades = background.quantize(colors=256 - len(fixed), method=Image.Quantize.MEDIANCUT)
    colours = [c for rgb in fixed for c in rgb] + shades.getpalette()[: 3 * (256 - len(fixed))]
    palette = Image.new("P", (1, 1))
    palette.putpalette(colours + [0] * (768 - len(colours)))
    return palette


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _star(draw: ImageDraw.ImageDraw, x: float, y: float, r: float = 11) -> None:
    angles = np.pi / 2 + np.arange(10) * np.pi / 5
    radii = np.where(np.arange(10) % 2 == 0, r, r * 0.45)
    draw.polygon(
        [(x + q * np.cos(a), y - q * np.sin(a)) for a, q in zip(angles, radii, strict=True)],
        fill="#ffd400",
        outline="black",
    )


def _legend(paths: Sequence[PathView], side: int) -> Image.Image:
    font = _font(15)
    x, y = 10, 6
    strip = Image.new("RGB", (side, LEGEND_ROW * max(1, len(paths))), "white")
    draw = ImageDraw.Draw(strip)
    for path in paths:
        label = path.label or path.name
        draw.line([(x, y + 9), (x + 28, y + 9)], fill=colour_of(path.name), width=6)
        draw.text((x + 36, y), label, fill=INK, font=font)
        y += LEGEND_ROW
    return strip


def animation_gif(
    view: LandscapeView,
    paths: Sequence[PathView],
    labels: Mapping[str, str],
    side: int = 480,
    frames: int = 30,
    interrupt: Callable[[], object] | None = None,
) -> bytes:
    """The paths moving over the landscape, as GIF bytes: ``frames`` frames (at most MAX_FRAMES) of
    ``side`` pixels (at most MAX_SIDE), plus the legend under them. ``labels["step"]`` names the step.
    ``interrupt``, if given, is called before each frame; it may raise to abandon the drawing."""
    side, frames = min(side, MAX_SIDE), max(2, min(frames, MAX_FRAMES))
    last = max((path.last_step for path in paths), default=0)
    moments = np.unique(np.linspace(0, last, frames).round().astype(int))
    base = _background(view, side)
    legend = _legend(paths, side)
    palette = _palette(base, paths)
    drawn = [
        (path, _pixels(path.points.astype(float), view, side), width)
        for path, width in zip(paths, widths(len(paths)), strict=True)
    ]
    font = _font(18)
    pictures = []
    for step in moments:
        if interrupt is not None:
            interrupt()
        frame = base.copy()
        draw = ImageDraw.Draw(frame)
        for path, pixels, width in drawn:
            shown = pixels[(path.steps <= step) & np.isfinite(pixels).all(axis=1)]
            colour = colour_of(path.name)
            if len(shown) > 1:
                draw.line([tuple(p) for p in shown], fill=colour, width=max(2, round(width * 0.8)), joint="curve")
            if len(shown):
                x, y = shown[-1]
                draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=colour, outline="white", width=2)
        for mx, my in _pixels(np.asarray(view.minima, dtype=float).reshape(-1, 2), view, side):
            _star(draw, mx, my)
        draw.text((10, 8), f"{labels['step']} {step}", fill=INK, font=font, stroke_width=3, stroke_fill="white")
        whole = Image.new("RGB", (side, side + legend.height), "white")
        whole.paste(frame, (0, 0))
        whole.paste(legend, (0, side))
        pictures.append(whole.quantize(palette=palette, dither=Image.Dither.NONE))
    buffer = io.BytesIO()
    durations = [FRAME_MS] * (len(pictures) - 1) + [LAST_FRAME_MS]
    pictures[0].save(
        buffer, format="GIF", save_all=True, append_images=pictures[1:], duration=durations, loop=0, optimize=True
    )
    return buffer.getvalue()
