"""Profile photos: checked, re-encoded without metadata, stored privately.

Re-encoding from pixels is what removes EXIF (and its GPS position); copying the
upload would keep whatever the phone wrote into it.
"""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from safeguard.core.errors import Refused

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000
MAX_SIDE = 2000


def max_photo_bytes() -> int:
    return int(getattr(settings, "SAFEGUARD_MAX_PHOTO_MB", 10)) * 1024 * 1024


class PhotoRejected(Refused):
    """The photo cannot be used; the message says why, on the form's photo field."""

    field = "photo"


def clean_photo(data: bytes) -> bytes:
    """The photo as a fresh JPEG with no metadata, or PhotoRejected saying why."""
    limit = max_photo_bytes()
    if len(data) > limit:
        raise PhotoRejected(f"The photo must be smaller than {limit // (1024 * 1024)} MB")
    if not data:
        raise PhotoRejected("The selected file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise PhotoRejected("The photo must be a JPG, PNG, WEBP or GIF")
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoRejected("The photo has too many pixels: use one under 40 megapixels")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                # Keep the photo the right way up before the orientation tag is dropped.
                upright = ImageOps.exif_transpose(image) or image
                pixels = upright.convert("RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected("The selected file must be a photo (JPG, PNG, WEBP or GIF)") from None
    except PhotoRejected:
        raise
    except Exception:
        # Pillow's decoders raise many kinds of error on a hostile or damaged file (TypeError from a
        # malformed EXIF block, among others); every one of them means the same to the person uploading.
        raise PhotoRejected("The photo could not be read: it may be damaged") from None
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85)
    return out.getvalue()
