"""What the pages' forms share when they post an action: the message of a refused write
(a ValidationError's messages joined, or a PermissionDenied's text), its status (400 for
bad input, 403 for a write the user may not make), and `post_action`, which runs the
handler the form's `action` names and answers as every such page does. Depends on Django
only (core is the bottom layer)."""

from collections.abc import Callable, Mapping

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _


def error_text(exc: Exception) -> str:
    return "；".join(str(m) for m in getattr(exc, "messages", [exc]))


def error_status(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 400


def post_action(
    request,
    actions: Mapping[str, Callable[[], object]],
    *,
    page: Callable[[int], HttpResponse],
    then: str | None = None,
) -> HttpResponse:
    """Run `actions[request.POST["action"]]`. A refused write shows its message on the page
    again (`page(status)`, 400 or 403) and writes nothing more; a done one says 已保存 and
    redirects to `then` (the same page by default). An unknown action is bad input."""
    handler = actions.get(request.POST.get("action", ""))
    try:
        if handler is None:
            raise ValidationError(_("操作无效"))
        handler()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return page(error_status(exc))
    messages.success(request, _("已保存"))
    return redirect(then or request.path)
