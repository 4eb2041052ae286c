"""The spec, build.py, the Inno Setup script and the workflow agree with each other."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging_loader import PACKAGING, REPO, load

appmeta = load("appmeta")
build = load("build")

ISS = PACKAGING / "windows" / "clover-desk.iss"
SPEC = PACKAGING / "clover-desk.spec"
WORKFLOW = REPO / ".github" / "workflows" / "installers.yml"


def test_version_comes_from_pyproject_only() -> None:
    with (REPO / "pyproject.toml").open("rb") as handle:
        version = tomllib.load(handle)["project"]["version"]
    meta = appmeta.metadata()
    assert meta.version == version
    assert build.inno_defines(meta)["AppVersion"] == version
    for path in (SPEC, ISS, WORKFLOW):
        assert version not in path.read_text(encoding="utf-8"), f"{path.name} repeats the version"


def test_windows_version_numbers() -> None:
    assert appmeta.AppMeta(version="1.2.3").version_tuple == (1, 2, 3, 0)
    assert appmeta.AppMeta(version="2.0rc1").numeric_version == "2.0.0.0"
    assert appmeta.AppMeta(version="0.1.0+local.7").numeric_version == "0.1.0.0"


def test_macos_minimum_comes_from_the_pyside6_wheel_tag() -> None:
    wheel = "Wheel-Version: 1.0\nTag: cp310-abi3-macosx_13_0_universal2\n"
    assert appmeta.macos_minimum_from_wheel(wheel) == "13.0"
    wheel = "Tag: cp310-abi3-macosx_14_0_x86_64\nTag: cp310-abi3-macosx_14_0_arm64\n"
    assert appmeta.macos_minimum_from_wheel(wheel) == "14.0"
    assert appmeta.macos_minimum_from_wheel("Tag: cp310-abi3-manylinux_2_34_x86_64\n") == "12.0"
    assert appmeta.macos_minimum_version()  # whatever is installed, a version string


def test_inno_script_uses_only_what_build_py_defines() -> None:
    text = ISS.read_text(encoding="utf-8")
    used = set(re.findall(r"\{#(\w+)\}", text)) | set(re.findall(r"#ifn?def (\w+)", text))
    passed = set(build.inno_defines(appmeta.metadata())) | {"SignTool"}
    assert used <= passed, f"not passed by build.py: {sorted(used - passed)}"
    assert passed - {"SignTool"} <= used, f"passed but unused: {sorted(passed - used)}"


def test_inno_script_installs_per_user_and_keeps_data_by_default() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in text
    assert r"DefaultDirName={autopf}" in text
    assert "{autoprograms}" in text  # Start-menu shortcut
    assert "MB_DEFBUTTON2, IDNO" in text  # "keep my data" is the default and the silent answer
    assert "SignedUninstaller=yes" in text


def test_names_agree_between_installers() -> None:
    meta = appmeta.metadata()
    defines = build.inno_defines(meta)
    assert defines["AppExeName"] == "CloverDesk.exe"
    assert defines["DataDirName"] == "clover-desk"  # platformdirs' app name
    assert defines["SourceDir"].endswith(meta.dist_name)
    assert build.frozen_executable("linux", meta).name == "clover-desk"
    assert build.frozen_executable("macos", meta).parts[-4:] == (
        "Clover Desk.app",
        "Contents",
        "MacOS",
        "Clover Desk",
    )


def test_files_the_spec_and_scripts_name_exist() -> None:
    for relative in (
        "packaging/launcher.py",
        "packaging/macos/entitlements.plist",
        "resources/icons/clover-desk.ico",
        "resources/icons/clover-desk.icns",
        "resources/icons/clover-desk.png",
        "resources/style.qss",
    ):
        assert (REPO / relative).is_file(), relative


def test_workflow_builds_both_installers_with_the_self_test() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "windows-latest" in text
    assert "macos-latest" in text
    assert "python packaging/build.py ${{ matrix.target }} --self-test" in text


def test_self_test_json_is_found_after_other_output() -> None:
    out = 'Qt says hello\n{"tabs": {"orders": 3}, "errors": []}\n'
    assert build.parse_self_test(out) == {"tabs": {"orders": 3}, "errors": []}
    assert build.parse_self_test("no json here\n{broken\n") is None


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as the 'executable'")
@pytest.mark.parametrize(
    ("body", "passes"),
    [
        ('echo \'{"tabs": {"orders": 1}, "errors": []}\'; exit 0', True),
        ('echo \'{"tabs": {}, "errors": ["orders: boom"]}\'; exit 1', False),
        ('echo \'{"tabs": {}, "errors": ["orders: boom"]}\'; exit 0', False),
        ("echo 'no json'; exit 0", False),
    ],
)
def test_build_fails_unless_the_self_test_passes(tmp_path: Path, body: str, passes: bool) -> None:
    exe = tmp_path / "fake-app"
    exe.write_text(f"#!/bin/sh\n{body}\n")
    exe.chmod(0o755)
    if passes:
        assert build.self_test(exe, "fake", None)["report"]["errors"] == []
    else:
        with pytest.raises(build.BuildError):
            build.self_test(exe, "fake", None)
