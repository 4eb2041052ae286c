"""The committed app icons are made from the current SVG and hold the right sizes."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from packaging_loader import REPO, load
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

make_icons = load("make_icons")
ICONS = REPO / "resources" / "icons"


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """QImage decoding needs a Qt application (pytest-qt's)."""


def test_icons_are_made_from_the_current_svg() -> None:
    assert make_icons.stale_icons() == [], "run: python packaging/make_icons.py"


def test_every_png_inside_the_icons_is_stamped_with_the_svg_digest() -> None:
    digest = make_icons.source_digest()
    for name in ("clover-desk.png", "clover-desk.ico", "clover-desk.icns"):
        stamps = make_icons.stamps(ICONS / name)
        assert stamps, name
        assert set(stamps) == {digest}, name


def test_png_is_a_square_512_pixel_image_with_alpha() -> None:
    image = QImage(str(ICONS / "clover-desk.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (512, 512)
    assert image.hasAlphaChannel()
    assert image.pixelColor(0, 0).alpha() == 0  # transparent corner: rounded square


def _decode(data: bytes, fmt: bytes | None = None) -> QImage:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, fmt or QByteArray())
    image = reader.read()
    assert not image.isNull(), reader.errorString()
    return image


def test_ico_holds_each_windows_size_and_qt_reads_them() -> None:
    data = (ICONS / "clover-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        size = width or 256
        assert (height or 256) == size
        assert (planes, bits) == (1, 32)
        assert offset + length <= len(data)
        sizes.append(size)
    assert sizes == list(make_icons.ICO_SIZES)
    reader = QImageReader(str(ICONS / "clover-desk.ico"))
    assert reader.imageCount() == count
    decoded = []
    for _ in range(count):
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        decoded.append(image.width())
        reader.jumpToNextImage()
    assert sorted(decoded) == sorted(make_icons.ICO_SIZES)


def _icns_entries(path: Path) -> list[tuple[bytes, bytes]]:
    data = path.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    entries, at = [], 8
    while at < len(data):
        ostype, length = data[at : at + 4], struct.unpack(">I", data[at + 4 : at + 8])[0]
        entries.append((ostype, data[at + 8 : at + length]))
        at += length
    assert at == len(data)
    return entries


def test_icns_holds_each_macos_size_as_png() -> None:
    entries = _icns_entries(ICONS / "clover-desk.icns")
    assert [ostype for ostype, _ in entries] == [t for t, _ in make_icons.ICNS_TYPES]
    for (ostype, payload), (_, size) in zip(entries, make_icons.ICNS_TYPES, strict=True):
        image = _decode(payload, b"png")
        assert (image.width(), image.height()) == (size, size), ostype


def test_check_mode_flags_an_edited_svg(tmp_path: Path) -> None:
    edited = tmp_path / "edited.svg"
    edited.write_text(make_icons.SVG.read_text(encoding="utf-8") + "<!-- edit -->\n")
    assert sorted(make_icons.stale_icons(svg=edited)) == [
        "clover-desk.icns",
        "clover-desk.ico",
        "clover-desk.png",
    ]
