from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "banshi.people"
    label = "people"
    verbose_name = "居民"
