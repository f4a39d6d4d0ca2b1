"""Static checks of the collection: lint, sanity and rendered documentation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg"),
       "ANSIBLE_NOCOLOR": "1"}


def run(*argv, cwd=REPO_ROOT, timeout=900, env=None):
    return subprocess.run(argv, cwd=cwd, env={**ENV, **(env or {})}, capture_output=True, text=True, timeout=timeout,
                          check=False)


def plugin_names(folder: str, suffix: str) -> list[str]:
    return sorted(path.stem for path in (REPO_ROOT / "plugins" / folder).glob(f"*{suffix}") if path.stem != "__init__")


@pytest.mark.parametrize("module", plugin_names("modules", ".py"))
def test_module_documentation_renders(module):
    done = run(str(BIN / "ansible-doc"), "--json", f"seed.aws_platform.{module}")
    assert done.returncode == 0, done.stderr
    assert f'"seed.aws_platform.{module}"' in done.stdout


@pytest.mark.parametrize("filter_name", plugin_names("filter", ".yml"))
def test_filter_documentation_renders(filter_name):
    done = run(str(BIN / "ansible-doc"), "-t", "filter", "--json", f"seed.aws_platform.{filter_name}")
    assert done.returncode == 0, done.stderr
    assert f'"seed.aws_platform.{filter_name}"' in done.stdout


def test_every_module_is_in_the_action_group():
    import yaml

    group = yaml.safe_load((REPO_ROOT / "meta" / "runtime.yml").read_text())["action_groups"]["aws"]
    assert sorted(entry for entry in group if isinstance(entry, str)) == plugin_names("modules", ".py")


def test_ansible_lint_production_profile(tmp_path):
    # A clean HOME: Molecule leaves a copy of the collection in ~/.ansible/collections, and an
    # older copy there would hide the checkout from ansible-lint.
    done = run(str(BIN / "ansible-lint"), "--profile", "production", "--offline", "--nocolor", env={"HOME": str(tmp_path)})
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]


def install_offline_pip_bootstrap():
    """Save our get-pip stand-in where ansible-test looks for its cached bootstrap script (see get_pip_offline.py)."""
    import ansible_test

    source = (Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
    pip_version = re.search(r"pip='([0-9.]+)'", source)
    assert pip_version, "ansible-test no longer names its pip version where this test looks for it"
    cache = Path.home() / ".ansible" / "test" / "cache" / f"get_pip_{pip_version[1].replace('.', '_')}.py"
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(Path(__file__).with_name("get_pip_offline.py"), cache)


def test_ansible_test_sanity(tmp_path):
    """ansible-test wants the collection at .../ansible_collections/seed/aws_platform: a copy of the tracked files."""
    install_offline_pip_bootstrap()
    target = tmp_path / "ansible_collections" / "seed" / "aws_platform"
    files = run("git", "ls-files", "--cached", "--others", "--exclude-standard").stdout.split()
    for name in files:
        if name.startswith("collections/"):
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target / name)
    # Doc fragments and module_utils of amazon.aws must resolve beside the copy, as in an installed tree.
    bundled = Path(sys.executable).parents[1].glob("lib/python3*/site-packages/ansible_collections")
    bundled = next(iter(bundled))
    for dependency in ("amazon/aws", "community/aws"):
        (tmp_path / "ansible_collections" / dependency).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "ansible_collections" / dependency).symlink_to(bundled / dependency)
    done = run(str(BIN / "ansible-test"), "sanity", "--python", "3.11", "--color", "no", cwd=target, timeout=1800)
    assert done.returncode == 0, (done.stdout + done.stderr)[-8000:]
