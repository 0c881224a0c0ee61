from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """A functional department that handles what is dispatched to it (职能部门)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("职能部门")
        verbose_name_plural = _("职能部门")

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    class Role(models.TextChoices):
        SYSTEM_ADMIN = "system_admin", _("系统管理员")
        DISTRICT = "district", _("区县组织部")
        STREET = "street", _("街道工作人员")
        COMMUNITY = "community", _("社区工作人员")
        GRID_WORKER = "grid_worker", _("网格员")
        PARTY_SECRETARY = "party_secretary", _("党组织书记")
        DEPARTMENT = "department", _("职能部门办理人")
        INSTRUCTOR = "instructor", _("企业党建指导员")
        RESIDENT = "resident", _("居民")

    # Which node each role is bound to.
    NODE_FIELD = {
        Role.SYSTEM_ADMIN: None,
        Role.DISTRICT: "region",
        Role.STREET: "region",
        Role.COMMUNITY: "region",
        Role.GRID_WORKER: "grid",
        Role.PARTY_SECRETARY: "party_organization",
        Role.DEPARTMENT: "department",
        Role.INSTRUCTOR: "resident",
        Role.RESIDENT: "resident",
    }
    REGION_LEVEL = {Role.DISTRICT: 2, Role.STREET: 3, Role.COMMUNITY: 4}
    # Who works on demands: every role but the resident's.
    STAFF_ROLES = frozenset(Role) - {Role.RESIDENT}
    # Who works on the territory's records (regions, residents, organizations, enterprises):
    # the staff but the departments, who see only what is dispatched to them.
    TERRITORY_ROLES = STAFF_ROLES - {Role.DEPARTMENT}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "territory.Region", verbose_name=_("区划"), null=True, blank=True, on_delete=models.PROTECT
    )
    grid = models.ForeignKey(
        "territory.Grid", verbose_name=_("网格"), null=True, blank=True, on_delete=models.PROTECT
    )
    party_organization = models.ForeignKey(
        "organizations.PartyOrganization",
        verbose_name=_("党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    department = models.ForeignKey(
        Department, verbose_name=_("职能部门"), null=True, blank=True, on_delete=models.PROTECT
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("对应居民"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("居民本人，或企业党建指导员本人"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")

    def __str__(self) -> str:
        node = self.NODE_FIELD[self.role]
        return f"{self.user} · {self.get_role_display()}" + (
            f" · {getattr(self, node)}" if node else ""
        )

    def clean(self) -> None:
        node = self.NODE_FIELD[self.role]
        if node and getattr(self, f"{node}_id") is None:
            raise ValidationError({node: _("该角色必须绑定到对应的节点")})
        level = self.REGION_LEVEL.get(self.role)
        if level and self.region_id and self.region.level != level:
            raise ValidationError({"region": _("区划层级与角色不符")})


class AuditEvent(models.Model):
    """Append-only audit trail. Rows are never updated or deleted by the application,
    except by the retention prune, which removes only rows older than 180 days."""

    class Action(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账户锁定")
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        REVEAL = "reveal", _("查看敏感信息")
        EXPORT = "export", _("导出")
        IMPORT = "import", _("导入")
        PERMISSION = "permission", _("权限变更")

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("行数"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit events are append-only")
