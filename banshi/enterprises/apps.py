from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "banshi.enterprises"
    label = "enterprises"
    verbose_name = "两新组织"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
