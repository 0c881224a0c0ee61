from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The top floor: pages that read across apps (the home page, the region page, figure
    drill-downs) and the commands that print the figure registry. No domain app imports it."""

    name = "banshi.dashboards"
    label = "dashboards"
    verbose_name = _("工作台与统计")

    def ready(self) -> None:
        from .snapshots import register_job  # the job reads the models: after they load

        register_job()
