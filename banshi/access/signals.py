"""Authentication events into the audit trail; API tokens revoked with the password."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token

from .models import AuditEvent
from .services import audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action=AuditEvent.Action.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_record(
        action=AuditEvent.Action.LOCKOUT, request=request, username=str(username or "")[:150]
    )


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _note_credentials_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """A new password or a deactivation ends every API token of the account: a token must
    not outlive the password that obtained it, nor the account."""
    instance._banshi_revoke_tokens = False
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login on every sign-in: no query
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    instance._banshi_revoke_tokens = before["password"] != instance.password or (
        before["is_active"] and not instance.is_active
    )


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _revoke_tokens(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_banshi_revoke_tokens", False):
        Token.objects.filter(user_id=instance.pk).delete()
        instance._banshi_revoke_tokens = False
