"""API token authentication, as DRF's TokenAuthentication but with one precompiled query.

Every API request authenticates, so the token lookup is on the hot path of intake: DRF's
`Token.objects.select_related("user").get(key=…)` spends more time compiling the ORM query
than the database spends answering it. This reads the same row (token joined to its user)
with SQL built once per database vendor, and behaves the same way: an unknown key or an
inactive user fails with DRF's messages. A token older than BANSHI_TOKEN_HOURS fails too:
its owner asks for a new one (POST /api/v1/auth/token/ replaces it).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

_SQL: dict[str, str] = {}


def token_expired(created: datetime.datetime) -> bool:
    """Whether a token made at `created` is past its lifetime (BANSHI_TOKEN_HOURS)."""
    lifetime = datetime.timedelta(hours=settings.BANSHI_TOKEN_HOURS)
    return created + lifetime <= timezone.now()


def _token_sql() -> str:
    sql = _SQL.get(connection.vendor)
    if sql is None:
        q = connection.ops.quote_name
        user = get_user_model()._meta
        columns = ", ".join(f"u.{q(f.column)}" for f in user.concrete_fields)
        token = Token._meta
        sql = (
            f"SELECT {columns}, t.{q(token.get_field('created').column)} AS token_created "
            f"FROM {q(user.db_table)} u JOIN {q(token.db_table)} t "
            f"ON t.{q(token.get_field('user').column)} = u.{q(user.pk.column)} "
            f"WHERE t.{q(token.pk.column)} = %s"
        )
        _SQL[connection.vendor] = sql
    return sql


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user = next(iter(get_user_model().objects.raw(_token_sql(), [key])), None)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        created = user.token_created
        if timezone.is_naive(created):
            # Raw SQL on SQLite hands back the stored UTC value without its zone.
            created = timezone.make_aware(created, datetime.UTC)
        if token_expired(created):
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取"))
        token = Token(key=key, user=user, created=created)
        token._state.adding = False
        return user, token
