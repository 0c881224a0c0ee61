from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "banshi.people"
    label = "people"
    verbose_name = "居民"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
