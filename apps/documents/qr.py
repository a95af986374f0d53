"""The document's QR code (a requisite since ГОСТ Р 7.0.97-2025) as an inline SVG image."""

import base64
import io

import segno


def qr_data_uri(text: str) -> str:
    """A data: URI of an SVG QR code; vector, so it prints sharp at any size."""
    code = segno.make(text, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", xmldecl=False, svgns=True, border=0, scale=1)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
