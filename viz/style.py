"""Shared layout for every figure: large type and thick lines, readable from the back of a hall."""

from __future__ import annotations

FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 16, "color": "#1f2430"}
LINE_WIDTH = 3.5
GRID = "#eceff3"


TOOLBAR = 34  # px: the height of Plotly's toolbar (its modebar) at the top of a chart
LARGE = 1.3  # type in presentation mode: read from the back row of a hall
# px: on a projector the main plot's right-hand margin, beside the landscape's square, holds its legend,
# colour bar, ▶ and step slider (and the page lays the view's tabs over its top, ui/page.py), so that the
# screen's height goes to the square
STRIP = 330


def base_layout(height: int | None, large: bool = False) -> dict:
    """The page's look; no ``height`` lets the figure take its container's."""
    font = FONT | {"size": round(FONT["size"] * LARGE)} if large else FONT
    layout = {
        "template": "none",  # Plotly's default template adds 8 KB to every figure
        "font": font,
        "margin": {"l": 84 if large else 64, "r": 16, "t": 16, "b": 64 if large else 56},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"size": 15}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": {"size": font["size"]}},
        "uirevision": "keep",  # keep the user's zoom across redraws of the same view
    }
    if height is not None:
        layout["height"] = height
    else:
        layout["autosize"] = True
    return layout


def heading(text: str, layout: dict) -> dict:
    """A chart's title at the top left, bold and half again as large as its labels (as the page's headings
    are), under the toolbar's row (a phone always shows the toolbar, over a title beside it), with room
    made for both above the plot.

    >>> top = heading("Loss over the steps", base_layout(360))
    >>> top["title"]["font"]["size"], top["margin"]["t"]
    (24, 93)
    """
    size = round(layout["font"]["size"] * 1.5)
    margin = layout["margin"] | {"t": layout["margin"]["t"] + TOOLBAR + round(1.8 * size)}
    title = {"text": f"<b>{text}</b>", "x": 0, "xref": "container", "xanchor": "left", "y": 1, "yref": "container"}
    return {"title": title | {"yanchor": "top", "pad": {"t": TOOLBAR}, "font": {"size": size}}, "margin": margin}
