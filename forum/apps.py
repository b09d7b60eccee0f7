from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "forum"
    verbose_name = _("Forum pranata sosial")

    def ready(self) -> None:
        from pranata import extensions

        from . import evidence, panels, reports, selectors, services

        extensions.register_tracked_app(self.label)
        extensions.register_evidence(evidence.forum_evidence)
        extensions.register_fingerprint(evidence.fingerprint)
        extensions.register_home_panel(panels.coordinator_panel)
        extensions.register_home_panel(panels.petugas_panel)
        extensions.register_home_panel(panels.dinsos_panel)
        extensions.register_lembaga_section(panels.lembaga_attendance)
        extensions.register_merge_handler(services.lembaga_merged)
        extensions.register_scope("forum", reports.resolve_forum_scope)
        extensions.register_area_activity(selectors.activity_by_area)
