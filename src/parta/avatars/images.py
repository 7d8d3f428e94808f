"""Re-encoding an uploaded picture: upright, centre-cropped to a square, 256×256, metadata gone.

Only the pixels survive: EXIF (GPS position, camera, time), XMP, ICC profiles and comments of
the original are dropped, because a new image is built from the decoded pixels alone.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from parta.kit.errors import Unprocessable

SIZE = 256
# Enough for any phone camera; larger images are refused before their pixels are decoded.
MAX_PIXELS = 50_000_000
OUTPUT_MIME = "image/webp"


def _invalid() -> Unprocessable:
    return Unprocessable(
        "The picture could not be read. Try another image (JPEG, PNG or WebP).",
        code="invalid_image",
    )


def square_avatar(data: bytes) -> bytes:
    """The picture as a 256×256 WebP without any metadata; 422 `invalid_image` otherwise."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as src:
                if src.width * src.height > MAX_PIXELS:
                    raise _invalid()
                src.seek(0)  # the first frame of an animation
                src.load()
                upright = ImageOps.exif_transpose(src)
                has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
                    upright.mode == "P" and "transparency" in upright.info
                )
                mode = "RGBA" if has_alpha else "RGB"
                fitted = ImageOps.fit(upright.convert(mode), (SIZE, SIZE), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise _invalid() from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _invalid() from exc
    # A fresh image holds the pixels only: nothing of the original's info travels along.
    clean = Image.new(mode, (SIZE, SIZE))
    clean.paste(fitted)
    out = io.BytesIO()
    clean.save(out, "WEBP", quality=85, method=4)
    return out.getvalue()
