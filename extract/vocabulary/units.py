"""Units: how they are written, what they measure, and at what scale.

One table for every part of the product. :data:`UNITS` normalises a unit as written after a
number (微克/立方米, μg/m3 -> μg/m³); :data:`UNIT_MEASURES` says what a normalised unit measures
and, where an exact ratio exists, how many base units it is. Extraction uses the dimension to
keep a number from taking a measure stated in another kind of unit (燃煤锅炉18台 is a count, not
a boiler size); the diff uses the scale to compare 1000公顷 with 1.5万亩.
"""

from __future__ import annotations

from dataclasses import dataclass

# Units as written -> normalised unit (comment: meaning). Longer spellings first in the regex.
UNITS: dict[str, str] = {
    "%": "%",  # percent (％ is folded to %)
    "‰": "‰",  # per mille
    "个百分点": "百分点",  # percentage points
    "百分点": "百分点",
    "微克/立方米": "μg/m³",  # concentration
    "微克每立方米": "μg/m³",  # the same, written out (34.5微克每立方米)
    "μg/m³": "μg/m³",
    "μg/m3": "μg/m³",
    "ug/m3": "μg/m³",
    "μg/m 3": "μg/m³",  # a superscript ³ that a web page's copy set apart (25μg/m 3)
    "ug/m 3": "μg/m³",
    "微克": "微克",  # 每立方米30微克 -> μg/m³ (the 每立方米 before the number is read by the caller)
    "毫克每立方米": "mg/m³",
    "毫克/立方米": "mg/m³",  # concentration in milligrams: 0.035毫克/立方米 = 35微克/立方米, kept as written
    "mg/m³": "mg/m³",
    "mg/m3": "mg/m³",
    "mg/m 3": "mg/m³",
    "毫克/升": "mg/L",  # water concentration
    "毫克每升": "mg/L",
    "mg/L": "mg/L",
    "天": "天",  # days in a year
    "天次": "天次",  # city-days: a region's days counted over its cities (发生重污染395天次)
    "万吨/日": "万吨/日",  # treatment capacity
    "万吨/年": "万吨/年",  # yearly capacity (危险废物利用处置能力)
    "吨/年": "吨/年",
    "万吨": "万吨",  # emission reductions
    "吨": "吨",
    "万亩": "万亩",  # land area
    "亩": "亩",
    "平方公里": "km²",
    "km²": "km²",
    "km2": "km²",
    "万公顷": "万公顷",  # a province's forests and reserves
    "公顷": "公顷",
    "万平方米": "万m²",  # green space, building area
    "平方米": "m²",
    "公里": "km",  # river and road lengths (平方公里 is matched first)
    "米": "米",  # a lake's transparency, a groundwater depth (平方米, 立方米 are matched first)
    "万立方米": "万m³",  # water volumes
    "亿立方米": "亿m³",
    "蒸吨/小时": "蒸吨/小时",  # boiler capacity
    "蒸吨": "蒸吨/小时",  # shorthand for the same capacity unit
    "万千瓦": "万千瓦",  # installed power (new-energy capacity)
    "万元": "万元",  # money
    "亿元": "亿元",
    "万人": "万人",
    "人": "人",  # people served (千人以下水源地)
    "个位次": "位次",  # ranks gained or lost
    "位次": "位次",
    "万个": "万个",
    "个": "个",  # counts
    "项": "项",
    "件": "件",  # cases
    "次": "次",  # events; 每季度…次 becomes 次/季度
    "处": "处",
    "座": "座",
    "家": "家",
    "台": "台",
    "条": "条",  # streams, rivers, lines (26条Ⅴ类支流溪流); a bare 条 after a number is an article (第3条)
    "万辆": "万辆",  # vehicles (淘汰1.6万辆黄标车)
    "辆": "辆",
    "万户": "万户",  # households (1.76万户清洁取暖改造)
    "户": "户",
    "万家": "万家",  # firms (整治“散乱污”企业1.67万家)
    "万台": "万台",  # boilers, stoves
    "分贝": "分贝",  # sound level (等效声级值为66.1分贝), as written
}
COUNT_UNITS = frozenset({"个", "项", "件", "次", "处", "座", "家", "台", "万个", "条", "辆", "万辆", "户", "万户",
                         "万家", "万台"})
"""Units of counted things: "24个项目" names a count, it states no value unless a verb precedes."""

# Rate prefixes: 每季度至少召开1次 -> 次/季度 (comment: meaning).
PER_PERIOD = {
    "每季度": "季度",  # per quarter
    "每年": "年",  # per year
    "每月": "月",  # per month
    "每半年": "半年",
}


@dataclass(frozen=True)
class UnitMeasure:
    """What a normalised unit measures."""

    dimension: str
    """concentration, mass, area …; ``share`` for % and ‰, which can be stated of any measure."""
    scale: float | None = None
    """How many base units of the dimension one unit is, when the ratio is exact (公顷 = 15 亩);
    None when it converts to nothing else (mg/L, a count of 家)."""


SHARE = "share"
"""The dimension of % and ‰: a share or a relative change can be stated of anything."""

# Normalised unit -> what it measures (comment: meaning). Scales only for exact, defined ratios
# (1 公顷 = 15 亩, 1 万吨 = 10 000 吨, 1 毫克 = 1 000 微克); a count of 家 and a count of 个, or % and
# 个百分点, are different things and do not convert.
UNIT_MEASURES: dict[str, UnitMeasure] = {
    "μg/m³": UnitMeasure("concentration", 1.0),  # air
    "mg/m³": UnitMeasure("concentration", 1e3),
    "微克": UnitMeasure("concentration"),  # 每立方米30微克 before the caller makes it μg/m³
    "mg/L": UnitMeasure("concentration"),  # water: no ratio to air's units
    "天": UnitMeasure("days"),
    "天次": UnitMeasure("days"),  # no ratio to 天: 395天次 over 28 cities are not 395 days
    "吨": UnitMeasure("mass", 1.0),  # emissions and their reductions
    "万吨": UnitMeasure("mass", 1e4),
    "万吨/日": UnitMeasure("capacity"),
    "万吨/年": UnitMeasure("capacity"),
    "吨/年": UnitMeasure("capacity"),
    "亩": UnitMeasure("area", 1.0),
    "万亩": UnitMeasure("area", 1e4),
    "公顷": UnitMeasure("area", 15.0),
    "万公顷": UnitMeasure("area", 15e4),
    "km²": UnitMeasure("area", 1500.0),
    "万m²": UnitMeasure("area"),
    "m²": UnitMeasure("area"),
    "km": UnitMeasure("length"),
    "米": UnitMeasure("length"),
    "蒸吨/小时": UnitMeasure("boiler size"),
    "万千瓦": UnitMeasure("power"),
    "万元": UnitMeasure("money"),
    "亿元": UnitMeasure("money"),
    "人": UnitMeasure("people"),
    "万人": UnitMeasure("people"),
    "个": UnitMeasure("count"),  # counted things (and 次/季度 rates of them)
    "项": UnitMeasure("count"),
    "件": UnitMeasure("count"),
    "次": UnitMeasure("count"),
    "处": UnitMeasure("count"),
    "座": UnitMeasure("count"),
    "家": UnitMeasure("count"),
    "台": UnitMeasure("count"),
    "万个": UnitMeasure("count"),
    "条": UnitMeasure("count"),
    "辆": UnitMeasure("count", 1.0),
    "万辆": UnitMeasure("count", 1e4),
    "户": UnitMeasure("count", 1.0),
    "万户": UnitMeasure("count", 1e4),
    "万家": UnitMeasure("count"),  # 家 converts to nothing: a count of firms is not a count of 个
    "万台": UnitMeasure("count"),
    "分贝": UnitMeasure("sound level"),
    "%": UnitMeasure(SHARE, 10.0),  # 10 ‰
    "‰": UnitMeasure(SHARE, 1.0),
}


def dimension_of(unit: str | None) -> str | None:
    """What a number in ``unit`` (normalised; a rate like 次/季度 counts as its first part) can be a
    value of; None when it fits any measure (%, 百分点) or the unit is unknown."""
    if unit is None:
        return None
    info = UNIT_MEASURES.get(unit) or UNIT_MEASURES.get(unit.split("/")[0])
    return info.dimension if info is not None and info.dimension != SHARE else None


def scale_of(unit: str | None) -> tuple[str, float] | None:
    """(dimension, scale) of a unit with an exact ratio to its dimension's base, else None."""
    info = UNIT_MEASURES.get(unit or "")
    return (info.dimension, info.scale) if info is not None and info.scale is not None else None


def convert(value: float, unit: str, to: str) -> float | None:
    """``value`` written in ``unit`` expressed in ``to`` (either as written or normalised); None when
    the two do not measure alike."""
    a, b = scale_of(UNITS.get(unit, unit)), scale_of(UNITS.get(to, to))
    if a is None or b is None or a[0] != b[0]:
        return None
    return round(value * a[1] / b[1], 9)  # 1000公顷 -> 1.5万亩 exactly, not 1.5000000000000002
