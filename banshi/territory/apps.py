from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "banshi.territory"
    label = "territory"
    verbose_name = _("行政区划与网格")

    def ready(self) -> None:
        # Inside ready(): these modules import models, which load only once the registry is.
        from . import plugins, signals  # noqa: F401

        plugins.register()
