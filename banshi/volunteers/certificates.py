"""The certificate (志愿服务记录证明) as a PDF through WeasyPrint, as the monthly report
is made (banshi/dashboards/report/render.py): Chinese text in Noto Sans CJK SC, the issuer,
its seal text, the services included, the verification code and the verify URL."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

INSTALL_HINT = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"


class CertificatePdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (its system libraries are missing)."""


def verify_url(certificate, *, base_url: str = "") -> str:
    base = (base_url or settings.BANSHI_BASE_URL or "").rstrip("/")
    return base + reverse("volunteers:verify", args=[certificate.code])


def to_html(certificate, *, records, base_url: str = "") -> str:
    return render_to_string(
        "volunteers/certificate_pdf.html",
        {
            "certificate": certificate,
            "resident": certificate.volunteer.resident,
            "team": certificate.team,
            "records": records,
            "verify_url": verify_url(certificate, base_url=base_url),
        },
    )


def _weasyprint():
    try:
        # Deferred: importing WeasyPrint loads pango through cffi, which fails where the
        # system libraries are missing; every other page must still work there.
        import weasyprint
    except (ImportError, OSError) as exc:
        raise CertificatePdfUnavailable(
            _("无法生成 PDF：缺少 WeasyPrint 所需的系统库（%(error)s）。请安装：%(hint)s")
            % {"error": type(exc).__name__, "hint": INSTALL_HINT}
        ) from None
    return weasyprint


def to_pdf(certificate, *, records, base_url: str = "") -> bytes:
    weasyprint = _weasyprint()
    html = to_html(certificate, records=records, base_url=base_url)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=base_url or None).write_pdf()
