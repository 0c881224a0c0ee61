from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "banshi.figures"
    label = "figures"
    verbose_name = "统计"
