"""`banshi check-report FILE [--region CODE_OR_NAME] [--year YYYY] [--json]`: read a work
report (text in UTF-8 or GBK, DOCX or PDF), split it into articles, reconcile every figure
with the records of the region (the city by default) and keep it, as the web page does.
`--json` prints `articles` (headline, unit, region code, authors) and `figures` (article
index, span, value, unit, subject, period, figure key, verdict and the records' value)."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from banshi.territory.arguments import region_argument
from banshi.territory.models import Region

from ... import selectors, services
from ...models import MAX_FILE_BYTES


class Command(BaseCommand):
    help = "Check a work report's figures against the records and keep the report."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report: .txt (UTF-8 or GBK), .docx or .pdf")
        parser.add_argument("--region", help="region code or name (default: the city)")
        parser.add_argument("--year", type=int, help="the year 今年 means (default: this year)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, file: str, region=None, year=None, as_json=False, **options):
        subject = region_argument(region) if region else self._root()
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件“%(f)s”") % {"f": file}, returncode=2)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(_("文件超过%(n)sMB") % {"n": MAX_FILE_BYTES >> 20}, returncode=2)
        try:
            report = services.report_check(
                region=subject, data=path.read_bytes(), filename=path.name, year=year
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages), returncode=2) from None
        out = as_dict(report)
        if as_json:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2, default=str))
            return
        self._print(out)

    def _root(self) -> Region:
        roots = list(Region.objects.filter(parent=None)[:2])
        if len(roots) != 1:
            raise CommandError(_("请用 --region 指定核对单位"), returncode=2)
        return roots[0]

    def _print(self, out: dict) -> None:
        s = out["summary"]
        self.stdout.write(
            _("%(t)s（报告%(id)s）：%(a)s篇稿件，%(f)s个数字，相符%(c)s，不符%(w)s，未核对%(u)s")
            % {
                "t": out["title"],
                "id": out["id"],
                "a": len(out["articles"]),
                "f": s["found"],
                "c": s["checked"],
                "w": s["wrong"],
                "u": s["unchecked"],
            }
        )
        for f in out["figures"]:
            self.stdout.write(
                f"  [{f['article']}] {f['text']}  {f['subject']}  {f['verdict']}"
                f"  {f['record_text']}  {f['detail']}"
            )


def as_dict(report) -> dict:
    """The report as `--json` prints it (and the tests read it)."""
    articles = [
        {
            "index": a.index,
            "headline": a.headline,
            "unit": a.unit,
            "region": a.region.code if a.region else None,
            "organization": a.organization.name if a.organization else None,
            "authors": a.authors,
        }
        for a in report.articles.select_related("region", "organization")
    ]
    figures = [
        {
            "article": f.article.index,
            "span": [f.start, f.end],
            "text": f.text,
            "value": float(f.value),
            "low": float(f.low) if f.low is not None else None,
            "high": float(f.high) if f.high is not None else None,
            "approximate": f.approximate,
            "percent": f.percent,
            "unit": f.unit,
            "subject": f.subject,
            "period": f.period,
            "place": f.place,
            "figure_key": f.figure_key,
            "verdict": f.verdict,
            "detail": f.detail,
            "record_value": float(f.record_value) if f.record_value is not None else None,
            "record_text": f.record_text,
            "failing": f.failing,
        }
        for f in selectors.figure_list(report)
    ]
    summary = selectors.summary(report)
    summary.pop("by_verdict")
    return {
        "id": report.pk,
        "title": report.title,
        "region": report.region.code,
        "articles": articles,
        "figures": figures,
        "summary": summary,
    }
