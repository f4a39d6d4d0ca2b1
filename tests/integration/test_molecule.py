"""Every Molecule scenario under extensions/molecule runs its full test sequence (each starts its own emulator)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(path.parent.name for path in (REPO_ROOT / "extensions" / "molecule").glob("*/molecule.yml"))


def test_every_role_has_a_scenario():
    roles = sorted(path.name for path in (REPO_ROOT / "roles").iterdir() if (path / "tasks").is_dir())
    # preflight only validates; its checks are covered by the bad-inventory tests.
    assert [role for role in roles if role not in SCENARIOS and role != "preflight"] == []


@pytest.mark.emulator
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_molecule_scenario(scenario):
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "PY_COLORS": "0",
           "ANSIBLE_FORCE_COLOR": "0"}
    done = subprocess.run([os.path.join(bin_dir, "molecule"), "test", "-s", scenario], cwd=REPO_ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
