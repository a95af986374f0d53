def is_htmx(request) -> bool:
    """The request came from htmx and wants a fragment, not the whole page."""
    return request.headers.get("HX-Request") == "true"
