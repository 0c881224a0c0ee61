"""The red-flag villages of 清水河县 (150124) for the demo, through the services: the
county's 2025 and 2026 schemes with five indicators a flag; 2025 declarations walked
through first review, decision, notice (one objection dismissed, one upheld) and award,
reviewed at the end of June and of December 2025, a few revoked at the December review;
2026 declarations in review — some declared, some first-reviewed, some on notice now.
Villages holding no flag are the county's lagging villages. Deterministic for a seed and
a `now`; the villages are whatever the villages demo made."""

import datetime
import random

from django.db import transaction

from banshi.territory.models import Region

from . import services
from .models import Flag

COUNTY = "150124000000"
PASS_MARK = 85
INDICATORS = {
    Flag.PARTY: [
        ("村党组织书记履职", 25, "书记任职满一年、年度考核称职以上得满分"),
        ("“三会一课”", 20, "每月召开支部党员大会、每季度上党课得满分"),
        ("发展党员", 20, "近两年发展党员或确定发展对象得满分"),
        ("党员积分管理", 15, "全体党员按月积分、结果公开得满分"),
        ("阵地建设", 20, "党群服务中心功能齐全、正常开放得满分"),
    ],
    Flag.INDUSTRY: [
        ("村集体经济收入", 30, "年收入10万元以上得满分，5至10万元得一半"),
        ("主导产业", 25, "有一个以上规模化主导产业得满分"),
        ("合作社带动", 15, "合作社带动农户过半得满分"),
        ("农民人均可支配收入增长", 15, "增幅高于全县平均得满分"),
        ("消费帮扶与电商", 15, "有稳定销售渠道得满分"),
    ],
    Flag.ECOLOGY: [
        ("人居环境整治", 25, "垃圾日产日清、无乱堆乱放得满分"),
        ("户厕改造", 20, "改厕率90%以上得满分"),
        ("村庄绿化", 20, "主街道两侧全部绿化得满分"),
        ("污水治理", 15, "生活污水有序处理得满分"),
        ("水土保持", 20, "完成年度退耕还林、淤地坝维护任务得满分"),
    ],
    Flag.CIVILITY: [
        ("村规民约", 20, "修订村规民约并公开上墙得满分"),
        ("移风易俗", 25, "红白理事会正常运行、无大操大办得满分"),
        ("新时代文明实践", 20, "每月开展一次以上实践活动得满分"),
        ("先进典型选树", 15, "每年评选好媳妇、好婆婆等典型得满分"),
        ("文化活动", 20, "有文艺队、每季度开展活动得满分"),
    ],
    Flag.GOVERNANCE: [
        ("“四议两公开”", 25, "重大事项全部按程序决策并公开得满分"),
        ("矛盾纠纷化解", 25, "矛盾纠纷不出村、无越级上访得满分"),
        ("网格化管理", 15, "网格员配备到位、按期走访得满分"),
        ("平安建设", 20, "全年无刑事案件和重大安全事故得满分"),
        ("村务监督", 15, "村务监督委员会正常履职得满分"),
    ],
}
FLAGS = list(Flag.values)


def _evidence(rng, scheme, flag, village: Region, strong: bool) -> dict:
    out = {}
    for n, i in enumerate(scheme.indicators.filter(flag=flag)):
        share = rng.uniform(0.88, 1.0) if strong else rng.uniform(0.7, 0.95)
        out[i.pk] = {
            "text": f"{village.name}{i.name}：{i.standard.removesuffix('得满分')}，已落实。",
            "score": round(i.weight * share, 1),
            "link": f"/villages/{village.code}/" if n == 0 else "",
        }
    return out


def _scheme(county, year):
    scheme = services.scheme_create(county=county, year=year, pass_mark=PASS_MARK)
    for flag, items in INDICATORS.items():
        services.indicators_set(scheme=scheme, flag=flag, items=items)
    return scheme


def _last_year(rng, scheme, villages) -> dict:
    y = scheme.year
    day = datetime.date
    counts = {"awarded": 0, "refused": 0, "revoked": 0}
    awarded = []
    objections = 0
    for n, v in enumerate(villages):
        # The county's first village always holds a flag (a small county has results too).
        k = max(rng.choice((0, 0, 0, 1, 1, 1, 2, 2)), 2 if n == 0 else 0)
        for m, flag in enumerate(rng.sample(FLAGS, k)):
            strong = rng.random() < 0.85 or (n, m) == (0, 0)
            d = services.declaration_submit(
                scheme=scheme,
                village=v,
                flag=flag,
                on=day(y, 3, 10),
                evidence=_evidence(rng, scheme, flag, v, strong),
            )
            if not strong:
                services.declaration_first_review(
                    declaration=d,
                    passed=False,
                    score=rng.randint(70, 84),
                    opinion="部分指标未达到创建标准，建议明年再申报",
                    on=day(y, 3, 24),
                )
                counts["refused"] += 1
                continue
            services.declaration_first_review(
                declaration=d,
                passed=True,
                score=rng.randint(86, 97),
                opinion="材料齐全，经实地查看，同意上报",
                on=day(y, 3, 24),
            )
            services.declaration_decide(
                declaration=d, passed=True, opinion="县评审组审定通过", on=day(y, 4, 8)
            )
            services.declaration_notice(declaration=d, on=day(y, 4, 14))
            if objections < 2:
                o = services.objection_raise(
                    declaration=d,
                    raised_by="村民（匿名）",
                    content="反映村务公开不及时",
                    on=day(y, 4, 16),
                )
                upheld = objections == 1
                services.objection_settle(
                    objection=o,
                    upheld=upheld,
                    on=day(y, 4, 21),
                    opinion="经核实情况属实，取消申报资格"
                    if upheld
                    else "经核实已按季度公开，异议不成立",
                )
                objections += 1
                if upheld:
                    counts["refused"] += 1
                    continue
            services.declaration_award(declaration=d, on=day(y, 4, 25))
            awarded.append(d)
    counts["awarded"] = len(awarded)
    revoked = set(rng.sample(range(len(awarded)), max(1, len(awarded) // 12))) if awarded else set()
    for n, d in enumerate(awarded):
        services.flag_review(
            declaration=d,
            half=1,
            score=rng.randint(86, 98),
            opinion="各项指标保持",
            on=day(y, 6, 25),
        )
        fail = n in revoked
        services.flag_review(
            declaration=d,
            half=2,
            score=rng.randint(60, 80) if fail else rng.randint(86, 98),
            opinion="集体经济收入下滑、部分指标未达标，予以摘牌" if fail else "各项指标保持",
            on=day(y, 12, 20),
        )
    counts["revoked"] = len(revoked)
    return counts


def _this_year(rng, scheme, villages, today) -> dict:
    """Declarations still in review: a third declared, a third first-reviewed, a third on
    notice that runs past today."""
    first = datetime.date(scheme.year, 1, 2)

    def ago(days):
        return max(first, today - datetime.timedelta(days=days))

    stages = {"declared": 0, "first_reviewed": 0, "in_notice": 0}
    chosen = [v for v in villages if rng.random() < 0.3] or villages[:1]
    for n, v in enumerate(chosen):
        flag = rng.choice(FLAGS)
        d = services.declaration_submit(
            scheme=scheme,
            village=v,
            flag=flag,
            on=ago(30),
            evidence=_evidence(rng, scheme, flag, v, True),
        )
        stage = n % 3
        if stage >= 1:
            services.declaration_first_review(
                declaration=d,
                passed=True,
                score=rng.randint(86, 96),
                opinion="材料齐全，同意上报",
                on=ago(20),
            )
        if stage == 2:
            services.declaration_decide(
                declaration=d, passed=True, opinion="县评审组审定通过", on=ago(12)
            )
            services.declaration_notice(declaration=d, on=ago(2))
        stages[("declared", "first_reviewed", "in_notice")[stage]] += 1
    return stages


@transaction.atomic
def build_demo_redflags(*, seed: int = 0, now) -> dict:
    rng = random.Random(f"redflags-{seed}")
    today = now.date() if isinstance(now, datetime.datetime) else now
    county = Region.objects.filter(code=COUNTY).first()
    if county is None:
        return {}
    villages = list(
        Region.objects.filter(kind=Region.Kind.VILLAGE, code__startswith=county.prefix).order_by(
            "code"
        )
    )
    if not villages:
        return {}
    last = _last_year(rng, _scheme(county, today.year - 1), villages)
    this = _this_year(rng, _scheme(county, today.year), villages, today)
    return {"last_year": last, "this_year": this}
