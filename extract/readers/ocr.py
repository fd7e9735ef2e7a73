"""The OCR engine behind scanned pages: page image in, recognised text lines with boxes out.

RapidOCR (PP-OCRv6 detection and recognition models, ONNX, shipped inside its wheel) run by
onnxruntime on the CPU; nothing is downloaded at run time: the model files are passed by path.
It is an optional extra (``pip install 'mubiao[ocr]'``; ``make extract`` installs it): without
it a scan gets the ``needs-ocr`` error naming what to install.

Two things happen before the engine sees a page:
- a red seal (公章) stamped over the text is read through the red channel, where red ink is as
  light as the paper and black ink stays black, so the stamped line is not lost and the seal's
  own lettering is not read as text;
- the image is reduced so that its long side is at most ``DEFAULT_LONG_SIDE`` pixels (the
  models resize to that anyway).

Results are cached by a hash of the prepared page image and the engine's version, in
``OcrSettings.cache_dir`` when given: a re-run (a new extractor version re-extracts every file)
costs no OCR. onnxruntime uses ``OcrSettings.threads`` threads, so that worker processes do not
oversubscribe the cores.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from extract.errors import NeedsOCR

if TYPE_CHECKING:
    from PIL.Image import Image

OcrMode = Literal["auto", "off", "force"]
OCR_MODES: tuple[str, ...] = ("auto", "off", "force")

DEFAULT_LONG_SIDE = 2000
"""Long side, in pixels, of the page image the engine reads (A4 at about 170 dpi)."""

DEFAULT_MIN_SEAL_PIXELS = 0.002
"""A page counts as stamped when at least this share of its pixels is seal red."""

ENGINE_PACKAGES = ("rapidocr", "onnxruntime", "opencv-python-headless")
"""Distributions of the engine; their versions (the models ship inside rapidocr's wheel)
enter the extractor version, so an upgrade re-extracts."""

_MODELS = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
}
"""The model files inside the rapidocr package that the engine is given by path."""

INSTALL_ADVICE = (
    "a scan needs the OCR extra: run `make extract` (it installs it) or `pip install 'mubiao[ocr]'`, "
    "then run again"
)


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read. Validated on creation."""

    mode: OcrMode = "auto"
    """auto: OCR pages with no usable text layer; off: never (a scan is an error, as before);
    force: OCR every page, ignoring any text layer."""
    cache_dir: Path | None = None
    """Folder for cached OCR results (by page image hash); None: no cache."""
    threads: int = 1
    """onnxruntime threads for this process."""
    on_page: Callable[[int, int], None] | None = field(default=None, compare=False)
    """Called before each page is OCR'd with (page number from 1, pages to OCR in the file)."""

    def __post_init__(self) -> None:
        if self.mode not in OCR_MODES:
            raise ValueError(f"ocr mode must be one of {', '.join(OCR_MODES)}, got {self.mode!r}")
        if self.threads < 1:
            raise ValueError(f"ocr threads must be 1 or more, got {self.threads}")


@dataclass(frozen=True)
class OcrBox:
    """One text line the engine found: its text, its four corners (pixels, clockwise from the
    top left, y down) and the recogniser's confidence (0–1)."""

    text: str
    quad: tuple[tuple[float, float], ...]
    confidence: float


@dataclass(frozen=True)
class PageImage:
    """A page as the engine reads it, and what was done to it."""

    image: Image
    sealed: bool
    """A red seal was found and read through the red channel."""


def engine_version() -> str | None:
    """``rapidocr==x onnxruntime==y opencv-python-headless==z``, or None when not installed."""
    from importlib import metadata

    try:
        return " ".join(f"{p}=={metadata.version(p)}" for p in ENGINE_PACKAGES)
    except metadata.PackageNotFoundError:
        return None


def require_engine() -> None:
    """NeedsOCR naming what to install when the OCR extra is missing."""
    if engine_version() is None:
        raise NeedsOCR("the file needs OCR (no text layer), and the OCR engine is not installed",
                       advice=INSTALL_ADVICE)


def prepare(image: Image) -> PageImage:
    """The page as the engine should see it: at most ``DEFAULT_LONG_SIDE`` pixels long, and in
    grey, through the red channel when a red seal is stamped on it."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    scale = DEFAULT_LONG_SIDE / max(image.size)
    if scale < 1:
        image = image.resize((round(image.width * scale), round(image.height * scale)), PILImage.Resampling.LANCZOS)
    if image.mode == "L":
        return PageImage(image, False)
    if not has_seal(image):
        return PageImage(image.convert("L"), False)
    return PageImage(_through_red(image), True)


def _seal_mask(image: Image) -> Any:
    import numpy as np

    px = np.asarray(image, dtype=np.int16)
    return (px[..., 0] > 150) & (px[..., 0] - np.maximum(px[..., 1], px[..., 2]) > 70)


def has_seal(image: Image) -> bool:
    """Whether enough of an RGB page is seal red (strong red, weak green and blue)."""
    return bool(_seal_mask(image).mean() >= DEFAULT_MIN_SEAL_PIXELS)


DEFAULT_SEAL_WHITE = 200
"""Red-channel level from which a stamped page counts as paper: red ink, light in the red channel
but not white, would otherwise still be read as faint lettering."""


def _through_red(image: Image) -> Image:
    """The page in grey as the red channel shows it: seal-red pixels become paper, and levels
    from ``DEFAULT_SEAL_WHITE`` up become white; black ink (under the seal too) stays black."""
    import numpy as np
    from PIL import Image as PILImage

    red = np.asarray(image.getchannel("R"), dtype=np.float32)
    red[_seal_mask(image)] = 255
    out = np.clip(red * (255 / DEFAULT_SEAL_WHITE), 0, 255).astype(np.uint8)
    return PILImage.fromarray(out, mode="L")


def recognise(page: PageImage, settings: OcrSettings) -> list[OcrBox]:
    """The text lines of a prepared page, from the cache when this image was read before."""
    version = engine_version()
    if version is None:
        require_engine()
    image = page.image
    recipe = f"{version}|second look {DEFAULT_SECOND_LOOK}|min {DEFAULT_MIN_CONFIDENCE}|{image.mode}|{image.size}"
    key = hashlib.sha256(recipe.encode() + image.tobytes()).hexdigest()
    boxes = _cache_get(settings.cache_dir, key)
    if boxes is None:
        boxes = _run_engine(image, settings.threads)
        _cache_put(settings.cache_dir, key, boxes)
    # The recogniser drops a ● bullet now and then; the page shows it.
    return [OcrBox("●" + b.text, b.quad, b.confidence) if b.text[0] not in _BULLETS and starts_with_dot(image, b.quad)
            else b for b in boxes]


DEFAULT_SECOND_LOOK = 0.9
"""A line read with less confidence than this is read again on its own, sharpened; the better
reading is kept (a blurred line can come back as two wrong characters at 0.5 and whole at 0.99)."""

DEFAULT_MIN_CONFIDENCE = 0.3
"""Lines still below this after the second look are dropped as noise (specks, seal fragments)."""


def _run_engine(image: Image, threads: int) -> list[OcrBox]:
    import numpy as np

    engine = _engine(threads)
    # Every option is passed on every call: the engine keeps the last call's options.
    out = engine(np.asarray(image.convert("RGB")), use_det=True, use_cls=True, use_rec=True, text_score=0.0)
    if out.boxes is None or out.txts is None:
        return []
    boxes = []
    for quad, text, score in zip(out.boxes, out.txts, out.scores or ()):
        corners = tuple((float(x), float(y)) for x, y in quad)
        text, score = str(text), float(score)
        if score < DEFAULT_SECOND_LOOK:
            text, score = max((text, score), _second_look(engine, image, corners), key=lambda r: r[1])
        if text.strip() and score >= DEFAULT_MIN_CONFIDENCE:
            boxes.append(OcrBox(text, corners, score))
    return boxes


_BULLETS = set("●•·∙・◆■○◇□▪")


def starts_with_dot(image: Image, quad: tuple[tuple[float, float], ...]) -> bool:
    """Whether the line inside ``quad`` begins with a solid round dot (a ● bullet): one dark
    blob, a third to two thirds of the line's height across, filled like a disc, with paper
    after it before the next character."""
    import numpy as np

    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    x0, y0, y1 = int(min(xs)), int(min(ys)), int(max(ys))
    h = y1 - y0
    if h < 8:
        return False
    strip = np.asarray(image.convert("L").crop((x0, y0, x0 + h, y1)), dtype=np.uint8) < 110
    cols = np.flatnonzero(strip.any(axis=0))
    if cols.size == 0:
        return False
    gaps = np.flatnonzero(np.diff(cols) > max(2, h // 12))  # paper between the first blob and the next ink
    end = cols[gaps[0]] if gaps.size else cols[-1]
    if end >= strip.shape[1] - 2:
        return False  # ink runs on to the strip's edge: not a blob on its own
    first = strip[:, cols[0]:end + 1]
    rows = np.flatnonzero(first.any(axis=1))
    width, tall = first.shape[1], rows[-1] - rows[0] + 1
    if not (0.25 * h <= width <= 0.6 * h and 0.25 * h <= tall <= 0.6 * h and abs(width - tall) <= 0.25 * max(width, tall)):
        return False
    fill = first[rows[0]:rows[-1] + 1].mean()
    middle = (rows[0] + rows[-1]) / 2
    return bool(fill >= 0.6 and 0.3 * h <= middle <= 0.7 * h)


def _second_look(engine: Any, image: Image, quad: tuple[tuple[float, float], ...]) -> tuple[str, float]:
    """The line inside ``quad`` recognised again on its own after sharpening."""
    import numpy as np
    from PIL import ImageFilter

    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    crop = image.crop((max(0, int(min(xs)) - 4), max(0, int(min(ys)) - 4),
                       min(image.width, int(max(xs)) + 4), min(image.height, int(max(ys)) + 4)))
    if crop.width < 4 or crop.height < 4:
        return "", 0.0
    sharp = crop.filter(ImageFilter.UnsharpMask(radius=2, percent=150, threshold=3))
    out = engine(np.asarray(sharp.convert("RGB")), use_det=False, use_cls=False, use_rec=True, text_score=0.0)
    if not out.txts:
        return "", 0.0
    return str(out.txts[0]), float(out.scores[0])


@functools.lru_cache(maxsize=2)
def _engine(threads: int) -> Any:
    """One engine per process and thread count: loading the models takes about a second."""
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    params: dict[str, Any] = {
        "Global.log_level": "error",
        "EngineConfig.onnxruntime.intra_op_num_threads": threads,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    for part, name in _MODELS.items():
        params[f"{part}.model_path"] = str(models / name)  # by path: nothing is downloaded
    return rapidocr.RapidOCR(params=params)


def _cache_get(folder: Path | None, key: str) -> list[OcrBox] | None:
    if folder is None:
        return None
    path = Path(folder) / key[:2] / f"{key}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [OcrBox(r["text"], tuple(tuple(p) for p in r["quad"]), r["confidence"]) for r in rows]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _cache_put(folder: Path | None, key: str, boxes: list[OcrBox]) -> None:
    if folder is None:
        return
    path = Path(folder) / key[:2] / f"{key}.json"
    rows = [{"text": b.text, "quad": [list(p) for p in b.quad], "confidence": b.confidence} for b in boxes]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, ensure_ascii=False)
        os.replace(tmp, path)  # atomic: a killed run leaves no half-written entry
    except OSError:
        pass  # a cache that cannot be written only costs time
