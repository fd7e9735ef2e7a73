"""Statements with a number: each group of numbers of a clause read in small named steps.

A group is one number, or a list sharing a comparator and unit (PM2.5、PM10浓度分别不高于15、29
微克/立方米, :func:`extract.statements.group_hits`). For each group, in clause order:

1. **value or not** (:func:`_is_value`): an item label, a counted noun in passing (24个项目启动) or a
   bare number without a comparator states nothing;
2. **units** (:func:`_group_units`): the list shares its last unit; 每季度 and 每立方米 complete it;
3. **when** (:func:`_when`): the year in force and the deadline; a number right after 上年 is last year's;
4. **a scope** (:func:`_scope_statement`): 40蒸吨/小时以下燃煤锅炉 bounds what a rule covers;
5. **terms** (:func:`_terms`): comparator, kind (target, actual, change) and whether approximate;
6. **measures** (:func:`_measures`): which dictionary measure (or which own words) each value is of;
7. **statements** (:func:`_group_statements`): one per value, its quote widened over a name right after.

The only state carried from group to group is where the last one ended and its measures: a
number with no words of its own (…，同比下降3%) continues the measure before it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extract.numbers import NumberHit
from extract.phrases import PHRASE_MAX, own_phrase, table_phrase, trim_phrase
from extract.statements import (
    CONJUNCT_SPLIT,
    Group,
    Suffix,
    comparator_before,
    group_hits,
    resolve_conjuncts,
    suffix_after,
)
from extract.target_context import ClauseContext, Names, Statement
from extract.vocabulary.indicators import Dictionary, Match, make_key
from extract.vocabulary.units import COUNT_UNITS, UNITS, dimension_of

_BOUNDARY = re.compile(r"[,，;；:：。!?！？\t]")
_LABEL_CLOSE = ".．、)）"
_LEAD = re.compile(r"[ \t●·(（]*")
"""What may stand before an item label at the start of a clause."""
_LIST_BREAK = re.compile(r"[,，;；:：。!?！？\t、]")
_LAST_YEAR_VALUE = re.compile(r"(上年|去年|上一年)度?(的|为)?\s?$")
"""由上年的83.3%提升至91.7%: the number right after 上年(的) is last year's value."""
_BASE_YEAR_VALUE = re.compile(r"[较比与]\s?((?:19|20)\d\d)\s?年(?:同期)?\s?(?:[(（]|的)\s?$")
"""与2017年(90.8%)同比上升1.3个百分点, 与2021年同期的97.2%相比: the number in brackets or after 的 right after a base
year is that year's value."""
_EFFORT_ONLY = re.compile(r"[,，、\s]*(?:力争|争取|努力|确保)?\s?(?:达到?|实现)?\s?")
"""What stands between a change and a further number in its unit that only raises its aim (下降6%以上，力争8%;
not 下降10%，达到62微克/立方米, a level)."""
_REQUIREMENT_AFTER = re.compile(r"\s?(的)?\s?(?:年度|阶段性?|国家|省|市)?\s?(?:约束性)?\s?(?:考核)?(?:目标(?:要求|任务|值)?|指标要求)")
"""…89.1%的年度目标要求, …83.5%的国家约束性考核指标要求, 完成市下达的90%目标任务: the number is the requirement an
outcome is measured against, not an outcome (without 的, not a count: 114项目标任务 counts the targets)."""
_REQUIREMENT_BEFORE = re.compile(r"目标值?\s?[(（]\s?$")
"""超额完成省定目标（85%）: the number in brackets after 目标 is the target's level."""
_CHANGE_BEFORE = re.compile(r"(?:下降|降低|削减|减少|上升|提高|增长)(?:比例|幅度|比率|目标)|降幅|增幅")
"""下降比例高于12%, 下降目标为25%: the number is a change, whatever comparator word stands before it."""
_MARGIN_BEFORE = re.compile(r"(?:优于|好于|高于|低于|超过|超出)[^,，;；。]{0,12}目标(?:值|要求)?\s?$")
"""优于“十四五”年度目标10%以上: the number is a margin over a target (a change), not a level."""
_REACHED = re.compile(r"达到?|完成|实现|满足")
_PER_PERIOD = re.compile(r"每(季度|半年|年|月)[^,，;；。]{0,8}$")
_PER_VOLUME = re.compile(r"每立方米$")
_APPROX_BEFORE = re.compile(r"(约|大约|近)\s?(为|达到?|占)?\s?$")
"""约41%, 约为41%, 约达41%: an approximate value."""
_COUNT_VERB = re.compile(r"(至少|建成|新建|增创|新增|完成|召开|开展|创建|建设|达到|达|实现|淘汰|关停|取缔|落实|实施"
                         r"|整合|划定|拆除|整治|改造|中有)\s?(?:全[省市区县])?\s?(?:近|约)?\s?$")
"""完成13家, 落实近3000个项目, 划定201个保护区, 完成全市246个已关闭矿山的治理, 8个养殖区中有5个: a count after a
verb (or a verb and 近/约, or the government's 全市) states a value."""
_COUNT_VERB_REACH = 7
_COUNT_DONE = re.compile(r"(?:[^,，;；。:：、%(（]|[(（][^()（）]{0,8}[)）]){0,14}?(全部|全面|均)?(如期|按期|稳定)?"
                         r"(完成|启动|达到|建成|剿灭|消除|达标(?![率排]))")
"""151台超标燃煤锅炉全部完成达标整治, 5个干流断面全部达标, 3条溪流剿灭Ⅴ类: a count whose noun is reported
done states a value (11个县(市、区)空气质量均达到…: a bracket is part of the noun; not 60个断面达标率, a coverage; not 5个断面全部100%达标, where the share is the value; 2至3个城市达到… is)."""
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LOST_PERCENT = re.compile(r"[.,、。](以上|以下)(?![\u4e00-\u9fff])")
"""达标率90.以上、, 下降30,以上. (an OCR that read the % as a stop or comma): a bare number's closing word one
mark on; not 以上目标 or 以下燃煤锅炉, which open words of their own."""
_COUNTED_RUN = re.compile(r"(?:[(（][^()（）]{0,8}[)）]|[^,，;；:：。!?！？\t、(（])*")
"""The counted noun up to a list break; a bracket's 、 breaks nothing (11个县(市、区)空气质量…)."""
_COUNTED_NOUN = re.compile(r"[“‘\"]?[\u4e00-\u9fff]")
"""35家“散乱污”企业: the counted noun may open with a quotation mark."""
_COVERAGE = re.compile(r"[^,，;；:：。!?！？\t]{0,24}?(?:率|比例|比重)[^,，;；:：。!?！？\t]{0,12}?\d")
"""60个监测断面达标率85%以上, 12个国考断面水质优良比例达到95%: a count before a rate that has its own
value says what the rate covers; it states no value of its own."""
LIST_REACH = 200
"""How far before 全部 a list of counted objects is looked for (a flattened clause must stay linear)."""
_ALL_BEFORE = re.compile(r"[,，]?\s?(全部|均|都)\s?$")
_MET_AFTER = re.compile(r"\s?达标(?!率)")
_COUNTED_ITEM = re.compile(r"[^\u4e00-\u9fff\d]*(?:全市|全县|全区|全省)?\s?\d+\s?个\s?([^\d]+?)\s*$")
"""An object of a list counted: 11个国控断面, 全市8个集中式饮用水源地水质."""
_STANDARD_GLOSS = re.compile(r"标准(?:值|限值)?\s?[(（]\s?[≤<]?\s?$")
"""达到国家空气质量二级标准(35微克/立方米): a standard's level quoted to say what it is, not a value stated."""
_BASE_DAYS = re.compile(r"(?:监测|实测|自然|有效)(?:天数|日数)?\s?(?:为|共|达)?\s?$")
"""全年自然天数366天, 有效监测天数363天, 实测天数355天: the days a share of days is taken over, the base of a
ratio, not a measure's value."""
_POPULATION = re.compile(r"(?:常住|户籍|总)人口(?:数|总数)?\s?(?:为|达到?|约|近|超过)?\s?$")
"""全省常住人口4000万人: a government's size, the background of a report, no measure's value."""
_WEIGHT_AFTER = re.compile(r"\s?的?\s?权重")
_WEIGHT_BEFORE = re.compile(r"权重(?:分别)?(?:为|是|占)?\s?$")
"""各占30%、30%和40%的权重, 权重为40%: the weight a ranking or an assessment gives a measure, its method, no value."""
_SHARE_AFTER = re.compile(r"\s?[,，]\s?占\s?\d+(?:\.\d+)?\s?%")
"""好于III类标准的共6座,占54.5%: a count followed by its share of the whole; the share is the value."""
_MONITORED_TIMES = re.compile(r"监测\s?(?:频次|频率)?\s?(?:为|共)?\s?$")
"""水质监测12次: how often a place was monitored, no value."""
_FIRST_PAST = re.compile(r"首次(?:超过|突破|高于|低于|跌破|进入)\s?$")
"""优良天数比例94.0%，…首次超过90%: a round threshold the value just given crossed, not a second value."""
_INCLUDED_BEFORE = re.compile(r"(?:纳入|列入)[^,，;；:：。!?！？\t\d]{0,20}$")
"""全州纳入国控断面18个, 列入国家目标责任书中的62个断面: the count of what an assessment covers, no value."""
_WHOLE_OF = re.compile(r"[^,，;；:：。!?！？\t\d]{0,12}?中\s?[,，]?\s?(?:共有|有)?\s?\d")
"""9个中心城市中有8个…, 8个海水养殖区中有5个…, (18个断面中16个达到…): the first count is the whole the second
is part of; only the part states a value."""
_MONITORED_BEFORE = re.compile(r"(?:断面|点位|监测点|监测站|站点|样品|样本)(?:[(（][^()（）]{0,6}[)）])?\s?(?:共|为|有)?\s?$")
"""全市共设置地表水监测断面45个, 其中国控断面12个, 共监测降水样品320个: the size of a monitoring network or
sample, not a value (unless the piece builds them: 新建空气自动监测站5个)."""
_BUILT = re.compile(r"建成|新建|建设|新增|增设|完成|改造")
_RATE_BEFORE = re.compile(r"(?:率|比例)\s?$")
"""水源水质达标率100 (an OCR that lost the %): a number right after a rate's name is its value."""
NAME_AFTER_REACH = 12
"""How far after a number a dictionary name may start and still name it (达到90%以上的城市空气质量优良天数比例)."""

_GLOSS = re.compile(r"[(（][^()（）]{1,8}[)）]")
"""A name's gloss in brackets: 二氧化硫(SO2)."""
_LEVELS_JOINED = re.compile(r"国[控考家]?\s?[、和及与/]\s?省[控考]?")
"""31个国、省控断面, 国控和省控断面: sections of both levels are the general measure, narrowed by neither."""
NARROW_REACH = 24
"""How far before a measure's name a word narrowing it (国控, 小流域) is looked for, within its statement."""

_GRADE_DAYS = re.compile(r"(?:^|[,，;；、:：(（]|其中|空气质量)\s?(优|良|达标|超标|污染|轻度污染|中度污染|重度污染|严重污染)"
                         r"\s?(?:为|有)?\s?$")
"""其中优104天，良160天；超标83天; (优22天、良9天); 环境空气质量达标280天: a day count named by its grade of air
quality alone is that grade's days (优的天数, 超标天数, 达标天数), not the measure named before it."""
GRADE_REACH = 10
_GENERIC_LEVEL = re.compile(r"(?:平均|月均|年均|日均|季均|累计|全年)*(?:浓度|浓度值|浓度均值|浓度平均值)")
"""PM2.5月均浓度范围为10~27μg/m3，平均月均浓度为18μg/m3: a concentration with no pollutant of its own is the
pollutant's named earlier in the clause."""
_ELLIPTIC_RATIO = re.compile(r"(.{1,6}?)(?:天数)?(?:比例|比率|占比)")
"""优良天数为29天，优良比例为93.5%: a ratio named by its days' stem alone is the ratio of those days."""

_CITY_WORDS = ("城市", "设区市", "地级市", "地市", "盟市", "市州", "市(州)", "市")
_CITIES_ATTAINED = re.compile(r"(?:城市|设区市|地级市|地市|盟市|市州|市\(州\)|市)?\s?(?:环境)?空气质量\s?(?:综合评价\s?)?"
                              r"(?:均|全部)?(?:达到(?:了)?(?:国家)?(?:环境空气质量)?二级标准|达标)"
                              r"|(?:城市|设区市|地级市|地市|盟市|市州|市\(州\)|市)(?:均|全部)?达到(?:了)?(?:国家)?(?:环境)?空气质量二级标准")
"""7个设区市达到国家空气质量二级标准, 7个盟市空气质量综合评价达标, 9个中心城市中有8个环境空气质量达到二级标准: a count
of cities whose air meets the standard (the dictionary's ATTAINMENT_NAME)."""
_CITIES_AMONG = re.compile(r"(?:城市|市|盟市|地市)中有\s?$")
ATTAINMENT_NAME = "空气质量达到二级标准的城市"

Measure = tuple[str | None, str, int]
"""(indicator code or None, the words naming it, where the quote starts)."""


@dataclass(frozen=True)
class _Terms:
    """What a group's values share: how they compare, what kind of statement, and when."""

    comparator: str
    kind: str
    approx: bool
    year: int | None
    deadline: str | None


def value_statements(ctx: ClauseContext, hits: list[NumberHit],
                     carry: list[tuple[str | None, str]] | None = None) -> list[Statement]:
    """The statements of a clause's numbers (``hits``, none inside a dictionary name), in order.

    ``carry`` holds the measures a number with no words of its own continues: on the way in, those of
    the sentence's part before a semicolon (…较2013年下降20%的任务；较2016年下降1.7%), on the way out,
    this clause's last ones."""
    s = ctx.text
    out: list[Statement] = []
    prev_end = 0
    carried: list[tuple[str | None, str]] = list(carry or ())
    carried_kind, carried_unit = "", None
    """(code, phrase) of the last group's values: a further number with no words of its own is the last
    one's measure (…，同比下降3%), or with 均 every one's (PM2.5、PM10浓度分别为21、48微克/立方米，均同比下降2微克/立方米)."""
    range_named = False
    low_kind = ""
    """The kind of a range's low end just read: its high end is of the same statement."""
    """The low end of a range was named (pH值在6.02-8.7之间): so is its high end."""
    for g in group_hits(s, hits):
        sfx = suffix_after(s, g.end)
        if sfx.comparator is None and g.hits[-1].unit is None:
            lost = _LOST_PERCENT.match(s, g.end)  # 达标率90.以上 on an OCR'd page: the % read as a stop
            if lost:
                sfx = Suffix(lost.end(1), ">=" if lost.group(1) == "以上" else "<=", False, False)
        bound = g.hits[0].bound
        named = ctx.names.ends_at(g.start) or (bound == "high" and range_named) or \
            bool(_RATE_BEFORE.search(s, max(0, g.start - 2), g.start)) or \
            (bound == "low" and s.startswith("在", g.start - 1) and ctx.names.ends_at(g.start - 1))
        range_named = bound == "low" and named
        if _states_nothing(s, g) or not _is_value(s, g.hits[0], g, ctx.names.right_after(s, sfx.end), named):
            if is_label(s, g.hits[0]):  # 1. 2、 (3): the words after a label begin a new statement; a count in
                prev_end = _past_label(s, g.end)  # passing (PM2.5平均浓度最低的3个城市…分别为47、55) hides no name
            continue
        units = _group_units(s, g)
        year, deadline = _when(ctx, g.hits[0].start)
        after = ctx.names.following(s, sfx.end)
        if sfx.scope and not _counted_after_verb(s, g.hits[0]):
            out.append(_scope_statement(s, g, sfx, after, units[0], year, deadline))
            prev_end = g.end
            continue
        before = ctx.names.between(prev_end, g.hits[0].start)
        terms, comp_at = _terms(ctx, g, sfx, before[-1].end if before else prev_end, units[-1], year, deadline)
        if bound == "high" and low_kind:
            terms = replace(terms, kind=low_kind)  # 增加2至3个: the high end is the same change as the low one
        low_kind = terms.kind if bound == "low" else ""
        if carried_kind == "change" and carried_unit == units[-1] and not before and \
                _EFFORT_ONLY.fullmatch(s, prev_end, g.hits[0].start):
            terms = replace(terms, kind="change")  # 下降6%以上，力争8%: the same change, a higher aim
        first = g.hits[0]
        counted = first.unit in COUNT_UNITS and bool(_COUNTED_NOUN.match(s, sfx.end)) and not s.startswith("以", sfx.end)
        if counted:
            before = []  # "151台超标燃煤锅炉…": the counted noun names the measure
        measures = _grade_days(ctx.letter.dic, s, g, units[-1], prev_end) or \
            _measures(ctx.letter.dic, s, g, before, after, carried, prev_end, comp_at, sfx.end if counted else None,
                      ctx.names, units[-1])
        if ctx.is_row:
            measures = [_cell_named(s, g.start, m) for m in measures]
        group = _all_met(ctx, g, sfx, units[0], terms) or \
            _group_statements(ctx, g, sfx, units, measures, terms, named_after=after[0] if after and not before
                              else None, counted=counted)
        if sfx.comparator is None and s.startswith("达", comp_at):
            group = [_ceiling_reached(ctx, st) for st in group]
        out.extend(st for st in group if st.code or st.unit != "位次")  # 综合排名较上年前进1位: no measure's rank
        carried = [(st.code, st.phrase) for st in group]
        carried_kind, carried_unit = terms.kind, units[-1]
        prev_end = sfx.end
    if carry is not None:
        carry[:] = carried
    return out


def _ceiling_reached(ctx: ClauseContext, st: Statement) -> Statement:
    """达到55微克/立方米 as a target for a measure the dictionary says is better lower (a concentration)
    is a ceiling (``<=``), not a floor."""
    ind = ctx.letter.dic.by_code.get(st.code) if st.code else None
    if st.kind == "target" and st.comparator == ">=" and ind is not None and ind.direction == "-":
        return replace(st, comparator="<=")
    return st


def _listed_items(s: str, end: int) -> list[tuple[int, str]]:
    """(start, object) of the counted objects listed right before ``end`` (11个国控断面、17个省控断面，
    8个集中式饮用水源地水质), nearest last; a comma inside brackets (县(市、区)) splits nothing."""
    cuts, depth = [], 0
    floor = max(0, end - LIST_REACH)
    for i in range(end - 1, floor - 1, -1):
        ch = s[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            depth -= 1
        elif depth <= 0 and ch in "、,，;；:：。":
            cuts.append(i)
            if ch not in "、,，":
                break
    closed = floor == 0 and (not cuts or s[cuts[-1]] in "、,，")  # the list runs from the clause's start
    bounds = [end] + cuts + ([-1] if closed else [])
    items = []
    for b, a in itertools.pairwise(bounds):
        m = _COUNTED_ITEM.match(s, a + 1, b)
        if not m:
            break
        items.append((m.start(1), m.group(1).strip()))
    return items[::-1]


def _all_met(ctx: ClauseContext, g: Group, sfx: Suffix, unit: str | None, terms: _Terms) -> list[Statement]:
    """全市11个国控断面、17个省控断面…，全部100%达标: a share 全部 met by every object of a list of counted
    objects gives one row per object, the measure being that object's 达标率 (its dictionary code, or none)."""
    first = g.hits[0]
    if len(g.hits) > 1 or unit != "%" or not _MET_AFTER.match(ctx.text, sfx.end):
        return []
    lead = _ALL_BEFORE.search(ctx.text, max(0, first.start - 4), first.start)
    if not lead:
        return []
    items = _listed_items(ctx.text, lead.start())
    if len(items) < 2:
        return []
    dic = ctx.letter.dic
    return [Statement(a, sfx.end, dic.code_of(obj + "达标率"), obj, terms.comparator, first.value, first.text, unit,
                      terms.kind, terms.approx, terms.year, terms.deadline) for a, obj in items]


def _is_value(s: str, hit: NumberHit, group: Group, subject_after: bool, named_before: bool = False) -> bool:
    """Whether a number states a value (not a counted noun, not a bare number in passing).

    A bare number needs a comparator word before it, or a measure's name right before it
    (环境空气质量综合指数3.58: an index has no unit; 水质达标率100 where the % was lost)."""
    after = s[hit.end:hit.end + 2]
    if len(group.hits) > 1 and hit is not group.hits[-1]:
        after = s[group.end:group.end + 2]  # 分别不高于53和32微克/立方米: the list's words follow its last value
    if hit.unit is None:
        return (named_before or comparator_before(s, group.start, 0) is not None) and \
            (not after or not _HAN.match(after) or after.startswith(("以", "及", "左", "之间")))
    if hit.unit in COUNT_UNITS and (_COVERAGE.match(s, hit.end) or _WHOLE_OF.match(s, hit.end) or
                                    _INCLUDED_BEFORE.search(s, max(0, hit.start - 22), hit.start)):
        return False
    if hit.unit in COUNT_UNITS and _MONITORED_BEFORE.search(s, max(0, hit.start - 14), hit.start):
        piece = max((b.end() for b in _BOUNDARY.finditer(s, max(0, hit.start - 40), hit.start)), default=0)
        if not _BUILT.search(s, piece, hit.start):
            return False
    if dimension_of(hit.unit) == "area" and _HAN.match(s, hit.end) and _COVERAGE.match(s, hit.end):
        return False  # 8000多万亩秸秆离田率达到了66%: the area the rate is taken over
    if hit.unit == "项" and s.startswith("等", hit.start - 1):
        return False  # 散煤治理等5项任务: the number counts the kinds of work just named, a programme's size
    if hit.unit in COUNT_UNITS and after and _COUNTED_NOUN.match(after) and not after.startswith(("以", "及", "左")):
        # "24个项目启动", 25个“湾长制”重点港湾…: a count of a noun (quoted or not); a value only after a verb
        # (建成1个设施) or before a measure.
        return subject_after or bool(_COUNT_VERB.search(s, max(0, hit.start - _COUNT_VERB_REACH), hit.start)) or \
            bool(_COUNT_DONE.match(s, hit.end))
    return True


def _states_nothing(s: str, g: Group) -> bool:
    """A number that quotes rather than states: a standard's level in brackets after its name
    (二级标准(35微克/立方米)), a threshold just crossed (首次超过90%), the days monitored a share of days is
    taken over (有效监测天数363天), a population (常住人口4000万人). (A range said of 各区 is dropped where
    governments are placed.)"""
    first = g.hits[0]
    if first.unit == "天" and _BASE_DAYS.search(s, max(0, first.start - 8), first.start):
        return True
    if first.unit in ("人", "万人") and _POPULATION.search(s, max(0, first.start - 10), first.start):
        return True
    if first.unit == "次" and _MONITORED_TIMES.search(s, max(0, first.start - 8), first.start):
        return True
    if len(g.hits) == 1 and first.unit in COUNT_UNITS and _SHARE_AFTER.match(s, g.end):
        return True
    return bool(_STANDARD_GLOSS.search(s, max(0, first.start - 8), first.start) or
                _FIRST_PAST.search(s, max(0, first.start - 5), first.start) or
                _WEIGHT_AFTER.match(s, g.end) or _WEIGHT_BEFORE.search(s, max(0, first.start - 6), first.start))


def _counted_after_verb(s: str, hit: NumberHit) -> bool:
    """淘汰1.6万辆以上黄标车: a count after a verb is a number to reach, not the size a rule covers."""
    return hit.unit in COUNT_UNITS and bool(_COUNT_VERB.search(s, max(0, hit.start - _COUNT_VERB_REACH), hit.start))


def _past_label(s: str, end: int) -> int:
    """Where the words after a number that states nothing begin: past 1. 2、 (3) item labels' closers."""
    while end < len(s) and s[end] in _LABEL_CLOSE:
        end += 1
    return end


def is_label(s: str, h: NumberHit) -> bool:
    """An item label (1. 2、 (3)) or a table's row number: a number that states nothing."""
    lead = _LEAD.match(s)  # always matches (possibly empty)
    return h.unit is None and lead is not None and h.start <= lead.end() and s[h.end:h.end + 1] in _LABEL_CLOSE + "\t"


def units_from_cells(s: str, hits: list[NumberHit]) -> list[NumberHit]:
    """A table's unit column (优良天数比例 | % | 82 | ≥88): a bare number takes the unit of the nearest
    cell before it that is a unit, across cells of other values but not across the row's name."""
    out = []
    for h in hits:
        if h.unit is None:
            cells = s[:h.start].split("\t")[:-1]
            for cell in reversed(cells):
                cell = cell.strip()
                unit = UNITS.get(cell)
                if unit:
                    h = replace(h, unit=unit)
                    break
                if _HAN.search(cell):
                    break
        out.append(h)
    return out


def _group_units(s: str, g: Group) -> list[str | None]:
    """Each value's unit: 15、29微克/立方米 share the last unit; 每季度1次 is 次/季度; 每立方米…微克 is μg/m³."""
    units = [h.unit for h in g.hits]
    for i in range(len(units) - 2, -1, -1):
        units[i] = units[i] or units[i + 1]
    pos = g.hits[0].start
    per = _PER_PERIOD.search(s, max(0, pos - 12), pos)
    if per and units[-1] in COUNT_UNITS:
        units = [f"{u}/{per.group(1)}" if u else u for u in units]
    if _PER_VOLUME.search(s, max(0, pos - 4), pos) and units[-1] == "微克":
        units = ["μg/m³"] * len(units)
    return units


_FROM_VALUE = re.compile(r"[由从]\s?$")
_TO_LEVEL = re.compile(r"[^,，;；。]{0,12}?[至到]")
_BASE_YEAR = re.compile(r"[较比与]\s?((?:19|20)\d\d)\s?年")
FROM_REACH = 60
"""How far before 由X…至Y the base year it is compared with is looked for (与2016年同期相比，…由4天增加至16天)."""


def _when(ctx: ClauseContext, pos: int) -> tuple[int | None, str | None]:
    """(year, deadline) of a value at ``pos``; the value right after 上年 is the year before's; the X of 由X…至Y
    after a base year (与2016年同期相比，…由4天增加至16天) is the base year's."""
    base = _BASE_YEAR_VALUE.search(ctx.text, max(0, pos - 12), pos)
    if base:
        return int(base.group(1)), None  # 与2017年(90.8%)同比上升: the base year's own value
    if _FROM_VALUE.search(ctx.text, max(0, pos - 2), pos) and _TO_LEVEL.match(ctx.text, pos):
        start = max(0, pos - FROM_REACH, ctx.text.rfind("。", 0, pos) + 1)
        bases = list(_BASE_YEAR.finditer(ctx.text, start, pos))
        if bases:
            return int(bases[-1].group(1)), None
    year = ctx.year_at(pos)
    deadline = ctx.years.deadline_at(pos, year)
    if year is not None and _LAST_YEAR_VALUE.search(ctx.text, max(0, pos - 8), pos):
        year -= 1
    return year, deadline


def _scope_statement(s: str, g: Group, sfx: Suffix, after: list[Match], unit: str | None,
                     year: int | None, deadline: str | None) -> Statement:
    """40蒸吨/小时以下燃煤锅炉: the number bounds what a rule covers, the noun after it is the measure."""
    first = g.hits[0]
    m = after[0] if after else None
    phrase = m.name if m else re.split(r"[,，;；。的]", s[sfx.end:])[0][:16]
    return Statement(first.start, m.end if m else sfx.end, m.code if m else None, phrase, sfx.comparator or "<=",
                     first.value, first.text, unit, "scope", False, year, deadline)


def _terms(ctx: ClauseContext, g: Group, sfx: Suffix, subj_start: int, last_unit: str | None,
           year: int | None, deadline: str | None) -> tuple[_Terms, int]:
    """The group's comparator, kind and approximation, and where its comparator word starts.

    The closing word (以上, 以下) decides first, then the comparator word before the number, then
    控制 (a ceiling), else equality. A change (下降3%, 3个百分点) or a notice's 达到93.4% states a value,
    not a floor; 余/多 after a number (9200余万元) is more than it; a range's ends are a floor and a ceiling.
    """
    s, first = ctx.text, g.hits[0]
    comp, change, comp_at = comparator_before(s, first.start, subj_start) or (None, False, first.start)
    kind = "change" if change or last_unit in ("百分点", "位次") else ctx.kind_at(first.start, year)
    comparator = sfx.comparator or comp or ("<=" if "控制" in s[subj_start:first.start] else "==")
    if comparator in (">=", "<=") and sfx.comparator is None and kind == "actual":
        comparator = "=="  # a notice's 达到93.4%, 减少至3天 report a value, they set no floor or ceiling
    if sfx.comparator is None and kind == "change":
        comparator = "=="
    if first.more_than:
        comparator = ">"
    if first.bound:  # 控制在22—25微克/立方米, 稳定在88%至90%之间: the ends are a floor and a ceiling
        comparator = ">=" if first.bound == "low" else "<="
    if kind != "change" and (_CHANGE_BEFORE.search(s, subj_start, first.start) or _MARGIN_BEFORE.search(s, subj_start,
                                                                                                     first.start)):
        kind = "change"  # 下降比例高于12%, 下降目标为25%; 优于年度目标10%以上: a change, or a margin over a target
    required = _REQUIREMENT_AFTER.match(s, sfx.end)
    if required and not required.group(1) and last_unit in COUNT_UNITS:
        required = None  # 114项目标任务圆满完成: a count of targets met
    if kind != "change" and (required or _REQUIREMENT_BEFORE.search(s, max(0, first.start - 6), first.start)):
        # 达到不低于59.6%的年度目标要求: the requirement, with its own comparator; 高于89.1%的年度目标要求: the
        # outcome is above a requirement of 89.1%
        kind = "target"
        if comp is not None and not _REACHED.search(s, subj_start, comp_at):
            comparator = sfx.comparator or "=="
    approx = sfx.approx or first.more_than or bool(_APPROX_BEFORE.search(s, max(0, first.start - 6), first.start))
    return _Terms(comparator, kind, approx, year, deadline), comp_at


def _group_statements(ctx: ClauseContext, g: Group, sfx: Suffix, units: list[str | None],
                      measures: list[Measure], terms: _Terms, named_after: Match | None,
                      counted: bool) -> list[Statement]:
    """One statement per value of the group (one per measure when a single value holds for several).

    The last value's quote runs to the closing word; over a name right after the number
    (达到90%以上的城市空气质量优良天数比例) or a counted noun (建成3座加油站) when that names it. A
    measure whose usual unit measures something else than the value's (燃煤锅炉18台) is dropped.
    """
    s, first, last = ctx.text, g.hits[0], g.hits[-1]
    one_each = len(measures) == len(g.hits)
    hits = list(g.hits) if one_each else [first] * len(measures)
    units = units if one_each else [units[0]] * len(measures)
    out = []
    for h, unit, (code, phrase, qa) in zip(hits, units, measures):
        end = h.end if h is not last else sfx.end
        if named_after is not None and code == named_after.code and named_after.start - sfx.end <= NAME_AFTER_REACH:
            end = max(end, named_after.end)
        elif counted and code is None and s.startswith(phrase, sfx.end):
            end = max(end, sfx.end + len(phrase))
        if code and not _fits(ctx.letter.dic, code, unit):
            code = _refit(ctx.letter.dic, phrase, unit)
        elif code and (unit == "百分点" or (unit == "%" and terms.kind != "change")):
            code = _days_ratio(ctx.letter.dic, code, phrase)  # (重污染天数同比下降39%: the days' own change)
        out.append(Statement(min(qa, first.start), end, code, phrase, terms.comparator, h.value, h.text, unit,
                             terms.kind, terms.approx, terms.year, terms.deadline))
    return out


def _fits(dic: Dictionary, code: str, unit: str | None) -> bool:
    """Whether a number in ``unit`` can be a value of the measure ``code``: a dictionary measure whose
    usual unit measures something else is not the measure of a number (燃煤锅炉 is a boiler size;
    燃煤锅炉18台 a count). See :func:`extract.vocabulary.units.dimension_of`."""
    mine = dimension_of(unit)
    usual = dimension_of(dic.by_code[code].unit)
    if unit == "个" and usual == "days":
        return True  # 个 is the general classifier: 优良天数要达到200个 counts days
    return mine is None or usual is None or mine == usual


def _refit(dic: Dictionary, phrase: str, unit: str | None) -> str | None:
    """The measure of a pollutant named with a concentration's unit: its concentration (二氧化硫(SO2)浓度分别为
    …3微克/立方米: 二氧化硫 alone names the emission, 二氧化硫浓度 the air's), else None."""
    if dimension_of(unit) != "concentration":
        return None
    bare = _GLOSS.sub("", phrase)  # 二氧化硫(SO2)年均浓度 is 二氧化硫年均浓度
    for name in (bare, phrase + "浓度", bare + "浓度"):  # (环境空气中二氧化硫(SO2), before 、…年均浓度)
        code = dic.code_of(name)
        if code is not None and _fits(dic, code, unit):
            return code
    return None


def _days_ratio(dic: Dictionary, code: str, phrase: str) -> str:
    """A share said of a count of days or things, or its change in points, is their ratio (空气质量优级天数
    均为100%, 优良天数上升了2.1个百分点, 城市建成区黑臭水体控制在10%以内): the dictionary's name for them with
    比例, when it has one."""
    if dimension_of(dic.by_code[code].unit) not in ("days", "count"):
        return code
    ratio = dic.code_of(phrase + "比例")
    return ratio if ratio is not None and dic.by_code[ratio].unit == "%" else code


def _grade_days(dic: Dictionary, s: str, g: Group, unit: str | None, prev_end: int) -> list[Measure]:
    """The measure of a day count named by its grade alone (优104天, (优22天、良9天), 超标83天), else []."""
    if unit != "天":
        return []
    m = _GRADE_DAYS.search(s, max(prev_end, g.start - GRADE_REACH), g.start)
    if not m:
        return []
    word = m.group(1)
    code = dic.by_name.get(word + "的天数") or dic.by_name.get(word + "天数")  # whole names: 中度污染天数 is not 污染天数
    if code is None or dic.by_code[code].unit != "天":
        return []
    return [(code, word, m.start(1))] * len(g.hits)


def _cell_named(s: str, pos: int, measure: Measure) -> Measure:
    """A table value whose own cell names nothing takes its phrase (and quote start) from the row's name cell."""
    code, phrase, _ = measure
    if _HAN.search(phrase):
        return measure
    cell = table_phrase(s, pos)
    return (code, cell, s.rfind(cell, 0, pos)) if cell else measure


def _narrowed(dic: Dictionary, s: str, m: Match) -> str:
    """The code of name ``m``, narrowed by a word of its statement shortly before it (全省153个地表水国控断面
    优良水体比例: 国控; 力争再增加2至3个空气质量达到二级标准的城市: 增加); sections of two levels (国、省控断面)
    are the general measure's, whichever level's name is written."""
    general = dic.by_code[m.code].narrows
    if m.code not in dic.narrower and not general:  # most measures narrow to nothing: no scan
        return m.code
    floor = max(0, m.start - NARROW_REACH)
    said = max((b.end() for b in _BOUNDARY.finditer(s, floor, m.start)), default=floor)
    if _LEVELS_JOINED.search(s, said, m.end):
        return general or m.code
    return dic.narrow(m.code, s[said:m.start]) if m.code in dic.narrower else m.code


def _each_named(dic: Dictionary, s: str, a: int, b: int) -> bool:
    """总氮、总磷含量下降5%: a list of measures, each named by a dictionary name of its own, before one value
    (without 分别 or 均) gives the value to each; a list of subjects before one measure (工业企业和污水处理厂污水
    排放达标率, 一、二类水质比例) does not."""
    parts = [p for p in CONJUNCT_SPLIT.split(s[a:b]) if p]
    if len(parts) < 2:  # most pieces name one measure: no dictionary lookup
        return False
    codes = set()
    for p in parts:
        found = dic.find(make_key(p))
        if not found:
            return False
        codes.add(found[-1].code)
    return len(codes) == len(parts)


def _topic_code(dic: Dictionary, s: str, piece_start: int, own: str) -> str | None:
    """The measure of words that name none alone, completed by the topic of the piece before the comma
    (交接断面水质考核优秀，水质达标率力争达到90%以上: 交接断面 + 水质达标率), when together they are a
    dictionary name; else None."""
    cut = piece_start - 1
    if cut <= 0 or s[cut] not in ",，":
        return None
    floor = max(0, cut - PHRASE_MAX)
    a = max((b.end() for b in _BOUNDARY.finditer(s, floor, cut)), default=floor)
    topic = make_key(s[a:cut]).text
    tail = make_key(own).text
    for k in range(len(topic), 1, -1):  # the longest topic first: 交接断面水质考核优秀, …, 交接断面
        found = dic.find(make_key(topic[:k] + tail))
        if found and found[-1].start < k and found[-1].end == k + len(tail):
            return found[-1].code
    return None


def _measures(dic: Dictionary, s: str, g: Group, before: Sequence[Match], after: Sequence[Match],
              carried: list[tuple[str | None, str]], prev_end: int, comp_at: int,
              counted_end: int | None, names: Names | None = None, unit: str | None = None) -> list[Measure]:
    """(code, phrase, quote start) for each value of a group.

    The measure is the dictionary name before the number, else one right after it, else the
    number's own words (a measure not in the dictionary: no code). Only a number with no words
    of its own (…，同比下降3%) takes the code of the value before it.
    """
    n = len(g.hits)
    piece_start = max((b.end() for b in _BOUNDARY.finditer(s, prev_end, g.start)), default=prev_end)
    own = own_phrase(s, piece_start, comp_at) if not before or piece_start > before[-1].end else ""
    if before and own:
        before = []  # 森林覆盖率…，新增绿地面积约150公顷: a new phrase after the break names its own measure
    if before:
        m = before[-1]
        piece_start = max((b.end() for b in _BOUNDARY.finditer(s, prev_end, m.start)), default=prev_end)
        piece_start = max(piece_start, max((b.end for b in before if b.end <= m.start and
                                            _BOUNDARY.search(s, b.end, m.start)), default=0))
        if n > 1 or g.each or _each_named(dic, s, piece_start, m.end):
            resolved = _pollutants_alike(dic, resolve_conjuncts(dic, s, piece_start, m.end))
            if (n == 1 and len(resolved) > 1) or (n > 1 and len(resolved) == n):
                return [(dic.narrow(code, s[piece_start:qa + len(phrase)]) if code else code,
                         trim_phrase(phrase) or phrase, qa) for code, phrase, qa in resolved]
        phrase = s[piece_start:max(comp_at, m.end)]
        tab = phrase.find("\t", m.end - piece_start)
        phrase = trim_phrase(phrase[:tab] if tab >= 0 else phrase) or m.name
        return [(_narrowed(dic, s, m), phrase, piece_start)] * n
    if after and after[0].start - g.end <= NAME_AFTER_REACH:
        m = after[0]
        return [(_narrowed(dic, s, m), m.name, piece_start)] * n
    if counted_end is not None:  # 建成3座加油站油气回收设施: the counted noun is the measure
        run = _COUNTED_RUN.match(s, counted_end)
        phrase = trim_phrase(s[counted_end:run.end() if run else len(s)][:PHRASE_MAX])
        attained = _CITIES_ATTAINED.match(phrase) and (phrase.startswith(_CITY_WORDS) or
                                                      _CITIES_AMONG.search(s, max(0, g.start - 8), g.start))
        code = dic.code_of(ATTAINMENT_NAME) if attained else None
        return [(code, phrase or s[counted_end:counted_end + 12], piece_start)] * n
    if own:
        if n > 1 or g.each:
            resolved = resolve_conjuncts(dic, s, piece_start, comp_at)
            if len(resolved) == n:
                return [(code or _elliptic(dic, trim_phrase(phrase), names, prev_end, carried, unit),
                         trim_phrase(phrase), qa)
                        for code, phrase, qa in resolved]
        return [(_elliptic(dic, own, names, prev_end, carried, unit) or _topic_code(dic, s, piece_start, own), own,
                 piece_start)] * n
    if carried:
        if (g.each and n == 1 and len(carried) > 1) or (n > 1 and len(carried) == n):
            # …分别为21、48微克/立方米，均同比下降2微克/立方米; …，同比分别下降8.3%、12.4%: one each, in order
            return [(code, phrase, g.start) for code, phrase in carried]
        code = carried[-1][0]
        if (n == 1 and code is not None and names is not None and unit not in (None, "%", "百分点")
                and dic.by_code[code].unit != unit):
            # 优良天数为364天,优良天数比例为99.7%,…提升了6天: a change in days is the days', named before the
            # share (a change in % or points may be any measure's)
            for m in names.nearest_first(prev_end):
                if dic.by_code[m.code].unit == unit:
                    return [(m.code, m.name, g.start)]
        return [(carried[-1][0], carried[-1][1], g.start)] * n
    phrase = trim_phrase(s[piece_start:comp_at]) or s[g.end:g.end + 12].split("\t")[0]  # not the next cell
    return [(None, phrase, piece_start)] * n


def _pollutants_alike(dic: Dictionary, resolved: list[Measure]) -> list[Measure]:
    """A list of pollutants one of which is named as air quality is a list of air concentrations
    (二氧化硫和可吸入颗粒物分别下降6.2和11.6个百分点: 二氧化硫 alone names the emission, beside 可吸入颗粒物
    it is the air's)."""
    if len(resolved) < 2 or not any(code and dimension_of(dic.by_code[code].unit) == "concentration"
                                    for code, _, _ in resolved):
        return resolved
    out = []
    for code, phrase, qa in resolved:
        if code is None or dimension_of(dic.by_code[code].unit) != "concentration":
            code = _refit(dic, phrase, "μg/m³") or code  # (CO in PM2.5、…、CO、O3平均浓度: CO浓度)
        out.append((code, phrase, qa))
    return out


def _elliptic(dic: Dictionary, own: str, names: Names | None, said_end: int, carried: list[tuple[str | None, str]],
              unit: str | None) -> str | None:
    """The code of a measure's own words that leave out what the clause said before them (its ``names``
    ending by ``said_end``): a concentration with no pollutant (平均月均浓度, after PM2.5月均浓度…), a ratio
    named by its days' stem (优良比例, after 优良天数为29天); else None."""
    if _GENERIC_LEVEL.fullmatch(own) and dimension_of(unit) == "concentration":
        for m in names.nearest_first(said_end) if names else ():
            if dimension_of(dic.by_code[m.code].unit) == "concentration":
                return m.code
        return None
    ratio = _ELLIPTIC_RATIO.fullmatch(own)
    if ratio and unit in ("%", "百分点") and carried and carried[-1][0] is not None:
        code, phrase = carried[-1]
        if dic.by_code[code].unit == "天" and ratio.group(1) + "天数" in phrase:  # type: ignore[index]
            return _days_ratio(dic, code, phrase)  # type: ignore[arg-type]
    return None
