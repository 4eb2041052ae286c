"""Words from services that staff read, marked for translation without importing Qt.

Services write English. Every sentence that can reach staff is written as
``QT_TRANSLATE_NOOP("Context", "English text")``: ``pyside6-lupdate`` finds those calls
by name (it reads Python source, never runs it), so the text lands in the ``.ts`` files,
and at run time the call returns a :class:`Phrase` -- still the English ``str`` that
logs, tests and ``==`` see -- which remembers its context and template. The UI turns a
phrase into the user's language at display time (``clover_desk.ui.i18n.tr_text``).

Values go in with :meth:`Phrase.format` and named ``{placeholders}``, so the template a
translator sees stays constant and the values survive translation::

    QT_TRANSLATE_NOOP("RefundRules", "{amount} remains refundable.").format(amount=text)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from clover_desk.api.money import Money

__all__ = [
    "QT_TRANSLATE_NOOP",
    "Phrase",
    "and_list",
    "join_phrases",
    "message_of",
    "sentence",
    "stored_text",
    "text_from_store",
]


class Phrase(str):
    """English text that knows how to be translated later.

    The ``str`` value is the English text with its values filled in. ``context`` and
    ``template`` are what ``QCoreApplication.translate`` needs; ``values`` fill the
    translated template (a value that is itself a phrase is translated too). An empty
    ``context`` means the template only joins its values (see :func:`join_phrases`).
    ``sentence`` upper-cases the first letter of the result (a title that starts with a
    value, such as ``"{operation} failed"``).
    """

    context: str
    template: str
    values: dict[str, Any]
    sentence: bool

    def __new__(
        cls,
        context: str,
        template: str,
        values: dict[str, Any] | None = None,
        *,
        sentence: bool = False,
    ) -> Phrase:
        values = dict(values or {})
        text = template.format(**values) if values else template
        if sentence:
            text = text[:1].upper() + text[1:]
        phrase = super().__new__(cls, text)
        phrase.context = context
        phrase.template = template
        phrase.values = values
        phrase.sentence = sentence
        return phrase

    def format(self, *args: object, **values: Any) -> Phrase:
        """This phrase with ``{name}`` placeholders filled (named values only)."""
        if args:
            raise TypeError("Phrase.format takes named values, so translations can reorder them")
        merged = {**self.values, **values}
        return Phrase(self.context, self.template, merged, sentence=self.sentence)

    def as_sentence(self) -> Phrase:
        """This phrase with its first letter upper-cased once filled (and translated)."""
        return Phrase(self.context, self.template, self.values, sentence=True)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickling keeps the phrase, not only its English text.
        return (_rebuild, (self.context, self.template, self.values, self.sentence))


def _rebuild(context: str, template: str, values: dict[str, Any], sentence: bool) -> Phrase:
    return Phrase(context, template, values, sentence=sentence)


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 (lupdate's name)
    """Mark ``source`` for translation in ``context``; the English phrase, untranslated.

    Both arguments must be string literals where it is called, or lupdate cannot see them.
    Typed as ``str`` (what callers may rely on); it is a :class:`Phrase`, and so is what
    its ``format`` returns.
    """
    return Phrase(context, source)


def join_phrases(parts: Iterable[str], separator: str = " ") -> Phrase:
    """Several messages as one (``"Type a name. The email is not valid."``), each part
    translated on its own at display time; ``separator`` may be a phrase too (``" and "``).
    """
    values: dict[str, Any] = {f"part{index}": part for index, part in enumerate(parts)}
    template = "{separator}".join("{" + name + "}" for name in values)
    values["separator"] = separator
    return Phrase("", template, values)


def message_of(error: BaseException) -> str:
    """An exception's message, still the phrase services raised it with (``str(error)``
    keeps only the English)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, str) else str(error)


def sentence(text: str) -> str:
    """``text`` with its first letter upper-cased, now in English and later translated."""
    if isinstance(text, Phrase):
        return text.as_sentence()
    return text[:1].upper() + text[1:]


def and_list(parts: Iterable[str]) -> Phrase:
    """``"a and b and c"`` with each part and each *and* translated at display time."""
    return join_phrases(parts, QT_TRANSLATE_NOOP("Phrase", " and "))


#: Starts a stored phrase (see :func:`stored_text`); no message Clover or staff write
#: starts with a control character.
_STORED = "\x1ephrase:"


def stored_text(text: str | None) -> str | None:
    """``text`` as a database column keeps it: a phrase keeps its context, template and
    values (so it is shown in the reader's language later, not the writer's); any
    other text is kept as it is."""
    if not isinstance(text, Phrase):
        return text
    return _STORED + json.dumps(_stored_value(text), ensure_ascii=False, separators=(",", ":"))


def text_from_store(text: str | None) -> str | None:
    """What :func:`stored_text` wrote, back as the phrase (or the text) it was."""
    if text is None or not text.startswith(_STORED):
        return text
    try:
        value = _value_from_store(json.loads(text[len(_STORED) :]))
    except (ValueError, KeyError, TypeError):
        return text[len(_STORED) :]  # never lose a message, even one stored wrongly
    return value if isinstance(value, str) else str(value)


def _stored_value(value: Any) -> Any:
    if isinstance(value, Phrase):
        return {
            "phrase": [value.context, value.template, value.sentence],
            "values": {name: _stored_value(v) for name, v in value.values.items()},
        }
    if isinstance(value, Money):
        return {"money": [value.amount, value.currency]}
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def _value_from_store(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "money" in value:
        amount, currency = value["money"]
        return Money(int(amount), str(currency))
    context, template, upper = value["phrase"]
    values = {name: _value_from_store(v) for name, v in value["values"].items()}
    return Phrase(str(context), str(template), values, sentence=bool(upper))
