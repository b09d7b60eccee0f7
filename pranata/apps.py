from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PranataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pranata"
    verbose_name = _("Registri pranata sosial")

    def ready(self) -> None:
        from . import evidence, extensions, reports

        extensions.register_evidence(evidence.mou_evidence)
        extensions.register_scope("wilayah", reports.resolve_wilayah_scope)
