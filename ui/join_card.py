"""The card a class's lecturer shows while the hall joins (``ui.hall``): the code, large, and the join link
as a QR code and as text."""

from __future__ import annotations

import io

import segno
import streamlit as st

from ui.i18n import tr

QR_SCALE = 6  # pixels per module: readable from the back of a hall (≥ 5)


def join_card(lang: str, code: str, link: str) -> None:
    """The code, the QR code of the join link ``link`` and the link itself."""
    with st.container(border=True, key="class.qr"):
        left, right = st.columns([1, 1])
        with left:
            st.image(qr_png(link), width="content")
        with right:
            st.markdown(f"<div class='lab-class-code'>{code}</div>", unsafe_allow_html=True)
            st.markdown(tr("class_join_how", lang))
            st.code(link, language=None, wrap_lines=True)  # whole, in the column, however long the address


def qr_png(link: str) -> bytes:
    """The join link as a QR code, ``QR_SCALE`` pixels per module with the standard quiet zone.

    >>> qr_png("https://lab.example/?class=ABC123")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()
