from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PranataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pranata"
    verbose_name = _("Registri pranata sosial")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import dataversion, evidence, extensions, reports

        extensions.register_tracked_app(self.label)
        post_migrate.connect(dataversion.install_after_migrate, dispatch_uid="simpul-data-version")
        extensions.register_evidence(evidence.mou_evidence)
        extensions.register_scope("wilayah", reports.resolve_wilayah_scope)
