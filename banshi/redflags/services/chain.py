"""The review chain of a declaration, one service a step: the village declares with its
evidence, the township reviews first, the county decides, puts it on public notice (5
working days), settles objections and awards the flag; the twice-yearly review may
revoke it. Each step checks the transition against `Declaration.TRANSITIONS`, who acts,
and keeps the actor's opinion."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from banshi.core.uploads import IMAGES, MB, Kind, Kinds, checked_upload

from ..models import (
    NOTICE_WORKING_DAYS,
    Declaration,
    Evidence,
    Flag,
    FlagReview,
    Indicator,
    Objection,
    Opinion,
    Scheme,
    add_working_days,
    review_due,
)
from ._base import (
    as_day,
    as_score,
    check_county,
    check_declarer,
    check_township,
    check_village,
    text,
)

S = Declaration.Status
MAX_FILE_BYTES = 10 * MB
PDF = Kind("application/pdf", "pdf", "PDF", lambda h: h[:5] == b"%PDF-")
EVIDENCE_KINDS = Kinds((*IMAGES.kinds, PDF), noun=_("图片或PDF"), measure=_("个"))


def _locked(declaration: Declaration) -> Declaration:
    return (
        Declaration.objects.select_for_update()
        .select_related("scheme__county", "village")
        .get(pk=declaration.pk)
    )


def _move(declaration: Declaration, status: str) -> None:
    if not declaration.can_become(status):
        raise ValidationError(
            _("当前状态为“%(now)s”，不能办理此步骤") % {"now": declaration.get_status_display()}
        )
    declaration.status = status


def _opinion(declaration, step, *, passed, opinion, on, user, score=None) -> Opinion:
    return Opinion.objects.create(
        declaration=declaration,
        step=step,
        passed=passed,
        text=opinion,
        score=score,
        given_on=on,
        reviewer=user if getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def declaration_submit(*, scheme: Scheme, village, flag: str, evidence, on=None, user=None):
    """The village's declaration of one flag: `evidence` maps each of the flag's indicator
    pks to {"text", "upload", "link", "score"}; every indicator needs evidence, each
    self-score at most its weight. The self-score is their sum."""
    branch = check_village(village, user)
    if not village.code.startswith(scheme.county.prefix):
        raise ValidationError({"village": _("村不存在")})
    check_declarer(user, village, branch)
    if flag not in Flag.values:
        raise ValidationError({"flag": _("红旗类别无效")})
    indicators = list(Indicator.objects.filter(scheme=scheme, flag=flag))
    if not indicators:
        raise ValidationError(_("县里尚未设定该红旗的指标"))
    day = as_day(on, what=_("申报日期"))
    if day.year != scheme.year:
        raise ValidationError(_("申报日期须在方案年度内"))
    evidence = evidence or {}
    rows = []
    for ind in indicators:
        item = evidence.get(ind.pk) or evidence.get(str(ind.pk)) or {}
        row = Evidence(
            indicator=ind,
            text=text(item.get("text"), what=_("佐证说明"), limit=2000, required=False),
            link=_link(item.get("link")),
            self_score=as_score(
                item.get("score") or 0,
                what=_("“%(i)s”的自评分") % {"i": ind.name},
                top=Decimal(ind.weight),
            ),
        )
        upload = item.get("upload")
        if upload:
            checked = checked_upload(
                upload, max_bytes=MAX_FILE_BYTES, kinds=EVIDENCE_KINDS, what=_("佐证文件")
            )
            row.file, row.content_type = checked.content, checked.content_type
        if not (row.text or row.link or upload):
            raise ValidationError(_("请为“%(i)s”提供佐证") % {"i": ind.name})
        rows.append(row)
    try:
        with transaction.atomic():
            declaration = Declaration.objects.create(
                scheme=scheme,
                flag=flag,
                village=village,
                branch=branch,
                declared_on=day,
                self_score=sum(r.self_score for r in rows),
            )
    except IntegrityError:
        raise ValidationError(_("本村本年度已申报该红旗")) from None
    for r in rows:
        r.declaration = declaration
    Evidence.objects.bulk_create(rows)  # not audited (a file is named by its upload)
    return declaration


def _link(value) -> str:
    """A link to a Banshi record: a path on this site (/…), never elsewhere."""
    value = (value or "").strip()
    if not value:
        return ""
    # "//host" and "/\host" lead browsers off the site.
    if not value.startswith("/") or value[1:2] in ("/", "\\") or len(value) > 300:
        raise ValidationError(_("平台记录链接须是本平台的页面地址（以 / 开头）"))
    return value


@transaction.atomic
def declaration_first_review(
    *, declaration: Declaration, passed: bool, opinion: str, score, on=None, user=None
) -> Declaration:
    """The township's first review (初审): its opinion and its score."""
    declaration = _locked(declaration)
    check_village(declaration.village, user)
    check_township(user, declaration.village)
    _move(declaration, S.FIRST_REVIEWED if passed else S.REFUSED)
    score = as_score(score, what=_("初审得分"))
    if passed and score < declaration.scheme.pass_mark:
        raise ValidationError(
            _("初审得分低于合格分%(m)s，不能通过") % {"m": declaration.scheme.pass_mark.normalize()}
        )
    day = as_day(on, what=_("初审日期"))
    declaration.township_score = score
    declaration.save(update_fields=["status", "township_score"])
    _opinion(
        declaration,
        Opinion.Step.FIRST_REVIEW,
        passed=passed,
        opinion=text(opinion, what=_("初审意见")),
        score=score,
        on=day,
        user=user,
    )
    return declaration


@transaction.atomic
def declaration_decide(
    *, declaration: Declaration, passed: bool, opinion: str, on=None, user=None
) -> Declaration:
    """The county panel's decision (审定)."""
    declaration = _locked(declaration)
    check_county(user, declaration.scheme.county)
    _move(declaration, S.APPROVED if passed else S.REFUSED)
    declaration.save(update_fields=["status"])
    _opinion(
        declaration,
        Opinion.Step.DECISION,
        passed=passed,
        opinion=text(opinion, what=_("审定意见")),
        on=as_day(on, what=_("审定日期")),
        user=user,
    )
    return declaration


@transaction.atomic
def declaration_notice(*, declaration: Declaration, on=None, user=None) -> Declaration:
    """The public notice (公示) for 5 working days from `on`."""
    declaration = _locked(declaration)
    check_county(user, declaration.scheme.county)
    _move(declaration, S.IN_NOTICE)
    day = as_day(on, what=_("公示开始日期"))
    declaration.notice_from = day
    declaration.notice_until = add_working_days(day, NOTICE_WORKING_DAYS)
    declaration.save(update_fields=["status", "notice_from", "notice_until"])
    _opinion(
        declaration,
        Opinion.Step.NOTICE,
        passed=True,
        opinion=_("公示至%(d)s") % {"d": declaration.notice_until.isoformat()},
        on=day,
        user=user,
    )
    return declaration


@transaction.atomic
def objection_raise(
    *, declaration: Declaration, raised_by: str, content: str, on=None, user=None
) -> Objection:
    """An objection received during the notice (recorded by the county)."""
    declaration = _locked(declaration)
    check_county(user, declaration.scheme.county)
    day = as_day(on, what=_("异议日期"))
    if declaration.status != S.IN_NOTICE or not (
        declaration.notice_from <= day <= declaration.notice_until
    ):
        raise ValidationError(_("只能在公示期内提出异议"))
    return Objection.objects.create(
        declaration=declaration,
        raised_by=text(raised_by, what=_("异议人"), limit=50),
        content=text(content, what=_("异议内容")),
        raised_on=day,
    )


@transaction.atomic
def objection_settle(
    *, objection: Objection, upheld: bool, opinion: str, on=None, user=None
) -> Objection:
    """Upheld: the declaration is refused. Dismissed: it stands."""
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    declaration = _locked(objection.declaration)
    check_county(user, declaration.scheme.county)
    if objection.result != Objection.Result.PENDING:
        raise ValidationError(_("该异议已处理"))
    opinion = text(opinion, what=_("处理意见"))
    day = as_day(on, what=_("处理日期"))
    if upheld:
        _move(declaration, S.REFUSED)
        declaration.save(update_fields=["status"])
    objection.result = Objection.Result.UPHELD if upheld else Objection.Result.DISMISSED
    objection.settled_on = day
    objection.save(update_fields=["result", "settled_on"])
    _opinion(
        declaration, Opinion.Step.OBJECTION, passed=not upheld, opinion=opinion, on=day, user=user
    )
    return objection


@transaction.atomic
def declaration_award(*, declaration: Declaration, on=None, user=None) -> Declaration:
    """The award (授旗): after the notice has ended, every objection settled, none upheld."""
    declaration = _locked(declaration)
    check_county(user, declaration.scheme.county)
    day = as_day(on, what=_("授旗日期"))
    if declaration.status == S.IN_NOTICE:
        if day <= declaration.notice_until:
            raise ValidationError(
                _("公示期至%(d)s，期满后才能授旗") % {"d": declaration.notice_until.isoformat()}
            )
        if declaration.objections.filter(result=Objection.Result.PENDING).exists():
            raise ValidationError(_("尚有未处理的异议，不能授旗"))
    _move(declaration, S.AWARDED)
    declaration.awarded_on = day
    declaration.save(update_fields=["status", "awarded_on"])
    _opinion(declaration, Opinion.Step.AWARD, passed=True, opinion=_("授旗"), on=day, user=user)
    return declaration


@transaction.atomic
def flag_review(
    *, declaration: Declaration, half: int, score, opinion: str, on=None, user=None, year=None
) -> FlagReview:
    """The half-year review of an awarded flag; under the pass mark it is revoked (摘牌)
    with the opinion as the reason, on the review's date."""
    declaration = _locked(declaration)
    check_county(user, declaration.scheme.county)
    if declaration.status != S.AWARDED:
        raise ValidationError(_("只能复核已授旗的红旗村"))
    if half not in (1, 2):
        raise ValidationError({"half": _("复核须为上半年或下半年")})
    day = as_day(on, what=_("复核日期"))
    year = int(year or day.year)
    if day > review_due(year, half) or day < datetime.date(year, 1 if half == 1 else 7, 1):
        raise ValidationError(_("复核日期须在该半年内"))
    if declaration.awarded_on and day < declaration.awarded_on:
        raise ValidationError(_("复核日期不能早于授旗日期"))
    score = as_score(score, what=_("复核得分"))
    passed = score >= declaration.scheme.pass_mark
    opinion = text(opinion, what=_("复核意见"))
    try:
        with transaction.atomic():
            review = FlagReview.objects.create(
                declaration=declaration,
                year=year,
                half=half,
                reviewed_on=day,
                score=score,
                passed=passed,
                opinion=opinion,
            )
    except IntegrityError:
        raise ValidationError(_("该红旗本半年已复核")) from None
    _opinion(
        declaration,
        Opinion.Step.REVIEW,
        passed=passed,
        opinion=opinion,
        score=score,
        on=day,
        user=user,
    )
    if not passed:
        _move(declaration, S.REVOKED)
        declaration.revoked_on = day
        declaration.revoked_reason = opinion[:300]
        declaration.save(update_fields=["status", "revoked_on", "revoked_reason"])
    return review
