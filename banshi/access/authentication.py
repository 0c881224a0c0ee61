"""API token authentication, as DRF's TokenAuthentication but with one precompiled query.

Every API request authenticates, so the token lookup is on the hot path of intake: DRF's
`Token.objects.select_related("user").get(key=…)` spends more time compiling the ORM query
than the database spends answering it. This reads the same row (token joined to its user)
with SQL built once per database vendor, and behaves the same way: an unknown key or an
inactive user fails with DRF's messages.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

_SQL: dict[str, str] = {}


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
        token = Token(key=key, user=user, created=user.token_created)
        token._state.adding = False
        return user, token
