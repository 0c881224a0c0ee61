"""玉泉区's 2026 annual plan of theme party days: twelve monthly themes, the seed's required
items spread over the year (each month names one or two), a menu of optional items and the
"党日+" formats. Demo data, so in Chinese."""

from ..models.plan import fixed_date
from ..services import plan_create, plan_publish

YEAR = 2026
FIXED_DAY = "first_friday"
TITLE = "关于2026年度基层党组织“主题党日”活动全年计划的通知"
PRINCIPLES = (
    "规定动作标准化、常规动作精品化、自选动作特色化。每月第一个星期五为主题党日，"
    "时间不少于1小时，全体党员参加；推动主题党日从“会场”走向“现场”。"
)

OATH = "重温入党誓词"
RED_BASE = "就近参观红色教育基地缅怀革命先烈"
VISIT = "看望慰问老党员或困难群众"
HISTORY = "请老党员讲党的光荣历史"
MODELS = "先进楷模党员座谈交流"
VOLUNTEER = "组织党员开展志愿服务"
REQUIRED = (OATH, RED_BASE, VISIT, HISTORY, MODELS, VOLUNTEER)

STUDY = "党日+理论学习"
FIELD = "党日+实地观摩"
SERVICE = "党日+志愿服务"
CONTEST = "党日+擂台比武"
FORMATS = (STUDY, FIELD, SERVICE, CONTEST)

# month → (theme, required items, optional items, formats)
MONTHS = {
    1: (
        "开局“十五五” 学习贯彻党的二十届四中全会精神",
        [OATH, VISIT],
        ["集中学习全会公报", "党员读书分享", "交纳党费"],
        [STUDY],
    ),
    2: (
        "弘扬传统美德 共建文明家园",
        [VISIT],
        ["春节前走访慰问", "环境卫生整治", "观看红色电影"],
        [SERVICE],
    ),
    3: (
        "学雷锋 践初心 志愿服务进社区",
        [VOLUNTEER],
        ["楼院环境整治", "为老人义诊理发", "垃圾分类宣传"],
        [SERVICE],
    ),
    4: (
        "缅怀革命先烈 传承红色基因",
        [RED_BASE],
        ["清明祭扫烈士墓", "讲述英烈故事", "观看红色电影"],
        [FIELD],
    ),
    5: (
        "劳动创造幸福 实干笃定前行",
        [MODELS],
        ["走访劳动模范", "岗位技能比武", "党员读书分享"],
        [CONTEST, STUDY],
    ),
    6: (
        "铸牢中华民族共同体意识",
        [HISTORY],
        ["民族团结知识竞赛", "走访少数民族困难家庭", "学习民族团结进步条例"],
        [STUDY, CONTEST],
    ),
    7: (
        "庆祝建党105周年 永远跟党走",
        [OATH, HISTORY],
        ["为老党员颁发纪念章", "重温入党申请书", "党史知识竞赛"],
        [STUDY, CONTEST],
    ),
    8: (
        "拥军优属 军民同心",
        [VISIT],
        ["走访退役军人家庭", "国防教育讲座", "观看红色电影"],
        [FIELD, SERVICE],
    ),
    9: (
        "尊师重教 关爱青少年成长",
        [VOLUNTEER],
        ["关爱留守儿童", "为困难学生助学", "家风家教分享"],
        [SERVICE],
    ),
    10: (
        "爱国奋斗 喜迎国庆",
        [RED_BASE],
        ["升国旗唱国歌", "参观城市建设成就", "爱国主义主题诵读"],
        [FIELD],
    ),
    11: (
        "安全守护 平安共建",
        [MODELS],
        ["消防安全演练", "入户排查安全隐患", "防范电信诈骗宣传"],
        [SERVICE, CONTEST],
    ),
    12: (
        "法治为民 总结提升",
        [OATH, VOLUNTEER],
        ["宪法宣传日学习", "年度党建工作总结", "交纳党费"],
        [STUDY, SERVICE],
    ),
}

# Where the branches go when a month takes them out of the office.
RED_BASES = [
    ("乌兰夫纪念馆", 40.8187, 111.6880, "呼和浩特市新城区"),
    ("呼和浩特革命烈士陵园", 40.8650, 111.6530, "呼和浩特市回民区"),
    ("大青山抗日游击根据地纪念园", 41.0960, 111.4560, "呼和浩特市武川县"),
]
TAIGEDOU = ("台格斗村抗日遗址", 40.3870, 111.8120, "和林格尔县盛乐镇台格斗村")


def build_plan(issuer, *, published_at):
    """The plan as 玉泉区委组织部 issued it, through the plan services: drafted, then
    published in the last days of 2025."""
    plan = plan_create(
        organization=issuer,
        year=YEAR,
        fixed_day=FIXED_DAY,
        min_minutes=60,
        title=TITLE,
        principles=PRINCIPLES,
        months=[
            {
                "month": m,
                "theme": theme,
                "required_items": required,
                "optional_items": optional,
                "formats": formats,
            }
            for m, (theme, required, optional, formats) in MONTHS.items()
        ],
    )
    return plan_publish(plan=plan, at=published_at)


def fixed_day(year: int, month: int):
    """The theme party day of a month by the plan's rule (December 2025 too, before it)."""
    return fixed_date(FIXED_DAY, year, month)
