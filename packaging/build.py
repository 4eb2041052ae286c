"""Freeze Clover Desk with PyInstaller, package it for its platform, and test the result.

    python packaging/build.py linux   [--self-test]   # dist/clover-desk/clover-desk
    python packaging/build.py windows [--self-test]   # + dist/CloverDesk-<version>-Setup.exe
    python packaging/build.py macos   [--self-test]   # + dist/Clover Desk.app + the .dmg

Each target runs on its own OS (PyInstaller does not cross-compile). ``--self-test`` runs
the frozen app's ``--self-test`` offscreen (and, on Windows, again from a silent per-user
install; on macOS, again from the mounted dmg) and exits non-zero unless every run passes.

Signing happens only when configured, and is skipped (with a note) otherwise:

* Windows: ``WINDOWS_CERT_PFX`` (path to, or base64 of, a .pfx) and ``WINDOWS_CERT_PASSWORD``;
  optional ``WINDOWS_TIMESTAMP_URL``. signtool signs the app and, through Inno Setup,
  the installer and uninstaller.
* macOS: ``MACOS_SIGN_IDENTITY`` ("Developer ID Application: …"), from the login keychain or
  imported from ``MACOS_CERT_P12`` (base64) + ``MACOS_CERT_PASSWORD``. Notarization when
  ``APPLE_ID`` + ``APPLE_TEAM_ID`` + ``APPLE_APP_PASSWORD``, or ``APPLE_API_KEY`` (path to,
  or base64 of, the .p8) + ``APPLE_API_KEY_ID`` + ``APPLE_API_ISSUER`` are set.

The last line printed is a JSON summary (target, version, build seconds, bundle bytes,
self-test results, artifacts).
"""

from __future__ import annotations

import argparse
import base64
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import appmeta

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
SPEC = PACKAGING / "clover-desk.spec"
ISS = PACKAGING / "windows" / "clover-desk.iss"
DIST = REPO / "dist"
WORK = REPO / "build" / "pyinstaller"
SELF_TEST_TIMEOUT = 300.0
PLATFORMS = {"linux": "linux", "windows": "win32", "macos": "darwin"}


class BuildError(Exception):
    """A step failed; the message says which and why."""


def log(message: str) -> None:
    print(f"[build] {message}", flush=True)


SECRET_ENV = ("WINDOWS_CERT_PASSWORD", "MACOS_CERT_PASSWORD", "APPLE_APP_PASSWORD")


def run(cmd: Sequence[str | os.PathLike[str]], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, echoing it with secrets (``/p``, ``--password``, passwords) masked."""
    shown, hide = [], False
    for part in map(str, cmd):
        shown.append("***" if hide else part)
        hide = part in ("/p", "-P", "-p", "--password")
    line = " ".join(shown)
    for name in SECRET_ENV:
        if secret := os.environ.get(name):
            line = line.replace(secret, "***")
    log("$ " + line)
    kwargs.setdefault("check", True)
    kwargs.setdefault("text", True)
    return subprocess.run([str(c) for c in cmd], **kwargs)  # noqa: S603


def secret_file(value: str, suffix: str, directory: Path) -> Path:
    """``value`` if it names a file, else base64 content written to a temp file."""
    if Path(value).is_file():
        return Path(value)
    path = directory / f"secret{suffix}"
    path.write_bytes(base64.b64decode(value))
    return path


def dir_size(path: Path) -> int:
    """Bytes in files under ``path`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# --------------------------------------------------------------------------- freeze


def check_installed_metadata(meta: appmeta.AppMeta) -> None:
    """The bundle copies clover-desk's installed metadata: it must match pyproject.toml."""
    probe = "import importlib.metadata as m; print(m.version('clover-desk'))"
    done = run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, check=False)
    installed = done.stdout.strip()
    if done.returncode != 0 or installed != meta.version:
        raise BuildError(
            f"installed clover-desk metadata says {installed or 'nothing'}, pyproject.toml says "
            f"{meta.version}: reinstall the project (pip install -e . or pip install .)"
        )


def compile_translations() -> list[Path]:
    """Compile resources/translations/*.ts to the .qm files the spec bundles."""
    run([sys.executable, REPO / "scripts" / "translations.py", "compile"], cwd=REPO)
    compiled = sorted((REPO / "resources" / "translations").glob("clover_desk_*.qm"))
    if not compiled:
        raise BuildError("no translations compiled under resources/translations")
    return compiled


def freeze(meta: appmeta.AppMeta, env: Mapping[str, str]) -> float:
    """Run PyInstaller on the spec; return the seconds it took."""
    check_installed_metadata(meta)
    compile_translations()
    started = time.monotonic()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            DIST,
            "--workpath",
            WORK,
            SPEC,
        ],
        cwd=REPO,
        env=dict(env),
    )
    return time.monotonic() - started


def frozen_executable(target: str, meta: appmeta.AppMeta, root: Path | None = None) -> Path:
    """The frozen executable of ``target`` under ``root`` (dist/ by default)."""
    exe = appmeta.exe_name_for(PLATFORMS[target])
    if target == "macos":
        app = root or DIST / f"{meta.display_name}.app"
        return app / "Contents" / "MacOS" / exe
    folder = root or DIST / meta.dist_name
    return folder / (exe + ".exe" if target == "windows" else exe)


# -------------------------------------------------------------------------- self-test


def parse_self_test(stdout: str) -> dict[str, Any] | None:
    """The self-test's JSON line (the last stdout line that parses as a JSON object)."""
    for line in reversed(stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None


def self_test(exe: Path, label: str, screenshots: Path | None) -> dict[str, Any]:
    """Run ``exe --self-test`` offscreen; raise BuildError unless it passes."""
    if not exe.exists():
        raise BuildError(f"{label}: no executable at {exe}")
    cmd: list[str | os.PathLike[str]] = [exe, "--self-test"]
    if screenshots is not None:
        cmd += ["--screenshots", screenshots]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    try:
        done = run(cmd, env=env, check=False, capture_output=True, timeout=SELF_TEST_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise BuildError(
            f"{label}: self-test still running after {SELF_TEST_TIMEOUT:.0f} s"
        ) from exc
    seconds = round(time.monotonic() - started, 1)
    report = parse_self_test(done.stdout)
    log(f"{label}: self-test rc={done.returncode} in {seconds} s: {json.dumps(report)}")
    if done.returncode != 0 or report is None or report.get("errors"):
        if done.returncode == 0 and report is None and sys.platform == "win32":
            # A windowed .exe may have no stdout to print to; the exit code still counts.
            log(f"{label}: no JSON on stdout (windowed executable); trusting rc 0")
            return {"label": label, "rc": 0, "seconds": seconds, "report": None}
        sys.stderr.write(done.stderr[-6000:])
        raise BuildError(f"{label}: self-test failed (rc {done.returncode}): {report}")
    return {"label": label, "rc": done.returncode, "seconds": seconds, "report": report}


# ---------------------------------------------------------------------------- Windows


def find_tool(name: str, patterns: Sequence[str]) -> Path | None:
    """``name`` on PATH, else the newest match of the glob ``patterns``."""
    found = shutil.which(name)
    if found:
        return Path(found)
    for pattern in patterns:
        matches = sorted(glob.glob(os.path.expandvars(pattern)))
        if matches:
            return Path(matches[-1])
    return None


def find_iscc() -> Path:
    iscc = find_tool(
        "iscc",
        [
            r"%ProgramFiles(x86)%\Inno Setup *\ISCC.exe",
            r"%ProgramFiles%\Inno Setup *\ISCC.exe",
            r"%LOCALAPPDATA%\Programs\Inno Setup *\ISCC.exe",
        ],
    )
    if iscc is None:
        raise BuildError("Inno Setup 6 (ISCC.exe) not found: choco install innosetup")
    return iscc


def find_signtool() -> Path:
    signtool = find_tool(
        "signtool",
        [r"%ProgramFiles(x86)%\Windows Kits\10\bin\10.*\x64\signtool.exe"],
    )
    if signtool is None:
        raise BuildError("signtool.exe not found (install the Windows 10/11 SDK)")
    return signtool


def inno_defines(meta: appmeta.AppMeta) -> dict[str, str]:
    """The ``/D`` defines clover-desk.iss expects (tests check the two agree)."""
    return {
        "AppName": meta.display_name,
        "AppVersion": meta.version,
        "AppNumericVersion": meta.numeric_version,
        "AppPublisher": meta.publisher,
        "AppURL": meta.url,
        "AppExeName": appmeta.exe_name_for("win32") + ".exe",
        "DataDirName": meta.dist_name,
        "SourceDir": str(DIST / meta.dist_name),
        "OutputDir": str(DIST),
        "OutputBaseFilename": installer_stem(meta),
        "SetupIconFile": str(REPO / "resources" / "icons" / "clover-desk.ico"),
    }


def installer_stem(meta: appmeta.AppMeta) -> str:
    return f"CloverDesk-{meta.version}-Setup"


def build_windows(meta: appmeta.AppMeta, secrets_dir: Path) -> Path:
    """Sign the app (when configured) and compile the Inno Setup installer."""
    pfx_value = os.environ.get("WINDOWS_CERT_PFX", "")
    defines = inno_defines(meta)
    extra: list[str] = []
    if pfx_value:
        signtool = find_signtool()
        pfx = secret_file(pfx_value, ".pfx", secrets_dir)
        password = os.environ.get("WINDOWS_CERT_PASSWORD", "")
        timestamp = os.environ.get("WINDOWS_TIMESTAMP_URL", "http://timestamp.digicert.com")
        sign: list[str | os.PathLike[str]] = [signtool, "sign", "/fd", "SHA256", "/f", pfx]
        sign += ["/p", password]
        sign += ["/tr", timestamp, "/td", "SHA256", "/d", meta.display_name]
        run([*sign, frozen_executable("windows", meta)])
        # Inno Setup signs the installer and the uninstaller with the same command; $q is
        # a quote, $f the file being signed.
        q = "$q"
        command = (
            f"{q}{signtool}{q} sign /fd SHA256 /f {q}{pfx}{q} /p {q}{password}{q} "
            f"/tr {timestamp} /td SHA256 /d {q}{meta.display_name}{q} $f"
        )
        extra = [f"/Scloversign={command}", "/DSignTool=cloversign"]
    else:
        log("WINDOWS_CERT_PFX not set: the app and installer are NOT signed")
    iscc = find_iscc()
    run([iscc, "/Q", *[f"/D{k}={v}" for k, v in defines.items()], *extra, ISS])
    installer = DIST / f"{installer_stem(meta)}.exe"
    if not installer.exists():
        raise BuildError(f"Inno Setup did not write {installer}")
    if pfx_value:
        run([find_signtool(), "verify", "/pa", installer])
    return installer


def test_windows_installer(
    installer: Path, meta: appmeta.AppMeta, shots: Path | None
) -> dict[str, Any]:
    """Install silently into a temp dir, self-test the installed app, uninstall."""
    target = Path(tempfile.mkdtemp(prefix="clover-desk-install-")) / meta.display_name
    run(
        [
            installer,
            "/VERYSILENT",
            "/SUPPRESSMSGBOXES",
            "/NORESTART",
            f"/DIR={target}",
            f"/LOG={target.parent / 'install.log'}",
        ],
        timeout=600,
    )
    try:
        return self_test(frozen_executable("windows", meta, target), "installed", shots)
    finally:
        uninstaller = target / "unins000.exe"
        if uninstaller.exists():
            # Silent uninstall keeps the user's data (the data question defaults to No).
            run([uninstaller, "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART"], check=False)


# ------------------------------------------------------------------------------ macOS


@contextmanager
def macos_keychain(secrets_dir: Path) -> Iterator[None]:
    """Import MACOS_CERT_P12 into a temporary keychain for the build, when given."""
    p12_value = os.environ.get("MACOS_CERT_P12", "")
    if not p12_value:
        yield
        return
    password = os.environ.get("MACOS_CERT_PASSWORD", "")
    keychain = secrets_dir / "clover-desk-build.keychain-db"
    kc_password = base64.b64encode(os.urandom(18)).decode()
    p12 = secret_file(p12_value, ".p12", secrets_dir)
    listed = run(["security", "list-keychains", "-d", "user"], capture_output=True).stdout
    previous = [line.strip().strip('"') for line in listed.splitlines() if line.strip()]
    run(["security", "create-keychain", "-p", kc_password, keychain])
    try:
        run(["security", "set-keychain-settings", "-lut", "21600", keychain])
        run(["security", "unlock-keychain", "-p", kc_password, keychain])
        run(["security", "import", p12, "-k", keychain, "-P", password, "-T", "/usr/bin/codesign"])
        run(
            [
                "security",
                "set-key-partition-list",
                "-S",
                "apple-tool:,apple:",
                "-s",
                "-k",
                kc_password,
                keychain,
            ],
            capture_output=True,
        )
        run(["security", "list-keychains", "-d", "user", "-s", keychain, *previous])
        yield
    finally:
        run(["security", "list-keychains", "-d", "user", "-s", *previous], check=False)
        run(["security", "delete-keychain", keychain], check=False)


def notary_credentials(secrets_dir: Path) -> list[str] | None:
    """notarytool's credential arguments, or None when notarization is not configured."""
    env = os.environ
    if env.get("APPLE_API_KEY") and env.get("APPLE_API_KEY_ID") and env.get("APPLE_API_ISSUER"):
        key = secret_file(env["APPLE_API_KEY"], ".p8", secrets_dir)
        return [
            "--key",
            str(key),
            "--key-id",
            env["APPLE_API_KEY_ID"],
            "--issuer",
            env["APPLE_API_ISSUER"],
        ]
    if env.get("APPLE_ID") and env.get("APPLE_TEAM_ID") and env.get("APPLE_APP_PASSWORD"):
        return [
            "--apple-id",
            env["APPLE_ID"],
            "--team-id",
            env["APPLE_TEAM_ID"],
            "--password",
            env["APPLE_APP_PASSWORD"],
        ]
    return None


def build_macos(meta: appmeta.AppMeta, secrets_dir: Path) -> Path:
    """Verify the (PyInstaller-signed) .app, make the dmg, sign and notarize it."""
    app = DIST / f"{meta.display_name}.app"
    identity = os.environ.get("MACOS_SIGN_IDENTITY", "")
    if identity:
        run(["codesign", "--verify", "--deep", "--strict", "--verbose=2", app])
        run(["codesign", "--display", "--entitlements", "-", "--verbose=2", app])
    else:
        log("MACOS_SIGN_IDENTITY not set: the app and dmg are NOT signed or notarized")
    dmg = DIST / f"CloverDesk-{meta.version}.dmg"
    staging = REPO / "build" / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    run(["ditto", app, staging / app.name])  # ditto keeps symlinks and signatures
    (staging / "Applications").symlink_to("/Applications")
    dmg.unlink(missing_ok=True)
    create: list[str | os.PathLike[str]] = ["hdiutil", "create", "-volname", meta.display_name]
    create += ["-srcfolder", staging]
    create += ["-ov", "-format", "UDZO", dmg]
    for attempt in range(3):  # hdiutil is known to fail now and then with "Resource busy"
        if run(create, check=False).returncode == 0:
            break
        time.sleep(5 * (attempt + 1))
    else:
        raise BuildError(f"hdiutil could not create {dmg}")
    if identity:
        run(["codesign", "--sign", identity, "--timestamp", dmg])
        credentials = notary_credentials(secrets_dir)
        if credentials:
            run(["xcrun", "notarytool", "submit", dmg, "--wait", "--timeout", "1h", *credentials])
            run(["xcrun", "stapler", "staple", dmg])
            run(["xcrun", "stapler", "validate", dmg])
            run(
                [
                    "spctl",
                    "--assess",
                    "--type",
                    "open",
                    "--context",
                    "context:primary-signature",
                    "--verbose=2",
                    dmg,
                ]
            )
        else:
            log("no APPLE_ID/APPLE_TEAM_ID/APPLE_APP_PASSWORD nor APPLE_API_KEY*: not notarized")
    return dmg


def test_macos_dmg(dmg: Path, meta: appmeta.AppMeta, shots: Path | None) -> dict[str, Any]:
    """Mount the dmg read-only and self-test the app inside it."""
    mount = Path(tempfile.mkdtemp(prefix="clover-desk-dmg-"))
    run(["hdiutil", "attach", "-nobrowse", "-readonly", "-mountpoint", mount, dmg])
    try:
        app = mount / f"{meta.display_name}.app"
        return self_test(frozen_executable("macos", meta, app), "dmg", shots)
    finally:
        run(["hdiutil", "detach", mount], check=False)


# ------------------------------------------------------------------------------- main


def build(target: str, *, run_self_test: bool, package: bool) -> dict[str, Any]:
    """Freeze, package and test one target; return the summary."""
    if not sys.platform.startswith(PLATFORMS[target]):
        raise BuildError(f"{target} builds run on {target} (this is {sys.platform})")
    meta = appmeta.metadata()
    log(f"Clover Desk {meta.version} for {target}")
    summary: dict[str, Any] = {"target": target, "version": meta.version, "self_tests": []}
    shots_root = REPO / "build" / "self-test"
    with tempfile.TemporaryDirectory(prefix="clover-desk-secrets-") as tmp:
        secrets_dir = Path(tmp)
        # The signing identity (if any) must be in a keychain while PyInstaller signs.
        keychain = macos_keychain(secrets_dir) if target == "macos" else nullcontext()
        with keychain:
            summary["build_seconds"] = round(freeze(meta, os.environ), 1)
            exe = frozen_executable(target, meta)
            bundle = exe.parents[2] if target == "macos" else exe.parent
            summary["bundle"] = str(bundle)
            summary["bundle_bytes"] = dir_size(bundle)
            log(
                f"froze {bundle} in {summary['build_seconds']} s, {summary['bundle_bytes']:,} bytes"
            )
            if run_self_test:
                summary["self_tests"].append(self_test(exe, "frozen", shots_root / "frozen"))
            artifacts: list[Path] = []
            if package and target == "windows":
                installer = build_windows(meta, secrets_dir)
                artifacts.append(installer)
                if run_self_test:
                    result = test_windows_installer(installer, meta, shots_root / "installed")
                    summary["self_tests"].append(result)
            elif package and target == "macos":
                dmg = build_macos(meta, secrets_dir)
                artifacts.append(dmg)
                if run_self_test:
                    summary["self_tests"].append(test_macos_dmg(dmg, meta, shots_root / "dmg"))
        summary["artifacts"] = [str(p) for p in artifacts]
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Clover Desk for one platform.")
    parser.add_argument("target", choices=sorted(PLATFORMS))
    parser.add_argument("--self-test", action="store_true", help="run the frozen app's self-test")
    parser.add_argument(
        "--no-installer", action="store_true", help="freeze only (no Inno Setup / dmg)"
    )
    args = parser.parse_args(argv)
    try:
        summary = build(args.target, run_self_test=args.self_test, package=not args.no_installer)
    except (BuildError, subprocess.CalledProcessError) as exc:
        log(f"FAILED: {exc}")
        return 1
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
