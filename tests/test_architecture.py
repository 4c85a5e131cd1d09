"""The package's shape: no import cycles (function-level imports included), cheap entry points."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "report_nb"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = PACKAGE.parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the report_nb modules it imports, anywhere in its body."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1]
                        + ([base] if base else [])
                    )
                found = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            for target in found:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and target.startswith("report_nb"):
                    targets.add(target)
        graph[name] = targets
    # a package's __init__ is imported with any of its modules; only count real edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert "report_nb.commands.building" in graph  # the walk found the package
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_import_report_nb_and_the_check_command_stay_cheap() -> None:
    code = (
        "import sys, report_nb, report_nb.cli, report_nb.core.check, report_nb.core.printing\n"
        "heavy = {'nbformat', 'nbconvert', 'jupytext', 'papermill', 'jinja2', 'traitlets',\n"
        "         'matplotlib', 'wandb', 'markdown'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


#: What ``report-nb check README.md`` does without: the build and rendering stacks, and the
#: standard modules it was rid of for its start-up (argparse reads any other command line).
CHECK_NEVER_IMPORTS = {
    *("nbformat", "nbconvert", "jupytext", "papermill", "nbclient", "jinja2", "traitlets"),
    *("markdown", "mistune", "jsonschema", "nh3", "matplotlib", "wandb"),
    *("argparse", "gettext", "pathlib", "dataclasses", "inspect", "typing", "json", "logging"),
}


def test_checking_a_readme_imports_only_what_the_check_needs(tmp_path: Path) -> None:
    # the console script's own path: report_nb.cli.run(), as /venv/bin/report-nb calls it;
    # a None in sys.modules is an import run() blocks, not one it made
    shutil.copy(FIXTURES / "filled_31.md", tmp_path / "README.md")
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from report_nb.cli import run\n"
        "sys.argv = ['report-nb', 'check', 'README.md']\n"
        "try:\n    run()\nexcept SystemExit as done:\n    code = done.code\n"
        "loaded = {m for m in set(sys.modules) - before if sys.modules[m] is not None}\n"
        "added = {m.split('.')[0] for m in loaded}\n"
        f"print(code, sorted(added & set({sorted(CHECK_NEVER_IMPORTS)!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "passed 31/31" in out.stdout
    assert out.stdout.splitlines()[-1] == "0 []"


def test_the_command_process_skips_the_grammar_compiling_iri_checks(tmp_path: Path) -> None:
    # with JupyterLab installed, jsonschema would import rfc3987_syntax (seconds at import)
    code = (
        "import sys\n"
        "from report_nb.cli import run\n"
        f"sys.argv = ['report-nb', 'check', {str(tmp_path / 'missing.ipynb')!r}]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "import nbformat, jsonschema\n"
        "print(sys.modules.get('rfc3987_syntax', 'absent'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "None"  # blocked, so jsonschema skips it


def test_check_on_a_notebook_runs_the_preprocessors_without_nbconvert(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "filled_31.md", tmp_path / "README.md")
    report_nb = [sys.executable, "-m", "report_nb"]
    subprocess.run(
        [*report_nb, "import", "README.md"], cwd=tmp_path, check=True, capture_output=True
    )
    code = (
        "import sys\n"
        "from report_nb.cli import main\n"
        "print(main(['check', 'report.ipynb', '--format', 'json']))\n"
        "heavy = {'nbconvert', 'mistune', 'bs4'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines()[-2:] == ["0", "[]"]


#: Modules every part of the package may import: errors, paths, MIME types, file reading.
BASE = {"report_nb", "report_nb.errors", "report_nb.paths", "report_nb.protocol", "report_nb.io"}


def test_core_imports_nothing_of_report_nb_but_core_and_the_base_modules() -> None:
    graph = import_graph()
    outside = {
        module: sorted(t for t in targets if not t.startswith("report_nb.core") and t not in BASE)
        for module, targets in graph.items()
        if module.startswith("report_nb.core")
    }
    assert {module: targets for module, targets in outside.items() if targets} == {}


def test_the_kernel_side_imports_only_itself_and_the_base_modules() -> None:
    graph = import_graph()
    kernel_side = [m for m in graph if m == "report_nb.kernel" or m.startswith("report_nb.live")]
    assert "report_nb.live.wandb.runs" in kernel_side
    allowed = set(kernel_side) | BASE
    outside = {m: sorted(graph[m] - allowed) for m in kernel_side}
    assert {module: targets for module, targets in outside.items() if targets} == {}


def test_importing_the_kernel_side_loads_no_build_machinery() -> None:
    # report_nb.kernel and report_nb.live.* run in the student's kernel: they stay light
    code = (
        "import importlib, pkgutil, sys, report_nb.kernel, report_nb.live\n"
        "for found in pkgutil.walk_packages(report_nb.live.__path__, 'report_nb.live.'):\n"
        "    importlib.import_module(found.name)\n"
        "heavy = {'papermill', 'nbclient', 'nbconvert', 'jupytext', 'jupyter_server',\n"
        "         'nbformat', 'traitlets'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_library_code_never_changes_the_process_environment_folder_or_modules() -> None:
    # a Jupyter server runs commands in threads of one process: only the CLI's run() may
    pattern = re.compile(
        r"os\.environ\[[^]]+\]\s*=|os\.environ\.(setdefault|update|pop)|os\.(chdir|putenv)\(|"
        r"sys\.modules\[[^]]+\]\s*=|sys\.modules\.(setdefault|update|pop)|os\.umask\("
    )
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line.split("#")[0])
    ]
    assert found == [
        "report_nb/cli/__init__.py:" + str(_line_of("sys.modules.setdefault")),
        "report_nb/cli/__init__.py:" + str(_line_of("os.environ.setdefault")),
    ]


def _line_of(text: str) -> int:
    lines = (PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_a_cached_rebuild_imports_neither_nbconvert_nor_the_execution_stack(
    tmp_path: Path,
) -> None:
    # the HTML report renders from its template with Jinja alone; nbconvert would import
    # nbclient, jupyter_client and zmq (the execution stack) for nothing on a cache hit
    shutil.copytree(ROOT / "notebooks", tmp_path / "example", ignore=_build_outputs)
    folder = tmp_path / "example"
    report_nb = [sys.executable, "-m", "report_nb"]
    first = [*report_nb, "build", "report.ipynb", "-q"]
    subprocess.run(first, cwd=folder, check=True, capture_output=True)
    code = (
        "import sys\n"
        "from report_nb.cli import run\n"
        "sys.argv = ['report-nb', 'build', 'report.ipynb', '-q']\n"
        "try:\n    run()\nexcept SystemExit as done:\n    assert done.code == 0\n"
        "heavy = {'nbconvert', 'nbclient', 'papermill', 'jupyter_client', 'zmq', 'mistune'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True
    )
    assert "reused the cached outputs" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _build_outputs(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n in ("README.md", "report.html", "figures", ".report-nb")]


def test_the_exporters_package_imports_each_exporter_only_when_asked() -> None:
    # nbconvert loads entry points one by one: report_readme must not pull in the HTML page's
    # template machinery, and an unknown name is an AttributeError, as for any module
    code = (
        "import sys\n"
        "from report_nb.exporters import ReadmeExporter\n"
        "print('report_nb.exporters.html' in sys.modules, 'report_nb.render.page' in sys.modules)\n"
        "import report_nb.exporters as e\n"
        "try:\n    e.Nothing\nexcept AttributeError as error:\n    print(error)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = out.stdout.strip().splitlines()
    assert first == "False False"
    assert second == "module 'report_nb.exporters' has no attribute 'Nothing'"
