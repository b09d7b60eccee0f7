from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PranataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pranata"
    verbose_name = _("Registri pranata sosial")

    def ready(self) -> None:
        from . import evidence, extensions

        extensions.register_evidence(evidence.mou_evidence)
