from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "banshi.enterprises"
    label = "enterprises"
    verbose_name = "两新组织"
