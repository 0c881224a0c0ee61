from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "banshi.volunteers"
    label = "volunteers"
    verbose_name = _("志愿服务")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
