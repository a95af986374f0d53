"""The fonts every generated PDF is set in, shipped with the project (static/fonts/, SIL OFL 1.1).

WeasyPrint loads them through @font-face from local file URLs, so a document has the same glyphs, line
breaks and page count on any machine, whatever fonts the system has (or lacks).
"""

from __future__ import annotations

import atexit
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"

# family, style, weight, file
FACES = [
    ("PT Serif", "normal", 400, "PT_Serif-Web-Regular.ttf"),
    ("PT Serif", "italic", 400, "PT_Serif-Web-Italic.ttf"),
    ("PT Serif", "normal", 700, "PT_Serif-Web-Bold.ttf"),
    ("PT Serif", "italic", 700, "PT_Serif-Web-BoldItalic.ttf"),
    ("PT Sans", "normal", 400, "PT_Sans-Web-Regular.ttf"),
    ("PT Sans", "italic", 400, "PT_Sans-Web-Italic.ttf"),
    ("PT Sans", "normal", 700, "PT_Sans-Web-Bold.ttf"),
    ("PT Sans", "italic", 700, "PT_Sans-Web-BoldItalic.ttf"),
]


@cache
def font_face_css() -> str:
    """@font-face rules for the bundled fonts, with absolute file:// URLs (no network, no base URL)."""
    rules = []
    for family, style, weight, filename in FACES:
        url = (FONTS_DIR / filename).as_uri()
        rules.append(f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; src: url("{url}"); }}')
    return "\n".join(rules)


_per_thread = threading.local()


@atexit.register
def _release_fonts() -> None:
    """Let WeasyPrint remove the main thread's font folder (in the temporary directory) while it still can.

    WeasyPrint is imported after this module (see `document_fonts`), so at exit its modules are torn down
    first and a FontConfiguration still held here could no longer delete its folder.
    """
    _per_thread.__dict__.pop("fonts", None)


def document_fonts() -> tuple[FontConfiguration, CSS]:
    """WeasyPrint's font configuration with the bundled fonts loaded, and their stylesheet.

    Made once per thread and reused: loading the font files is a fair part of rendering a one-page
    order, and a FontConfiguration is not meant to be shared between threads.
    """
    if not hasattr(_per_thread, "fonts"):
        # Imported here, not at the top: WeasyPrint takes over a second to import (see documents.render_layout).
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        font_config = FontConfiguration()
        _per_thread.fonts = (font_config, CSS(string=font_face_css(), font_config=font_config))
    return _per_thread.fonts
