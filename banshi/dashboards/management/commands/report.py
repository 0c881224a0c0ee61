"""`banshi report --region CODE_OR_NAME [--month YYYY-MM] [--html FILE] [--pdf FILE]`: the
region's monthly report, written from its official figures. Without a file it prints the
text; --html writes the page with every figure linking to its records (under --base-url);
--pdf the PDF with an endnote for every figure."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.dashboards.report.compose import ReportMonthError, compose, report_month
from banshi.dashboards.report.render import (
    PdfUnavailable,
    default_base_url,
    to_html,
    to_pdf,
    to_text,
)
from banshi.territory.arguments import region_argument


class Command(BaseCommand):
    help = "Write a region's monthly report (text, HTML or PDF) from its official figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--region", required=True, help="12-digit region code or exact region name"
        )
        parser.add_argument("--month", help="YYYY-MM (default: the last complete month)")
        parser.add_argument("--html", help="write the HTML report to this file")
        parser.add_argument("--pdf", help="write the PDF report to this file")
        parser.add_argument(
            "--base-url",
            help="where the figures' links point (default: BANSHI_BASE_URL or localhost:8000)",
        )

    def handle(self, *args, region, month=None, html=None, pdf=None, base_url=None, **options):
        node = region_argument(region)
        try:
            period = report_month(month)
        except ReportMonthError as exc:
            raise CommandError(str(exc), returncode=2) from None
        base_url = base_url or default_base_url()
        report = compose(node, period)
        if not html and not pdf:
            self.stdout.write(to_text(report))
            return
        if html:
            _write(html, to_html(report, base_url=base_url).encode("utf-8"))
            self.stdout.write(_("已写入 HTML：%(f)s") % {"f": html})
        if pdf:
            try:
                data = to_pdf(report, base_url=base_url)
            except PdfUnavailable as exc:
                raise CommandError(str(exc), returncode=3) from None
            _write(pdf, data)
            self.stdout.write(_("已写入 PDF：%(f)s") % {"f": pdf})


def _write(name: str, data: bytes) -> None:
    try:
        Path(name).write_bytes(data)
    except OSError as exc:
        raise CommandError(
            _("无法写入文件“%(f)s”：%(e)s") % {"f": name, "e": exc.strerror or exc}, returncode=2
        ) from None
