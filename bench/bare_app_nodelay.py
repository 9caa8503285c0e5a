"""bench/bare_app.py with the one fix any Streamlit 1.67 app can make: its sockets send each message at
once (ui/network.py), so the comparison shows what the fix itself is worth."""

import sys
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ui import network

network.send_at_once()
a = st.slider("a", 0.0, 1.0, 0.5, step=0.01, key="a")
x = np.linspace(0, 10, 1000)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(a * x))))
