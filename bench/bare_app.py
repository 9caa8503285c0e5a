"""The baseline for bench_app.py: the barest one-chart Streamlit app, a slider and a Plotly line."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

a = st.slider("a", 0.0, 1.0, 0.5, step=0.01, key="a")
x = np.linspace(0, 10, 1000)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(a * x))))
