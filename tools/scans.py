"""Degraded scans of text PDFs, made the way drafts reach reviewers: printed, stamped, scanned.

Each page of a text PDF (the fixture letters) is rendered by pdfium with the fonts embedded in
the PDF, then degraded by one of the ``PROFILES`` (seeded, so deterministic), and the pages are
written as an image-only PDF (JPEG inside, as an office copier writes it) or as image files.

    python -m tools.scans OUT_DIR [PDF ...]          # one scan per PDF, profiles in turn
    python -m tools.scans OUT_DIR --profile sealed   # every PDF with one profile

With no PDF named, the eleven fixture letters of ``../shared/fixtures/letters`` are used.
"""

from __future__ import annotations

import argparse
import io
import math
import random
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SHARED = Path(__file__).resolve().parents[2] / "shared"
LETTERS = SHARED / "fixtures" / "letters"

_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


def render(pdf: Path | bytes, dpi: int) -> list[Image.Image]:
    """Every page of a PDF as an RGB image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def rotate(img: Image.Image, degrees: float) -> Image.Image:
    """The page fed askew: rotated on a white background."""
    return img.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(255, 255, 255))


def blur(img: Image.Image, radius: float) -> Image.Image:
    return img.filter(ImageFilter.GaussianBlur(radius))


def noise(img: Image.Image, rng: random.Random, sigma: float = 12.0, specks: float = 0.0015) -> Image.Image:
    """Sensor noise and toner specks."""
    gen = np.random.default_rng(rng.randrange(2**32))
    px = np.asarray(img, dtype=np.float64)
    px = px + gen.normal(0, sigma, px.shape[:2])[..., None]
    mask = gen.random(px.shape[:2]) < specks
    px[mask] = gen.choice([0.0, 255.0], size=int(mask.sum()))[:, None]
    return Image.fromarray(np.clip(px, 0, 255).astype(np.uint8))


def jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def seal(img: Image.Image, rng: random.Random, centre: tuple[float, float] = (0.62, 0.42)) -> Image.Image:
    """A red round seal (ring, star, lettering round the top) stamped over the text: red ink
    multiplies with the page, so black text under it stays black."""
    w, h = img.size
    r = int(0.1 * w)
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    cx, cy = int(centre[0] * w), int(centre[1] * h)
    ring = max(3, r // 14)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=ring)
    star = [(cx + (0.3 if k % 2 == 0 else 0.12) * r * math.cos(math.radians(90 + 36 * k)),
             cy - (0.3 if k % 2 == 0 else 0.12) * r * math.sin(math.radians(90 + 36 * k))) for k in range(10)]
    d.polygon(star, fill=255)
    font_path = next((f for f in _CJK_FONTS if Path(f).exists()), None)
    if font_path:
        font = ImageFont.truetype(font_path, int(0.2 * r))
        words = "生态环境保护目标责任专用章"
        for i, ch in enumerate(words):
            angle = math.radians(200 - i * (220 / (len(words) - 1)))
            x, y = cx + 0.72 * r * math.cos(angle), cy - 0.72 * r * math.sin(angle)
            glyph = Image.new("L", (int(0.3 * r), int(0.3 * r)), 0)
            ImageDraw.Draw(glyph).text((0.05 * r, 0), ch, fill=255, font=font)
            glyph = glyph.rotate(math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
            layer.paste(255, (int(x - 0.15 * r), int(y - 0.15 * r)), glyph)
    gen = np.random.default_rng(rng.randrange(2**32))
    ink = np.asarray(layer, dtype=np.float32) / 255 * gen.uniform(0.75, 1.0, (h, w))  # uneven stamping
    red = np.array([205, 35, 40], dtype=np.float32) / 255
    px = np.asarray(img, dtype=np.float64)
    px = px * (1 - ink[..., None] * (1 - red))
    return Image.fromarray(np.clip(px, 0, 255).astype(np.uint8))


def photograph(img: Image.Image, rng: random.Random) -> Image.Image:
    """A page photographed on a desk: keystone perspective, uneven light, a warm cast, softness."""
    w, h = img.size
    m = 0.04
    dst = [(rng.uniform(0, m) * w, rng.uniform(0, m) * h), (w - rng.uniform(0, m) * w, rng.uniform(0, m) * h),
           (w - rng.uniform(0, 2 * m) * w, h - rng.uniform(0, m) * h), (rng.uniform(0, 2 * m) * w, h - rng.uniform(0, m) * h)]
    src = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
    coeffs = _perspective(dst, src)
    canvas = img.transform(img.size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC,
                           fillcolor=(90, 80, 70))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - 0.25 * ((xx / w - 0.2) ** 2 + (yy / h - 0.1) ** 2)
    px = np.asarray(canvas, dtype=np.float32) * light[..., None] * np.array([1.0, 0.96, 0.88])
    return blur(Image.fromarray(np.clip(px, 0, 255).astype(np.uint8)), 0.8)


def _perspective(dst: list[tuple[float, float]], src: list[tuple[float, float]]) -> list[float]:
    rows = []
    for (x, y), (u, v) in zip(dst, src):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for p in src for c in p], dtype=np.float64)
    return list(np.linalg.solve(a, b))


def _office(img: Image.Image, rng: random.Random) -> Image.Image:
    """What every copier scan has: a slight skew, some noise, JPEG."""
    return jpeg(noise(rotate(img, rng.uniform(-0.6, 0.6)), rng, sigma=6), 75)


PROFILES: dict[str, tuple[int, Callable[[Image.Image, random.Random, int], Image.Image]]] = {
    "rotated": (200, lambda img, rng, i: jpeg(noise(rotate(img, rng.choice([-1.8, 1.5, 2.0])), rng, 8), 70)),
    "blurred": (200, lambda img, rng, i: jpeg(noise(blur(img, 1.3), rng, 8), 75)),
    "noisy": (200, lambda img, rng, i: jpeg(noise(rotate(img, rng.uniform(-0.5, 0.5)), rng, 28, 0.006), 75)),
    "jpeg": (200, lambda img, rng, i: jpeg(rotate(img, rng.uniform(-0.5, 0.5)), 22)),
    "sealed": (200, lambda img, rng, i: _office(seal(img, rng) if i in (0, 1) else img, rng)),
    "lowdpi": (150, lambda img, rng, i: _office(img, rng)),
    "photographed": (180, lambda img, rng, i: jpeg(photograph(img, rng), 70)),
}
"""name -> (render dpi, degrade(page image, rng, page index)); ``sealed`` stamps the first two
pages over their text."""


def degrade(pdf: Path | bytes, profile: str, seed: int = 0) -> list[Image.Image]:
    """The pages of ``pdf`` rendered and degraded by ``profile``."""
    dpi, fn = PROFILES[profile]
    rng = random.Random(f"{profile}-{seed}")
    return [fn(page, rng, i) for i, page in enumerate(render(pdf, dpi))]


def save_pdf(pages: list[Image.Image], path: Path, dpi: int) -> None:
    """An image-only PDF, one JPEG per page, as a copier writes it."""
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=80)


def with_scanned_pages(pdf: Path | bytes, scanned: dict[int, Image.Image], dpi: int) -> bytes:
    """``pdf`` with the pages in ``scanned`` (0-based index -> image) replaced by image-only
    pages of the same size: a text PDF with a scanned page slipped in."""
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        for index, img in sorted(scanned.items()):
            width, height = doc[index].get_size()
            page = doc.new_page(width, height, index)
            obj = pdfium.PdfImage.new(doc)
            buf = io.BytesIO()
            img.convert("RGB").save(buf, "JPEG", quality=80)
            obj.load_jpeg(io.BytesIO(buf.getvalue()), inline=False)
            obj.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(obj)
            page.gen_content()
            doc.del_page(index + 1)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--profile", choices=sorted(PROFILES), help="one profile for every PDF (default: in turn)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    pdfs = args.pdfs or sorted(LETTERS.glob("*.pdf"))
    args.out.mkdir(parents=True, exist_ok=True)
    names = list(PROFILES)
    for i, pdf in enumerate(pdfs):
        profile = args.profile or names[i % len(names)]
        pages = degrade(pdf, profile, args.seed + i)
        target = args.out / f"{pdf.stem}-scan-{profile}.pdf"
        save_pdf(pages, target, PROFILES[profile][0])
        print(f"{target} ({len(pages)} pages, {profile})")


if __name__ == "__main__":
    main()
