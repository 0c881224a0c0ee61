from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "banshi.fieldwork"
    label = "fieldwork"
    verbose_name = "巡查走访"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
