from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class BanshiAdminSite(admin.AdminSite):
    site_header = _("办实事 · 管理后台")
    site_title = _("办实事")
    index_title = _("数据管理")
