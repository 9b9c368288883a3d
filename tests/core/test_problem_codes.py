"""Every refusal a service raises carries a stable problem code (issue #13 item 3).

An AST scan of the service modules: a call of ``DomainError``, or of a subclass whose
``default_code`` is still the generic ``"refused"``, must pass ``code=`` (or ``problems=``,
each problem then naming its own code). Every literal code reads ``<subject>.<rule>``."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "socialvalue"
CODE_PATTERN = re.compile(r"^[a-z_]+\.[a-z_.]+$")
GENERIC = "refused"


@cache
def _tree(path: Path) -> ast.Module:
    """A module's syntax tree, parsed once for the three scans (about a second each)."""
    return ast.parse(path.read_text(), str(path))


def _service_files() -> list[Path]:
    """Every module of the apps (services, selectors, reports, views...): a refusal raised
    anywhere reaches a page or the API, so each names its code. Not the migrations."""
    return sorted(path for path in SOURCE.rglob("*.py") if "migrations" not in path.parts)


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes() -> dict[str, str]:
    """Every DomainError subclass in the package with its default code (by class name)."""
    bases: dict[str, list[str]] = {}
    own_codes: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = [name for base in node.bases if (name := _name(base))]
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and any(_name(target) == "default_code" for target in item.targets)
                    and isinstance(item.value, ast.Constant)
                ):
                    own_codes[node.name] = item.value.value
    codes: dict[str, str] = {"DomainError": GENERIC}

    def resolve(name: str, seen: frozenset[str] = frozenset()) -> str | None:
        if name in codes:
            return codes[name]
        if name in seen or name not in bases:
            return None
        for base in bases[name]:
            inherited = resolve(base, seen | {name})
            if inherited is not None:
                codes[name] = own_codes.get(name, inherited)
                return codes[name]
        return None

    for name in bases:
        resolve(name)
    return codes


@cache
def _calls() -> list[tuple[str, ast.Call, str]]:
    """Each (place, call, class default code) of a DomainError (sub)class in a service file."""
    classes = _error_classes()
    found = []
    for path in _service_files():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call) and (name := _name(node.func)) in classes:
                place = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
                found.append((place, node, classes[name]))
    return found


def test_the_scan_sees_the_service_modules() -> None:
    files = {path.relative_to(SOURCE).as_posix() for path in _service_files()}
    assert {"contracts/services.py", "accounts/two_factor.py", "policy/measures_io.py"} <= files
    assert any(place.startswith("socialvalue/contracts/") for place, _, _ in _calls())


def test_every_refusal_in_a_service_names_its_code() -> None:
    missing = [
        place
        for place, call, default in _calls()
        if default == GENERIC
        and not any(keyword.arg in {"code", "problems"} for keyword in call.keywords)
    ]
    assert not missing, "refusals without a code=: " + ", ".join(missing)


def test_every_literal_code_reads_subject_dot_rule() -> None:
    bad = []
    for place, call, _ in _calls():
        for keyword in call.keywords:
            if keyword.arg != "code":
                continue
            value = keyword.value
            if isinstance(value, ast.Constant) and not CODE_PATTERN.match(str(value.value)):
                bad.append(f"{place} {value.value!r}")
    assert not bad, "codes not of the form subject.rule: " + ", ".join(bad)
