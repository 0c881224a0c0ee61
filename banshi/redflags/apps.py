from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedflagsConfig(AppConfig):
    name = "banshi.redflags"
    label = "redflags"
    verbose_name = _("五面红旗村")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
