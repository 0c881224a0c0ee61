from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "banshi.unions"
    label = "unions"
    verbose_name = _("工会帮扶")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
