"""What the public verification page (the QR code's target) says about an order: the issuing school,
the kind, the heading, number, date, status and checksum — and never a person's name."""

from .content import TITLES
from .models import Order, OrderKind


def order_verification(order: Order) -> dict:
    """A signed order as it was signed (its frozen payload); a draft from the register."""
    frozen = order.payload if order.is_signed and order.payload else {}
    school = frozen.get("school") or {"full_name": order.school.full_name, "short_name": order.school.short_name}
    heading = frozen.get("title") or TITLES[order.kind]
    roadmap = frozen.get("roadmap")
    if order.kind == OrderKind.REGULATIONS and roadmap:
        heading += f" на {roadmap['school_year']} учебный год"  # as the PDF's heading says
    return {
        "school_full_name": school["full_name"],
        "school_short_name": school["short_name"],
        "kind": f"Приказ {order.get_kind_display()}",
        "heading": heading,
        "signed": order.is_signed,
        "number": order.number if order.is_signed else "",
        "date": order.date if order.is_signed else None,
        "status": order.get_status_display(),
        "sha256": order.file_sha256 if order.is_signed else "",
    }
