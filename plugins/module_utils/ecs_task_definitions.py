# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Comparing ECS task definitions the way AWS stores them, for the ecs_task_definition module.

A task definition as an inventory writes it (RegisterTaskDefinition's camelCase shape) and the same definition as
DescribeTaskDefinition answers it differ: AWS adds defaults (``essential: true``, ``cpu: 0``, empty lists, the host
port of awsvpc port mappings, health check timings), converts ``1 vCPU`` to ``1024`` and adds fields only it sets.
``normalise_task_definition`` brings both to one form, in which a key absent on one side and default-valued on the
other compare equal, so a new revision is registered only when the content really changed.
"""

import copy
import re
from typing import Any
from typing import Dict
from typing import Optional

# Set by AWS on registration, never part of what a task asks for.
AWS_ONLY_KEYS = frozenset(
    (
        "taskDefinitionArn",
        "revision",
        "status",
        "requiresAttributes",
        "compatibilities",
        "registeredAt",
        "registeredBy",
        "deregisteredAt",
        "deleteRequestedAt",
    )
)

# Values AWS reports when a definition leaves them out, or that mean the same as leaving them out. Empty lists and
# dicts are dropped everywhere, so they are not listed.
TASK_DEFAULTS = {"networkMode": "bridge", "enableFaultInjection": False}
RUNTIME_PLATFORM_DEFAULTS = {"cpuArchitecture": "X86_64", "operatingSystemFamily": "LINUX"}
CONTAINER_DEFAULTS = {
    "cpu": 0,
    "essential": True,
    "privileged": False,
    "readonlyRootFilesystem": False,
    "disableNetworking": False,
    "interactive": False,
    "pseudoTerminal": False,
    "versionConsistency": "enabled",
}
HEALTH_CHECK_DEFAULTS = {"interval": 30, "timeout": 5, "retries": 3, "startPeriod": 0}
LINUX_PARAMETERS_DEFAULTS = {"initProcessEnabled": False}
RESTART_POLICY_DEFAULTS = {"enabled": False}
MOUNT_DEFAULTS = {"readOnly": False}
EFS_DEFAULTS = {"rootDirectory": "/", "transitEncryption": "DISABLED"}
DOCKER_VOLUME_DEFAULTS = {"scope": "task", "autoprovision": False}
VOLUME_DEFAULTS = {"configuredAtLaunch": False}

# Task-level cpu and memory: CPU units or MiB as digits, or the "1 vCPU" and "2 GB" forms AWS converts.
UNITS = {
    "cpu": re.compile(r"^\s*(\d+(?:\.\d+)?)\s*vcpu\s*$", re.I),
    "memory": re.compile(r"^\s*(\d+(?:\.\d+)?)\s*gb\s*$", re.I),
}
DIGITS = re.compile(r"^\s*\d+\s*$")


def task_size(value: Any, kind: str) -> Optional[str]:
    """Task-level ``cpu`` or ``memory`` (``kind``) as AWS stores it, CPU units or MiB as a string of digits.

    None when the value is in no form AWS accepts.
    """
    text = str(value)
    if DIGITS.match(text):
        return str(int(text))
    units = UNITS[kind].match(text)
    if units:
        return str(int(float(units.group(1)) * 1024))
    return None


def _is_default(value: Any, default: Any) -> bool:
    # type() first: True == 1 and False == 0 in Python, but essential: 1 is not a default.
    return type(value) is type(default) and value == default


def _without_defaults(item: Dict[str, Any], defaults: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in item.items() if not (key in defaults and _is_default(value, defaults[key]))}


def _prune(value: Any) -> Any:
    """``value`` without None values and empty lists or dicts, at any depth."""
    if isinstance(value, dict):
        pruned = ((key, _prune(item)) for key, item in value.items())
        return {key: item for key, item in pruned if item is not None and item != [] and item != {}}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def _sorted_by(items: Any, *keys: str) -> Any:
    if not isinstance(items, list):
        return items
    return sorted(
        items, key=lambda item: tuple(str(item.get(key, "")) for key in keys) if isinstance(item, dict) else ()
    )


def _port_mapping(mapping: Any, network_mode: str) -> Any:
    if not isinstance(mapping, dict):
        return mapping
    mapping = _without_defaults(mapping, {"protocol": "tcp"})
    host_port = mapping.get("hostPort")
    # awsvpc and host publish the container port itself; bridge picks a dynamic host port when hostPort is 0.
    if network_mode in ("awsvpc", "host") and "containerPort" in mapping and host_port == mapping["containerPort"]:
        mapping.pop("hostPort")
    elif network_mode == "bridge" and _is_default(host_port, 0):
        mapping.pop("hostPort")
    return mapping


def _nested(item: Dict[str, Any], key: str, defaults: Dict[str, Any]) -> None:
    if isinstance(item.get(key), dict):
        item[key] = _without_defaults(item[key], defaults)


def _each(item: Dict[str, Any], key: str, defaults: Dict[str, Any]) -> None:
    if isinstance(item.get(key), list):
        item[key] = [_without_defaults(entry, defaults) if isinstance(entry, dict) else entry for entry in item[key]]


def normalise_container(container: Dict[str, Any], network_mode: str) -> Dict[str, Any]:
    """One container definition as compared: AWS's defaults dropped, environment and secrets sorted by name."""
    container = _without_defaults(container, CONTAINER_DEFAULTS)
    # The order of variables and secrets means nothing to ECS, and AWS does not keep it reliably.
    container["environment"] = _sorted_by(container.get("environment"), "name", "value")
    container["secrets"] = _sorted_by(container.get("secrets"), "name", "valueFrom")
    if isinstance(container.get("portMappings"), list):
        container["portMappings"] = [_port_mapping(mapping, network_mode) for mapping in container["portMappings"]]
    _nested(container, "healthCheck", HEALTH_CHECK_DEFAULTS)
    _nested(container, "linuxParameters", LINUX_PARAMETERS_DEFAULTS)
    _nested(container, "restartPolicy", RESTART_POLICY_DEFAULTS)
    _each(container, "mountPoints", MOUNT_DEFAULTS)
    _each(container, "volumesFrom", MOUNT_DEFAULTS)
    return container


def normalise_volume(volume: Dict[str, Any]) -> Dict[str, Any]:
    volume = _without_defaults(volume, VOLUME_DEFAULTS)
    _nested(volume, "efsVolumeConfiguration", EFS_DEFAULTS)
    _nested(volume, "dockerVolumeConfiguration", DOCKER_VOLUME_DEFAULTS)
    return volume


def normalise_task_definition(definition: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """A RegisterTaskDefinition request or a DescribeTaskDefinition ``taskDefinition`` in the form compared.

    Fields only AWS sets and ``tags`` (changed without a new revision) are left out; the input is not modified.
    The order of container definitions is kept: it is the order ECS starts them in when nothing else decides.
    """
    if not definition:
        return {}
    definition = copy.deepcopy({key: value for key, value in definition.items() if key not in AWS_ONLY_KEYS | {"tags"}})
    definition = _without_defaults(definition, TASK_DEFAULTS)
    network_mode = definition.get("networkMode", TASK_DEFAULTS["networkMode"])
    for kind in ("cpu", "memory"):
        if definition.get(kind) is not None:
            definition[kind] = task_size(definition[kind], kind) or str(definition[kind])
    if isinstance(definition.get("requiresCompatibilities"), list):
        definition["requiresCompatibilities"] = sorted(definition["requiresCompatibilities"])
    if isinstance(definition.get("containerDefinitions"), list):
        definition["containerDefinitions"] = [
            normalise_container(container, network_mode) if isinstance(container, dict) else container
            for container in definition["containerDefinitions"]
        ]
    if isinstance(definition.get("volumes"), list):
        volumes = [normalise_volume(volume) if isinstance(volume, dict) else volume for volume in definition["volumes"]]
        # Containers refer to volumes by name: their order means nothing.
        definition["volumes"] = _sorted_by(volumes, "name")
    _nested(definition, "runtimePlatform", RUNTIME_PLATFORM_DEFAULTS)
    return _prune(definition)


def same_task_definition(desired: Optional[Dict[str, Any]], current: Optional[Dict[str, Any]]) -> bool:
    """Whether registering ``desired`` would give a revision with the content of ``current`` (tags aside)."""
    return current is not None and normalise_task_definition(desired) == normalise_task_definition(current)
