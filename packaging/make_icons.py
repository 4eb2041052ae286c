"""Render resources/clover-desk.svg into the app icons, with Qt only (no extra tools).

    python packaging/make_icons.py           # write resources/icons/clover-desk.{png,ico,icns}
    python packaging/make_icons.py --check   # exit 1 if the committed icons are stale

Qt's own ``ico`` and ``icns`` image writers store a single image per file (measured with
PySide6 6.12: one 256 px BMP entry, one ``ic10`` entry), so this script renders the SVG
once per size with ``QSvgRenderer`` and packs the images itself:

* ``.png``  512 x 512 (window icon, Linux);
* ``.ico``  16, 24, 32, 48, 64, 128 (32-bit BMP entries) and 256 (PNG entry), the layout
  Windows' own tools write;
* ``.icns`` PNG entries icp4 (16), icp5 (32), ic11 (32), ic12 (64), ic07 (128),
  ic13 (256), ic08 (256), ic14 (512), ic09 (512), ic10 (1024).

Every PNG carries the SVG's SHA-256 as a ``Source-SHA256`` text chunk, which is how
``--check`` and ``tests/packaging/test_icons.py`` tell that the icons are up to date
without comparing pixels (rendering may differ by a shade between Qt versions).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import struct
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SVG = REPO / "resources" / "clover-desk.svg"
ICON_DIR = REPO / "resources" / "icons"
NAME = "clover-desk"

PNG_SIZE = 512
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS entry types and their pixel sizes (PNG payloads, macOS 10.7+).
ICNS_TYPES: tuple[tuple[bytes, int], ...] = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic13", 256),
    (b"ic08", 256),
    (b"ic14", 512),
    (b"ic09", 512),
    (b"ic10", 1024),
)
SOURCE_KEY = "Source-SHA256"


def source_digest(svg: Path = SVG) -> str:
    """SHA-256 of the SVG source, the icons' freshness stamp."""
    return hashlib.sha256(svg.read_bytes()).hexdigest()


def _ensure_app() -> object:
    """A QGuiApplication (QSvgRenderer and the PNG writer need one); offscreen if headless."""
    from PySide6.QtGui import QGuiApplication

    existing = QGuiApplication.instance()
    if existing is not None:
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(sys.argv[:1])


def render(size: int, svg: Path = SVG) -> object:
    """The SVG as a ``size`` x ``size`` ARGB32 (non-premultiplied) QImage."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _ensure_app()
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: object, digest: str) -> bytes:
    """``image`` encoded as PNG with the source digest in a text chunk."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    stamped = QImage(image)
    stamped.setText(SOURCE_KEY, digest)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not stamped.save(buffer, b"PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def _bmp_entry(image: object) -> bytes:
    """A 32-bit ICO BMP entry: BITMAPINFOHEADER, BGRA rows bottom-up, empty AND mask."""
    from PySide6.QtGui import QImage

    assert isinstance(image, QImage)
    size = image.width()
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    rows = []
    for y in range(size - 1, -1, -1):  # bottom-up
        out = bytearray()
        for x in range(size):
            pixel = argb.pixel(x, y)  # 0xAARRGGBB
            out += struct.pack("<I", pixel)  # little-endian: B, G, R, A
        rows.append(bytes(out))
    mask_stride = ((size + 31) // 32) * 4
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    return header + b"".join(rows) + bytes(mask_stride * size)


def ico_bytes(images: dict[int, object], digest: str) -> bytes:
    """A multi-size ICO: BMP entries below 256 px, a PNG entry at 256 px."""
    entries = []
    for size in sorted(images):
        payload = png_bytes(images[size], digest) if size >= 256 else _bmp_entry(images[size])
        entries.append((size, payload))
    head = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    directory = b""
    for size, payload in entries:
        dim = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(payload), offset)
        offset += len(payload)
    return head + directory + b"".join(payload for _, payload in entries)


def icns_bytes(images: dict[int, object], digest: str) -> bytes:
    """An ICNS with one PNG entry per type in ``ICNS_TYPES``."""
    encoded: dict[int, bytes] = {}
    body = io.BytesIO()
    for ostype, size in ICNS_TYPES:
        payload = encoded.setdefault(size, png_bytes(images[size], digest))
        body.write(ostype + struct.pack(">I", 8 + len(payload)) + payload)
    data = body.getvalue()
    return b"icns" + struct.pack(">I", 8 + len(data)) + data


def build(svg: Path = SVG) -> dict[str, bytes]:
    """The three icon files' contents, keyed by file name."""
    digest = source_digest(svg)
    sizes: set[int] = {PNG_SIZE, *ICO_SIZES, *(size for _, size in ICNS_TYPES)}
    images = {size: render(size, svg) for size in sorted(sizes)}
    return {
        f"{NAME}.png": png_bytes(images[PNG_SIZE], digest),
        f"{NAME}.ico": ico_bytes({s: images[s] for s in ICO_SIZES}, digest),
        f"{NAME}.icns": icns_bytes(images, digest),
    }


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_text(data: bytes, start: int = 0) -> dict[str, str]:
    """The tEXt/zTXt chunks of the PNG that begins at ``data[start]``."""
    if data[start : start + 8] != PNG_SIGNATURE:
        raise ValueError("not a PNG")
    texts: dict[str, str] = {}
    at = start + 8
    while at + 8 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\x00")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\x00")
            texts[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"IEND":
            break
        at += 12 + length
    return texts


def stamps(path: Path) -> list[str]:
    """The ``Source-SHA256`` stamp of every PNG inside an icon file (None if unstamped)."""
    data = path.read_bytes()
    found = []
    start = 0
    while (at := data.find(PNG_SIGNATURE, start)) >= 0:
        found.append(png_text(data, at).get(SOURCE_KEY, ""))
        start = at + len(PNG_SIGNATURE)
    return found


def stale_icons(svg: Path = SVG, icon_dir: Path = ICON_DIR) -> list[str]:
    """Icon files that are missing or were not made from the current SVG."""
    digest = source_digest(svg)
    stale = []
    for suffix in ("png", "ico", "icns"):
        path = icon_dir / f"{NAME}.{suffix}"
        found = list(stamps(path)) if path.exists() else []
        if not found or any(stamp != digest for stamp in found):
            stale.append(path.name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the icons are stale")
    parser.add_argument("--out", type=Path, default=ICON_DIR, help="output directory")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_icons(icon_dir=args.out)
        for name in stale:
            print(f"stale: {args.out / name} (run python packaging/make_icons.py)")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in build().items():
        (args.out / name).write_bytes(data)
        print(f"wrote {args.out / name} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
