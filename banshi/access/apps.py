from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "banshi.access"
    label = "access"
    verbose_name = _("权限与审计")

    def ready(self) -> None:
        # Inside ready(): these modules import models, which load only once the registry is.
        from . import plugins, signals  # noqa: F401

        plugins.register()
