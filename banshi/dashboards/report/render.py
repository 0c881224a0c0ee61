"""The monthly report as a document: standalone HTML (every figure a link to its records,
absolute so the file works anywhere) and PDF through WeasyPrint (every figure with an
endnote number naming its query and as-of time), set in Noto Sans CJK SC, the system font
Debian's fonts-noto-cjk installs; no font is shipped with Banshi."""

import logging

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .compose import MonthlyReport

CSS = "dashboards/report.css"
DEFAULT_BASE_URL = "http://localhost:8000"
INSTALL_HINT = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here (its system libraries are missing); the message says what
    to install."""


def default_base_url() -> str:
    return settings.BANSHI_BASE_URL or DEFAULT_BASE_URL


def _css() -> str:
    path = finders.find(CSS)
    with open(path, encoding="utf-8") as f:
        return f.read()


def context(report: MonthlyReport, *, base_url: str, pdf: bool = False) -> dict:
    return {"report": report, "base_url": base_url.rstrip("/"), "pdf": pdf}


def to_html(report: MonthlyReport, *, base_url: str, pdf: bool = False) -> str:
    """The report as one HTML file, its style inline."""
    return render_to_string(
        "dashboards/report.html", {**context(report, base_url=base_url, pdf=pdf), "css": _css()}
    )


def _weasyprint():
    try:
        # Deferred: importing WeasyPrint loads pango through cffi, which fails where the system
        # libraries are missing; the HTML report must still work there.
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _("无法生成 PDF：缺少 WeasyPrint 所需的系统库（%(error)s）。请安装：%(hint)s")
            % {
                "error": str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
                "hint": INSTALL_HINT,
            }
        ) from None
    return weasyprint


def to_pdf(report: MonthlyReport, *, base_url: str) -> bytes:
    """The report as PDF bytes; PdfUnavailable where WeasyPrint cannot run."""
    weasyprint = _weasyprint()
    html = to_html(report, base_url=base_url, pdf=True)
    # WeasyPrint warns about CSS it skips (the screen-only overflow) and about the ids that
    # each pygal chart repeats; neither changes the page.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf()


def to_text(report: MonthlyReport) -> str:
    """The report as plain text (the command's default output)."""
    lines = [report.kicker, report.title, ""]
    for section in report.sections:
        lines.append(f"【{section.heading}】")
        for paragraph in section.paragraphs:
            lines.append("　　" + "".join(_plain(seg) for seg in paragraph))
        if section.table:
            table = section.table
            lines.append(table["caption"])
            lines.append("  ".join(table["columns"]))
            for row in table["rows"]:
                lines.append("  ".join(_plain(cell) for cell in row))
        lines.append("")
    lines.append(
        _("数据截至 %(t)s") % {"t": timezone.localtime(report.as_of).strftime("%Y-%m-%d %H:%M")}
    )
    return "\n".join(lines)


def _plain(segment) -> str:
    return segment.text if getattr(segment, "is_ref", False) else str(segment)
