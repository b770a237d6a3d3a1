"""The library index: cached rows, plans, reuse by content, search, and a cache that can be broken any way."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newsreader.articles
from newsreader import analysis as analysis_module
from newsreader.analysis import analyze
from newsreader.articles import load_article
from newsreader.library import IndexRow, LibraryIndex, quick_row
from newsreader.library import database as index_module

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    return write_corpus(tmp_path / "library", 12)


@pytest.fixture
def index() -> LibraryIndex:
    found = LibraryIndex()
    yield found
    found.close()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every full parse the index does (it imports parse_bytes when it needs it)."""
    calls: list[str] = []
    real = newsreader.articles.parse_bytes

    def counting(path, data):
        calls.append(str(path))
        return real(path, data)

    monkeypatch.setattr(newsreader.articles, "parse_bytes", counting)
    return calls


def index_all(index: LibraryIndex, files: list[Path]) -> list[IndexRow]:
    return [index.index_file(path) for path in index.plan(files).todo]


def table_count(index: LibraryIndex, table: str) -> int:
    return index._conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# -- the normal life of an index ----------------------------------------------------------------------
def test_index_then_cached_rows_and_load_match_a_fresh_parse(index: LibraryIndex, corpus: list[Path]) -> None:
    assert index.cached_rows(corpus) == []
    rows = index_all(index, corpus)
    assert [row.path for row in rows] == [str(path) for path in corpus]
    assert index.cached_rows(corpus) == rows
    assert index.problem == ""
    for path, row in zip(corpus, rows, strict=True):
        article = load_article(path)
        fresh = analyze(article)
        assert (row.id, row.title, row.author, row.published) == (article.id, article.title, article.author,
                                                                  article.published)
        assert (row.claims, row.worthy) == (len(fresh.claims), len(fresh.check_worthy))
        cached, cached_analysis = index.load(path)
        assert cached.to_dict() == article.to_dict()
        assert [claim.to_dict() for claim in cached_analysis.claims] == [claim.to_dict() for claim in fresh.claims]
        assert index.load(row.id)[0].path == str(path)


def test_a_new_index_object_reads_what_another_wrote(corpus: list[Path]) -> None:
    with LibraryIndex() as first:
        rows = index_all(first, corpus)
    with LibraryIndex() as second:
        assert second.cached_rows(corpus) == rows
        assert second.verify()
        assert second.problem == ""


def test_cached_rows_keep_the_callers_order_skip_unknown_paths_and_do_not_touch_files(
    index: LibraryIndex, corpus: list[Path], tmp_path: Path
) -> None:
    index_all(index, corpus[:6])
    wanted = [corpus[5], tmp_path / "unknown.txt", corpus[0], corpus[9]]
    for path in corpus:
        path.unlink()  # the cache answers without looking at the files
    assert [row.path for row in index.cached_rows(wanted)] == [str(corpus[5]), str(corpus[0])]


def test_a_stored_listing_round_trips_per_set_of_roots(index: LibraryIndex, corpus: list[Path], tmp_path: Path) -> None:
    index.sync(corpus)
    rows = index.cached_rows(corpus)
    rows.append(IndexRow(str(tmp_path / "new.txt"), "", "new.txt"))  # not analysed yet: claims None
    roots = [tmp_path / "library"]
    assert index.listing(roots) is None
    index.save_listing(roots, rows)
    assert index.listing(roots) == rows
    assert index.listing([tmp_path / "library", tmp_path / "other"]) is None  # another library
    assert LibraryIndex().listing([str(tmp_path / "library")]) == rows  # another process, roots as strings
    index.save_listing(roots, rows[:2])
    assert index.listing(roots) == rows[:2]


def test_plan_reports_new_changed_unchanged_and_gone(index: LibraryIndex, corpus: list[Path], tmp_path: Path) -> None:
    index_all(index, corpus)
    extra = tmp_path / "library" / "new.txt"
    extra.write_text("A new headline\n\nBy Anna Kowalska\n\nThe council met on Tuesday, officials said.\n")
    corpus[1].write_text(corpus[1].read_text() + "\nOne more paragraph, the ministry said.\n")
    corpus[2].unlink()
    files = [path for path in corpus if path.exists()] + [extra]
    plan = index.plan(files)
    assert plan.new == [extra]
    assert plan.changed == [corpus[1]]
    assert plan.gone == [corpus[2]]
    assert len(plan.unchanged) == len(corpus) - 2
    for path in plan.todo:
        index.index_file(path)
    index.forget(plan.gone)
    again = index.plan(files)
    assert again.todo == [] and again.gone == []
    assert [row.path for row in index.cached_rows(corpus + [extra])] == [str(path) for path in files[:1]] + [
        str(path) for path in files[1:]
    ]
    assert table_count(index, "articles") == len(files)  # the old content of corpus[1] and corpus[2] went


def test_touch_copy_and_rename_cost_a_hash_not_a_parse(
    index: LibraryIndex, corpus: list[Path], tmp_path: Path, parses: list[str]
) -> None:
    rows = index_all(index, corpus)
    assert len(parses) == len(corpus)
    parses.clear()
    os.utime(corpus[0], ns=(1, 1))
    copy = tmp_path / "copy.txt"
    shutil.copy(corpus[3], copy)
    renamed = tmp_path / "renamed.txt"
    corpus[4].rename(renamed)
    files = [copy, renamed] + [path for path in corpus if path.exists()]
    plan = index.sync(files)
    assert parses == []
    assert plan.changed == [corpus[0]] and set(plan.new) == {copy, renamed} and plan.gone == [corpus[4]]
    by_path = {row.path: row for row in index.cached_rows(files)}
    assert by_path[str(copy)].id == rows[3].id and by_path[str(renamed)].id == rows[4].id
    assert index.load(renamed)[0].path == str(renamed)
    assert index.plan(files).todo == []


def test_the_same_bytes_as_markdown_and_as_text_are_different_articles(
    index: LibraryIndex, tmp_path: Path, parses: list[str]
) -> None:
    text = tmp_path / "a.txt"
    text.write_text("# Heading\n\nSome *body* text, the agency said.\n")
    markdown = tmp_path / "a.md"
    shutil.copy(text, markdown)
    as_text, as_markdown = index.index_file(text), index.index_file(markdown)
    assert len(parses) == 2
    assert as_text.title == "# Heading" and as_markdown.title == "Heading"


def test_path_dependent_parts_follow_the_path(index: LibraryIndex, tmp_path: Path, parses: list[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    other = tmp_path / "other.txt"
    other.write_text("")
    first, second = index.index_file(empty), index.index_file(other)
    assert first.error == second.error == "empty file"
    assert (first.title, second.title) == ("empty.txt", "other.txt")
    assert first.id == load_article(empty).id and second.id == load_article(other).id != first.id
    assert first.claims is None


def test_a_file_that_cannot_be_read_is_an_error_row_and_is_retried(index: LibraryIndex, tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.mkdir()
    row = index.index_file(path)
    assert row.error == "is a directory" and row.title == "odd.txt" and row.claims is None
    assert index.cached_rows([path]) == [row]
    assert index.plan([path]).changed == [path]  # always tried again
    path.rmdir()
    path.write_text("Now a headline\n\nThe ministry said 40% of schools reopened.\n")
    fixed = index.index_file(path)
    assert fixed.error == "" and fixed.title == "Now a headline"
    assert index.plan([path]).unchanged == [path]


def test_a_file_deleted_before_it_is_indexed(index: LibraryIndex, corpus: list[Path]) -> None:
    plan = index.plan(corpus)
    corpus[0].unlink()
    row = index.index_file(plan.new[0])
    assert row.error == "no such file or folder"
    later = index.plan(corpus[1:])
    assert later.gone == [corpus[0]]
    index.forget(later.gone)
    assert index.cached_rows(corpus) == []  # nothing else indexed yet
    assert table_count(index, "articles") == 0


def test_sync_hands_rows_over_in_batches_and_stops_when_asked(index: LibraryIndex, corpus: list[Path]) -> None:
    batches: list[list[IndexRow]] = []
    index.sync(corpus, on_rows=batches.append, batch=5)
    assert [len(batch) for batch in batches] == [5, 5, 2]
    stop = threading.Event()
    stop.set()
    for path in corpus:
        os.utime(path, ns=(2, 2))
    plan = index.sync(corpus, stop=stop)
    assert len(plan.changed) == len(corpus)
    assert len(index.plan(corpus).changed) == len(corpus)  # nothing done


def test_reading_while_a_worker_indexes(index: LibraryIndex, tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "many", 30)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            index.sync(files)
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=work)
    worker.start()
    seen = 0
    while worker.is_alive():
        seen = max(seen, len(index.cached_rows(files)))
        index.search("ministry")
        time.sleep(0.005)
    worker.join()
    assert errors == [] and index.problem == ""
    assert len(index.cached_rows(files)) == 30


# -- search -------------------------------------------------------------------------------------------
def test_search_all_words_prefix_on_the_last_and_odd_input(index: LibraryIndex, tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("Flood defences in Lima\n\nBy Maria Alvarez\n\nThe river rose by 2 metres, engineers said.\n")
    two = tmp_path / "two.txt"
    two.write_text("Budget talks in Warsaw\n\nBy Peter Lindqvist\n\nThe river of money dried up, the minister said.\n")
    a, b = index.index_file(one), index.index_file(two)
    assert set(index.search("river")) == {a.id, b.id}
    assert index.search("river lima") == [a.id]
    assert index.search("alvarez") == [a.id]  # author
    assert index.search("engin") == [a.id]  # prefix on the last word
    assert index.search("engin river") == []  # ... only the last
    assert index.search("li") == []  # ... and only from three letters on
    assert index.search("LÍMA") == [a.id]  # case and accents folded
    assert set(index.search("")) == {a.id, b.id}
    for odd in ['"', "-", "a AND", 'river"', "NOT river", "(", "*", "lima OR", "'"]:
        index.search(odd)  # never a syntax error
    assert index.search("zzzz") == []
    assert len(index.search("river", limit=1)) == 1


def test_tags_are_searchable_and_survive_reindexing(index: LibraryIndex, tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Flood defences in Lima\n\nThe river rose by 2 metres, engineers said.\n")
    row = index.index_file(path)
    index.set_tags(row.id, ["wire-service", "reuters"])
    assert index.search("reuters") == [row.id]
    path.write_text("Flood defences in Lima\n\nThe river rose by 3 metres, engineers said.\n")
    again = index.index_file(path)
    assert again.id == row.id
    assert index.search("reuters") == [row.id]
    index.set_tags(row.id, [])
    assert index.search("reuters") == []


def test_search_without_fts5_scans_with_like(
    monkeypatch: pytest.MonkeyPatch, corpus: list[Path], tmp_path: Path
) -> None:
    with LibraryIndex(tmp_path / "fts.sqlite3") as fts:
        index_all(fts, corpus)
        assert fts.fts
        expected = {query: set(fts.search(query)) for query in ("ministry", "kyiv refugees", "alvarez said", "zzz")}
    monkeypatch.setattr(index_module, "fts5_available", lambda: False)
    with LibraryIndex() as index:
        index_all(index, corpus)
        assert not index.fts
        assert {query: set(index.search(query)) for query in expected} == expected
        assert expected["ministry"] and not expected["zzz"]
        assert index.search("100%_") == []
        assert index.problem == ""


# -- a cache that cannot be trusted ---------------------------------------------------------------
def rebuilt_and_working(corpus: list[Path]) -> LibraryIndex:
    index = LibraryIndex()
    index.cached_rows(corpus)  # never raises
    index.verify()
    assert index.problem, "a damaged index is reported"
    index.sync(corpus)
    assert len(index.cached_rows(corpus)) == len(corpus)
    assert index.load(corpus[0]) is not None
    assert index.verify() and index.plan(corpus).todo == []
    return index


def index_path() -> Path:
    return LibraryIndex().path


def test_random_bytes(corpus: list[Path]) -> None:
    path = index_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(os.urandom(50_000))
    rebuilt_and_working(corpus).close()


@pytest.mark.parametrize("keep", [0.5, 0.1, 100])
def test_truncated(corpus: list[Path], keep: float) -> None:
    with LibraryIndex() as index:
        index.sync(corpus)
        path = index.path
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep) if keep < 1 else keep])
    rebuilt_and_working(corpus).close()


def damage(path: Path, offset: int, length: int) -> None:
    """Random bytes at ``offset`` of every third page after the first."""
    data = bytearray(path.read_bytes())
    page = 4096
    for start in range(page, len(data) - page, 3 * page):
        data[start + offset : start + offset + length] = os.urandom(length)
    path.write_bytes(bytes(data))


def test_damaged_page_headers(corpus: list[Path]) -> None:
    with LibraryIndex() as index:
        index.sync(corpus)
        path = index.path
    damage(path, 0, 24)
    rebuilt_and_working(corpus).close()


def test_damaged_page_contents_never_raise(corpus: list[Path]) -> None:
    # Without checksums not every flipped byte is detectable; whatever is read must not break
    # anything, and what cannot be decoded gets the index rebuilt.
    with LibraryIndex() as index:
        index.sync(corpus)
        path = index.path
    damage(path, 200, 1500)
    with LibraryIndex() as index:
        for _ in range(3):
            index.cached_rows(corpus)
            index.search("ministry")
            index.sync(corpus)
            if all(index.load(file) is not None for file in corpus) and index.verify():
                break
        assert len(index.cached_rows(corpus)) == len(corpus)
        assert all(index.load(file) is not None for file in corpus)


def test_a_broken_blob_is_not_trusted(index: LibraryIndex, corpus: list[Path]) -> None:
    index.sync(corpus)
    index._conn().execute("UPDATE blobs SET analysis_json = x'789c00'")
    assert index.load(corpus[0]) is None
    assert "unreadable" in index.problem


def test_an_index_from_before_listings_is_kept_and_gains_them(index: LibraryIndex, corpus: list[Path]) -> None:
    index.sync(corpus)
    index.close()
    with sqlite3.connect(index.path) as conn:
        conn.execute("DROP TABLE listings")
    again = LibraryIndex()
    assert again.cached_rows(corpus) and not again.problem  # kept, not rebuilt
    again.save_listing(corpus[:1], again.cached_rows(corpus))
    assert again.listing(corpus[:1]) == again.cached_rows(corpus)
    again.close()


def test_an_older_schema_is_rebuilt(corpus: list[Path]) -> None:
    with LibraryIndex() as index:
        index.sync(corpus)
        index._conn().execute("PRAGMA user_version = 1")
    with LibraryIndex() as index:
        assert index.cached_rows(corpus) == []
        assert "another version" in index.problem


def test_a_new_analysis_version_reanalyses(monkeypatch: pytest.MonkeyPatch, corpus: list[Path]) -> None:
    with LibraryIndex() as index:
        index.sync(corpus)
    monkeypatch.setattr(analysis_module, "ANALYSIS_VERSION", analysis_module.ANALYSIS_VERSION + 1)
    with LibraryIndex() as index:
        assert index.cached_rows(corpus) == []
        assert len(index.plan(corpus).new) == len(corpus)
        index.sync(corpus)
        assert index.load(corpus[0]) is not None


def test_some_other_database_is_rebuilt(corpus: list[Path]) -> None:
    path = index_path()
    path.parent.mkdir(parents=True)
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE files(x)")
    other.execute(f"PRAGMA user_version = {index_module.schema_version()}")
    other.commit()
    other.close()
    rebuilt_and_working(corpus).close()


def test_an_unusable_cache_path_falls_back_to_memory(corpus: list[Path]) -> None:
    path = index_path()
    path.mkdir(parents=True)  # a directory where the file should be
    with LibraryIndex() as index:
        rows = index_all(index, corpus)
        assert "in memory" in index.problem
        assert index.cached_rows(corpus) == rows
        assert rows[0].id in index.search(rows[0].title) and index.search("zzz") == []
        assert index.load(corpus[0]) is not None
    assert path.is_dir()


def test_deleting_the_cache_is_safe(index: LibraryIndex, corpus: list[Path]) -> None:
    index.sync(corpus)
    index.close()
    for name in index.path.parent.iterdir():
        name.unlink()
    with LibraryIndex() as fresh:
        assert fresh.cached_rows(corpus) == []
        assert fresh.problem == ""
        fresh.sync(corpus)
        assert len(fresh.cached_rows(corpus)) == len(corpus)


CRASHING_WRITER = """
import sys, time
from newsreader.library import LibraryIndex
index = LibraryIndex()
for path in sys.argv[1:]:
    index.index_file(path)
conn = index._conn()
conn.execute("BEGIN IMMEDIATE")
conn.execute("DELETE FROM files")
for number in range(2000):  # far more than the page cache: pages spill into the WAL before any commit
    conn.execute(
        "INSERT INTO articles(sha256, article_id, title, source, category, author, published, url, error,"
        " claims, worthy, path_title) VALUES (?, 'junk', 'junk', '', '', '', '', '', '', 0, 0, 0)", (f"junk{number}",))
    conn.execute("INSERT INTO blobs(article_json, analysis_json) VALUES (randomblob(20000), x'')")
print("in the middle of a transaction", flush=True)
time.sleep(60)
"""


def test_a_writer_killed_mid_transaction_leaves_a_consistent_index(corpus: list[Path]) -> None:
    writer = subprocess.Popen([sys.executable, "-c", CRASHING_WRITER, *map(str, corpus[:8])],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "in the middle of a transaction"
        assert os.path.getsize(str(index_path()) + "-wal") > 1_000_000  # uncommitted pages were written
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    with LibraryIndex() as index:
        assert index.verify()
        assert [row.path for row in index.cached_rows(corpus)] == [str(path) for path in corpus[:8]]
        assert table_count(index, "articles") == 8  # none of the uncommitted rows
        assert index.problem == ""
        index.sync(corpus)
        assert all(index.load(path) is not None for path in corpus)


def test_a_worker_killed_while_indexing(corpus: list[Path], tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "more", 40)
    code = "import sys; from newsreader.library import LibraryIndex; LibraryIndex().sync(sys.argv[1:])"
    worker = subprocess.Popen([sys.executable, "-c", code, *map(str, files)])
    path = index_path()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (path.exists() and path.stat().st_size > 40_000):
        time.sleep(0.01)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    with LibraryIndex() as index:
        assert index.verify()
        done = index.cached_rows(files)
        assert all(index.load(row.path) is not None for row in done)
        index.sync(files)
        assert len(index.cached_rows(files)) == len(files)


# -- the cheap first pass -------------------------------------------------------------------------
def test_quick_row_agrees_with_the_full_parse_on_the_list_fields(corpus: list[Path], tmp_path: Path) -> None:
    for path in corpus:
        quick, article = quick_row(path), load_article(path)
        assert (quick.title, quick.author, quick.published, quick.category) == (
            article.title, article.author, article.published, article.category)
        assert quick.claims is None
    page = tmp_path / "page.html"
    page.write_text('<html><head><title>Site | Old</title><meta property="og:title" content="Rates &amp; rents">'
                    '<meta property="og:site_name" content="The Paper"></head><body><p>x</p></body></html>')
    assert (quick_row(page).title, quick_row(page).source) == ("Rates & rents", "The Paper")
    markdown = tmp_path / "a.md"
    markdown.write_text("---\ntitle: From front matter\nauthor: Ann Lee\n---\n\n# Other\n\nBody.\n")
    assert (quick_row(markdown).title, quick_row(markdown).author) == ("From front matter", "Ann Lee")
    assert quick_row(tmp_path / "missing.txt").error == "no such file or folder"
    (tmp_path / "empty.txt").write_text("")
    assert quick_row(tmp_path / "empty.txt").error == "empty file"


def test_cached_claims_all_or_only_the_check_worthy(tmp_path: Path) -> None:
    from newsreader.analysis import analyze
    from newsreader.articles import load_article
    from newsreader.library import LibraryIndex
    from newsreader.paths import seeds_dir

    seed = next(seeds_dir().glob("*.txt"))
    claims = analyze(load_article(seed)).claims
    with LibraryIndex(tmp_path / "index.sqlite3") as index:
        index.index_file(seed)
        [(path, _, _, every)] = index.cached_claims()
        [(_, _, _, worthy)] = index.cached_claims(worthy_only=True)
    assert path == str(seed.resolve()) or os.path.samefile(path, seed)
    assert [c[2] for c in every] == [c.text for c in claims]
    assert [c[2] for c in worthy] == [c.text for c in claims if c.check_worthy]
    assert 0 < len(worthy) < len(every)
