"""The words extract reads plans by, in folded (simplified, narrowed) form: units and the quantity pattern,
verbs that set a level, a change or bring something into being, time words, words of the past, headings, and the
noise trimmed from indicator names. Stated once here; the reading modules only use them."""

from __future__ import annotations

import re

from shtarget.model import Op

NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Units a target is counted in (folded, simplified). Magnitudes (万, 亿, 千) are matched separately before them.
UNITS = (
    "个百分点", "百分点", "%", "‰",
    "美元", "欧元", "元",
    "人次", "人", "名", "户", "家", "个", "项", "件", "所", "座", "台", "辆", "套", "条", "艘", "架", "张", "床",
    "处", "部", "种", "次", "岁", "天", "小时", "分钟", "倍",
    "平方公里", "平方米", "公顷", "亩", "公里", "米",
    "吨标准煤", "吨", "瓦时", "瓦", "立方米", "微克/立方米", "毫克/立方米", "毫克/升", "标箱",
    "片/月", "片/年", "吨/年", "片",  # capacities: "月产能突破100万片", "产能50万片/月"
)  # fmt: skip
UNIT_ALTERNATION = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
# A qualifier right before a figure that targets.yaml keeps in the value ("超过1.7万家" is over 17000), but not
# "不超过" (at most) or "最近3年".
QUALIFIER_BEFORE = re.compile(r"(?:(?<!不)(?:超过|高于|超)|突破|大约|将近|接近|不到|不足|逾|约|(?<!最)近)$")
SUFFIXES = {"以上": Op.AT_LEAST, "以下": Op.AT_MOST, "以内": Op.AT_MOST, "左右": Op.ABOUT, "上下": Op.ABOUT}
QUANTITY = re.compile(
    rf"(?<![A-Za-z0-9.])(?P<num>{NUMBER})(?P<over>多|余)?(?P<mag>[万亿千]*)"
    rf"(?:(?P<pct>%)?(?P<sep>[-~—–―至到])(?P<num2>{NUMBER})(?P<over2>多|余)?(?P<mag2>[万亿千]*))?"
    rf"(?P<unit>{UNIT_ALTERNATION}|年(?![内前后间底末初度来以中]))"
    r"(?P<suffix>以上|以下|以内|左右|上下|多|余)?"
)


MONEY = frozenset({"元", "美元", "欧元"})
COUNTERS = frozenset({"家", "个", "项"})  # a count of firms or projects is kept in the counter itself (2.6万家 → 家)


# A verb that sets a level: the figure after it is the target ("达到20%", "控制在5.5%以内").
LEVEL = {
    "达到": Op.AT_LEAST, "达": Op.AT_LEAST, "突破": Op.ABOVE, "超过": Op.ABOVE, "超出": Op.ABOVE, "超": Op.ABOVE,
    "逾": Op.ABOVE, "高于": Op.ABOVE, "不低于": Op.AT_LEAST, "不少于": Op.AT_LEAST, "至少": Op.AT_LEAST,
    "不超过": Op.AT_MOST, "不高于": Op.AT_MOST, "不多于": Op.AT_MOST, "低于": Op.BELOW, "少于": Op.BELOW,
    "控制在": Op.AT_MOST, "控制到": Op.AT_MOST, "保持在": Op.ABOUT, "稳定在": Op.ABOUT, "维持在": Op.ABOUT,
    "约": Op.ABOUT, "约为": Op.ABOUT, "接近": Op.ABOUT, "近": Op.ABOUT,
    "提高到": Op.AT_LEAST, "提高至": Op.AT_LEAST, "提升到": Op.AT_LEAST, "提升至": Op.AT_LEAST,
    "增长到": Op.AT_LEAST, "增长至": Op.AT_LEAST, "增加到": Op.AT_LEAST, "增加至": Op.AT_LEAST,
    "增至": Op.AT_LEAST, "扩大到": Op.AT_LEAST, "扩大至": Op.AT_LEAST, "上升到": Op.AT_LEAST,
    "上升至": Op.AT_LEAST, "升至": Op.AT_LEAST,
    "降低到": Op.AT_MOST, "降低至": Op.AT_MOST, "下降到": Op.AT_MOST, "下降至": Op.AT_MOST, "降到": Op.AT_MOST,
    "降至": Op.AT_MOST, "减少到": Op.AT_MOST, "减少至": Op.AT_MOST, "压减到": Op.AT_MOST, "压减至": Op.AT_MOST,
    "缩小到": Op.AT_MOST, "缩小至": Op.AT_MOST, "缩短到": Op.AT_MOST, "缩短至": Op.AT_MOST,
}  # fmt: skip
GROWTH = ("年均增长", "年均增速", "年均增幅", "年均提高", "年均递增")
DOWN = ("降低", "下降", "减少", "压减", "缩减", "削减")  # directly before a figure: by how much
UP = ("提高", "提升", "增长", "增加", "上升")
# Verbs that bring something into being; the figure counts what follows or stands between ("培育20家龙头企业",
# "新增公共停车泊位2万个"). Those in NAMING stay in the indicator's name (新增城镇就业 is the indicator).
ACTION = (
    "新增", "新建改建", "新建", "改建", "改造", "新开工", "累计新增", "累计", "建成", "建设", "培育", "引进", "打造",
    "形成", "实现", "完成", "提供", "创建", "认定", "发放", "开通", "设立", "招引", "集聚", "吸引", "带动",
    "投入", "投资", "筹集", "供应", "建立", "培养", "孵化", "布局", "推广", "支持", "安排", "组织实施", "实施",
)  # fmt: skip
NAMING = frozenset({"新增", "新建改建", "新建", "改建", "改造", "新开工", "累计新增", "发放", "投入", "筹集", "供应"})
NEEDS_ADJACENT = frozenset({"达", "超", "逾", "约", "近"})  # one-character verbs count only right before a figure
VERB = re.compile("|".join(re.escape(v) for v in sorted({*LEVEL, *GROWTH, *DOWN, *UP, *ACTION}, key=len, reverse=True)))
ACTION_GAP = 24
IN_FIELDS = re.compile(r"(?:^|[^\u4e00-\u9fff])在$|^在$")
FIELD_WORDS = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:领域|方面|行业|区域|地区|城市|国家|园区|产业|环节)")


CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ORDINAL_PLAN = re.compile(r"[“\"‘']?(?P<ordinal>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’']?")
# A plan named in a title: "“十五五”", "十五五规划", "第十五个五年规划".
NAMED_PLAN = re.compile(
    r"[“\"‘'](?P<ordinal>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’']"
    r"|(?P<bare>十[一二三四五六七八九]?|[一二三四五六七八九])五(?=规划|计划|纲要|时期|期间|发展)"
    r"|第(?P<full>十[一二三四五六七八九]?|[一二三四五六七八九])个五年(?:规划|计划)"
)
# A plan's years: "2026—2030年", "2026年-2030年", "2026~2030年" (in a title), "(2026—2030年)" (in its opening).
YEAR_SPAN = re.compile(r"(?P<first>(?:19|20|21)\d{2})\s*年?\s*[-—–―~至到]{1,2}\s*(?P<last>(?:19|20|21)\d{2})\s*年")
BRACKETED_YEAR_SPAN = re.compile(r"\(\s*" + YEAR_SPAN.pattern + r"\s*\)")
# "到2025年" opens a target's time, but not after a verb of change ("增长到2021年的1819.8亿元" is a figure's year).
NOT_AFTER_CHANGE = "(?<!增长)(?<!提高)(?<!提升)(?<!增加)(?<!上升)(?<!下降)(?<!降低)(?<!减少)(?<!扩大)(?<!截)"
TARGET_YEAR = re.compile(
    NOT_AFTER_CHANGE
    + r"(?:到|至)(?P<year>(?:19|20|21)\d{2})年(?:底|末)?"
    + r"|(?P<before>(?:19|20|21)\d{2})年(?:底|末)?前"
)
BARE_YEAR = re.compile(r"(?<![\d到至比由从])(?P<year>(?:19|20|21)\d{2})年(?![\d~—至到以-])")
VISION_YEAR = re.compile(r"(?:展望|远景|" + NOT_AFTER_CHANGE + r"到)(?P<year>(?:19|20|21)\d{2})年")
PLAN_SPAN = re.compile(
    r"[“\"‘']?(?P<ordinal>十[一二三四五六七八九]?|[一二三四五六七八九])五[”\"’']?"
    r"(?P<when>期间|时期|末|期末|以来|规划期)"
)
NEXT_FIVE = re.compile(r"今后五年|未来五年|五年内|规划期内|规划期末")
PAST_LEAD = re.compile(
    r"^(?:[\s—-]*)(?:过去五年|五年来|近五年|近年来|截至|截止|目前|去年|上年|今年以来|此前|(?:19|20|21)\d{2}年以来)"
)
PAST_WORDS = re.compile(r"已经|已(?!有的)|比上年|同比|较上年|比去年|目前|截至|截止|(?<![为除])了(?![解结却如])")
DOUBLING = re.compile(r"(?:比(?P<base>(?:19|20|21)\d{2})年(?:末|底)?)?(?:实现)?翻(?P<times>一|两|二|三)?番")
HOLD_LEVEL = re.compile(r"不低于[“\"]?(?:十[一二三四五六七八九]?五[”\"]?末|(?:19|20|21)\d{2}年|上年)(?:的)?水平$")
RISE = re.compile(
    r"(?:进一步|持续|稳步|逐步|逐年|不断|继续|显著|明显|大幅|较大幅度)?(?:提升|提高|扩大|增加|增长|上升|增强)$"
)
ASPIRATION = re.compile(r"力争|争取|努力")
FUTURE_WORDS = re.compile(r"力争|争取|努力|确保|预计|预期|目标|每年|" + NOT_AFTER_CHANGE + r"(?:到|至)\d{4}年")


HEADING = (
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+篇"), 0),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+章"), 1),
    (re.compile(r"^[一二三四五六七八九十]+[、.]"), 1),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+节"), 2),
    (re.compile(r"^\([一二三四五六七八九十]+\)"), 2),
)
BACKGROUND = re.compile(
    r"发展基础|发展现状|主要成就|取得的成就|发展成效|工作回顾|回顾|发展形势|发展环境|面临的形势|基本情况"
)
GOALS = re.compile(r"目标|指标")
NUMBERING = re.compile(r"^(?:第\S+?[篇章节]|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、])\s*")
LABEL = re.compile(r"^\s*(?:(?:\d+[.、]|\(\d+\))\s*)?(?P<label>[^\s,;:。]{2,12})。")  # one \s* run at a time


LEAD_NOISE = re.compile(
    r"^(?:[\s,、;:.—\-·•●“”\"'()]|其中|同时|并且|并|且|以及|及|和|与|使|让|推动|促进|推进|支撑|加快|力争|争取|努力|确保|预计|预期"
    r"|计划|将|要|全面|基本|进一步|当年|每年|年度|五年|期间|累计|在此基础上|到(?:19|20|21)\d{2}年(?:底|末)?|至(?:19|20|21)\d{2}年"
    r"|(?:19|20|21)\d{2}年(?:底|末)?前?|“?十[一二三四五六七八九]?五”?(?:期间|时期|末|期末)?|今后五年|未来五年)+"
)
# One word of trailing noise, at most 3 characters, none the end of another: naming.tidy strips them one by one
# from the end (a regex "(…)+$" would be tried from every position of a long run of them).
TRAIL_NOISE = re.compile(
    r"(?:[\s,、;:—\-“”\"']|的|将|要|均|也|都|可|分别|力争|争取|努力|确保|进一步|继续|持续|稳步|逐步|累计)$"
)
TRAIL_NOISE_LONGEST = 3
MEASURE = re.compile(
    r"增加值|总产值|产值|营业收入|营收|收入|产业规模|规模|比重|占比|数量|总量|年均|增速|增长率|增长|下降|降低"
)
GENERIC = frozenset(
    {"增加值", "总产值", "产值", "营业收入", "营收", "收入", "产业规模", "规模", "总量", "数量", "比重", "占比"}
)
GROWTH_NAME = re.compile(r"(?:年均)?(?:增长率|增速|增幅|增长|递增)$")
MEASURABLE_END = re.compile(
    r"(?:比重|占比|比例|率|规模|份额|数量|总量|产值|增加值|收入|营收|强度|占有率|贡献率|覆盖率|密度|人数|个数|家数|总额)$"
)


# "比2020年", "较2020年末相比" just before a verb: the base a change is measured from (at most 10 characters)
BASE_YEAR = re.compile(r"(?:比|较|相比|相较|与)((?:19|20|21)\d{2})年(?:末|底)?(?:相比)?$")
YEAR_OF = re.compile(r"(?:19|20|21)\d{2}年(?:末|底)?的?")


MONEY_WORDS = re.compile(
    r"生产总值|GDP|增加值|产值|收入|营收|规模|总额|投资|消费|销售|利润|税|出口|进口|贸易|经费|支出"
)
