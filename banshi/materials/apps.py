from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "banshi.materials"
    label = "materials"
    verbose_name = "学习材料"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
