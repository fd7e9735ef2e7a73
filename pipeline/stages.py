"""The diff stage over stored tables: deviations table and the reviewers' report."""

from __future__ import annotations

import array
import contextlib
import dataclasses
import hashlib
import logging
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from diff.atomic import atomic_write
from extract.records import Clause, Document, Target
from pipeline import schema as sch
from pipeline.errors import UsageError
from pipeline.progress import progress_bar
from pipeline.show import did_you_mean
from pipeline.store import Store, part_of
from pipeline.tables import clauses_from_table, documents_from_table, record_rows, targets_from_table

if TYPE_CHECKING:
    from diff import FamilyResult
    from diff.family import Family, FamilyKey

log = logging.getLogger("mubiao")


def diff_fingerprint(source_shas: list[str], reports: Path | None) -> str:
    """What the diff stage's output depends on: the inputs, the extractor and diff code, and the
    report folder."""
    import diff
    from extract.file import EXTRACTOR_VERSION

    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for sha in sorted(source_shas):
        h.update(sha.encode())
    for path in sorted(Path(diff.__file__).parent.rglob("*")):
        if path.suffix in (".py", ".css", ".toml", ".html") and path.is_file():
            h.update(path.read_bytes())
    h.update(str(Path(reports).resolve() if reports else "").encode())
    return h.hexdigest()


def diff_is_current(store: Store, fingerprint: str, reports: Path | None) -> bool:
    """True when the stored deviations and the report came from exactly these inputs."""
    mark = store.root / "_cache" / "diff.fingerprint"
    if not mark.exists() or not store.table_exists("deviations"):
        return False
    if reports is not None and not (Path(reports) / "index.html").exists():
        return False
    return mark.read_text() == fingerprint


def mark_diff_current(store: Store, fingerprint: str) -> None:
    atomic_write(store.root / "_cache" / "diff.fingerprint", lambda tmp: tmp.write_text(fingerprint))


LIGHT_COLUMNS = [c for c in sch.columns("documents") if c not in ("text", "revisions")]


DEFAULT_LIGHT_AT_ONCE = 4096
"""Documents' metadata made into Python objects at once, where one pass over them is enough."""


def _light_batches(meta: pa.Table) -> Iterator[Document]:
    """``_light`` a batch at a time: the documents of a national corpus, never all at once."""
    for batch in meta.to_batches(max_chunksize=DEFAULT_LIGHT_AT_ONCE):
        yield from _light(pa.Table.from_batches([batch]))


def _light(meta: pa.Table) -> list[Document]:
    return [Document(doc_id=r["doc_id"], source_path=r["source_path"], source_sha256=r["source_sha256"],
                     source_offset=r["source_offset"], entity=r["entity"], year=r["year"], doc_kind=r["doc_kind"],
                     status=r["status"], title=r["title"] or "", text="", issuer=r["issuer"], format=r["format"],
                     entity_code=r.get("entity_code"), province=r.get("province"))
            for r in meta.to_pylist()]


DEFAULT_NAMES_LISTED = 20
"""Governments an unknown-name error lists (beside its closest matches)."""


def check_entity(entity: str, meta: pa.Table) -> None:
    """Raise UsageError naming the closest known governments when no document (of the documents'
    metadata ``meta``) binds ``entity``."""
    known = sorted(e for e in pc.unique(meta["entity"]).to_pylist() if e)
    if entity in known:
        return
    listed = ", ".join(known[:DEFAULT_NAMES_LISTED]) + (f" … ({len(known)} in all)" if len(known) > DEFAULT_NAMES_LISTED else "")
    raise UsageError(f"no document binds a government named {entity!r}{did_you_mean(entity, known)}; "
                     f"governments: {listed or 'none'}")


def checks_fingerprint(diff_print: str) -> str:
    """What the checks stage's output depends on: the same as the diff's (``diff_fingerprint``:
    inputs, extractor and diff code, report folder), under its own name."""
    return hashlib.sha256(b"checks" + diff_print.encode()).hexdigest()


def stage_is_current(store: Store, stage: str, fingerprint: str) -> bool:
    """True when the stage's stored table came from exactly these inputs."""
    mark = store.root / "_cache" / f"{stage}.fingerprint"
    return mark.exists() and store.table_exists(stage) and mark.read_text() == fingerprint


def mark_stage_current(store: Store, stage: str, fingerprint: str) -> None:
    atomic_write(store.root / "_cache" / f"{stage}.fingerprint", lambda tmp: tmp.write_text(fingerprint))


def parents_from_targets(batches: Iterable[Mapping[str, list[Any]]]) -> dict[str, str]:
    """Government -> its parent, from statements whose document another government issues (the
    province's letter to a city, its notice on the cities' outcomes); a ``province`` column wins
    where the table has one. Governments are keyed as ``diff.checks`` keys them: by GB/T 2260 code
    where the table has one (``entity_code``), else by name. ``batches``: the targets table's
    ``entity``, ``entity_code``, ``issuer`` and ``province`` columns, a batch at a time."""
    from extract.gazetteer import place

    def key(name: str) -> str:
        where = place(name)
        return where.code if where is not None and where.code else name

    by_issuer: dict[str, str] = {}  # the first issuer of another government's statements
    by_province: dict[str, str] = {}  # the last province named
    for rows in batches:
        entities = rows.get("entity", [])
        codes = rows.get("entity_code", [None] * len(entities))
        for entity, code, issuer in zip(entities, codes, rows.get("issuer", [None] * len(entities))):
            if entity and issuer and issuer != entity:
                by_issuer.setdefault(code or entity, key(issuer))
        for entity, code, province in zip(entities, codes, rows.get("province", [None] * len(entities))):
            if entity and province and province != entity:
                by_province[code or entity] = key(province)
    return by_issuer | by_province


DEFAULT_PYTHON_ROWS = 4096
"""Rows of a table read in one batch (``Store.batches``) made into Python objects at once: a
whole batch's strings are tens of MB."""
DEFAULT_STATEMENTS_AT_ONCE = 20_000
"""Statements of governments the checks stage takes together: a group of governments is closed
when it holds this many (one government more can pass it)."""
DEFAULT_PAGE_STATEMENTS = 5_000
"""The same for the government pages, whose statements all become Python objects at once (the
targets, their checks, the charts' points and the pages' HTML)."""


def groups_by_size(sizes: Mapping[str, int], budget: int) -> list[list[str]]:
    """The names in sorted order, cut into groups of at most ``budget`` in size (a name larger
    than that alone is a group of its own)."""
    out: list[list[str]] = []
    held = budget
    for name in sorted(sizes):
        if held + sizes[name] > budget:
            out.append([])
            held = 0
        out[-1].append(name)
        held += sizes[name]
    return out


def numbered(groups: list[list[str]]) -> dict[str, int]:
    """Name -> the number of its group."""
    return {name: g for g, names in enumerate(groups) for name in names}


def add_counts(counts: dict[str, int], keys: pa.Array | pa.ChunkedArray) -> None:
    """Add each key's rows (a batch's governments) to ``counts``; nulls are no one's."""
    for item in pc.value_counts(keys).to_pylist():
        if item["values"] is not None:
            counts[item["values"]] = counts.get(item["values"], 0) + item["counts"]


def government_key(batch: pa.RecordBatch | pa.Table) -> pa.ChunkedArray | pa.Array:
    """Each statement's government as ``diff.checks`` keys it: its GB/T 2260 code, else its name."""
    return pc.coalesce(batch.column("entity_code"), batch.column("entity"))


def run_checks_stage(store: Store, summary: Any) -> None:
    """Set every target beside the documents around it (``diff.checks``); write ``checks``.

    A finding joins statements of one government (its plan, outcomes, letters of other years) or
    of a government and its parent, so the governments are taken a group at a time: the targets
    table is cut by group in one pass (``pipeline.slices``), and each group's statements, with
    those of the parents they are held against, are checked and written before the next group's
    are read. Memory follows the group, not the corpus."""
    import tempfile

    from diff.checks import find_checks
    from pipeline.slices import Slices

    counts: dict[str, int] = {}

    def governments() -> Iterator[dict[str, list[Any]]]:  # one pass: parents and statements per government
        for batch in store.batches("targets", ["entity", "entity_code", "issuer", "province"]):
            add_counts(counts, government_key(batch))
            for start in range(0, batch.num_rows, DEFAULT_PYTHON_ROWS):  # Python strings: a few thousand at once
                yield batch.slice(start, DEFAULT_PYTHON_ROWS).to_pydict()

    parents = parents_from_targets(governments())
    groups = groups_by_size(counts, DEFAULT_STATEMENTS_AT_ONCE)
    refs = _statements_of(store, set(parents.values()))
    meta = store.read_table("documents", columns=LIGHT_COLUMNS)
    store.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tmp-checks-", dir=store.cache_dir) as tmp, \
            store.writers(["checks"]) as w:
        slices = Slices(store, ("targets",), numbered(groups), Path(tmp), key=government_key)
        for g, mine in enumerate(groups):
            others = refs.filter(pc.invert(pc.is_in(government_key(refs), value_set=pa.array(mine, pa.string()))))
            tbl = pa.concat_tables([slices.table("targets", g), others])
            docs = meta.filter(pc.is_in(meta["doc_id"], value_set=pc.unique(tbl["doc_id"])))
            for row in record_rows("checks", find_checks(_light(docs), targets_from_table(tbl), parents,
                                                         only=set(mine))):
                w["checks"].add(row)
    summary.checks = w["checks"].count


def _statements_of(store: Store, governments: set[str]) -> pa.Table:
    """The targets rows of ``governments`` (the parents others are held against), read a batch at a time."""
    wanted = pa.array(sorted(governments), pa.string())
    parts = [batch.filter(pc.is_in(government_key(batch), value_set=wanted)) for batch in store.batches("targets")]
    return pa.Table.from_batches(parts, schema=sch.schema("targets")) if parts else sch.schema("targets").empty_table()


FamilyInput: TypeAlias = "tuple[Family, list[Clause], list[Target]]"
FamilyOutcome: TypeAlias = "tuple[Family, FamilyResult | Exception]"
DiffMap: TypeAlias = "Callable[[Iterable[FamilyInput]], Iterator[FamilyOutcome]]"
"""Families in, each with its result (or what its diff raised) out, in the same order: here
(``diff_locally``) or on a cluster (``pipeline.cluster.DaskExecutor.diff_families``)."""


def diff_locally(families: Iterable[FamilyInput]) -> Iterator[FamilyOutcome]:
    """Each family's diff in this process, one at a time."""
    from diff import diff_family

    for fam, clauses, targets in families:
        try:
            yield fam, diff_family(fam, clauses, targets)
        except OSError:
            raise  # the machine (disk full …), not the family: the run stops with exit 3
        except Exception as err:  # noqa: BLE001 - one family's failure is its errors row
            yield fam, err


@dataclasses.dataclass(frozen=True)
class FamilyRows:
    """A family as the diff stage holds it until its turn: name, key and its letters' row numbers
    in the documents' metadata. A national corpus's families hold every letter: as documents
    they would cost memory by the corpus, as row numbers a few bytes a letter."""

    name: str
    key: FamilyKey
    rows: np.ndarray
    """Row numbers in the metadata table, in the family's order of letters."""


def family_rows(meta: pa.Table) -> list[FamilyRows]:
    """``diff.family.families_of`` over the documents' metadata ``meta`` (``LIGHT_COLUMNS``), one
    group of one kind, year and issuer at a time (families never cross such a group), so only one
    group's documents are Python objects at once. The same families in the same order."""
    from diff.family import TEMPLATE_KINDS, families_of

    groups: dict[tuple[str, int | None, str], list[int]] = {}
    columns = (meta["doc_kind"].to_pylist(), meta["year"].to_pylist(), meta["issuer"].to_pylist())
    for row, (kind, year, issuer) in enumerate(zip(*columns)):
        if kind in TEMPLATE_KINDS:
            groups.setdefault((kind, year, issuer or ""), []).append(row)
    del columns
    out = []
    for rows in groups.values():
        docs = _light(meta.take(pa.array(rows, pa.int64())))
        row_of = {id(d): r for d, r in zip(docs, rows)}
        for fam in families_of(docs):
            out.append(FamilyRows(fam.name, fam.key, np.array([row_of[id(d)] for d in fam.documents], np.int64)))
    return sorted(out, key=lambda f: f.name)


def _family_inputs(store: Store, meta: pa.Table, families: list[FamilyRows]) -> Iterator[FamilyInput]:
    """Each family with its documents' full records. The tables are cut into the families' slices
    in one pass (``pipeline.slices``: a read per family was families × corpus), spilled under the
    store's cache folder beyond a bounded size and removed when the last family is out."""
    import tempfile

    from diff.family import Family
    from pipeline.slices import Slices

    store.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tmp-families-", dir=store.cache_dir) as tmp:
        slices = Slices(store, ("documents", "clauses", "targets"), _family_of(meta, families), Path(tmp))
        for k, fam in enumerate(families):
            ids = meta["doc_id"].take(pa.array(fam.rows)).to_pylist()
            docs = {d.doc_id: d for d in documents_from_table(slices.table("documents", k))}
            yield (Family(key=fam.key, name=fam.name, documents=tuple(docs[i] for i in ids)),
                   clauses_from_table(slices.table("clauses", k)),
                   targets_from_table(slices.table("targets", k)))


def _family_of(meta: pa.Table, families: list[FamilyRows]) -> tuple[pa.Array, pa.Array]:
    """Each family member's doc_id and the number of its family in ``families`` (``Slices``' grouping)."""
    if not families:
        return pa.array([], pa.string()), pa.array([], pa.int64())
    rows = np.concatenate([f.rows for f in families])
    numbers = np.repeat(np.arange(len(families), dtype=np.int64), [len(f.rows) for f in families])
    return meta["doc_id"].take(pa.array(rows)).combine_chunks(), pa.array(numbers)


def run_diff_stage(
    store: Store,
    reports: Path | None,
    summary: Any,
    *,
    family: str | None = None,
    entity: str | None = None,
    progress: bool = False,
    diff_map: DiffMap | None = None,
) -> int:
    """Diff every family of letters in ``store``; write ``deviations``, ``values`` and the HTML report.

    Only the families in flight are in memory (one, or a few when ``diff_map`` runs them on a
    cluster), and rows stream into the tables as each family is done. The template needs every
    letter of a family and the family's report shows every city, so a family is always diffed
    whole; ``entity`` only narrows what is counted for the caller. Reports are written here.

    A family whose diff fails is an ``errors`` row (stage ``diff``) and gets no pages; the other
    families land. Returns the number of families that failed.
    """
    with contextlib.ExitStack() as stack:  # the report file list lives until the pages are pruned
        import tempfile

        from diff.entities import pages_wanted
        from diff.report import (
            FamilyEntry,
            FileProblem,
            ReportExtras,
            checks_by_document,
            family_dirname,
            workbook_filename,
            write_family_report,
            write_index,
        )
        from pipeline.slices import Slices

        meta = store.read_table("documents", columns=LIGHT_COLUMNS)
        families = family_rows(meta)
        if family is not None and family not in {f.name for f in families}:
            names = ", ".join(f.name for f in families) or "none"
            raise UsageError(f"no family named {family!r}{did_you_mean(family, [f.name for f in families])}; "
                             f"families: {names}")
        if entity is not None:
            check_entity(entity, meta)
        problems = [FileProblem(r["source_path"], r["level"], r["code"], r["message"])
                    for r in (store.read_table("errors").to_pylist() if store.table_exists("errors") else [])]
        flagged_of = _checked_governments(store)
        wanted = pages_wanted(_light_batches(meta), flagged_of) if reports is not None else set()
        extras = ReportExtras(problems=problems, ocr_checks=_ocr_checks(store), entities=frozenset(wanted))
        chosen = [f for f in families if family is None or f.name == family]
        number = {f.name: k for k, f in enumerate(chosen)}
        failed: list[dict[str, str]] = []
        counts: dict[tuple[str, str], int] = {}
        summary.deviations = 0

        years = {f.name: part_of(f.key[1]) for f in families}

        def add(w: dict[str, Any], table: str, row: dict[str, Any]) -> None:
            w[table].add(row, years.get(row["family"]))
            if table == "deviations":
                counts[(row["family"], row["severity"])] = counts.get((row["family"], row["severity"]), 0) + 1
                summary.deviations += entity is None or row["entity"] == entity

        store.cache_dir.mkdir(parents=True, exist_ok=True)
        listing = stack.enter_context(tempfile.TemporaryDirectory(prefix=".tmp-report-files-", dir=store.cache_dir))
        written = ReportFiles(Path(reports), Path(listing)) if reports is not None else None
        with store.writers(["deviations", "values"]) as w, \
                tempfile.TemporaryDirectory(prefix=".tmp-checks-", dir=store.cache_dir) as tmp:
            # Each family's workbook lists the checks resting on its letters (as subject or reference).
            checks_of = Slices(store, ("checks",), _family_of(meta, chosen), Path(tmp), key=("doc_id", "ref_doc_id")) \
                if reports is not None else None
            if family is not None:
                # A filtered run replaces only its family's rows; other families' rows stay.
                for table in ("deviations", "values"):
                    if store.table_exists(table):
                        for row in store.read_table(table).to_pylist():
                            if row["family"] != family:
                                add(w, table, row)
                (store.root / "_cache" / "diff.fingerprint").unlink(missing_ok=True)
            with progress_bar(sum(len(f.rows) for f in chosen), "diff", "letter", progress) as tick:
                for fam, res in (diff_map or diff_locally)(_family_inputs(store, meta, chosen)):
                    try:
                        if isinstance(res, Exception):
                            raise res
                        fam_rows = list(record_rows("deviations", res.deviations))
                        fam_values = list(record_rows("values", res.values))
                        if reports is not None:
                            mine = checks_of.table("checks", number[fam.name]).to_pylist() if checks_of else []
                            assert written is not None
                            written.add(write_family_report(
                                res, Path(reports), dataclasses.replace(extras, checks=checks_by_document(mine))))
                    except OSError:
                        raise  # the machine (disk full …), not the family: the run stops with exit 3
                    except Exception as err:
                        failed.append(_family_failure(fam.name, [d.source_path for d in fam.documents], err))
                        log.debug("diff of %s failed", fam.name, exc_info=err)  # the traceback with --debug
                        continue
                    finally:
                        for _ in fam.documents:
                            tick()
                    for row in fam_rows:
                        add(w, "deviations", row)
                    for row in fam_values:
                        add(w, "values", row)
        if failed:
            _record_failures(store, failed, summary)
            problems.extend(FileProblem(r["source_path"], r["level"], r["code"], r["message"]) for r in failed)
        if reports is not None and written is not None:
            gone = {r["family"] for r in failed}  # no pages: the index links only to what exists
            entries = [FamilyEntry(f.name, len(f.rows), sum(n for (name, _), n in counts.items() if name == f.name),
                                   counts.get((f.name, "substantive"), 0), counts.get((f.name, "wording"), 0),
                                   workbook_filename(f.name))
                       for f in families if f.name not in gone]
            if family is None:
                written.add(_write_entity_pages(store, meta, wanted, Path(reports)))
            flagged = sorted((e, flagged_of.get(e, 0)) for e in wanted)
            summary.report = write_index(entries, Path(reports), problems, flagged)
            written.add([summary.report])
            summary.report_files = written.count
            _prune_reports(Path(reports), written, None if family is None else family_dirname(family))
        return len(failed)


def _ocr_checks(store: Store) -> dict[str, tuple[tuple[int, int, float], ...]]:
    """``ReportExtras.ocr_checks``: the spans of targets read by OCR with low confidence (a
    few columns of the targets table, filtered in Arrow a batch at a time)."""
    from extract.readers.image import DEFAULT_LOW_CONFIDENCE

    out: dict[str, list[tuple[int, int, float]]] = {}
    for batch in store.batches("targets", ["doc_id", "span_start", "span_end", "ocr_confidence"]):
        low = batch.filter(pc.fill_null(pc.less(batch.column("ocr_confidence"), DEFAULT_LOW_CONFIDENCE), False))
        for r in low.to_pylist():
            out.setdefault(r["doc_id"], []).append((r["span_start"], r["span_end"], r["ocr_confidence"]))
    return {k: tuple(v) for k, v in out.items()}


def _checked_governments(store: Store) -> dict[str, int]:
    """Every government with a check, with the number of its flagged checks (``diff.entities.flagged_counts``),
    in one pass over the ``checks`` table, a batch at a time."""
    out: dict[str, int] = {}
    for batch in store.batches("checks", ["entity", "flagged"]):
        for entity, flagged in zip(batch.column("entity").to_pylist(), batch.column("flagged").to_pylist()):
            if entity:
                out[entity] = out.get(entity, 0) + bool(flagged)
    return out


def _write_entity_pages(store: Store, meta: pa.Table, wanted: set[str], reports: Path) -> list[Path]:
    """The pages of the governments worth one (``diff.entities``), a group at a time: the targets
    and checks tables are cut by government group in one pass (``pipeline.slices``) and each
    group's pages are written before the next group's statements are read, from the documents
    of the group's governments and those its statements come from (``meta``: every document's
    metadata)."""
    import tempfile

    from diff.entities import entity_pages
    from diff.report import write_entity_pages
    from pipeline.slices import Slices

    if not wanted or not store.table_exists("targets"):
        return []
    counts: dict[str, int] = {}
    for batch in store.batches("targets", ["entity"]):
        add_counts(counts, batch.column("entity"))
    groups = groups_by_size({e: counts.get(e, 0) for e in wanted}, DEFAULT_PAGE_STATEMENTS)
    written: list[Path] = []
    store.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tmp-pages-", dir=store.cache_dir) as tmp:
        slices = Slices(store, ("targets", "checks"), numbered(groups), Path(tmp), key="entity")
        for g, group in enumerate(groups):
            mine = slices.table("checks", g).to_pylist()
            targets = slices.table("targets", g)
            names = pa.array(group, pa.string())
            near = pc.or_(pc.fill_null(pc.is_in(meta["entity"], value_set=names), False),
                          pc.is_in(meta["doc_id"], value_set=pc.unique(targets["doc_id"])))
            pages = entity_pages(_light(meta.filter(near)), targets_from_table(targets), mine, only=group)
            written.extend(write_entity_pages(pages, reports))
    return written


def _family_failure(name: str, paths: list[str], err: Exception) -> dict[str, str]:
    files = sorted(set(paths))
    first = files[0]
    more = f" and {len(files) - 1} more files" if len(files) > 1 else ""
    return {"source_path": first, "stage": "diff", "level": "error", "code": "diff-failed", "family": name,
            "message": f"{first}{more}: the diff of family {name} failed ({type(err).__name__}: {err}); its letters "
                       "are in the tables, but it has no deviations or report pages this run; please report it "
                       "with these files"}


def _record_failures(store: Store, failed: list[dict[str, str]], summary: Any) -> None:
    """Add the failed families' rows to the ``errors`` table (replacing an earlier diff's)."""
    kept = [r for r in store.read_table("errors").to_pylist() if r["stage"] != "diff"] \
        if store.table_exists("errors") else []
    store.write_table("errors", kept + [{k: v for k, v in r.items() if k != "family"} for r in failed])
    for r in failed:
        summary.failed += 1
        summary.error_lines.append(r["message"])


REPORT_MANIFEST = ".report-files"
"""The report files the last run wrote, one relative path a line, so the next run can remove
the pages of letters and families that are gone (and nothing else in the folder)."""


def path_hash(rel: str) -> int:
    """A 64-bit hash of a report file's relative path (``ReportFiles``)."""
    return int.from_bytes(hashlib.blake2b(rel.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class ReportFiles:
    """The report files a run writes, listed as they are written: each relative path goes to a
    file under ``folder`` (one a line) and only a 64-bit hash of it stays in memory, 8 bytes a
    file instead of a path object and its string (a national corpus's report is two files a
    letter: 50,000 letters' paths held were tens of MB at the end of the diff stage).

    A path of an earlier run whose hash equals one written now is taken as written now and kept:
    two paths sharing a hash (odds about one in 10^9 for a report of 100,000 files) can leave a
    stale page in place, never remove a page this run wrote."""

    def __init__(self, reports: Path, folder: Path):
        self.root = Path(reports).resolve()
        self.listing = Path(folder) / "written"
        self._out: Any = open(self.listing, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed by done()
        self._hashes = array.array("Q")
        self._sorted: np.ndarray | None = None

    def add(self, paths: Iterable[Path]) -> None:
        assert self._sorted is None, "no file is added once the list is done"
        for path in paths:
            rel = path.resolve().relative_to(self.root).as_posix()
            self._out.write(rel + "\n")
            self._hashes.append(path_hash(rel))

    @property
    def count(self) -> int:
        return len(self._hashes)

    def done(self) -> None:
        """No more files: the list is closed and its hashes sorted for ``in``."""
        if self._sorted is None:
            self._out.close()
            self._sorted = np.unique(np.frombuffer(self._hashes, dtype=np.uint64))
            self._hashes = array.array("Q")

    def __contains__(self, rel: str) -> bool:
        self.done()
        assert self._sorted is not None
        h = np.uint64(path_hash(rel))
        i = int(np.searchsorted(self._sorted, h))
        return i < len(self._sorted) and self._sorted[i] == h

    def __iter__(self) -> Iterator[str]:
        """The relative paths, in the order written."""
        self.done()
        with open(self.listing, encoding="utf-8", newline="\n") as fh:
            for line in fh:
                yield line.removesuffix("\n")


def _prune_reports(reports: Path, written: ReportFiles, only_dir: str | None) -> None:
    """Delete report files an earlier run wrote and this one did not; ``only_dir`` limits that
    to one family's folder (a ``--family`` run leaves the other families' pages alone). The
    lists are read and written a line at a time."""
    manifest = reports / REPORT_MANIFEST
    kept = written.listing.with_name("kept")
    with open(kept, "w", encoding="utf-8", newline="\n") as out:
        if manifest.exists():
            with open(manifest, encoding="utf-8", newline="\n") as fh:
                for line in fh:
                    rel = line.removesuffix("\n")
                    if not rel or rel in written:
                        continue
                    if only_dir is not None and not rel.startswith(only_dir + "/"):
                        out.write(rel + "\n")  # another family's page: kept
                        continue
                    path = reports / rel
                    path.unlink(missing_ok=True)
                    if path.parent != reports and path.parent.exists() and not any(path.parent.iterdir()):
                        path.parent.rmdir()

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            with open(kept, encoding="utf-8", newline="\n") as fh:
                shutil.copyfileobj(fh, out)
            for rel in written:
                out.write(rel + "\n")

    atomic_write(manifest, write)
