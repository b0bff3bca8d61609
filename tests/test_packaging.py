"""A non-editable wheel installs one package, `hrba`, with its checklists, schemas and templates."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = tmp_path_factory.mktemp("src") / "hrba"
    # Build from a copy so the work tree gets no build/ or egg-info litter.
    shutil.copytree(REPO, build, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__",
                                                               "test-artifacts", "out", ".venv"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(build)], check=True)
    (found,) = out.glob("hrba-*.whl")
    return found


def test_wheel_has_only_the_hrba_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"hrba"}
    for needed in ("hrba/checklists/data.yaml", "hrba/checklists/profiles.yaml", "hrba/schemas/results.schema.json",
                   "hrba/templates/report.md.j2", "hrba/examples/veloria-cca.md", "hrba/cli.py",
                   "hrba/engine/ingest/__init__.py", "hrba/checklists/tagging/topic-rules.yaml",
                   "hrba/schemas/topic-rules.schema.json", "hrba/checklists/document/roles.yaml",
                   "hrba/schemas/roles.schema.json"):
        assert needed in names, needed
    assert any(n.startswith("hrba/checklists/vocabularies/") for n in names)
    assert not any(n.startswith("hrba/tests/") for n in names)


def test_installed_wheel_scores_the_bundled_example(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run([str(py), "-c", "import hrba, os; print(os.path.dirname(hrba.__file__))"], cwd=work,
                           env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).resolve().is_relative_to(venv.resolve()), where
    example = Path(where) / "examples" / "veloria-cca.md"
    result = subprocess.run([str(venv / "bin" / "hrba"), "score", str(example), "-o", "out"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "overall:" in result.stdout
    assert (work / "out" / "veloria-cca.json").is_file()
    rows = work / "rows.csv"
    rows.write_text('id,text\nr1,"Combat violence against women, including domestic violence."\n', encoding="utf-8")
    tagged = subprocess.run([str(venv / "bin" / "hrba"), "tag", str(rows), "--evidence"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert tagged.returncode == 0, tagged.stderr
    assert "group.children=TR01" in tagged.stdout  # the topic rules ship in the wheel
    plan = work / "plan.md"
    plan.write_text("Contents\n\nIntroduction ........ 3\n\n# Introduction\n\n"
                    "The plan applies a human rights-based approach to all of its outcomes.\n", encoding="utf-8")
    extracted = subprocess.run([str(venv / "bin" / "hrba"), "extract", str(plan)], cwd=work, env=env,
                               capture_output=True, text=True)
    assert extracted.returncode == 0, extracted.stderr
    assert "[toc] Introduction ..." in extracted.stdout  # the block-role cues ship in the wheel


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8").split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in readme.splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
