from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "banshi.access"
    label = "access"
    verbose_name = "权限与审计"

    def ready(self) -> None:
        from . import audit_signals, rules, signals  # noqa: F401
