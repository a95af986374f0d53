"""Orders as a spreadsheet: the order register's export (/admin/documents/order/)."""

from apps.core.list_export import STATUS, TableColumn, attribute, label, table_resource, yes_no
from apps.core.xlsx import Column

from .models import Order


def signer(order, today) -> str:
    user = order.signed_by
    if user is None:
        return ""
    return user.get_full_name() or user.username


ORDER_COLUMNS = {
    "kind": TableColumn(Column("Вид приказа", 44, wrap=True), lambda order, today: f"Приказ {order.get_kind_display()}"),
    "number": TableColumn(Column("Номер", 10), attribute("number")),
    "date": TableColumn(Column("Дата", 12), attribute("date")),
    "status": TableColumn(STATUS, label("status")),
    "event": TableColumn(Column("Мероприятие дорожной карты", 44, wrap=True), attribute("event__title")),
    "signed_by": TableColumn(Column("Подписал", 28, wrap=True), signer),
    "scan": TableColumn(Column("Скан с подписью", 11), lambda order, today: yes_no(order.scan)),
    "published": TableColumn(Column("На сайте", 10), lambda order, today: yes_no(order.is_published)),
}


class OrderResource(table_resource(Order, ORDER_COLUMNS)):
    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).select_related("event", "signed_by")
