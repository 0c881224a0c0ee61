"""The words the text core knows, kept as data so that they can be extended (and later
moved beside the glossary) without touching the parsing code: measure words, fixed terms
whose numerals are names, period expressions, counted nouns, unit aliases and the markers
of a newspaper page's layout."""

import re

# A short name a report uses for a unit → the name the region tree knows it by. The Django
# side resolves units against the region tree and organizations; this is only the text's half.
UNIT_ALIASES = {
    "土左旗": "土默特左旗",
    "土右旗": "土默特右旗",
    "托县": "托克托县",
    "和林县": "和林格尔县",
    "清水河": "清水河县",
    "武川": "武川县",
    "呼市": "呼和浩特市",
}

# Fixed terms whose numerals name something and count nothing: never figures.
PROTECTED_TERMS = (
    "三会一课",
    "五面红旗",
    "四级组织体系",
    "二十大",
    "十九大",
    "十八大",
    "二十届",
    "第一书记",
    "一支部一对策",
    "头雁",
    "一次性",
    "一站式",
    "一心为民",
    "一线",
    "三进三融入",
    "五进",
    "四季服务",
    "四季歌",
    "两委",
    "两学一做",
    "三重一大",
    "一岗双责",
    "一肩挑",
    "四议两公开",
    "三务公开",
    "一事一议",
    "一村一品",
    "一网通办",
    "一窗受理",
    "十四五",
    "十三五",
    "一带一路",
    "百年",
    "万众一心",
    "千方百计",
    "三味",
    "学雷锋365",
    "12345热线",
)

# Measure words a figure may carry, with the spelling the figure reports (longest first is
# enforced by the pattern builder, so "平方米" wins over "米").
UNITS = {
    "平方公里": "平方公里",
    "平方米": "平方米",
    "平米": "平方米",
    "㎡": "平方米",
    "m²": "平方米",
    "人次": "人次",
    "户次": "户次",
    "公里": "公里",
    "千米": "公里",
    "公顷": "公顷",
    "公斤": "公斤",
    "千克": "公斤",
    "小时": "小时",
    "亩": "亩",
    "米": "米",
    "吨": "吨",
    "元": "元",
    "个": "个",
    "户": "户",
    "人": "人",
    "名": "名",
    "位": "位",
    "家": "家",
    "套": "套",
    "次": "次",
    "封": "封",
    "面": "面",
    "条": "条",
    "台": "台",
    "处": "处",
    "辆": "辆",
    "节": "节",
    "支": "支",
    "场": "场",
    "期": "期",
    "所": "所",
    "座": "座",
    "栋": "栋",
    "幢": "栋",
    "间": "间",
    "项": "项",
    "件": "件",
    "张": "张",
    "份": "份",
    "批": "批",
    "届": "届",
    "篇": "篇",
    "本": "本",
    "棵": "棵",
    "块": "块",
    "天": "天",
}
# Measure words that count actions: "入户走访345次" counts the visits, not the households.
VERBAL_UNITS = frozenset({"次", "人次", "户次", "场", "期"})
# Units that are themselves the thing counted when no noun is found ("每网格300-500户").
NOUN_UNITS = frozenset({"户", "人", "人次", "户次"})
# A measure word followed by one of these characters is a different word ("一次性", "名单").
UNIT_WORD_ENDINGS = {
    "次": "性数序",
    "名": "单称义次",
    "条": "例件款",
    "台": "账",
    "处": "理置分",
    "节": "约日点",
    "支": "持部撑",
    "面": "向对临貌",
    "人": "民大员",
    "场": "所景",
    "期": "间待望",
    "所": "有以属辖在",
    "间": "断",
    "件": "事",
    "位": "于置",
    "本": "领",
    "天": "然",
}

PERCENT_SIGNS = "%％"
PERCENT_WORD = "百分之"
RANGE_SEPARATORS = "-－~～—–至到"
# "1000余人", "6.8万余", "300多户": a lower bound, less than one unit of the last digit more.
APPROXIMATE_MARKS = "余多"
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
# Chinese numerals cn2an does not read alone.
BARE_CHINESE = {"百": 100, "千": 1000}
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿"
# Words before a number that qualify it ("约300人", "超过1000户").
QUALIFIERS_BEFORE = ("超过", "将近", "不到", "不足", "约", "近", "逾", "超")
# Words before a number that mean it is not a count: "第一", "周一", "初三".
ORDINAL_BEFORE = "第周初星"
# "每一名党员": "every", not one.
EVERY = "每"
# Followed by these a number is a name, not a figure ("12345便民热线", "66路").
NAME_AFTER = ("热线", "便民热线", "服务热线", "政务热线", "专线", "号线", "路公交", "路车")
HOTLINES = frozenset({"12345", "12315", "12348", "12366", "12369", "110", "119", "120", "122"})

# Delimiters of a clause and of a sentence.
CLAUSE_DELIMITERS = "，,、；;：:。！？!?\n（）()"
SENTENCE_DELIMITERS = "。！？!?\n"
CONJUNCTIONS = ("以及", "和", "及", "与", "、")
QUOTES_OPEN = "“‘「『《"
QUOTES_CLOSE = "”’」』》"
DE = "的"
# Particles left in front of a noun once its verb is cut off ("组建的雷锋志愿服务队").
LEADING_PARTICLES = "的了所"

# Words between the counted noun and its number that link them ("注册人数达1000余人").
LINK_WORDS = (
    "已达到",
    "达到",
    "已达",
    "总计",
    "合计",
    "共计",
    "累计",
    "共有",
    "已有",
    "约有",
    "超过",
    "不少于",
    "不低于",
    "至少",
    "都有",
    "均有",
    "达",
    "为",
    "共",
    "约",
    "近",
    "逾",
    "有",
    "是",
    "仅",
    "已",
    "计",
)
# Suffixes that say "the number of" a noun ("注册人数", "企业数量").
COUNT_SUFFIXES = ("注册人数", "人数", "数量", "总数", "户数")
# Verbs after which the counted noun starts ("划分网格68个" → 网格); jieba's own tags also count.
VERBS = frozenset(
    "划分 覆盖 选配 共有 建立 选派 实现 规划 安装 增加 增设 创建 打造 设立 评选 产生 组建 "
    "建成 完成 开展 举办 发放 走访 慰问 帮助 解决 收集 培训 发展 吸纳 配备 招募 建设 "
    "成立 新建 改造 整治 排查 调解 化解 受理 办结 收到 获得 荣获 涌现 服务 惠及 参与 "
    "参加 落实 推动 投入 筹集 募集 捐赠 捐款 签订 签约 入驻 合并 打通 清除 评选出 "
    "选树 表彰 命名 认定 培育 确定 明确 梳理 排查出 登记 注册 达 达到 拥有 有 设置 "
    "受理 派发 办结 签收 走访 入户 转为 建有 选出 发现 巡查出 评选产生 产生了 配齐".split()
)
# Words before a trailing verb that belong to it: "已走访", "未走访", "应办结".
ASPECT_WORDS = frozenset({"已", "未", "应", "尚未", "没有", "已经", "累计", "共"})
# Words that end a noun phrase after a number ("6个社区按照……" → 社区).
STOP_WORDS_AFTER = frozenset(
    "按照 按 为 作为 合并 合并成 参与 参加 开展 进行 实现 完成 共 已 都 均 全部 被 对 在 "
    "与 和 及 以 通过 成为 达到 达 的 了 中 里 内 上 下 之 等".split()
)
# Counted nouns the extractor recognises as a whole (longest match wins). The Django side maps
# them, and the phrases its administrators teach it, to registered figure keys.
SUBJECT_TERMS = (
    "社区",
    "网格",
    "居民",
    "商业网点",
    "楼栋长",
    "单元长",
    "非公企业",
    "党组织企业",
    "党建指导员",
    "组织覆盖率",
    "工作覆盖率",
    "红蜂驿站",
    "小区",
    "停车位",
    "停车起降杆",
    "门禁系统",
    "绿化面积",
    "表扬信",
    "表扬",
    "锦旗",
    "雷锋线路",
    "雷锋主题车厢",
    "雷锋示范岗",
    "学雷锋标兵",
    "志愿服务队",
    "志愿者",
    "后备人选",
    "党员",
    "党组织",
    "党支部",
    "村党组织书记",
    "网格员",
    "网格党支部",
    "楼栋党小组",
    "党员中心户",
    "群众诉求",
    "诉求",
    "覆盖率",
    "入户走访覆盖率",
    "响应率",
    "解决率",
    "满意率",
    "巡查里程",
    "企业",
    "村",
    "户",
)

# A norm per thing: "每网格300-500户", "确保每村都有3-5名", "每网格配备1名网格员".
STANDARD_PATTERN = re.compile(
    r"每(?:一)?(?:个)?(?P<per>[\u4e00-\u9fff]{1,6}?)"
    r"(?P<link>都要有|都有|均有|都要|都|均|要有|应有|须有|需有|有|至少|不少于|不低于|不超过|最多|配备|配)?$"
)
# "人均每周走访3次" is an average, not a norm.
AVERAGE_WORDS = ("人均", "户均", "平均", "日均", "月均")
# "XX覆盖率最高，为44.7%": the noun is in the clause before, with its comparative.
COMPARATIVES = ("最高", "最低", "最多", "最少", "最大", "最小", "第一")
# The links of a norm, and the qualifiers of a number, that make it a bound.
LOWER_BOUND_WORDS = frozenset({"至少", "不少于", "不低于", "超过", "逾", "超"})
UPPER_BOUND_WORDS = frozenset({"不超过", "最多", "不到", "不足"})

# Periods a figure may be about, searched before the figure in its sentence (the last wins).
PERIOD_PATTERN = re.compile(
    r"截至目前|截止目前|截至\d{4}年(?:\d{1,2}月(?:底|末)?)?|截至\d{1,2}月(?:底|末)?"
    r"|\d{4}年(?:\d{1,2}(?:-|至)?\d{0,2}月(?:份)?|度|上半年|下半年|第[一二三四]季度|以来|底|末)?"
    r"|今年(?:以来|上半年|下半年|前\d{1,2}个月|\d{1,2}月份?)?|去年(?:同期)?|上半年|下半年"
    r"|[一二三四]季度|\d{1,2}月\d{1,2}日|\d{1,2}月(?:份)?(?:底前|底|末|初|中旬|上旬|下旬|以来|前)?"
    r"|年内|本月|上月|当月|目前|至今"
)

# Layout of a newspaper page.
BULLETS = "●○◆◇▲△★☆"
CREDIT_MARK = "■"
LEAD_OPENINGS = ("本报讯", "本台讯", "本网讯")
# "本报讯（记者 阿柔娜）": the byline in parentheses after the opening.
LEAD_PATTERN = re.compile(r"\S{2,4}讯\s*[（(]([^（）()]*)[）)]")
CAPTION_OPENINGS = ("图为", "上图", "下图", "左图", "右图")
PHOTO_VERB = "摄"
PHOTO_BYLINE_PREFIXES = ("本报记者", "记者", "通讯员", "特约记者")
# Roles of the people a byline names, by the word that precedes their names.
CREDIT_ROLES = {
    "记者": "reporter",
    "本报记者": "reporter",
    "见习记者": "reporter",
    "特约记者": "reporter",
    "实习生": "intern",
    "通讯员": "correspondent",
}
# A line "<unit>：" opens a headline when the unit ends like an organization or a region.
UNIT_SUFFIXES = (
    "街道",
    "社区",
    "嘎查",
    "苏木",
    "办事处",
    "中心",
    "公司",
    "集团",
    "委员会",
    "党委",
    "党工委",
    "支部",
    "总支",
    "局",
    "委",
    "部",
    "院",
    "办",
    "所",
    "站",
    "队",
    "会",
    "校",
    "区",
    "县",
    "旗",
    "市",
    "盟",
    "镇",
    "乡",
    "村",
)
UNIT_COLONS = "：:"
# Headline units name a place first; its name is what a body mentions ("土左旗新时代……中心").
PLACE_SUFFIXES = ("街道", "社区", "嘎查", "苏木", "旗", "县", "区", "市", "盟", "镇", "乡", "村")
SENTENCE_PUNCTUATION = "。，；！？,;!?"
# "【在“新”上见真章……】": a section heading inside a report's body.
SUBHEADING_BRACKETS = ("【", "】")
