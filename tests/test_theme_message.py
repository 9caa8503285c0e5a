"""The theme's part of Streamlit's new_session message, made once per process (ui/theme_message.py),
is the message Streamlit itself makes from this app's .streamlit/config.toml."""

from __future__ import annotations

import os

import pytest
from streamlit import config
from streamlit.proto.NewSession_pb2 import CustomThemeConfig
from streamlit.runtime import app_session

from tests.browser import ROOT
from ui.theme_message import memo

SECTIONS = ("theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar")


@pytest.fixture
def app_config():
    """Streamlit's options as the app's server reads them (its folder's config.toml)."""
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        yield config.get_config_options(force_reparse=True)
    finally:
        os.chdir(here)
        config.get_config_options(force_reparse=True)


def theme_as(fill) -> CustomThemeConfig:
    """The custom theme filled section by section, as AppSession._create_new_session_message does."""
    theme = CustomThemeConfig()
    fill(theme, "theme")
    for section, part in zip(SECTIONS[1:3], (theme.light, theme.dark), strict=True):
        fill(part, section)
    for section, part in zip(SECTIONS[3:], (theme.sidebar, theme.light.sidebar, theme.dark.sidebar), strict=True):
        fill(part, section)
    return theme


def test_the_memo_gives_streamlits_own_theme_every_time(app_config):
    original = app_session._populate_theme_msg
    original = getattr(original, "__wrapped__", original)
    own = theme_as(original)
    assert own.primary_color == "#0072B2" and own.base_font_size == 17  # the app's config.toml was read
    once = memo(original, config.get_config_options)
    assert theme_as(once) == own
    assert theme_as(once).SerializeToString() == own.SerializeToString()  # presence too: no empty sections


def test_a_config_parsed_anew_is_filled_anew(app_config):
    calls: list[str] = []

    def fill(msg, section="theme"):
        calls.append(section)
        msg.primary_color = config.get_option("theme.primaryColor") if section == "theme" else ""

    once = memo(fill, config.get_config_options)
    theme_as(once), theme_as(once)
    assert calls == list(SECTIONS)  # six sections, filled once
    config.get_config_options(force_reparse=True)
    theme_as(once)
    assert calls == list(SECTIONS) * 2
