"""Pictures shared in chats: location data removed, a thumbnail and a screen-sized preview.

The stored picture keeps its pixels and its orientation tag (so it still shows upright) but
loses where it was taken: the EXIF GPS block and XMP (which can repeat the position) are
dropped by saving it again. Pictures without location data are stored as they came.

A picture's size is checked from its header before any pixel is decoded, so a small file
that would expand to gigabytes of pixels (a decompression bomb) is refused cheaply.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO, Any

from PIL import Image, ImageOps, UnidentifiedImageError

from parta.kit.errors import Unprocessable

# Enough for any phone camera and most panoramas; decoding is ~3 bytes per pixel.
MAX_PIXELS = 50_000_000
THUMB_SIZE = 320
PREVIEW_SIZE = 1280
VARIANT_MIME = "image/webp"
_GPS_IFD = 0x8825
_PNG_XMP_KEY = "XML:com.adobe.xmp"


@dataclass
class Picture:
    width: int  # as shown (after the orientation tag is applied)
    height: int
    cleaned: bytes | None  # the picture without location data; None when it had none
    thumb: bytes
    preview: bytes


def _invalid() -> Unprocessable:
    return Unprocessable(
        "The picture could not be read. It may be damaged; try sending it again.",
        code="invalid_image",
    )


def _too_large() -> Unprocessable:
    return Unprocessable(
        f"The picture has too many pixels (the limit is {MAX_PIXELS // 1_000_000} megapixels). "
        "Send a smaller copy, or put it in a ZIP archive.",
        code="image_too_large",
    )


def _exif(img: Image.Image) -> Image.Exif | None:
    """The EXIF block, or None when it is malformed (then it is dropped as a whole)."""
    try:
        exif = img.getexif()
        exif.get_ifd(_GPS_IFD)
        return exif
    except Exception:  # damaged EXIF raises anything from struct.error to KeyError
        return None


def _has_location(img: Image.Image) -> bool:
    raw = img.info.get("exif")
    if isinstance(raw, bytes) and (b"\x88\x25" in raw or b"\x25\x88" in raw):
        return True  # the GPS tag's number in either byte order, even where parsing fails
    exif = _exif(img)
    if exif is None or _GPS_IFD in exif or exif.get_ifd(_GPS_IFD):
        return True
    return "xmp" in img.info or _PNG_XMP_KEY in img.info


def _without_location(img: Image.Image) -> bytes:
    """The picture saved again: the same pixels and orientation, no GPS block, no XMP."""
    fmt = img.format or "PNG"
    options: dict[str, Any] = {}
    exif = _exif(img)
    if exif is not None:
        exif.pop(_GPS_IFD, None)
        options["exif"] = exif.tobytes()
    if icc := img.info.get("icc_profile"):
        options["icc_profile"] = icc  # colours stay as they were
    if fmt == "JPEG":
        # Re-use the original's quantisation: no visible loss from saving again.
        options.update(quality="keep", subsampling="keep")
    elif fmt == "WEBP":
        options.update(quality=90, lossless=bool(img.info.get("lossless")))
    if getattr(img, "n_frames", 1) > 1:
        options["save_all"] = True
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def _variant(upright: Image.Image, size: int) -> bytes:
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    small = upright.convert("RGBA" if has_alpha else "RGB")
    small.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=80, method=4)  # a new image: no metadata travels along
    return out.getvalue()


def _shown_size(img: Image.Image) -> tuple[int, int]:
    """The full size as people see it: orientations 5 to 8 turn the picture on its side."""
    size = img.size
    exif = _exif(img)
    turned = exif is not None and exif.get(0x0112) in (5, 6, 7, 8)
    return (size[1], size[0]) if turned else size


def process_picture(fh: IO[bytes]) -> Picture:
    """Read a picture (blocking: run it in a worker thread). 422 `invalid_image` when it
    cannot be decoded, 422 `image_too_large` above MAX_PIXELS."""
    fh.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fh) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise _too_large()
                cleaned = _without_location(img) if _has_location(img) else None
            fh.seek(0)
            with Image.open(fh) as img:
                shown = _shown_size(img)  # before draft() makes it smaller
                # JPEG decodes at a fraction of its size when that is all the variants need.
                img.draft(img.mode, (PREVIEW_SIZE, PREVIEW_SIZE))
                img.load()
                try:
                    upright = ImageOps.exif_transpose(img)
                except Exception:  # a damaged orientation tag: show the pixels as stored
                    upright = img
                thumb = _variant(upright, THUMB_SIZE)
                preview = _variant(upright, PREVIEW_SIZE)
                return Picture(shown[0], shown[1], cleaned, thumb, preview)
    except Unprocessable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large() from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise _invalid() from exc
    except Exception as exc:  # a damaged file must never become a server error
        raise _invalid() from exc
    finally:
        fh.seek(0)
