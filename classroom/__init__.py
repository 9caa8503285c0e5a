"""A class session: the lecturer leads, the hall follows and predicts (issue 24).

Plain Python (no Streamlit, no ``ui``): the session's model and its rules (``model``), where sessions live
(``store``: the app's own process by default, Redis where ``LANDSCAPE_LAB_REDIS_URL`` is set, so replicas
behind nginx share one class), who may do what (``classes``) and the HTTP routes a follower's page
long-polls (``http``), which cost no script run.
"""
