"""Reading the map's PDFs as a printer would: where every line of text sits on the page, and
what the QR codes say."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

POINTS_PER_INCH = 72


@dataclass
class Line:
    page: int
    text: str
    x0: float  # points from the left edge
    y0: float  # points from the bottom edge
    x1: float
    y1: float
    page_width: float
    page_height: float


def text_lines(path: Path) -> list[Line]:
    """Every line of text with its box (pdfminer's layout analysis)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer, LTTextLine

    lines = []
    for number, page in enumerate(extract_pages(str(path)), start=1):
        width, height = page.width, page.height

        def walk(item, number=number, width=width, height=height):
            if isinstance(item, LTTextLine):
                text = item.get_text().strip()
                if text:
                    lines.append(Line(number, text, *item.bbox, width, height))
                return
            if isinstance(item, LTTextContainer) or hasattr(item, "__iter__"):
                for child in item:
                    walk(child)

        for element in page:
            walk(element)
    return lines


def outside_margins(
    path: Path, *, left: float, right: float, top: float, bottom: float
) -> list[str]:
    """Lines of text that reach into a margin (in inches), described for a failure message."""
    out = []
    for line in text_lines(path):
        edges = {
            "left": line.x0 / POINTS_PER_INCH,
            "right": (line.page_width - line.x1) / POINTS_PER_INCH,
            "top": (line.page_height - line.y1) / POINTS_PER_INCH,
            "bottom": line.y0 / POINTS_PER_INCH,
        }
        limits = {"left": left, "right": right, "top": top, "bottom": bottom}
        for side, distance in edges.items():
            if distance < limits[side] - 0.005:  # half a hundredth of an inch for rounding
                out.append(
                    f"page {line.page}: {line.text[:50]!r} is {distance:.2f} in from the "
                    f"{side} edge (margin {limits[side]} in)"
                )
    return out


def qr_codes(path: Path, tmp_dir: Path, dpi: int = 300) -> list[str]:
    """The text of every QR code on the PDF's pages, decoded from a rendering at `dpi`."""
    from PIL import Image
    from pyzbar.pyzbar import ZBarSymbol, decode

    tmp_dir.mkdir(parents=True, exist_ok=True)
    prefix = tmp_dir / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(prefix)], check=True)
    found = []
    for image in sorted(tmp_dir.glob(f"{path.stem}*.png")):
        with Image.open(image) as picture:
            found += [s.data.decode() for s in decode(picture, symbols=[ZBarSymbol.QRCODE])]
    return found
