from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PengingatConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pengingat"
    verbose_name = _("Pengingat")

    def ready(self) -> None:
        # The built-in digest sections register themselves through the same seam other apps use.
        from . import bawaan  # noqa: F401
