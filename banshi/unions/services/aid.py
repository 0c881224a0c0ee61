"""The four-season aid: a federation's campaigns (春送岗位, 夏送清凉, 秋送助学, 冬送温暖) and the
aid each gives, to a needy worker of the federation's files or a named front-line worker."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AidCampaign, AidRecord, NeedyWorker, UnionFederation
from .common import check_writer, count, day, text, yuan


@transaction.atomic
def campaign_create(
    *,
    federation: UnionFederation,
    year,
    season: str,
    title: str,
    starts_on,
    ends_on,
    user=None,
) -> AidCampaign:
    check_writer(user, federation)
    year = count(year, what=_("年度"), least=2000, most=2100)
    if season not in AidCampaign.Season.values:
        raise ValidationError(_("请选择季节"))
    starts_on = day(starts_on, what=_("开始日期"))
    ends_on = day(ends_on, what=_("结束日期"))
    if ends_on < starts_on:
        raise ValidationError(_("结束日期不能早于开始日期"))
    return AidCampaign.objects.create(
        federation=federation,
        year=year,
        season=season,
        title=text(title, what=_("名称"), limit=200, required=True),
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def aid_record(
    *,
    campaign: AidCampaign,
    kind: str,
    amount,
    given_on: datetime.date | str,
    worker: NeedyWorker | None = None,
    worker_name: str = "",
    user=None,
) -> AidRecord:
    """Aid given in a campaign (within its dates) to a needy worker of the same federation,
    or to a front-line worker named here."""
    federation = campaign.federation
    check_writer(user, federation)
    if kind not in AidRecord.Kind.values:
        raise ValidationError(_("请选择帮扶方式"))
    amount = yuan(amount, what=_("金额"))
    given_on = day(given_on, what=_("发放日期"))
    if not campaign.starts_on <= given_on <= campaign.ends_on:
        raise ValidationError(_("发放日期应在活动期间内"))
    name = text(worker_name, what=_("受助职工"), limit=64)
    if worker is not None:
        if worker.federation_id != federation.pk:
            raise ValidationError(_("困难职工不属于本工会联合会"))
        name = worker.worker_name
    elif not name:
        raise ValidationError(_("请选择困难职工或填写受助职工姓名"))
    return AidRecord.objects.create(
        campaign=campaign,
        worker=worker,
        worker_name=name,
        kind=kind,
        amount=amount,
        given_on=given_on,
    )
