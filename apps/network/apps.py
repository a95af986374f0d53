from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "apps.network"
    verbose_name = "Сетевое взаимодействие"

    def ready(self):
        from apps.documents.registry import register_school_document

        from .agreement import latest_agreement_pdf

        register_school_document(
            "network_agreement",
            help="договор о сетевом взаимодействии по последнему принятому запросу организации (любой стороны)",
            render=latest_agreement_pdf,
        )
