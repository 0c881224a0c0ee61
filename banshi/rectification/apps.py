from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "banshi.rectification"
    label = "rectification"
    verbose_name = _("软弱涣散党组织整顿")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
