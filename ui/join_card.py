"""The card a class's lecturer shows while the hall joins (``ui.hall``): the code, large, and the join link
as a QR code and as text."""

from __future__ import annotations

import contextlib
import io
import ipaddress
from urllib.parse import urlsplit

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
            if (host := own_host(link)) is not None:
                st.caption(tr("class_link_local", lang, host=host))


def own_host(link: str) -> str | None:
    """The link's host where it names the lecturer's own computer (the page opened as ``localhost``): no
    phone in the hall can open that link. Streamlit prints the address others can use ("Network URL").

    >>> own_host("http://localhost:8501/?class=ABC234"), own_host("http://127.0.0.1:8501/?class=ABC234")
    ('localhost', '127.0.0.1')
    >>> own_host("http://192.168.1.20:8501/?class=ABC234") is None, own_host("https://lab.example/?class=X") is None
    (True, True)
    """
    host = urlsplit(link).hostname or ""
    with contextlib.suppress(ValueError):
        return host if ipaddress.ip_address(host).is_loopback else None
    return host if host == "localhost" or host.endswith(".localhost") else None


def qr_png(link: str) -> bytes:
    """The join link as a QR code, ``QR_SCALE`` pixels per module with the standard quiet zone.

    >>> qr_png("https://lab.example/?class=ABC123")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()
