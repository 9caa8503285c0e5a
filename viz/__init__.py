"""Plotly figure builders: plain data in, a figure out. No Streamlit, no optimizer runs here."""

from viz.contour import LandscapeView, contour_figure, grid_values
from viz.curves import loss_figure
from viz.palette import colour_of
from viz.paths import PathView, summarize

__all__ = ["LandscapeView", "PathView", "colour_of", "contour_figure", "grid_values", "loss_figure", "summarize"]
