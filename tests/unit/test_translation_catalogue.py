"""The fr_CA catalogue covers every string the code marks, and keeps what code fills in.

The catalogue is refreshed from the code first (pyside6-lupdate into a temp copy), so a
string added in code but missing from the committed ``.ts`` fails here by name; the fix
is ``./scripts/update-translations`` and translating what it lists.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from i18n_catalogue import REPO, fresh_ts, messages, translations_script

from clover_desk.services.common.i18n import QT_TRANSLATE_NOOP, Phrase, and_list, sentence

PLACEHOLDER = re.compile(r"\{[A-Za-z_0-9]*\}")
#: one ``&`` marks a keyboard mnemonic; ``&&`` is a literal ampersand
MNEMONIC = re.compile(r"(?<!&)&(?!&)")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fresh_ts(tmp_path_factory.mktemp("catalogue"))


def test_fr_ca_translates_every_marked_string(catalogue: Path) -> None:
    missing = translations_script().untranslated(catalogue)
    listed = "\n".join(f"  [{context}] {source!r}" for context, source in missing)
    assert not missing, (
        f"{len(missing)} string(s) have no fr_CA translation; run ./scripts/update-translations "
        f"and translate them in resources/translations/clover_desk_fr_CA.ts:\n{listed}"
    )


def test_translations_keep_placeholders_and_one_mnemonic(catalogue: Path) -> None:
    wrong = []
    for context, message in messages(catalogue):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in forms:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append(f"[{context}] {source!r}: placeholders differ in {text!r}")
            if len(MNEMONIC.findall(text)) != len(MNEMONIC.findall(source)):
                wrong.append(f"[{context}] {source!r}: mnemonic '&' differs in {text!r}")
            if message.get("numerus") == "yes" and "%n" not in text:
                wrong.append(f"[{context}] {source!r}: a plural form lacks %n: {text!r}")
    assert not wrong, "\n".join(wrong)


def _literal_marks(path: Path) -> list[tuple[str, str, int]]:
    """(context, source, line) of every marking call with literal arguments in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, cls: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                func, args = child.func, child.args
                literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args]
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "tr" and isinstance(func, ast.Attribute) and args and literal[0]:
                    found.append((cls, args[0].value, child.lineno))  # type: ignore[attr-defined]
                elif (
                    name in ("translate", "QT_TRANSLATE_NOOP")
                    and len(args) >= 2
                    and all(literal[:2])
                ):
                    context, source = args[0].value, args[1].value  # type: ignore[attr-defined]
                    found.append((context, source, child.lineno))
            visit(child, cls)

    visit(tree, "")
    return found


def test_lupdate_finds_every_string_the_code_marks(catalogue: Path) -> None:
    """A mark lupdate's Python reader misses (a triple-quoted or parenthesised literal,
    a context that differs from the class) would stay English at run time."""
    in_catalogue = {(context, m.findtext("source")) for context, m in messages(catalogue)}
    unseen = [
        f"{path.relative_to(REPO)}:{line}: [{context}] {source!r}"
        for path in translations_script().source_files()
        for context, source, line in _literal_marks(path)
        if (context, source) not in in_catalogue
    ]
    assert not unseen, "lupdate does not extract:\n" + "\n".join(unseen)


def test_a_marked_phrase_reads_as_english_and_remembers_its_template() -> None:
    phrase = QT_TRANSLATE_NOOP("RefundRules", "Only {amount} remains refundable.").format(
        amount="$4.00"
    )
    assert phrase == "Only $4.00 remains refundable."
    assert isinstance(phrase, Phrase)
    assert (phrase.context, phrase.template) == ("RefundRules", "Only {amount} remains refundable.")
    assert phrase.values == {"amount": "$4.00"}


def test_titles_and_lists_built_from_phrases_stay_phrases() -> None:
    title = sentence(QT_TRANSLATE_NOOP("Feedback", "{operation} failed").format(operation="saving"))
    assert title == "Saving failed"
    assert isinstance(title, Phrase)
    assert title.sentence
    reasons = and_list(
        [QT_TRANSLATE_NOOP("RefundRules", "a"), QT_TRANSLATE_NOOP("RefundRules", "b")]
    )
    assert reasons == "a and b"
    assert isinstance(reasons.values["separator"], Phrase)
