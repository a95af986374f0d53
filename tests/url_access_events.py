"""Rows of tests/test_url_access.py for the events pages (issue 17): `EXPECTED` (URL name → [Case]) and
`build(world, today=…)`, which adds the objects those rows need to the shared world."""

EXPECTED = {}


def build(world, *, today):
    pass
