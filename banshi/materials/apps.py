from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "banshi.materials"
    label = "materials"
    verbose_name = _("学习材料")

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
