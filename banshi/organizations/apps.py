from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "banshi.organizations"
    label = "organizations"
    verbose_name = "党组织"

    def ready(self) -> None:
        # Inside ready(): plugins imports models, which load only once the registry is.
        from . import plugins

        plugins.register()
