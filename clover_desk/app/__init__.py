"""Composition root: settings, profiles, keyring, event loop, training sandbox, wiring.

Imported on a worker thread once the launch's sign-in dialog has painted
(``clover_desk.launch``): importing this package imports the whole app. ``startup`` is
``python -m clover_desk.app``; ``desk`` builds ``DeskApp`` from ``window`` (who is at
the keyboard), ``sessions`` (the open merchant's session), ``catch_up`` (keeping it
current) and ``switching`` (choosing the merchant).
"""

from clover_desk.app.desk import DeskApp, packaged_config_path
from clover_desk.app.startup import freeze_startup_objects, main

__all__ = ["DeskApp", "freeze_startup_objects", "main", "packaged_config_path"]
