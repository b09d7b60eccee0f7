"""Every message a person reads is translatable, and the English catalogue translates every one of them.

Three checks: no Python module of pranata/ or forum/ holds a bare Indonesian sentence (one outside gettext);
real services and imports answer bad input in the reader's language; and Django's makemessages, run into a
copy of the catalogue, finds no msgid without an English translation and none left fuzzy.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from forum import services as forum_services
from pranata import imports, services
from pranata.models import Peran, PranataSosial, StatusLembaga
from tests.conftest import KELURAHAN, TODAY
from tests.factories import ForumFactory, LembagaFactory, user_with_role

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

# --- (a) no bare Indonesian sentence in the Python code ---------------------------------------------------

# Words that make a string Indonesian prose (a person reads it), not a code, a column name or a lookup key.
INDONESIAN = re.compile(
    r"\b(tidak|wajib|Anda|lembaga|harus|sudah|belum|berkas|kosong|pilih|tanggal|bukan|forum|pertemuan|"
    r"kerjasama|dengan|untuk|yang|atau|tahap|ada|baris|kolom|ini|itu|dari|sejak|sebelum|setelah|dapat|"
    r"boleh|isi|hari|dihapus|tersimpan|disimpan|diubah|dikenal|berlaku|catat|unggah|muat|ulang|periksa|"
    r"Membaca|Menghitung|Menyusun|Menggambar|Menyiapkan|Digabung|Menggabungkan|ganda|Diimpor)\b",
    re.IGNORECASE,
)
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# Exceptions written for programmers, in English (a wrong call, not a person's mistake).
DEVELOPER_ERRORS = {"TypeError", "ValueError", "RuntimeError", "AssertionError", "NotImplementedError", "KeyError"}
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH \w+ \(|JOIN|WHERE)\b")
SKIPPED_FILES = {"demo.py", "reference.py", "duplicates.py"}  # seed data and name normalisation, not messages
# (path, string) pairs that look Indonesian but are not read by a person as a message; keep this short.
ALLOWED: set[tuple[str, str]] = set()


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def bare_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string in `source` that reads as an Indonesian sentence and is not translatable:
    docstrings, strings standing alone as statements, arguments of gettext-family calls, developer-facing
    exceptions and SQL are left out."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in GETTEXT | DEVELOPER_ERRORS:
            exempt.update(id(sub) for sub in ast.walk(node))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            exempt.add(id(node.value))  # docstrings and string statements
    found = []
    for node in ast.walk(tree):
        if id(node) in exempt or not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        text = node.value
        if " " in text.strip() and INDONESIAN.search(text) and not SQL.search(text):
            found.append((node.lineno, text))
    return sorted(found)


def _modules() -> list[Path]:
    paths = []
    for package in ("pranata", "forum", "pendampingan", "survei", "pengingat", "api"):
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or "management" in parts or path.name in SKIPPED_FILES:
                continue
            paths.append(path)
    return paths


def test_the_check_finds_a_bare_sentence_and_passes_a_translated_one():
    source = '''
from django.utils.translation import gettext as _
def f(x):
    """Docstring: tidak dihitung."""
    if x:
        raise ValueError("lembaga must be saved first")
    a = _("Lembaga ini di luar wilayah tugas Anda.")
    b = f"“{x}” tidak aktif."
    c = "SELECT lembaga_id FROM hadir JOIN pertemuan"
    return "Tanggal tidak boleh di masa depan."
'''
    assert bare_strings(source) == [(8, "” tidak aktif."), (10, "Tanggal tidak boleh di masa depan.")]


def test_no_module_holds_a_bare_indonesian_message():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in _modules()
        for line, text in bare_strings(path.read_text(encoding="utf-8"))
        if (str(path.relative_to(ROOT)), text) not in ALLOWED
    ]
    assert not found, "Wrap these in gettext (gettext_lazy at module level):\n" + "\n".join(found)


# --- (b) real services answer in the reader's language -------------------------------------------------


def _messages(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


@pytest.fixture
def officer_world(wilayah):
    officer = user_with_role("petugas", Peran.PETUGAS, [KELURAHAN])
    outsider = user_with_role("petugas.surabaya", Peran.PETUGAS, ["35.78.09.1002"])
    return officer, outsider


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "This institution is outside your assigned area."),
        ("id", "Lembaga ini di luar wilayah tugas Anda."),
    ],
)
def test_access_check_speaks_the_readers_language(officer_world, language, expected):
    _officer, outsider = officer_world
    lembaga = LembagaFactory(nama="Posyandu Melati")
    with translation.override(language), pytest.raises(PermissionDenied) as exc:
        services.lembaga_update(lembaga=lembaga, oleh=outsider, nama="Posyandu Mawar")
    assert str(exc.value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "An institution cannot have a tie with itself."),
        ("id", "Lembaga tidak dapat bekerja sama dengan dirinya sendiri."),
    ],
)
def test_tie_service_speaks_the_readers_language(officer_world, language, expected):
    officer, _outsider = officer_world
    lembaga = LembagaFactory()
    with translation.override(language), pytest.raises(ValidationError) as exc:
        services.kerjasama_create(lembaga_a=lembaga, lembaga_b=lembaga, tahap=1, mulai=TODAY, oleh=officer)
    assert exc.value.message_dict == {"lembaga_b": [expected]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "“Karang Taruna Bina Remaja” is inactive."),
        ("id", "“Karang Taruna Bina Remaja” tidak aktif."),
    ],
)
def test_forum_service_speaks_the_readers_language(wilayah, language, expected):
    coordinator = user_with_role("koordinator", Peran.KOORDINATOR, [KELURAHAN])
    forum = ForumFactory(wilayah=wilayah["kelurahan"])
    forum.koordinator.add(coordinator)
    lembaga = LembagaFactory(nama="Karang Taruna Bina Remaja", status=StatusLembaga.TIDAK_AKTIF)
    with translation.override(language), pytest.raises(ValidationError) as exc:
        forum_services.forum_member_add(forum=forum, lembaga=lembaga, peran="anggota", mulai=TODAY, oleh=coordinator)
    assert exc.value.message_dict == {"lembaga": [expected]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                ("tahun_berdiri", "Year founded must be a whole number, not “lama”."),
                ("aktif_sejak", "Active-since date “31/13/2024” is not a valid date (write 31/12/2024 or 2024-12-31)."),
            ],
        ),
        (
            "id",
            [
                ("tahun_berdiri", "Tahun berdiri harus berupa angka bulat, bukan “lama”."),
                (
                    "aktif_sejak",
                    "Tanggal aktif “31/13/2024” bukan tanggal yang valid (tulis 31/12/2024 atau 2024-12-31).",
                ),
            ],
        ),
    ],
)
def test_import_cells_speak_the_readers_language(officer_world, language, expected):
    officer, _outsider = officer_world
    pranata = PranataSosial.objects.order_by("urutan").first()
    body = (
        "kode_wilayah,nama,sektor,pranata,tahun_berdiri,aktif_sejak\n"
        f"{KELURAHAN},Posyandu Melati,warga,{pranata.kode},lama,31/13/2024\n"
    ).encode()
    with translation.override(language):
        plan = imports.plan("lembaga", body, "lembaga.csv", officer)
    assert plan.rows[0].errors == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The file contains only column headings, no data rows."),
        ("id", "Berkas hanya berisi judul kolom, tanpa baris data."),
    ],
)
def test_import_file_errors_speak_the_readers_language(officer_world, language, expected):
    officer, _outsider = officer_world
    with translation.override(language), pytest.raises(imports.ImportFileError) as exc:
        imports.plan("lembaga", b"kode_wilayah,nama,sektor,pranata\n", "lembaga.csv", officer)
    assert str(exc.value) == expected


# --- (c) the catalogue is complete ---------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)  # a PO string uses C escapes, which Python's string literals read the same


def parse_po(text: str) -> list[dict]:
    """The active entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (a list: one per plural form) and
    flags. Obsolete (#~) and previous-msgid (#|) lines are skipped."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def close():
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#~") or line.startswith("#|"):
            continue
        elif line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry.setdefault("flags", set()).update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field is None:
                raise ValueError(f"a continuation line outside an entry: {raw!r}")
            if isinstance(field, tuple):
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
        else:
            keyword, _space, value = line.partition(" ")
            if keyword in {"msgctxt", "msgid"} and "msgid" in entry:
                close()  # a new entry without a blank line before it
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if keyword != "msgstr" else 0
                entry.setdefault("msgstr", {})[index] = _unquote(value)
                field = ("msgstr", index)
            else:
                entry[keyword] = _unquote(value)
                field = keyword
    close()
    for item in entries:
        item.setdefault("flags", set())
        item["msgstr"] = [item.get("msgstr", {}).get(i, "") for i in range(max(item.get("msgstr", {0: ""})) + 1)]
    return entries


def _problems(entries: list[dict]) -> list[str]:
    problems = []
    for item in entries:
        if item["msgid"] == "":
            continue  # the header
        name = f"{item['msgctxt']}|{item['msgid']}" if "msgctxt" in item else item["msgid"]
        if "fuzzy" in item["flags"]:
            problems.append(f"fuzzy: {name!r}")
        elif not all(item["msgstr"]) or ("msgid_plural" in item and len(item["msgstr"]) < 2):
            problems.append(f"untranslated: {name!r}")
    return problems


def test_the_po_parser_reads_what_makemessages_writes():
    text = r"""msgid ""
msgstr ""
"Language: en\n"

#: a.py:1
#, python-format
msgid "“%(nama)s” tidak "
"aktif."
msgstr "“%(nama)s” is \"inactive\"."

#, fuzzy, python-format
#| msgid "Lama"
msgid "Baru"
msgstr "Old"

msgctxt "heading"
msgid "kolom"
msgstr ""

msgid "%(n)s lembaga"
msgid_plural "%(n)s lembaga"
msgstr[0] "%(n)s institution"
msgstr[1] ""

#~ msgid "Hilang"
#~ msgstr ""
"""
    entries = parse_po(text)
    assert [e["msgid"] for e in entries] == ["", "“%(nama)s” tidak aktif.", "Baru", "kolom", "%(n)s lembaga"]
    assert entries[1]["msgstr"] == ['“%(nama)s” is "inactive".']
    assert _problems(entries) == ["fuzzy: 'Baru'", "untranslated: 'heading|kolom'", "untranslated: '%(n)s lembaga'"]


SENTINEL = "simpul-check: no source says this"


def test_the_english_catalogue_translates_every_message(tmp_path, monkeypatch):
    """makemessages runs on a copy of locale/, from a folder of links to the sources: with the repository as
    the working directory it would find the repository's `locale` folder while walking and write there,
    whatever LOCALE_PATHS says."""
    assert shutil.which("xgettext") and shutil.which("msgmerge"), "the check needs GNU gettext (apt install gettext)"
    work = tmp_path / "src"
    work.mkdir()
    for entry in ROOT.iterdir():
        if not entry.name.startswith(".") and entry.name != "locale":
            (work / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    # A `locale` folder inside the sources would be written to through its link.
    assert not [path for package in ("config", "pranata", "forum") for path in (ROOT / package).rglob("locale")]
    shutil.copytree(ROOT / "locale", work / "locale")
    copy = work / "locale" / "en" / "LC_MESSAGES" / "django.po"
    # makemessages leaves a catalogue alone when only its date would change; an entry no source has makes it
    # write (the entry turns obsolete), which shows it wrote to the copy.
    copy.write_text(copy.read_text(encoding="utf-8") + f'\nmsgid "{SENTINEL}"\nmsgstr "x"\n', encoding="utf-8")
    before = CATALOGUE.read_bytes()

    monkeypatch.chdir(work)
    with override_settings(LOCALE_PATHS=[work / "locale"]):
        call_command(
            "makemessages",
            locale=["en"],
            symlinks=True,
            ignore_patterns=[".venv/*", "bench/*", "tests/*", "mutants/*", "node_modules/*"],
            verbosity=0,
        )

    regenerated = copy.read_text(encoding="utf-8")
    assert f'#~ msgid "{SENTINEL}"' in regenerated, "makemessages did not write to the copy"
    assert CATALOGUE.read_bytes() == before, "makemessages wrote to the repository's catalogue"
    entries = parse_po(regenerated)
    assert len(entries) > 500, "makemessages found hardly any message: were the sources linked?"
    problems = _problems(entries)
    assert not problems, (
        "The English catalogue misses translations: run makemessages -l en (README, Translations), translate, "
        "remove the fuzzy flags, then compilemessages:\n" + "\n".join(problems)
    )


def test_the_compiled_catalogue_matches_the_po():
    """The .mo is committed (servers need no gettext): a stale one shows English readers Indonesian."""
    with (CATALOGUE.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for item in parse_po(CATALOGUE.read_text(encoding="utf-8")):
        if item["msgid"] == "" or "fuzzy" in item["flags"]:
            continue
        if "msgid_plural" in item:
            got = [compiled.ngettext(item["msgid"], item["msgid_plural"], n) for n in (1, 2)]
            if "msgctxt" in item:
                got = [compiled.npgettext(item["msgctxt"], item["msgid"], item["msgid_plural"], n) for n in (1, 2)]
            want = item["msgstr"][:2]
        else:
            got = [
                compiled.pgettext(item["msgctxt"], item["msgid"])
                if "msgctxt" in item
                else compiled.gettext(item["msgid"])
            ]
            want = item["msgstr"][:1]
        if got != want:
            stale.append(item["msgid"])
    assert not stale, "locale/en/LC_MESSAGES/django.mo is older than the .po: run compilemessages\n" + "\n".join(stale)
