"""Where the Clover app id comes from: Settings, else clover-desk.toml beside the program."""

from __future__ import annotations

from pathlib import Path

from clover_desk.services.merchant.clover_connect import packaged_client_id, resolve_client_id
from clover_desk.services.merchant.profiles import Settings


def test_the_app_id_comes_from_settings_then_the_packaged_file(tmp_path: Path) -> None:
    path = tmp_path / "clover-desk.toml"
    assert packaged_client_id(path) == ""
    path.write_text('[clover]\napp_id = "PACKAGED1234"\n', encoding="utf-8")
    assert packaged_client_id(path) == "PACKAGED1234"
    assert resolve_client_id(Settings(), packaged_client_id(path)) == "PACKAGED1234"
    assert resolve_client_id(Settings(oauth_client_id="OWNER12345"), "PACKAGED1234") == (
        "OWNER12345"
    )
    path.write_text("[clover\n", encoding="utf-8")
    assert packaged_client_id(path) == ""  # a damaged file is ignored, not fatal
