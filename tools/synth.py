"""Invented letter families with planted deviations, and the deviations a diff should report.

The letters imitate the style of a province's annual 生态环境保护目标责任书 (headings 一、 and
（一）, ● bullets, targets in prose) with invented governments and numbers. Every kind of
deviation is planted on purpose; ``SynthFamily.expected`` lists what a correct diff reports,
including the companions a plant implies (a dropped measure sentence is a missing clause and a
missing indicator) and every value unlike the family median. Seeded, so deterministic.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

_SYLLABLES_A = "青云明华安宁丰泰江河松柏兴长永嘉清平远德新东西南北金玉瑞祥春秋龙凤鹤溪峰湖"
_SYLLABLES_B = "川岭山阳原城林水海门台源口桥泉谷洲田岗坪堡湾滨岩沙庄集关港"

# The invented template: (clause id, text). {a}… are number slots; clause ids name plant targets.
_BODY: tuple[tuple[str, str], ...] = (
    ("h1", "一、生态环境质量目标和考核指标"),
    ("air", "●大气环境质量目标：城市空气质量优良天数比例不低于{a}%，细颗粒物（PM2.5）年均浓度控制在{b}微克/立方米以下，重污染天数控制在{c}天以内。"),
    ("water", "●水环境质量目标：国家考核断面水质优良比例不低于{d}%，无劣Ⅴ类水体断面。"),
    ("drink", "城市集中式饮用水水源水质达标率{e}%。"),
    ("soil", "●土壤环境质量目标：受污染耕地安全利用率达到{f}%以上。"),
    ("carbon", "●温室气体控制指标：单位地区生产总值二氧化碳排放降低率不低于{g}%。"),
    ("h2", "二、重点任务"),
    ("h2a", "（一）推进绿色低碳发展"),
    ("lowc1", "●严格控制高耗能高排放项目盲目发展。"),
    ("lowc2", "●推动产业结构和能源结构优化调整。"),
    ("h2b", "（二）强化大气污染协同治理"),
    ("voc", "●开展挥发性有机物综合治理，推进重点行业深度治理。"),
    ("straw", "●加强秸秆禁烧巡查，落实网格化监管责任。"),
    ("h2c", "（三）加强水生态环境保护"),
    ("outlet", "●推进入河排污口排查整治，城市黑臭水体基本消除。"),
    ("rural", "●加强农村生活污水治理，治理率达到{h}%以上。"),
    ("h2d", "（四）完善环境治理体系"),
    ("monitor", "●健全生态环境监测网络，提升监测数据质量。"),
    ("enforce", "●强化环境执法，每半年至少开展{i}次专项执法检查。"),
    ("publicity", "●加大环保宣传力度，推动环保设施向公众开放。"),
    ("h3", "三、资金保障"),
    ("fund", "●保障生态环境保护资金投入，年度专项资金执行率不低于{j}%。"),
    ("h4", "四、其他要求"),
    ("fail", "●发生重特大突发环境事件的，评定为“不合格”。"),
)
# Base value of each slot and the step a deviating letter moves it by.
_SLOTS: dict[str, tuple[float, float, int]] = {  # name: (base, step, decimals)
    "a": (86.5, 1.2, 1), "b": (33.0, 2.0, 0), "c": (6.0, 1.0, 0), "d": (75.0, 5.0, 1),
    "e": (100.0, -2.0, 0), "f": (93.0, 1.5, 1), "g": (3.8, 0.3, 2), "h": (25.0, 5.0, 0),
    "i": (2.0, 1.0, 0), "j": (80.0, 5.0, 0),
}
PLANT_KINDS: tuple[str, ...] = (
    "stray_token", "swapped_words", "stray_char", "changed_scope", "clause_missing", "clause_extra",
    "clause_moved", "indicator_missing", "comparator_changed", "unit_changed",
)
"""What can be planted; the first four are wording_changed."""
_EXTRA_CLAUSE = "●开展生态文明宣传教育进校园活动。"


@dataclass(frozen=True)
class Planted:
    """A deviation the diff must report: who, which kind, and a phrase its text contains."""

    entity: str
    kind: str
    phrase: str


@dataclass(frozen=True)
class SynthFamily:
    year: int
    letters: tuple[tuple[str, str], ...]
    """(entity, full letter text) per letter."""
    planted: tuple[tuple[str, str], ...]
    """(entity, plant kind from PLANT_KINDS) as planted."""
    expected: tuple[Planted, ...]

    def bundle(self) -> str:
        """All letters in one text, the way a province circulates them."""
        return "附件\n\n" + "\n\n".join(text for _, text in self.letters)


def entity_names(n: int, rng: random.Random) -> list[str]:
    pairs = [a + b for a in _SYLLABLES_A for b in _SYLLABLES_B]
    if n > len(pairs):
        pairs += [a + b + c for a in _SYLLABLES_A for b in _SYLLABLES_A for c in _SYLLABLES_B]
    rng.shuffle(pairs)
    return [p + "市" for p in pairs[:n]]


def _fmt(v: float, decimals: int) -> str:
    return f"{v:.{decimals}f}"


def _plan(n: int, rng: random.Random) -> list[str | None]:
    """Plant kind per letter: with 12 letters or more every kind once on the first letters, then
    one letter in four at random (so no clause ever deviates in a majority of letters)."""
    plan: list[str | None] = [None] * n
    fixed = len(PLANT_KINDS) if n >= len(PLANT_KINDS) + 2 else 0
    for i in range(n):
        if i < fixed:
            plan[i] = PLANT_KINDS[i]
        elif rng.random() < 0.25:
            plan[i] = rng.choice(PLANT_KINDS)
    return plan


def synth_family(n_letters: int = 12, seed: int = 0, year: int = 2023,
                 names: Sequence[str] | None = None) -> SynthFamily:
    """A family of ``n_letters`` letters (at least 12 to carry every kind of plant once), of the
    governments ``names`` (default: invented, one per letter; a name may repeat)."""
    rng = random.Random(seed)
    names = entity_names(n_letters, rng) if names is None else list(names)
    plan = _plan(n_letters, rng)
    # Values: about one letter in five departs from the base, never a majority.
    values: list[dict[str, str]] = [{} for _ in range(n_letters)]
    for slot, (base, step, dec) in _SLOTS.items():
        movers = set(rng.sample(range(n_letters), max(1, n_letters // 5)))
        for i in range(n_letters):
            v = base + step * rng.choice((-1, 1, 2)) if i in movers else base
            values[i][slot] = _fmt(v, dec)
    letters: list[tuple[str, str]] = []
    expected: list[Planted] = []
    present: list[dict[str, str]] = []  # slots each letter really states
    for i, ent in enumerate(names):
        body = [(cid, text) for cid, text in _BODY]
        kind = plan[i]
        short = ent[:-1]
        slots = dict(values[i])

        def edit(cid: str, old: str, new: str, body: list[tuple[str, str]] = body) -> None:
            k = next(j for j, (c, _) in enumerate(body) if c == cid)
            assert old in body[k][1], (cid, old)
            body[k] = (cid, body[k][1].replace(old, new, 1))

        if kind == "stray_token":
            edit("air", "不低于{a}", f"不低于{short}{{a}}")
            expected.append(Planted(ent, "wording_changed", short))
        elif kind == "swapped_words":
            edit("water", "比例不低于", "不低于比例")
            expected.append(Planted(ent, "wording_changed", "不低于比例"))
        elif kind == "stray_char":
            edit("straw", "监管责任", "监管要，责任")
            expected.append(Planted(ent, "wording_changed", "要"))
        elif kind == "changed_scope":
            edit("water", "国家考核", "省考核")
            expected.append(Planted(ent, "wording_changed", "省"))
        elif kind == "clause_missing":
            body = [b for b in body if b[0] != "lowc2"]
            expected.append(Planted(ent, "clause_missing", "推动产业结构"))
        elif kind == "clause_extra":
            k = next(j for j, (c, _) in enumerate(body) if c == "outlet")
            body.insert(k + 1, ("extra", _EXTRA_CLAUSE))
            expected.append(Planted(ent, "clause_extra", "进校园"))
        elif kind == "clause_moved":
            moved = next(b for b in body if b[0] == "publicity")
            body.remove(moved)
            k = next(j for j, (c, _) in enumerate(body) if c == "h2a")
            body.insert(k + 1, moved)
            expected.append(Planted(ent, "clause_moved", "加大环保宣传力度"))
        elif kind == "indicator_missing":
            body = [b for b in body if b[0] != "drink"]
            del slots["e"]
            expected.append(Planted(ent, "clause_missing", "饮用水水源"))
            expected.append(Planted(ent, "indicator_missing", "饮用水水源"))
        elif kind == "comparator_changed":
            edit("carbon", "不低于{g}", "不高于{g}")
            expected.append(Planted(ent, "comparator_changed", "不高于"))
        elif kind == "unit_changed":
            edit("air", "{b}微克", "{b}毫克")
            expected.append(Planted(ent, "unit_changed", "毫克"))
        present.append(slots)
        lines = [f"{ent}人民政府生态环境保护目标责任书", f"（{year}年）", "", "（征求意见稿）", ""]
        for _, text in body:
            lines.append(text.format(**values[i]))
            if rng.random() < 0.3:
                lines.append("")  # blank lines vary between letters, as in real bundles
        letters.append((ent, "\n".join(lines) + "\n"))
    for slot in _SLOTS:
        stated = [(i, float(p[slot]), p[slot]) for i, p in enumerate(present) if slot in p]
        if not stated:  # a one-letter family whose letter dropped the sentence
            continue
        med = statistics.median(v for _, v, _ in stated)
        for i, v, txt in stated:
            if v != med:
                expected.append(Planted(names[i], "value_differs", txt))
    planted = tuple((names[i], k) for i, k in enumerate(plan) if k)
    return SynthFamily(year=year, letters=tuple(letters), planted=planted, expected=tuple(expected))


PROVINCES: tuple[str, ...] = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市",
    "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区",
)
"""The 31 provincial-level governments that sign letters with their cities and counties."""
DEFAULT_YEARS: tuple[int, ...] = tuple(range(2016, 2026))


def province_governments(province: str, n: int, rng: random.Random) -> list[str]:
    """Up to ``n`` of the province's prefectures and counties (official names, in random order),
    leaving out names that another province uses too."""
    from extract import gazetteer

    names = sorted(d.name for d in gazetteer.load().by_code.values()
                   if d.province == province and d.level > gazetteer.PROVINCE_LEVEL
                   and getattr(gazetteer.resolve(d.name), "province", None) == province)  # not 朝阳区, of two provinces
    rng.shuffle(names)
    return names[:max(1, n)]


def family_sizes(paths: Iterable[str]) -> dict[tuple[str, str], int]:
    """Letters per (province, year) of ``synth_corpus``'s relative paths: its families."""
    out: dict[tuple[str, str], int] = {}
    for rel in paths:
        province, year = rel.split("/")[:2]
        out[(province, year)] = out.get((province, year), 0) + 1
    return out


def synth_corpus(n_letters: int, seed: int = 0, provinces: int = len(PROVINCES),
                 years: tuple[int, ...] = DEFAULT_YEARS, governments: int | None = None) -> Iterator[tuple[str, str]]:
    """A national-shaped corpus: (relative path, letter text) for ``n_letters`` letters.

    Every province signs a letter with each of its governments every year; provinces differ in
    size (the largest about four times the smallest). The governments are the province's real
    prefectures and counties (the gazetteer's), so a letter's province is known and the letters of
    one province and year form one family, as each province writes its own. ``governments`` caps the
    distinct governments of the whole corpus (default: one per letter of a year, as far as the
    province has divisions), so that a government can sign several letters of one year, as drafts
    and final versions do. Seeded, so deterministic.
    """
    rng = random.Random(seed)
    chosen = PROVINCES[:provinces]
    weights = [rng.uniform(0.5, 2.0) for _ in chosen]
    total_w = sum(weights)
    per_year = [n_letters // len(years) + (1 if k < n_letters % len(years) else 0) for k in range(len(years))]
    most = max(per_year)
    # Each province's governments, the same every year.
    quota = [max(1, round(most * w / total_w)) for w in weights]
    distinct = [q if governments is None else max(1, min(q, round(governments * w / total_w))) for q, w in zip(quota, weights)]
    govs = [province_governments(province, d, rng) for province, d in zip(chosen, distinct)]
    for k, (year, count) in enumerate(zip(years, per_year)):
        # This year's letters spread over the provinces by size (the remainder to the largest).
        sizes = [int(count * w // total_w) for w in weights]
        sizes[weights.index(max(weights))] += count - sum(sizes)
        for p, (province, n) in enumerate(zip(chosen, sizes)):
            if n <= 0:
                continue
            letter_names = [govs[p][i % len(govs[p])] for i in range(n)]
            fam = synth_family(n, seed=seed * 1000 + k * 100 + p, year=year, names=letter_names)
            for i, (_, text) in enumerate(fam.letters):
                yield f"{province}/{year}/letter-{i:05d}.txt", text
