from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """The top floor: pages that read across apps (the home page, the region page, figure
    drill-downs) and the commands that print the figure registry. No domain app imports it."""

    name = "banshi.dashboards"
    label = "dashboards"
    verbose_name = "工作台与统计"
