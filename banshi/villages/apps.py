from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "banshi.villages"
    label = "villages"
    verbose_name = _("村级组织建设")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
