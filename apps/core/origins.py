"""Where a public page may be embedded: the origins a CSP frame-ancestors accepts (the school's section
and the district's page share the rule)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

# A page served over http:// can be altered on the way; only a developer's own machine is allowed it (DEBUG on).
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


def parse_origins(text: str) -> list[str]:
    """«https://school.ru/page» → «https://school.ru»: the origins a CSP frame-ancestors accepts.

    Raises ValidationError naming the first line that is not a web address.
    """
    origins = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = urlsplit(line if "://" in line else f"https://{line}")
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or not host or any(c in host for c in " *;'\","):
            raise ValidationError(
                f"Строка {number}: «{line}» — не адрес сайта. Укажите адрес вида https://school34.spb.ru."
            )
        try:
            port = parts.port
        except ValueError:
            raise ValidationError(f"Строка {number}: в адресе «{line}» неверный номер порта.") from None
        if parts.scheme == "http" and not (settings.DEBUG and host in LOOPBACK_HOSTS):
            raise ValidationError(
                f"Строка {number}: «{line}» — сайт без защищённого соединения (http://). Встраивать раздел можно "
                "только на сайт, открывающийся по https://; укажите адрес вида https://school34.spb.ru."
            )
        origin = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
        if origin not in origins:
            origins.append(origin)
    return origins
