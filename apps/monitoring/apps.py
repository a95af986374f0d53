from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "apps.monitoring"
    verbose_name = "Мониторинг"

    def ready(self):
        from apps.documents.registry import register_school_document

        from .documents import analytical_report_pdf

        register_school_document(
            "analytical_report",
            help="аналитическая справка по итогам текущего учебного года (или --year, год начала)",
            render=analytical_report_pdf,
        )
