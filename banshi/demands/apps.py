from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "banshi.demands"
    label = "demands"
    verbose_name = "接诉即办"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
