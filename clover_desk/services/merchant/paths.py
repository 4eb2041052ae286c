"""Where Clover Desk keeps its files, injectable so tests never touch the user's home."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["APP_NAME", "AppPaths"]

APP_NAME = "clover-desk"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The three directories the app writes to.

    Attributes:
        config_dir: settings JSON (never a secret).
        data_dir: training sandbox database, gift-card history, journal.
        log_dir: redacted logs.
    """

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def for_user(cls) -> AppPaths:
        """The platform's per-user locations (platformdirs)."""
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME)),
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """Everything below one directory (tests, ``--self-test``)."""
        return cls(config_dir=root / "config", data_dir=root / "data", log_dir=root / "log")

    def ensure(self) -> AppPaths:
        """Create the directories if missing; returns self for chaining."""
        for directory in (self.config_dir, self.data_dir, self.log_dir):
            directory.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def settings_file(self) -> Path:
        """The settings JSON."""
        return self.config_dir / "settings.json"

    @property
    def training_db(self) -> Path:
        """The training sandbox's SQLite database."""
        return self.data_dir / "training.sqlite3"

    @property
    def gift_card_history(self) -> Path:
        """The log of gift-card operations done from this app (no card numbers)."""
        return self.data_dir / "gift_card_history.jsonl"

    @property
    def staff_db(self) -> Path:
        """The machine-wide staff file of earlier versions (one list for every merchant);
        each profile starts from a copy of it, if it exists, the first time it opens."""
        return self.data_dir / "staff.sqlite3"

    def staff_for(self, profile_id: str) -> Path:
        """Staff accounts of one merchant profile (PINs as salted scrypt hashes)."""
        return self.data_dir / f"staff-{profile_id}.sqlite3"

    def history_for(self, profile_id: str) -> Path:
        """The local history (export-driven sync) of one profile."""
        return self.data_dir / f"history-{profile_id}.sqlite3"

    def journal_for(self, profile_id: str) -> Path:
        """The money journal of one profile."""
        return self.data_dir / f"journal-{profile_id}.sqlite3"

    @property
    def log_file(self) -> Path:
        """The app's log file."""
        return self.log_dir / "clover-desk.log"
