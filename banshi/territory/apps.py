from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "banshi.territory"
    label = "territory"
    verbose_name = "行政区划与网格"

    def ready(self) -> None:
        # Inside ready(): these modules import models, which load only once the registry is.
        from . import plugins, signals  # noqa: F401

        plugins.register()
