"""The layout promises of the code base (see the README's "Project layout"), checked on the
source so that they stay true: small modules, no import cycle, one `Role`, one writer of
`last_contact`, and no bulk insert that skips the change history."""

import ast
import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings

APP = Path(settings.BASE_DIR) / "stakeholders"
MAX_LINES = 600
# Generated migrations and the demo locality's data tables are long by nature.
LONG_BY_NATURE = ("migrations", "demo")
# Models that keep django-simple-history history (every record needs its "created" row).
HISTORY_MODELS = ("Stakeholder", "ConsentChange", "Organisation", "Membership", "Relationship")


def sources():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, path.read_text(encoding="utf-8")


def module_name(path):
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def area(module):
    """`stakeholders.models.people` -> `models`: the unit the import rules speak of."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_level_imports(text):
    """The stakeholders modules a source imports when it is loaded (not inside functions)."""
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("stakeholders"):
            if node.module == "stakeholders":
                yield from (f"stakeholders.{alias.name}" for alias in node.names)
            else:
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("stakeholders"))


def import_graph():
    graph = defaultdict(set)
    for path, text in sources():
        here = area(module_name(path))
        for imported in module_level_imports(text):
            if area(imported) != here:
                graph[here].add(area(imported))
    return graph


def find_cycle(graph):
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return [*trail, node, target]
            if target not in state:
                cycle = visit(target, [*trail, node])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


def test_no_module_of_the_app_is_over_600_lines():
    too_long = {
        str(path.relative_to(APP)): text.count("\n")
        for path, text in sources()
        if not set(LONG_BY_NATURE) & set(path.relative_to(APP).parts)
        and text.count("\n") > MAX_LINES
    }
    assert too_long == {}


def test_the_parts_of_the_app_import_each_other_without_a_cycle():
    graph = import_graph()
    assert "models" in graph  # the graph was read at all
    assert find_cycle(graph) is None


def test_enums_import_nothing_of_the_project_and_models_never_import_access():
    graph = import_graph()
    assert "enums" not in graph
    assert graph["models"] <= {"enums", "phones"}
    # Not even inside a function: the rules about who may do what are built on the models.
    imported_anywhere = {
        imported
        for path, text in sources()
        if "models" in path.relative_to(APP).parts
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ImportFrom)
        for imported in (
            [f"{node.module}.{a.name}" for a in node.names]
            if node.module == "stakeholders"
            else [node.module or ""]
        )
    }
    assert not {name for name in imported_anywhere if name.startswith("stakeholders.access")}


def test_there_is_one_class_called_role():
    roles = [
        str(path.relative_to(APP))
        for path, text in sources()
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.ClassDef) and node.name == "Role"
    ]
    assert roles == ["enums.py"]


def test_only_the_engagement_service_refreshes_last_contact():
    callers = {
        str(path.relative_to(APP))
        for path, text in sources()
        if re.search(r"\.refresh_last_contact\(|last_contact\s*=", text)
    }
    # models/people.py defines the field and the queryset method the service calls.
    assert callers == {"services/engagement.py", "models/people.py"}


def test_records_that_keep_history_are_never_bulk_inserted_without_it():
    plain_bulk = re.compile(rf"\b({'|'.join(HISTORY_MODELS)})\.objects\.bulk_create\(")
    offenders = {str(path.relative_to(APP)) for path, text in sources() if plain_bulk.search(text)}
    # The benchmark's throwaway data in its own database is the one exception (see bench.py).
    assert offenders <= {"demo/management/commands/bench.py"}
