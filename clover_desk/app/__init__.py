"""Composition root: settings, profiles, keyring, event loop, training sandbox, wiring.

Imported on a worker thread once the launch's sign-in dialog has painted
(``clover_desk.launch``): importing this package imports the whole app.
"""

from clover_desk.app.desk import DeskApp, freeze_startup_objects, main, packaged_config_path

__all__ = ["DeskApp", "freeze_startup_objects", "main", "packaged_config_path"]
