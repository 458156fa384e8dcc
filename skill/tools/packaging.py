"""Builds what a deployment uploads, after checking the voice model and the manifest.

``python -m skill.tools.packaging [--endpoint ARN] [--skill-package-only] [--out DIR]`` writes

* ``build/lambda.zip``: the ``skill`` package without what never runs there (``LEFT_OUT``),
  ``content/`` and the runtime dependencies of
  ``requirements.txt`` built for the function's runtime (CPython 3.12 on arm64, as in
  template.yaml), all at the top of the archive where Lambda's handler path expects them, with
  every module's bytecode compiled by the runtime's own Python version where this machine has
  it (``python3.12``, or ``$LAMBDA_PYTHON``): Lambda's code folder is read-only, so without it
  each cold start compiles every module it imports;
* ``build/skill-package/``: ``skill.json`` and ``interactionModels/custom/<locale>.json``, the
  layout the ASK CLI deploys and SMAPI imports.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from skill import PROJECT_ROOT
from skill.content.loader import default_content
from skill.tools.sync import snapshot_problems
from skill.voice_model.lint import lint
from skill.voice_model.manifest import (
    ENDPOINT_PLACEHOLDER,
    MANIFEST_PATH,
    check_manifest,
    is_stale,
    load_manifest,
    with_endpoint,
)
from skill.voice_model.model import LOCALES, MODEL_DIR, model_text, stale_files

ROOT = PROJECT_ROOT
# Parts of the skill package that never run on Lambda: the developer tools, the self-hosted
# endpoint and the voice model (Alexa holds the model; the skill never reads it).
LEFT_OUT = ("skill/tools/", "skill/web/", "skill/voice_model/")
PYTHON_VERSION = "3.12"
PLATFORM = "manylinux2014_aarch64"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same sources give the same archive
UNZIPPED_LIMIT = 250 * 1024 * 1024  # Lambda's limit for a function's unpacked code
Installer = Callable[[Path, Path], None]


class PackagingError(Exception):
    """The sources are not fit to ship; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("cannot package:\n" + "\n".join(f"  {p}" for p in problems))


def pip_install(requirements: Path, target: Path) -> None:
    """Install ``requirements`` into ``target`` as wheels for the Lambda runtime."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["--no-warn-conflicts"]  # it weighs the running environment, not the target
    command += ["--target", str(target), "--platform", PLATFORM, "--implementation", "cp"]
    command += ["--python-version", PYTHON_VERSION, "--only-binary=:all:", "--no-compile"]
    subprocess.run([*command, "-r", str(requirements)], check=True)


def source_problems(model_dir: Path = MODEL_DIR, manifest_path: Path = MANIFEST_PATH) -> list[str]:
    """Everything that must be fixed before the voice model and manifest can ship."""
    content = default_content()
    problems = stale_files(content, model_dir) + snapshot_problems()
    if is_stale(manifest_path):
        problems.append(f"{manifest_path.name}: locale entries differ from what sync writes")
    models = {}
    for locale in LOCALES:
        path = model_dir / f"{locale}.json"
        if path.exists():
            models[locale] = json.loads(path.read_text(encoding="utf-8"))
            problems += [f"{path.name}: {p}" for p in lint(models[locale])]
    problems += [
        f"{manifest_path.name}: {p}" for p in check_manifest(load_manifest(manifest_path), models)
    ]
    return problems


def build_skill_package(
    out: Path,
    endpoint: str | None = None,
    model_dir: Path = MODEL_DIR,
    manifest_path: Path = MANIFEST_PATH,
) -> Path:
    """Write ``out`` (replacing it): skill.json and one interaction model per locale."""
    problems = source_problems(model_dir, manifest_path)
    if problems:
        raise PackagingError(problems)
    manifest = load_manifest(manifest_path)
    if endpoint:
        manifest = with_endpoint(manifest, endpoint)
    if out.exists():
        shutil.rmtree(out)
    models = out / "interactionModels" / "custom"
    models.mkdir(parents=True)
    (out / "skill.json").write_text(model_text(manifest), encoding="utf-8")
    for locale in LOCALES:
        shutil.copyfile(model_dir / f"{locale}.json", models / f"{locale}.json")
    return out


def _files(directory: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    """(name in the archive, file) for every file under ``directory``, minus caches."""
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if not path.is_file() or "__pycache__" in relative.parts or path.suffix == ".pyc":
            continue
        yield (Path(prefix) / relative).as_posix(), path


def lambda_entries(deps: Path, root: Path = ROOT) -> dict[str, Path]:
    """Every file of the function's archive, by name; dependencies may not shadow the skill."""
    entries = {
        name: path
        for name, path in _files(deps, "")
        if not name.startswith("bin/")  # console scripts: nothing runs them on Lambda
    }
    clashes = sorted({n.split("/")[0] for n in entries} & {"skill", "content"})
    if clashes:
        raise PackagingError(
            [f"a dependency installs {name}/, which the skill uses" for name in clashes]
        )
    entries.update(
        (name, path)
        for name, path in _files(root / "skill", "skill")
        if not name.startswith(LEFT_OUT)
    )
    entries.update(_files(root / "content", "content"))
    return entries


def write_zip(entries: dict[str, Path], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = 0o100644 << 16  # a regular file, readable by Lambda's user
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entries[name].read_bytes())


def runtime_python() -> str | None:
    """An interpreter of the Lambda runtime's version: ``$LAMBDA_PYTHON``, else
    ``python3.12`` on the PATH, if it runs and is that version; None otherwise."""
    found = os.environ.get("LAMBDA_PYTHON") or shutil.which(f"python{PYTHON_VERSION}")
    if not found:
        return None
    probe = [found, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"]
    try:
        run = subprocess.run(probe, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return found if run.returncode == 0 and run.stdout.strip() == PYTHON_VERSION else None


def bytecode(entries: dict[str, Path], python: str, stage: Path) -> dict[str, Path]:
    """The ``__pycache__`` files ``python`` compiles for every module of ``entries``, by name.

    Unchecked-hash pycs: Lambda unpacks every file with the archive's fixed date, so a
    timestamp check could never match; the sources beside them never change there."""
    for name, path in entries.items():
        if name.endswith(".py"):
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, stage / name)
    command = [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode"]
    subprocess.run([*command, "unchecked-hash", "-d", "", str(stage)], check=True)
    return {
        path.relative_to(stage).as_posix(): path
        for path in sorted(stage.rglob("*.pyc"))
        if path.parent.name == "__pycache__"
    }


def build_lambda_zip(
    out: Path, installer: Installer = pip_install, root: Path = ROOT, python: str | None = None
) -> Path:
    """Write ``out``: the skill, its content and its dependencies from ``installer``, with the
    bytecode of ``python`` (by default the runtime's version, where this machine has it)."""
    python = python or runtime_python()
    with (
        tempfile.TemporaryDirectory(prefix="bsc-deps-") as tmp,
        tempfile.TemporaryDirectory(prefix="bsc-pyc-") as stage,
    ):
        deps = Path(tmp)
        installer(root / "requirements.txt", deps)
        entries = lambda_entries(deps, root)
        if python:
            entries |= bytecode(entries, python, Path(stage))
        else:
            print(f"note: no python{PYTHON_VERSION} here: the archive ships no bytecode")
        unzipped = sum(path.stat().st_size for path in entries.values())
        if unzipped > UNZIPPED_LIMIT:
            raise PackagingError([f"{unzipped} bytes unzipped, Lambda takes {UNZIPPED_LIMIT}"])
        write_zip(entries, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.packaging", description=__doc__)
    parser.add_argument("--endpoint", help="the SkillFunctionArn output of the SAM stack")
    parser.add_argument("--skill-package-only", action="store_true", help="skip lambda.zip")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    try:
        package = build_skill_package(args.out / "skill-package", args.endpoint)
    except (PackagingError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{package}: skill.json and {len(LOCALES)} interaction models")
    if not args.endpoint:
        print(f"note: skill.json keeps the endpoint {ENDPOINT_PLACEHOLDER!r}; pass --endpoint")
    if args.skill_package_only:
        return 0
    try:
        archive = build_lambda_zip(args.out / "lambda.zip")
    except (PackagingError, subprocess.CalledProcessError) as error:
        print(error, file=sys.stderr)
        return 1
    with zipfile.ZipFile(archive) as opened:
        count, unzipped = len(opened.infolist()), sum(i.file_size for i in opened.infolist())
    size = archive.stat().st_size
    print(
        f"{archive}: {size / 1e6:.1f} MB ({size} bytes), {count} files, "
        f"{unzipped / 1e6:.1f} MB unzipped"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
