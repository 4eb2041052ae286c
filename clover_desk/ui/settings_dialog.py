"""The Settings dialog (being built)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QWidget

__all__ = ["SettingsDialog"]


class SettingsDialog(QDialog):
    """Profiles, tokens to the keyring, Test connection."""

    saved = Signal(object)

    def __init__(
        self,
        settings: Any,
        credentials: Any,
        *,
        current_profile_id: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
