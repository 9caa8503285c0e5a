"""The page's views, one module each, as Streamlit's ``hello`` has one function per demo: each is a
function of the config that draws its part of the page."""

from __future__ import annotations

from ui.views import memory, paths, pr3, reddi, starts, surface, sweep

VIEWS = {
    "paths": paths.show,
    "surface": surface.show,
    "starts": starts.show,
    "sweep": sweep.show,
    "reddi": reddi.show,
    "pr3": pr3.show,
    "memory": memory.show,
}
