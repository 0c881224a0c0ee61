from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "banshi.fieldwork"
    label = "fieldwork"
    verbose_name = "巡查走访"

    def ready(self) -> None:
        from banshi.access.scope import register

        from .models import FieldPhoto, Finding, HomeVisit, Patrol, VisitNeed

        register(Patrol, territory="grid__code")
        register(Finding, territory="patrol__grid__code")
        register(HomeVisit, territory="grid__code")
        register(VisitNeed, territory="visit__grid__code")
        register(FieldPhoto, territory="grid__code")
