"""The ribbon's icons: a coloured tile per button, drawn with Pillow.

The PNGs ship in ``project/static/images/xq``; ``python -m xlquartier.excel.server.icons``
draws them again (sizes 16, 32, 64 and 80 pixels, as the manifest asks for).
"""

from __future__ import annotations

from pathlib import Path

SIZES = (16, 32, 64, 80)
TILES = {  # icon -> (colour, letter); None draws a check mark
    "xlquartier": ("#1F4E79", "XQ"),
    "pruefen": ("#2E7D32", None),
    "protokoll": ("#1565C0", "P"),
    "vereinbarungen": ("#6A1B9A", "V"),
    "kontaktliste": ("#00838F", "K"),
    "jahresbericht": ("#C75B00", "J"),
    "partneransicht": ("#AD1457", "A"),
}


def draw(colour: str, letter: str | None, size: int):
    from PIL import Image, ImageDraw, ImageFont

    scale = 8
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=colour)
    if letter is None:
        points = [(big * 0.22, big * 0.52), (big * 0.42, big * 0.72), (big * 0.78, big * 0.30)]
        pen.line(points, fill="white", width=max(scale, big // 8), joint="curve")
    else:
        font = ImageFont.load_default(size=big * (0.5 if len(letter) > 1 else 0.68))
        pen.text((big / 2, big / 2), letter, fill="white", font=font, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (colour, letter) in TILES.items():
        for size in SIZES:
            path = folder / f"{name}-{size}.png"
            draw(colour, letter, size).save(path, optimize=True)
            written.append(path)
    return written


if __name__ == "__main__":
    for path in write_icons(Path(__file__).parent / "project" / "static" / "images" / "xq"):
        print(path)
