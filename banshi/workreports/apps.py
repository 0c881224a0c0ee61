from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkReportsConfig(AppConfig):
    name = "banshi.workreports"
    label = "workreports"
    verbose_name = _("信息报送核对")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
