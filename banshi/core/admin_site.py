"""The admin site: Chinese titles, and Chinese names for the apps and models that
third-party packages bring (their own labels are English and, for some, not translatable),
so the index reads as one Chinese product. In English every label is translated back
through the message catalog as usual."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# app label → its name; (app label, model name) → the model's plural name.
APP_NAMES = {
    "auth": _("用户与权限组"),
    "axes": _("登录锁定"),
    "otp_totp": _("两步验证"),
    "django_tasks_database": _("后台任务"),
    "authtoken": _("API 令牌"),
}
MODEL_NAMES = {
    ("auth", "user"): _("用户"),
    ("auth", "group"): _("权限组"),
    ("axes", "accessattempt"): _("登录失败记录"),
    ("axes", "accessfailurelog"): _("登录失败日志"),
    ("axes", "accesslog"): _("登录日志"),
    ("otp_totp", "totpdevice"): _("TOTP 验证设备"),
    ("django_tasks_database", "dbtaskresult"): _("任务结果"),
    ("authtoken", "tokenproxy"): _("令牌"),
    ("authtoken", "token"): _("令牌"),
}


class BanshiAdminSite(admin.AdminSite):
    site_header = _("办实事 · 管理后台")
    site_title = _("办实事")
    index_title = _("数据管理")

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            label = app["app_label"]
            app["name"] = APP_NAMES.get(label, app["name"])
            for model in app["models"]:
                key = (label, model["object_name"].lower())
                model["name"] = MODEL_NAMES.get(key, model["name"])
        return apps
