from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "banshi.demands"
    label = "demands"
    verbose_name = "接诉即办"

    def ready(self) -> None:
        from banshi.access.scope import register

        from .models import (
            Demand,
            DemandEvent,
            DemandPhoto,
            Notification,
            OverdueMark,
            WhistleCall,
        )

        register(
            Demand,
            territory="territory_code",
            department="assigned_department_id",
            resident="reporter_resident_id",
        )
        for model in (DemandEvent, DemandPhoto, Notification, OverdueMark):
            register(
                model,
                territory="demand__territory_code",
                department="demand__assigned_department_id",
                resident="demand__reporter_resident_id",
            )
        register(WhistleCall, territory="demand__territory_code", department="department_id")
