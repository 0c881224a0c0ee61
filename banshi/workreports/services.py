"""The work reports' writes: checking a report (read it, split it, reconcile every figure and
store it all in one transaction), a reviewer's confirmation or dismissal of a verdict, and
teaching the vocabulary a phrase. Keyword arguments; a bad input is a ValidationError with
its message, a write outside the user's scope a PermissionDenied."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from banshi.access.models import RoleAssignment
from banshi.access.scope import scope_for
from banshi.core import figures
from banshi.territory.models import Region

from .models import (
    MAX_FILE_BYTES,
    FigureReview,
    ReportArticle,
    ReportFigure,
    SubjectPhrase,
    WorkReport,
)
from .parsing import ReportDecodeError, ReportFileError, parse_report, report_text
from .reconcile import Reconciler, report_period

MAX_TITLE = 200
MAX_NOTE = 300
# Who checks reports: the units that write and receive them (not grid workers or branches).
CHECKER_ROLES = frozenset(
    {
        RoleAssignment.Role.SYSTEM_ADMIN,
        RoleAssignment.Role.DISTRICT,
        RoleAssignment.Role.STREET,
        RoleAssignment.Role.COMMUNITY,
    }
)


def is_checker(user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    scope = scope_for(user)
    return scope.everything or bool(scope.roles & CHECKER_ROLES)


def may_check(user, region: Region) -> bool:
    """Whether the user may check reports for the region: staff whose scope holds it."""
    if user is None:
        return True
    return is_checker(user) and scope_for(user).covers_code(region.code)


def _read(*, data: bytes | None, text: str | None, filename: str) -> tuple[str, str, str]:
    """(text, source, encoding) of an upload or of pasted text."""
    if data is not None:
        if len(data) > MAX_FILE_BYTES:
            raise ValidationError(_("文件超过%(n)sMB") % {"n": MAX_FILE_BYTES // (1024 * 1024)})
        try:
            body, source = report_text(data, filename=filename, max_bytes=MAX_FILE_BYTES)
        except (ReportFileError, ReportDecodeError) as exc:
            raise ValidationError(str(exc)) from None
        return body, source, ""
    body = (text or "").strip()
    if not body:
        raise ValidationError(_("请上传报送文件或粘贴报送文字"))
    return body, WorkReport.Source.PASTE, ""


@transaction.atomic
def report_check(
    *,
    region: Region,
    data: bytes | None = None,
    text: str | None = None,
    filename: str = "",
    title: str = "",
    year: int | None = None,
    user=None,
    now=None,
) -> WorkReport:
    """Read the report, split it into articles, reconcile each figure and store them all."""
    if not may_check(user, region):
        raise PermissionDenied(_("只能核对本单位及下级的报送"))
    now = now or timezone.now()
    body, source, _encoding = _read(data=data, text=text, filename=filename)
    parsed = parse_report(body)
    if not parsed.articles:
        raise ValidationError(_("没有读出任何稿件：请检查文件内容"))
    base = report_period(parsed, year=year or timezone.localdate(now).year)
    scope = scope_for(user) if user is not None else None
    reconciler = Reconciler(
        parsed,
        region=region,
        base=base,
        covers=(scope.covers_code if scope is not None else None),
    )
    title = (title or "").strip()[:MAX_TITLE] or _first_line(parsed, filename)
    report = WorkReport.objects.create(
        title=title,
        region=region,
        source=source,
        filename=filename[:200],
        original=data or b"",
        encoding=parsed.encoding,
        text=parsed.original,
        year=base.year,
        month=base.month,
        uploaded_by=user,
        uploaded_at=now,
        checked_at=now,
    )
    to_original = parsed.normalized.to_original
    articles = {}
    for a in parsed.articles:
        place = reconciler.article_place(a)
        start, end = to_original(a.span.start, a.span.end)
        articles[a.index] = ReportArticle.objects.create(
            report=report,
            index=a.index,
            kind=a.kind,
            headline=a.headline[:300],
            unit=a.unit[:100],
            region=place.region,
            organization=place.organization,
            authors=list(a.authors),
            start=start,
            end=end,
        )
    rows = []
    for i, mention in enumerate(parsed.figures):
        article = parsed.articles[mention.article]
        checked = reconciler.check(mention, article)
        rows.append(
            ReportFigure(
                report=report,
                article=articles[mention.article],
                index=i,
                start=mention.original_start,
                end=mention.original_end,
                text=mention.text[:100],
                sentence=mention.sentence,
                value=mention.value,
                low=mention.low,
                high=mention.high,
                approximate=mention.approximate,
                percent=mention.percent,
                unit=mention.unit[:16],
                subject=mention.subject[:60],
                period=mention.period[:30],
                period_key=checked.period.key if checked.period else "",
                standard=mention.standard,
                per=mention.per[:16],
                place=checked.place.name[:100],
                place_code=checked.place.code[:12],
                figure_key=checked.key[:80],
                figure_label=checked.label[:100],
                verdict=checked.verdict,
                detail=checked.detail[:300],
                record_value=checked.record_value,
                record_text=checked.record_text[:40],
                records_url=checked.url[:300],
                failing=checked.failing,
            )
        )
    ReportFigure.objects.bulk_create(rows)
    return report


def _first_line(parsed, filename: str) -> str:
    for section in parsed.layout.sections:
        if section.strip():
            return section.strip()[:MAX_TITLE]
    headline = next((a.headline for a in parsed.articles if a.headline), "")
    return (headline or filename or _("信息报送"))[:MAX_TITLE]


@transaction.atomic
def figure_review(*, figure: ReportFigure, user, action: str, note: str = "", now=None):
    """A reviewer confirms or dismisses a figure's verdict; a dismissal says why."""
    if not may_check(user, figure.report.region) or user is None:
        raise PermissionDenied(_("只能复核本单位及下级的报送"))
    if action not in (ReportFigure.Review.CONFIRMED, ReportFigure.Review.DISMISSED):
        raise ValidationError(_("复核只能是确认或驳回"))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(_("说明不能超过%(n)s字") % {"n": MAX_NOTE})
    if action == ReportFigure.Review.DISMISSED and not note:
        raise ValidationError(_("驳回核对结果须说明理由"))
    figure = ReportFigure.objects.select_for_update().get(pk=figure.pk)
    FigureReview.objects.create(
        figure=figure, action=action, note=note, by=user, at=now or timezone.now()
    )
    figure.review = action
    figure.save(update_fields=["review"])
    return figure


@transaction.atomic
def phrase_teach(*, phrase: str, figure_key: str, unit: str = "", user=None) -> SubjectPhrase:
    """Teach the vocabulary that a report's words mean a registered figure (staff who check
    reports do it from a report's page; administrators edit the list in the admin)."""
    phrase = (phrase or "").strip()
    unit = (unit or "").strip()
    if not phrase or len(phrase) > 60:
        raise ValidationError(_("说法须为1到60字"))
    if len(unit) > 16:
        raise ValidationError(_("计量单位不能超过16字"))
    if figure_key not in figures.registry.figures:
        raise ValidationError(_("没有这个指标：%(k)s") % {"k": figure_key})
    if user is not None and not is_checker(user):
        raise PermissionDenied(_("只有核对报送的工作人员可以添加指标说法"))
    found, _created = SubjectPhrase.objects.update_or_create(
        phrase=phrase, unit=unit, defaults={"figure_key": figure_key, "added_by": user}
    )
    return found
