"""Indicator names: tidied of the words around them, reduced to their level or owner, compared loosely,
and turned into suggested ids through a glossary ("集成电路产业规模年均增速" → "ic-scale-growth")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from shtarget.extract.lexicon import LEAD_NOISE, MEASURE, MONEY_WORDS, TRAIL_NOISE, TRAIL_NOISE_LONGEST
from shtarget.extract.records import Candidate, Draft


def tidy(name: str) -> str:
    """The name without the connectives, time words and punctuation around it."""
    previous = None
    while previous != name:
        previous = name
        lead = LEAD_NOISE.match(name)
        if lead:
            name = name[lead.end() :]
        end = len(name)
        while trail := TRAIL_NOISE.search(name, max(0, end - TRAIL_NOISE_LONGEST), end):
            end = trail.start()
        name = name[:end]
    return name


def level_form(name: str) -> str:
    """A growth or change indicator's underlying figure: "地区生产总值年均增长" → "地区生产总值"."""
    return re.sub(r"(?:年均)?(?:增长率|增速|增幅|增长|递增|提高|下降|降低|减少)$", "", name)


def owner_of(name: str) -> str:
    """What a measure belongs to: "战略性新兴产业增加值占…比重" → "战略性新兴产业"."""
    match = MEASURE.search(name)
    return name[: match.start()] if match else name


def measure_of(name: str) -> str:
    match = MEASURE.search(name)
    return name[match.start() :] if match else ""


def growth_unit(name: str) -> tuple[str, str]:
    """The unit of the figure whose growth a rate describes; the plan gives only the rate, so it is a guess."""
    if MONEY_WORDS.search(name):
        unit = "元" if "人均" in name else "亿元"
    elif "人口" in name:
        unit = "万人"
    else:
        unit = "%"
    return unit, f"unit '{unit}' guessed: the plan gives only the rate"


def increase_unit(name: str) -> str:
    if re.search(r"比重|占比|比例|率|份额|强度|占有率", name):
        return "%"
    return growth_unit(name)[0]


def subject_of(folded: str) -> str | None:
    """The subject a sentence opens with, before its predicate: "全市战略性新兴产业保持快速增长态势" → the industry."""
    match = re.search(r"保持|逐年|不断|持续|快速|稳步|大力|加快|显著|明显|实现|取得|呈现|进一步|成为", folded)
    subject = tidy(folded[: match.start()] if match else folded)
    return subject if 2 <= len(subject) <= 16 else None


def comparable(name: str) -> str:
    name = name.replace("规上", "规模以上").replace("GDP", "生产总值")
    return re.sub(r"的|全市|全省|全区|本市|[\s“”\"'()（）]", "", name)


# Words of plan indicators and the English they give to ids, longest first when matched.
_GLOSSARY = {
    "战略性新兴产业": "sei", "地区生产总值": "gdp", "生产总值": "gdp", "国内生产总值": "gdp", "增加值": "value-added",
    "工业总产值": "industrial-output", "规模以上": "above-scale", "高新技术企业": "high-tech-enterprises",
    "集成电路": "ic", "生物医药": "biomedicine", "人工智能": "ai", "新能源汽车": "nev",
    "高端装备": "high-end-equipment", "航空航天": "aerospace", "信息通信": "ict", "新材料": "new-materials",
    "数字产业": "digital-industry", "数字经济": "digital-economy", "软件": "software", "营业收入": "revenue",
    "营收": "revenue", "产值": "output", "产业规模": "scale", "船舶": "ships", "柴油机": "diesel-engines",
    "市场份额": "market-share", "占有率": "market-share", "龙头企业": "leaders", "上市企业": "listed-firms",
    "企业": "firms", "研发经费": "rd-spending", "研发投入": "rd-spending", "研发机构": "rd-institutes", "研发": "rd",
    "投入强度": "intensity", "发明专利": "invention-patents", "专利": "patents", "每万人口": "per-10k",
    "每千人口": "per-1k", "城镇化率": "urbanisation", "常住人口": "population", "人口": "population",
    "城镇调查失业率": "unemployment", "失业率": "unemployment", "城镇就业": "urban-jobs", "就业": "jobs",
    "可支配收入": "disposable-income", "人均": "per-capita", "预期寿命": "life-expectancy",
    "受教育年限": "schooling-years", "医师": "doctors", "托位": "childcare-places", "能源消耗": "energy",
    "能耗": "energy", "二氧化碳": "co2", "排放": "emissions", "细颗粒物": "pm25", "PM2.5": "pm25",
    "浓度": "concentration", "地表水": "surface-water", "森林覆盖率": "forest-cover", "粮食": "grain",
    "生产能力": "capacity", "社会消费品零售总额": "retail-sales", "固定资产投资": "fixed-investment",
    "进出口": "trade", "出口": "exports", "外商直接投资": "fdi", "一般公共预算收入": "budget-revenue",
    "城市道路": "roads", "停车泊位": "parking", "绿道": "greenways", "重点实验室": "key-labs", "实验室": "labs",
    "项目": "projects", "服务业": "services", "工业": "industry", "数字化改造": "digitalisation",
    "覆盖率": "coverage", "基站": "base-stations", "劳动生产率": "labour-productivity",
    "创新平台": "innovation-platforms", "平台": "platforms", "产业集群": "clusters", "纯电动汽车": "bev",
    "燃料电池汽车": "fcv", "技术合同": "tech-contracts", "保障性住房": "affordable-housing", "住房": "housing",
    "养老": "elderly-care", "床位": "beds", "轨道交通": "rail-transit", "可再生能源": "renewables",
    "非化石能源": "non-fossil", "空气质量": "air-quality", "垃圾": "waste", "回收利用率": "recycling",
    "污水处理率": "sewage-treatment", "国际标准": "standards", "独角兽": "unicorns", "科技": "tech",
    "创新": "innovation", "制造业": "manufacturing", "制造": "manufacturing", "比重": "share", "占比": "share",
    "年均增速": "growth", "年均增长": "growth", "增速": "growth", "下降": "reduction", "降低": "reduction",
    "新增": "new", "新建": "new", "累计": "total",
}  # fmt: skip
_GLOSSARY_WORDS = re.compile("|".join(re.escape(key) for key in sorted(_GLOSSARY, key=len, reverse=True)))
MAX_ID_WORDS = 4


def suggest_id(name: str, line: int) -> str:
    """An id from the indicator's words ("集成电路产业规模年均增速" → "ic-scale-growth"), or one from its line."""
    words: list[str] = []
    for match in _GLOSSARY_WORDS.finditer(name):  # the longest word at each place, left to right
        if _GLOSSARY[match.group()] not in words:
            words.append(_GLOSSARY[match.group()])
    if not words:
        return f"target-line-{line}"
    if len(words) > MAX_ID_WORDS:
        words = [*words[: MAX_ID_WORDS - 1], words[-1]]
    return "-".join(words)


def assign_ids(drafts: Sequence[Draft]) -> tuple[Candidate, ...]:
    seen: dict[str, int] = {}
    candidates = []
    for draft in drafts:
        base = suggest_id(draft.name, draft.line)
        seen[base] = seen.get(base, 0) + 1
        ident = base if seen[base] == 1 else f"{base}-{seen[base]}"
        candidates.append(
            Candidate(
                id=ident,
                name=draft.name,
                unit=draft.unit,
                kind=draft.kind,
                target=draft.target,
                quote=draft.quote,
                line=draft.line,
                confidence=draft.confidence,
                reasons=draft.reasons,
                baseline=draft.baseline,
                note=draft.note,
            )
        )
    return tuple(candidates)
