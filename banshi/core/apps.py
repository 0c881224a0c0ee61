from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

from . import figures
from .orphans import register_job as register_orphan_sweep
from .text import clean_model_text


class CoreConfig(AppConfig):
    # The module holds two configs: without this, "banshi.core" in INSTALLED_APPS would get
    # a plain AppConfig and `ready` would never run.
    default = True
    name = "banshi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        # No sender: every model's text is cleaned, without core importing the other apps.
        pre_save.connect(clean_model_text, dispatch_uid="banshi.core.text.clean_model_text")
        register_orphan_sweep()
        from .snapshots import store  # reads core's models: imported once they are loaded

        figures.set_store(store)


class BanshiAdminConfig(SimpleAdminConfig):
    """The admin, discovering admin modules of every app except django-leaflet's: that
    module imports GeoDjango's GDAL bindings, which we do not need (grids keep GeoJSON
    and shapely does the geometry), so the site runs without the GDAL system library."""

    default_site = "banshi.core.admin_site.BanshiAdminSite"

    def ready(self) -> None:
        super().ready()
        for app in apps.get_app_configs():
            if app.name == "leaflet":
                continue
            if find_spec(f"{app.name}.admin") is not None:
                import_module(f"{app.name}.admin")
