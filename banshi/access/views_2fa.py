"""TOTP enrolment and verification pages (thin: the writes are access.services)."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device

from banshi.core.qr import qr_svg

from .services import totp_device_confirm, totp_device_start, totp_verify


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("验证码"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={"required": gettext_lazy("请填写验证器上的6位数字")},
    )


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


def _redirect_with_next(name: str, request):
    return redirect(f"{reverse(name)}?{urlencode({'next': _next_url(request)})}")


@never_cache
@login_required
def enrol(request):
    user = request.user
    # An unverified session must not replace a device the user already has: that would
    # let a stolen password switch the second factor off.
    if user_has_device(user) and not user.is_verified():
        return _redirect_with_next("two_factor_verify", request)
    device = totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"], request=request):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("验证码错误或已过期，请输入验证器上最新的6位数字"))
    uri = device.config_url
    return render(
        request,
        "access/two_factor_enrol.html",
        {
            "form": form,
            "otpauth_uri": uri,
            "qr_svg": mark_safe(qr_svg(uri)),  # generated here from our own data
            "next": _next_url(request),
        },
    )


@never_cache
@login_required
def verify(request):
    user = request.user
    if not user_has_device(user):
        return _redirect_with_next("two_factor_enrol", request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("验证码错误或已过期"))
    return render(
        request, "access/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )
