"""QR codes of invitation links, as PNG images for printing or showing on a screen."""

from __future__ import annotations

import io

import qrcode
from qrcode.image.pil import PilImage


def png_of(url: str) -> bytes:
    """A PNG QR code of `url` (medium error correction, a quiet zone of four modules)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image(image_factory=PilImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
