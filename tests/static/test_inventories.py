"""The environment inventories, alone and combined in one run."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENTS = {"tiger": "10.0.0.0/16", "cheetah": "10.1.0.0/16", "prod": "10.2.0.0/16"}


def test_combined_inventories_keep_each_environments_variables_on_its_own_hosts():
    argv = [str(Path(sys.executable).with_name("ansible-inventory")), "--list"]
    for environment in ENVIRONMENTS:
        argv += ["-i", str(REPO_ROOT / "inventories" / environment)]
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False,
                          env={**os.environ, "ANSIBLE_CONFIG": str(REPO_ROOT / "ansible.cfg")})
    assert done.returncode == 0, done.stderr
    inventory = json.loads(done.stdout)
    hostvars = inventory["_meta"]["hostvars"]
    assert sorted(inventory["platform"]["hosts"]) == sorted(f"{environment}-platform" for environment in ENVIRONMENTS)
    for environment, cidr in ENVIRONMENTS.items():
        platform = hostvars[f"{environment}-platform"]
        assert (platform["platform_environment"], platform["network_vpc_cidr"]) == (environment, cidr)
        for host in inventory[environment]["hosts"]:
            assert hostvars[host]["platform_environment"] == environment
