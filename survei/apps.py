from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "survei"
    verbose_name = _("Survei mitra")

    def ready(self) -> None:
        from pranata import extensions

        from . import panels

        extensions.register_map_layer("survei", panels.map_layer)
        extensions.register_tie_scores(panels.tie_scores)
