from django.apps import AppConfig


class LecturesConfig(AppConfig):
    name = "banshi.lectures"
    label = "lectures"
    verbose_name = "理论宣讲"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
