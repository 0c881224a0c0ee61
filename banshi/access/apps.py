from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "banshi.access"
    label = "access"
    verbose_name = "权限与审计"

    def ready(self) -> None:
        # Inside ready(): these modules import models, which load only once the registry is.
        from . import plugins, signals  # noqa: F401

        plugins.register()
