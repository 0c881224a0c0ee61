from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraiseConfig(AppConfig):
    name = "banshi.praise"
    label = "praise"
    verbose_name = _("表扬与党建品牌")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
