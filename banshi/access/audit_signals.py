"""Every create, update and delete of the domain records into the audit trail.

Each app names its models with `audit(Model, …)` in its `plugins.register()` (and access
names its own, the users and groups, and their permission tables with `audit_m2m`). For
those models `pre_save` reads the stored row (one query, only for updates) so
that `post_save` can record the fields that changed, before and after. Encrypted values,
their blind indexes and password hashes are never written: such a field is recorded as
`{"changed": true}` under its plain name (`id_number`, `phone`, `password`).

Permission changes — role assignments, a user's groups and permissions, a group's
permissions, the superuser/staff/active flags — are recorded with the action
"permission". Bulk writes (`bulk_create`, `QuerySet.update`) send no signals; code that
uses them records one event of its own.
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .audit_context import current_actor, is_muted
from .models import AuditEvent, RoleAssignment
from .services import audit_record

User = get_user_model()
Action = AuditEvent.Action

SECRET_SUFFIXES = ("_enc", "_hash", "_masked")
SECRET_NAMES = {"password"}
# Bookkeeping that changes on every login or save and says nothing about the record.
IGNORED_FIELDS = {"last_login"}
PERMISSION_FLAGS = {"is_superuser", "is_staff", "is_active"}
# A value longer than this (a grid boundary, say) is recorded as changed, not copied.
MAX_VALUE_CHARS = 500


def _secret_name(field_name: str) -> str | None:
    if field_name in SECRET_NAMES:
        return field_name
    for suffix in SECRET_SUFFIXES:
        if field_name.endswith(suffix):
            return field_name[: -len(suffix)]
    return None


def _fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in IGNORED_FIELDS
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


_TOO_LONG = {"changed": True}


def _plain(value):
    """A JSON value; a long one is only marked as changed, a file's bytes by their size."""
    if isinstance(value, bytes | memoryview):
        return {"bytes": len(value)}
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if len(text) > MAX_VALUE_CHARS:
        return _TOO_LONG
    return json.loads(text)


def _snapshot(instance, fields) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in fields}


def _diff(model, before: dict | None, after: dict | None) -> dict:
    """{field: {"before": …, "after": …}} of changed fields; secrets as {"changed": True}."""
    changes: dict = {}
    for f in _fields(model):
        key = f.attname
        if before is not None and key not in before:
            continue
        old = before.get(key) if before is not None else None
        new = after.get(key) if after is not None else None
        if before is not None and after is not None and old == new:
            continue
        if before is None and new in (None, ""):
            continue
        if after is None and old in (None, ""):
            continue
        secret = _secret_name(f.name)
        if secret:
            changes[secret] = {"changed": True}
            continue
        entry = {}
        if before is not None:
            entry["before"] = _plain(old)
        if after is not None:
            entry["after"] = _plain(new)
        if _TOO_LONG in entry.values():
            entry = _TOO_LONG
        changes[f.name] = entry
    return changes


def _record(action: str, instance, changes: dict) -> None:
    user, request = current_actor()
    audit_record(action=action, user=user, request=request, obj=instance, changes=changes)


def _pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if is_muted() or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    fields = _fields(sender)
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    if not fields:
        instance._audit_before = {}
        return
    instance._audit_before = (
        sender._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first()
    )


def _action_for(sender, created: bool, changes: dict) -> str:
    if sender is RoleAssignment:
        return Action.PERMISSION
    if sender is Group and created:
        return Action.PERMISSION
    if sender is User and not created and PERMISSION_FLAGS & changes.keys():
        return Action.PERMISSION
    return Action.CREATE if created else Action.UPDATE


def _post_save(sender, instance, created=False, **kwargs):
    if is_muted():
        return
    after = _snapshot(instance, _fields(sender))
    if created:
        changes = _diff(sender, None, after)
    else:
        before = getattr(instance, "_audit_before", None)
        if before is None:  # the row vanished meanwhile, or pre_save did not run
            changes = _diff(sender, None, after)
        else:
            changes = _diff(sender, before, after)
            if not changes:
                return
    instance._audit_before = None
    _record(_action_for(sender, created, changes), instance, changes)


def _post_delete(sender, instance, **kwargs):
    if is_muted():
        return
    changes = _diff(sender, _snapshot(instance, _fields(sender)), None)
    action = Action.PERMISSION if sender in (RoleAssignment, Group) else Action.DELETE
    _record(action, instance, changes)


def _labels(model, pks) -> list[str]:
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    if model is User:
        return sorted(str(u.get_username()) for u in User.objects.filter(pk__in=pks))
    rows = model.objects.filter(pk__in=pks).select_related("content_type")
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows)


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if is_muted():
        return
    field = _M2M_FIELDS[sender]
    relation = field.name if not reverse else field.related_query_name()
    if action == "pre_clear":
        if reverse:
            related = model._default_manager.filter(**{field.name: instance})
        else:
            related = getattr(instance, field.name).all()
        instance._audit_cleared = list(related.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pks = getattr(instance, "_audit_cleared", [])
        verb = "removed"
    elif action in ("post_add", "post_remove") and pk_set:
        pks = pk_set
        verb = "added" if action == "post_add" else "removed"
    else:
        return
    if not pks:
        return
    _record(Action.PERMISSION, instance, {relation: {verb: _labels(model, pks)}})


# The audited many-to-many tables (their `through` model) and the field each belongs to.
_M2M_FIELDS: dict = {}
_AUDITED: set[type] = set()


def audit(*models) -> None:
    """Record every create, update and delete of these models. Naming a model twice changes
    nothing: its receivers are connected once."""
    for model in models:
        uid = f"banshi-audit-{model._meta.label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
        post_save.connect(_post_save, sender=model, dispatch_uid=uid)
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
        _AUDITED.add(model)


def audit_m2m(*fields) -> None:
    """Record every change of these many-to-many fields (a user's groups, say) as a
    permission change."""
    for field in fields:
        through = field.remote_field.through
        _M2M_FIELDS[through] = field
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"banshi-audit-{through._meta.label}"
        )


def audited_models() -> list[type]:
    return sorted(_AUDITED, key=lambda m: m._meta.label)
