from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PendampinganConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pendampingan"
    verbose_name = _("Pendampingan sosial")

    def ready(self) -> None:
        from pranata import extensions

        from . import panels, services

        extensions.register_tracked_app(self.label)  # its writes move the data version (API counts, the map layer)
        extensions.register_home_panel(panels.pendamping_panel)
        extensions.register_lembaga_section(panels.lembaga_pendamping)
        extensions.register_merge_handler(services.lembaga_merged)
        extensions.register_map_layer("pendamping", panels.map_layer)
