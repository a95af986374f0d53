"""Document renderers for the tests of document jobs: stand-ins for the portal's heavy PDFs."""


def small_pdf(*, title: str) -> bytes:
    return b"%PDF-1.4\n% " + title.encode() + b"\n%%EOF\n"


def broken(**kwargs) -> bytes:
    raise ValueError("нет данных для справки")
