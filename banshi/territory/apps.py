from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "banshi.territory"
    label = "territory"
    verbose_name = "行政区划与网格"

    def ready(self) -> None:
        from . import signals  # noqa: F401
