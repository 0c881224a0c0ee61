"""What a work report may say of a unit's praise and of its brands' carriers, for the
work-report checker (`banshi.core.reportfacts`): the hotline praise, letters and silk
banners the unit and its sub-organizations received in the report's period, and the Lei
Feng carriers of the brands they own, as they stand now.

A praise figure without a period ("共收到表扬信373封") is answered with the all-time count,
labelled as such, so that the checker can still reconcile it (and a reviewer sees which
count it was compared with). Carriers are a stock: the period is not read.

The report's words are matched here, so they are written as reports write them."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from banshi.core.periods import Period
from banshi.core.reportfacts import Claim, Fact

from .models import Brand, Carrier, PraiseRecord

K = PraiseRecord.Kind
C = Carrier.Kind
L = Carrier.Level

# kind → (the subjects reports give it, the measure words they count it in)
PRAISE_WORDS = {
    K.HOTLINE: (frozenset({"表扬", "热线表扬", "12345表扬", "便民热线表扬"}), frozenset({"次"})),
    K.LETTER: (frozenset({"表扬信", "感谢信"}), frozenset({"封"})),
    K.BANNER: (frozenset({"锦旗"}), frozenset({"面"})),
}
CARRIER_WORDS = {
    C.ROUTE: (frozenset({"雷锋线路"}), frozenset({"条"})),
    C.CARRIAGE: (
        frozenset({"雷锋主题车厢", "雷锋车厢", "主题车厢"}),
        frozenset({"台", "节", "辆", "个"}),
    ),
    C.MODEL_POST: (frozenset({"雷锋示范岗", "示范岗"}), frozenset({"处", "个"})),
    C.POST_MODEL: (
        frozenset({"岗位学雷锋标兵", "学雷锋标兵", "雷锋标兵"}),
        frozenset({"名", "人"}),
    ),
    C.CLASSROOM: (frozenset({"雷锋课堂"}), frozenset({"个", "处"})),
}
# A post model's level as a report prefixes it: "公司级岗位学雷锋标兵".
LEVEL_WORDS = (
    ("自治区级", L.REGION),
    ("公司级", L.COMPANY),
    ("市级", L.CITY),
    ("全国", L.NATIONAL),
)
ALL_TIME = _("（累计）")


def _fits(claim: Claim, words: tuple[frozenset, frozenset], subject: str) -> bool:
    subjects, units = words
    return subject in subjects and (not claim.unit or claim.unit in units)


def _received_in(qs: QuerySet, period: Period | None) -> QuerySet:
    if period is None:
        return qs
    return qs.filter(received_on__gte=period.start.date(), received_on__lt=period.end.date())


def _ledger_url(org, kind: str, period: Period | None) -> str:
    params = {"unit": org.pk, "tree": 1, "kind": kind}
    if period is not None and period.kind in ("year", "month"):
        params["year"] = period.start.year
        if period.kind == "month":
            params["month"] = period.start.month
    return f"{reverse('praise:index')}?{urlencode(params)}"


def praise_facts(org, claim: Claim) -> list[Fact]:
    """The praise of one kind the unit's subtree received in the period (all time without
    one)."""
    subject = claim.subject.strip()
    for kind, words in PRAISE_WORDS.items():
        if not _fits(claim, words, subject):
            continue
        records = PraiseRecord.objects.filter(kind=kind, unit__path__startswith=org.path)
        label = kind.label if claim.period else format_lazy("{}{}", kind.label, ALL_TIME)
        return [
            Fact(
                key=f"praise.{kind.value}",
                label=label,
                value=_received_in(records, claim.period).count(),
                url=_ledger_url(org, kind.value, claim.period),
            )
        ]
    return []


def _level(subject: str) -> tuple[str, str]:
    """("公司级岗位学雷锋标兵") → ("岗位学雷锋标兵", "company"); no prefix: level ""."""
    for word, level in LEVEL_WORDS:
        if subject.startswith(word):
            return subject[len(word) :], level
    return subject, ""


def _carriers_url(org, kind: str, level: str) -> str:
    """The brand's page filtered to the kind when the subtree has one brand, else the
    ledger's list of the subtree's brands."""
    brands = list(Brand.objects.filter(owner__path__startswith=org.path).values_list("pk")[:2])
    params = {"kind": kind, **({"level": level} if level else {})}
    if len(brands) == 1:
        return f"{reverse('praise:brand', args=[brands[0][0]])}?{urlencode(params)}"
    return f"{reverse('praise:index')}?{urlencode({'unit': org.pk, 'tree': 1})}#brands"


def carrier_facts(org, claim: Claim) -> list[Fact]:
    """The carriers of one kind (a post model: of one level, if the report names it) of the
    brands the unit's subtree owns, now."""
    subject, level = _level(claim.subject.strip())
    for kind, words in CARRIER_WORDS.items():
        if not _fits(claim, words, subject) or (level and kind != C.POST_MODEL):
            continue
        carriers = Carrier.objects.filter(kind=kind, brand__owner__path__startswith=org.path)
        label = kind.label
        if level:
            carriers = carriers.filter(level=level)
            label = format_lazy("{}{}", L(level).label, kind.label)
        return [
            Fact(
                key=f"praise.carrier.{kind.value}" + (f".{level}" if level else ""),
                label=label,
                value=carriers.count(),
                url=_carriers_url(org, kind.value, level),
            )
        ]
    return []


def unit_facts(org, claim: Claim) -> list[Fact]:
    return praise_facts(org, claim) + carrier_facts(org, claim)
