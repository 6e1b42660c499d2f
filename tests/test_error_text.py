"""Error messages people read go through gettext (issue 14).

The services, API, forms, permissions, queries, views and background jobs (whose checks the
services call too) of every app are read as Python syntax trees. A message a person reads must
be a gettext call (``_("… %(name)s …") % {...}``, ``gettext_lazy`` for module constants), never
a bare string or f-string, which would stay English in every language. The places a message
reaches a person:

- a raised ``ValidationError``, ``PermissionDenied``, ``Http404`` (and the app's own
  ``PossibleDuplicateError``), also inside the dict or list it carries;
- ``FieldErrors.add(field, message)``, ``form.add_error(field, message)`` and a ``required=``
  message;
- an assignment ``errors[field] = [...]``, ``problems = {...}``, an ``errors….append(message)``
  and the return value of a function whose name says ``error`` or ``problem``;
- ``messages.success/info/warning/error(request, message)`` in views;
- the ``message=`` of a ``require_…`` permission helper;
- the sentence a function whose name ends in ``_reason`` or ``_message`` returns (a query's
  "why the matrix is empty", shown on the page);
- a management command's ``CommandError`` (the modules under ``management/``): the console
  script speaks the terminal's language.

Other exceptions (``ValueError``, ``DoesNotExist``, ``RuntimeError`` ...) are internal: a view
or the API turns them into a translated message, or they are a programming error. A user-facing
raise that must stay English goes in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "crosscluster"

#: modules whose messages people read (a module, or a package of modules, of that name)
READ_BY_PEOPLE = (
    *("services", "api", "forms", "permissions", "queries", "views"),
    # background jobs (whose checks the services call too), the readers of uploaded files, the
    # adapters around the engines, the documents' access checks, the backup tool
    *("jobs", "files", "adapters", "documents", "backup"),
)

#: exceptions whose message is shown to the person (the API's error body, the page's message)
USER_ERRORS = {
    "ValidationError",
    "PermissionDenied",
    "Http404",
    "PossibleDuplicateError",
    "CommandError",
    # the app's own: an uploaded file that cannot be read, an archive, the ranking's options,
    # a backup (the command line shows it)
    *("UnreadableFileError", "UnsupportedFileError", "ArchiveFileError", "ArchiveImportError"),
    *("InputError", "BackupError"),
    # a query's "no such object" that the permissions pass on as the 404's message
    "DoesNotExist",
}

#: functions whose returned sentence a person reads (``regions.queries.matrix_empty_reason``)
RETURNS_A_SENTENCE = ("_reason", "_message")

#: (module, first words of the message): raises that stay English on purpose, with why.
ALLOWED: dict[tuple[str, str], str] = {
    # an ICS calendar's properties (``calendar.add(name, value)``), not messages
    ("brokerage/documents/agenda.py", "2.0"): "ICS VERSION property",
    ("brokerage/documents/agenda.py", "b2b-"): "ICS UID property",
    # the OpenAPI schema's descriptions of the error statuses: the schema is English, like the
    # operations' own descriptions (a module constant, read once to write docs/openapi.json)
    **{
        ("core/api.py", start): "OpenAPI schema text"
        for start in (
            "The request",
            "The bearer",
            "You may see",
            "No such object",
            "The address",
            "A parameter",
            "The database",
        )
    },
}


def _modules() -> list[Path]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if parts[0] == "engines" or "tests" in parts or "migrations" in parts:
            continue
        if (
            any(part.removesuffix(".py").startswith(READ_BY_PEOPLE) for part in parts[1:])
            or "management" in parts
        ):
            found.append(path)
    return found


def _bare(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def _messages(node: ast.AST | None) -> list[ast.AST]:
    """The bare strings ``node`` may give as a message (through lists, dicts and ``a if c
    else b``)."""
    if node is None:
        return []
    if _bare(node):
        return [node]
    if isinstance(node, ast.IfExp):
        return _messages(node.body) + _messages(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return [found for element in node.elts for found in _messages(element)]
    if isinstance(node, ast.Dict):
        return [found for value in node.values for found in _messages(value)]
    if isinstance(node, ast.DictComp):
        return _messages(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        # "Cannot " + something: a sentence made of fragments is English too
        return [found for side in (node.left, node.right) for found in _messages(side)][:1]
    return []


def _about_errors(node: ast.AST) -> bool:
    text = ast.unparse(node).lower()
    return "error" in text or "problem" in text


def _callee(call: ast.Call) -> str:
    return ast.unparse(call.func)


def untranslated_messages(source: str) -> list[tuple[int, str]]:
    """(line, message) of every bare string a person would read, in ``source``."""
    found: list[ast.AST] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if _callee(node.exc).rsplit(".", 1)[-1] in USER_ERRORS and node.exc.args:
                found += _messages(node.exc.args[0])
            if _callee(node.exc).endswith("HttpError") and len(node.exc.args) >= 2:
                found += _messages(node.exc.args[1])  # ninja's HttpError(status, message)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and _about_errors(target.value):
                found += _messages(node.value)
            if (
                isinstance(target, ast.Name)
                and _about_errors(target)
                and isinstance(node.value, ast.Dict | ast.List)
            ):
                found += _messages(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name.endswith(RETURNS_A_SENTENCE):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and not (
                    isinstance(inner.value, ast.Constant) and inner.value.value == ""
                ):
                    found += _messages(inner.value)
        elif isinstance(node, ast.FunctionDef) and _about_errors(ast.Name(node.name)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and isinstance(inner.value, ast.List | ast.Dict):
                    found += _messages(inner.value)
        elif isinstance(node, ast.Call):
            callee = _callee(node)
            method = callee.rsplit(".", 1)[-1]
            if method in {"add", "add_error"} and len(node.args) >= 2:
                found += _messages(node.args[1])
            if method == "append" and _about_errors(node.func) and node.args:
                found += _messages(node.args[0])
            if callee.startswith("messages.") and len(node.args) >= 2:
                found += _messages(node.args[1])
            for keyword in node.keywords:
                if keyword.arg == "required" or (keyword.arg == "message" and "require" in callee):
                    found += _messages(keyword.value)
    return sorted(
        {(message.lineno, ast.unparse(message)[:100]) for message in found},
    )


def test_the_check_finds_english_left_in_an_error() -> None:
    source = """
def register(errors, name, limit):
    if not name:
        raise ValidationError({"name": [f"Give a name of at most {limit} characters."]})
    errors.add("title", "Give a title.")
    errors.add("title", _("Give a title."))
    raise PermissionDenied(_("Only %(who)s may.") % {"who": name})
    raise HttpError(400, f"kind: {name}")
    raise HttpError(400, _("kind: %(name)s") % {"name": name})
"""
    assert [line for line, _message in untranslated_messages(source)] == [4, 5, 8]


def test_the_check_finds_english_in_a_returned_reason_and_a_command_error() -> None:
    source = """
def matrix_empty_reason(*, domains):
    if not domains:
        return "The JIS has no technology domains yet."
    if domains < 0:
        return _("No region has S3 priorities yet.")
    return ""


def handle(value):
    raise CommandError(f"--now {value!r} is not a moment.")
"""
    assert [line for line, _message in untranslated_messages(source)] == [4, 11]


def found_in(
    path: Path,
    find: Callable[[str], list[tuple[int, str]]],
    known: dict[tuple[str, str], str],
) -> list[str]:
    """What ``find`` finds in the module at ``path``, less the ``known`` (module, first words)."""
    module = str(path.relative_to(SOURCE))
    return [
        f"{module}:{line}: {message}"
        for line, message in find(path.read_text())
        if not any(
            known_module == module and message.strip("'\"f").startswith(start)
            for known_module, start in known
        )
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(SOURCE)))
def test_error_messages_go_through_gettext(path: Path) -> None:
    left = found_in(path, untranslated_messages, ALLOWED)
    assert not left, (
        "Messages people read stay English: put them through gettext with named "
        "placeholders, _('… %(name)s …') % {'name': ...} (docs/languages.md):\n" + "\n".join(left)
    )


#: a value that is a status word: a model's status or state (its code or its display), or a
#: status choice's label
STATUS_VALUE = re.compile(
    r"get_\w*(?:status|state)\w*_display\(\)|\.(?:\w+_)?(?:status|state)\b|(?:Status|State)\(.*\)\.label"
)
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext"}

#: (module, first words of the message): a status word still put into a sentence, with why
STATUS_WORDS_LEFT: dict[tuple[str, str], str] = {}


def status_words_put_in(source: str) -> list[tuple[int, str]]:
    """(line, message) of every catalogue sentence with a status word put in as a value
    (``_("This proposal was already %(status)s.") % {"status": c.get_status_display()}``): the
    word does not agree with the sentence in every language (and a status code is English).
    Each status is a whole sentence of its own (docs/languages.md)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Call)
            and _callee(node.left) in GETTEXT
            and isinstance(node.right, ast.Dict)
        ):
            continue
        if any(STATUS_VALUE.search(ast.unparse(value)) for value in node.right.values):
            found.append((node.lineno, ast.unparse(node.left.args[-1])[:100]))
    return sorted(found)


def test_the_check_finds_a_status_word_put_into_a_sentence() -> None:
    source = """
def answer(comment, strategy, to, name):
    errors.add("status", _("This proposal was already %(status)s.")
               % {"status": comment.get_status_display().lower()})
    messages.success(request, _("The strategy is now: %(state)s.") % {"state": strategy.state})
    raise ValidationError(_("Not to %(to)s.") % {"to": str(StrategyState(to).label).lower()})
    raise ValidationError(_("%(name)s is declined already.") % {"name": name})
    x = _("%(name)s is %(approval_status)s.") % {"approval_status": p.approval_status}
"""
    assert [line for line, _message in status_words_put_in(source)] == [3, 5, 6, 8]


@pytest.mark.parametrize("path", _modules(), ids=lambda path: str(path.relative_to(SOURCE)))
def test_no_sentence_is_built_from_a_status_word(path: Path) -> None:
    left = found_in(path, status_words_put_in, STATUS_WORDS_LEFT)
    assert not left, (
        "A status word put into a sentence: write a whole sentence per status "
        "(docs/languages.md):\n" + "\n".join(left)
    )
