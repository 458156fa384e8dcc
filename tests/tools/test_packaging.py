"""Packaging: the skill package in the ASK CLI layout, and the Lambda archive assembled from a
dependencies folder. pip's part needs PyPI, so here the installed distributions stand in."""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from packaging.requirements import Requirement

from skill.tools import packaging as skill_packaging
from skill.tools.packaging import (
    PYTHON_VERSION,
    PackagingError,
    build_lambda_zip,
    build_skill_package,
    runtime_python,
)
from skill.voice_model.manifest import ENDPOINT_PLACEHOLDER, MANIFEST_PATH, load_manifest
from skill.voice_model.model import LOCALES, MODEL_DIR, language_model, load_model
from tests.deploy import sam_check

ROOT = Path(__file__).resolve().parents[2]
ARN = "arn:aws:lambda:us-east-1:123456789012:function:back-stretch-coach-skill"


def test_the_skill_package_has_the_ask_cli_layout(tmp_path: Path) -> None:
    out = build_skill_package(tmp_path / "skill-package")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    models = [f"interactionModels/custom/{locale}.json" for locale in LOCALES]
    assert files == sorted(["skill.json", *models])
    for locale in LOCALES:
        copied = out / "interactionModels" / "custom" / f"{locale}.json"
        assert copied.read_bytes() == (MODEL_DIR / f"{locale}.json").read_bytes()
    manifest = json.loads((out / "skill.json").read_text(encoding="utf-8"))
    assert manifest == load_manifest()
    assert manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"] == ENDPOINT_PLACEHOLDER


def test_the_endpoint_is_set_and_a_rebuild_replaces_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "skill-package"
    build_skill_package(out)
    (out / "interactionModels" / "custom" / "de-DE.json").write_text("{}", encoding="utf-8")
    build_skill_package(out, endpoint=ARN)
    assert not (out / "interactionModels" / "custom" / "de-DE.json").exists()
    manifest = json.loads((out / "skill.json").read_text(encoding="utf-8"))
    assert manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"] == ARN
    with pytest.raises(ValueError, match="not a Lambda function ARN"):
        build_skill_package(out, endpoint="arn:aws:lambda:us-east-1:12:function:x")


def test_nothing_is_packaged_from_drifted_or_broken_sources(tmp_path: Path) -> None:
    models = tmp_path / "models"
    shutil.copytree(MODEL_DIR, models)
    broken = load_model("en-GB")
    language_model(broken)["invocationName"] = "open back stretch coach"
    (models / "en-GB.json").write_text(json.dumps(broken), encoding="utf-8")
    manifest = load_manifest()
    manifest["manifest"]["publishingInformation"]["locales"]["en-US"]["sumary"] = "x"
    (models / "skill.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = tmp_path / "skill-package"
    with pytest.raises(PackagingError) as caught:
        build_skill_package(out, model_dir=models, manifest_path=models / "skill.json")
    problems = "\n".join(caught.value.problems)
    assert "en-GB.json: differs from what sync writes" in problems
    assert (
        "en-GB.json: invocationName: 'open back stretch coach' holds the reserved word" in problems
    )
    assert "skill.json: locale entries differ" in problems
    assert "locales.en-US.sumary: unknown key" in problems
    assert not out.exists()


def copy_installed(requirements: Path, target: Path) -> None:
    """Stands in for pip: copies the installed distributions the requirements need."""
    lines = requirements.read_text(encoding="utf-8").splitlines()
    wanted = [Requirement(line).name for line in lines if line.strip() and line[0] != "#"]
    done: set[str] = set()
    while wanted:
        dist = importlib.metadata.distribution(wanted.pop())
        name = dist.metadata["Name"].lower().replace("_", "-")
        if name in done:
            continue
        done.add(name)
        for file in dist.files or []:
            if ".." in file.parts or "__pycache__" in file.parts:
                continue  # console scripts live outside site-packages
            destination = target / file
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(str(dist.locate_file(file))), destination)
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                wanted.append(requirement.name)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_lambda_zip(tmp_path_factory.mktemp("build") / "lambda.zip", copy_installed)


def test_the_archive_holds_the_skill_its_content_and_its_dependencies(archive: Path) -> None:
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        infos = opened.infolist()
    assert "skill/alexa/lambda_function.py" in names and "skill/__init__.py" in names
    content = sorted(f"content/{p.name}" for p in (ROOT / "content").glob("*.yaml"))
    assert content and set(content) <= set(names)
    for package in ("ask_sdk_core", "ask_sdk_model", "ask_sdk_runtime", "yaml"):
        assert f"{package}/__init__.py" in names
    assert not [n for n in names if n.split("/")[0] in {"tests", ".venv", "build", "bin"}]
    # No cache the installer left: the only bytecode is the runtime's, one file per module.
    modules = {n for n in names if n.endswith(".py")}
    for name in (n for n in names if "__pycache__" in n or n.endswith(".pyc")):
        cached = PurePosixPath(name)
        stem, _, tag = cached.name.partition(".")
        assert cached.parent.name == "__pycache__", name
        assert tag == f"cpython-{PYTHON_VERSION.replace('.', '')}.pyc", name
        assert (cached.parent.parent / f"{stem}.py").as_posix() in modules, name
    assert names == sorted(names) and {i.date_time for i in infos} == {skill_packaging.ZIP_DATE}


def test_every_module_ships_its_bytecode_for_the_runtime(archive: Path) -> None:
    if runtime_python() is None:
        pytest.skip(f"no python{PYTHON_VERSION} on this machine to compile with")
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
    tag = f"cpython-{PYTHON_VERSION.replace('.', '')}"
    for module in (n for n in names if n.endswith(".py")):
        folder, _, file = module.rpartition("/")
        cached = f"{folder}/__pycache__/{file[:-3]}.{tag}.pyc".lstrip("/")
        assert cached in names, module


def test_the_bytecode_is_what_runs_and_no_source_is_compiled(tmp_path: Path) -> None:
    """Built with this interpreter's version, unpacked: a source made uncompilable after the
    build still imports, from its unchecked bytecode, as on Lambda's read-only code folder."""
    archive = build_lambda_zip(tmp_path / "lambda.zip", copy_installed, python=sys.executable)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "code")
    (tmp_path / "code" / "skill" / "limits.py").write_text("this is not python\n")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import skill.limits as limits; print(limits.MAX_BREAK_SECONDS)"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, str(tmp_path / "code")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "10"


def test_the_archive_holds_only_the_parts_of_the_skill_that_run_on_lambda(archive: Path) -> None:
    with zipfile.ZipFile(archive) as opened:
        skill_files = {n for n in opened.namelist() if n.startswith("skill/")}
    shipped = {
        path.relative_to(ROOT).as_posix()
        for pattern in ("*.py", "documents/*.json")  # the code, and the screens' documents
        for path in (ROOT / "skill").rglob(pattern)
        if not path.relative_to(ROOT).as_posix().startswith(skill_packaging.LEFT_OUT)
    }
    assert {n for n in skill_files if not n.endswith(".pyc")} == shipped
    for left_out in ("skill/tools/", "skill/web/", "skill/voice_model/"):
        assert left_out in skill_packaging.LEFT_OUT
        assert not [n for n in skill_files if n.startswith(left_out)]
    needed_files = ("skill/dialogue/conversation.py", "skill/store/dynamo.py", "skill/limits.py",
                    "skill/screens/documents/coach.json")  # fmt: skip
    for needed in needed_files:
        assert needed in skill_files


def test_the_unpacked_archive_answers_a_launch_request(archive: Path, tmp_path: Path) -> None:
    """Unpacked as Lambda unpacks it, run with no site-packages: the archive is all it needs."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path)
    screen = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "1.6"}}}
    event = {
        "version": "1.0",
        "session": {"new": True, "sessionId": "s", "application": {"applicationId": "a"},
                    "user": {"userId": "u"}, "attributes": {}},
        "context": {"System": {"application": {"applicationId": "a"}, "user": {"userId": "u"},
                               "device": {"deviceId": "d", "supportedInterfaces": screen}}},
        "request": {"type": "LaunchRequest", "requestId": "r", "timestamp": "2026-11-25T10:00:00Z",
                    "locale": "en-IN"},
    }  # fmt: skip
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); "
        "import skill.alexa.lambda_function as f; "
        "print(json.dumps(f.handler(json.loads(sys.argv[2]), None)))"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, str(tmp_path), json.dumps(event)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"LOG_LEVEL": "WARNING"},
    )
    assert run.returncode == 0, run.stderr
    response = json.loads(run.stdout.splitlines()[-1])
    assert response["response"]["outputSpeech"]["ssml"].startswith("<speak>")
    [shown] = response["response"]["directives"]  # the screen's document, read from the archive
    assert shown["type"] == "Alexa.Presentation.APL.RenderDocument" and shown["document"]["type"]


def test_a_dependency_may_not_shadow_the_skill(tmp_path: Path) -> None:
    def installs_a_skill_package(requirements: Path, target: Path) -> None:
        (target / "skill").mkdir()
        (target / "skill" / "__init__.py").write_text("", encoding="utf-8")

    with pytest.raises(PackagingError, match="a dependency installs skill/"):
        build_lambda_zip(tmp_path / "lambda.zip", installs_a_skill_package)


def test_pip_builds_for_the_runtime_and_architecture_of_the_template(monkeypatch) -> None:
    template, findings = sam_check.load_template(ROOT / "template.yaml")
    assert template is not None, findings
    function = template["Resources"]["SkillFunction"]["Properties"]
    assert function["Runtime"] == f"python{skill_packaging.PYTHON_VERSION}"
    assert function["Architectures"] == ["arm64"] and skill_packaging.PLATFORM.endswith("_aarch64")
    calls = []
    monkeypatch.setattr(
        skill_packaging.subprocess, "run", lambda command, **kw: calls.append(command)
    )
    skill_packaging.pip_install(Path("requirements.txt"), Path("deps"))
    (command,) = calls
    for flags in (
        ["--target", "deps"],
        ["--platform", skill_packaging.PLATFORM],
        ["--implementation", "cp"],
        ["--python-version", skill_packaging.PYTHON_VERSION],
        ["--only-binary=:all:"],
        ["-r", "requirements.txt"],
    ):
        at = command.index(flags[0])
        assert command[at : at + len(flags)] == flags


def test_main_builds_the_skill_package_only_and_reports(tmp_path: Path, capsys) -> None:
    assert skill_packaging.main(["--skill-package-only", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "skill-package" / "skill.json").exists()
    assert not (tmp_path / "lambda.zip").exists()
    assert "pass --endpoint" in capsys.readouterr().out
    assert (
        skill_packaging.main(["--skill-package-only", "--out", str(tmp_path), "--endpoint", "x"])
        == 1
    )
    assert MANIFEST_PATH.exists()
