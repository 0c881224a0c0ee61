from django.apps import AppConfig


class PartylifeConfig(AppConfig):
    name = "banshi.partylife"
    label = "partylife"
    verbose_name = "党组织生活"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
