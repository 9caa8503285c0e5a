"""The app's own pieces: the config (URL <-> state), translations, cached runs, page sections."""
