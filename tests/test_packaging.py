"""Packaging: the wheel carries the demo site, the packs and the schema, and building it says
nothing alarming (issue 14: six screens of setuptools warnings on every install)."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ["claims/demo_site/**/*", "extract/packs/*.yml", "extract/schema/*.json"]


def test_wheel_has_the_package_data_and_no_setuptools_warnings(tmp_path):
    # built from a copy: a build in place leaves build/ and egg-info behind in the checkout
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", "public",
        "*.db", "*.db-*"))
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-v",
                        "-w", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    out = p.stdout + p.stderr
    assert "absent from the `packages` configuration" not in out
    assert "BuildBackendWarning" not in out and "SetuptoolsDeprecationWarning" not in out
    wheel = next(tmp_path.glob("claims_tracker-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {str(f.relative_to(ROOT)) for pattern in DATA for f in ROOT.glob(pattern)
              if f.is_file() and "__pycache__" not in f.parts}
    assert len(wanted) > 20 and not wanted - names, sorted(wanted - names)


def test_editable_install_says_nothing_and_imports_from_the_checkout(tmp_path):
    """`make install` is `pip install -e`: setuptools printed an "Editable installation" notice
    (its import-hook finder, chosen when setup.cfg named no package folder). The install is
    made into an empty venv from a copy of the checkout; the packages import from that copy,
    and a `datasette` folder of configuration does not hide the library's name."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", "public",
        "*.db", "*.db-*", "tests", "bench"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    p = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                        "--no-deps", "-e", str(src)], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    out = p.stdout + p.stderr
    assert "Editable installation" not in out and "BuildBackendWarning" not in out, out[-2000:]
    found = subprocess.run(
        [str(python), "-c", "import importlib.util as u; print(*[u.find_spec(n).origin for n in "
         "('claims', 'extract', 'store', 'crawler')]); s = u.find_spec('datasette'); "
         "print(s and s.origin)"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr
    packages, datasette = found.stdout.splitlines()
    assert all(o.startswith(str(src)) for o in packages.split()), packages
    assert datasette == "None", datasette  # a namespace folder, never taken for the library
