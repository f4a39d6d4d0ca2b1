"""The naming convention of seed.aws_platform: one place decides every AWS resource name and the standard tags."""

import hashlib
import re

from ansible.errors import AnsibleFilterError

MANAGED_BY = "seed.aws_platform"

# AWS limits per kind of name: maximum length, the characters allowed, and whether the
# convention may shorten an over-long name (only where nothing else refers to the name
# by string, such as target groups, whose ARN is what other resources use).
KINDS = {
    "tag": {"max": 256, "pattern": r"^.+$", "shorten": False},
    "iam_role": {"max": 64, "pattern": r"^[\w+=,.@-]+$", "shorten": False},
    "iam_policy": {"max": 128, "pattern": r"^[\w+=,.@-]+$", "shorten": False},
    "log_group": {"max": 512, "pattern": r"^[\w\-./#]+$", "shorten": False},
    "security_group": {"max": 255, "pattern": r"^[\w \-.:/()#,@\[\]+=&;{}!$*]+$", "shorten": False},
    "s3_bucket": {"max": 63, "pattern": r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", "shorten": False},
    "load_balancer": {"max": 32, "pattern": r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$", "shorten": True},
    "target_group": {"max": 32, "pattern": r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$", "shorten": True},
    "db_identifier": {"max": 63, "pattern": r"^[a-z](?:-?[a-z0-9])*$", "shorten": False},
    "cache_identifier": {"max": 40, "pattern": r"^[a-z](?:-?[a-z0-9])*$", "shorten": False},
    "ecs": {"max": 255, "pattern": r"^[A-Za-z0-9_-]+$", "shorten": False},
    "ecr_repository": {"max": 256, "pattern": r"^[a-z0-9]+(?:[._/-][a-z0-9]+)*$", "shorten": False},
    "secret": {"max": 512, "pattern": r"^[\w/+=.@-]+$", "shorten": False},
    "sns_topic": {"max": 256, "pattern": r"^[\w-]+$", "shorten": False},
    "alarm": {"max": 255, "pattern": r"^.+$", "shorten": False},
    "dashboard": {"max": 255, "pattern": r"^[\w-]+$", "shorten": False},
    "budget": {"max": 100, "pattern": r"^[^:\\]+$", "shorten": False},
    "xray": {"max": 32, "pattern": r"^[\w.-]+$", "shorten": False},
}
HASH_LENGTH = 4


def _check_kind(kind):
    if kind not in KINDS:
        raise AnsibleFilterError(f"unknown name kind '{kind}'; known kinds: {', '.join(sorted(KINDS))}")
    return KINDS[kind]


def _shorten(name, prefix, limit):
    """Keep the prefix, cut the rest, and end with a short hash of the full name so names stay distinct."""
    digest = hashlib.sha256(name.encode()).hexdigest()[:HASH_LENGTH]
    room = limit - len(prefix) - len(digest) - 2
    if room < 1:
        return None
    middle = name[len(prefix) + 1:][:room].rstrip("-")
    return f"{prefix}-{middle}-{digest}"


def _compose(component, prefix, kind):
    spec = _check_kind(kind)
    component = str(component)
    namespace = ""
    if kind == "log_group" and "/" in component:
        # Log groups live under a namespace path: "ecs/fastapi-app" -> "/ecs/tiger-fastapi-app".
        namespace, component = component.rsplit("/", 1)
        namespace = "/" + namespace.strip("/") + "/"
    if kind == "secret":
        # Secret names are paths: the prefix ends with its own separator ("tiger/fastapi/").
        return f"{prefix}{component}", spec
    name = f"{namespace}{prefix}-{component}" if prefix else f"{namespace}{component}"
    if len(name) > spec["max"] and spec["shorten"]:
        name = _shorten(name, prefix, spec["max"]) or name
    return name, spec


def _problem(name, spec, kind):
    if len(name) > spec["max"]:
        how = " even after shortening" if spec["shorten"] else ""
        return f"{kind} name '{name}' is {len(name)} characters{how}; AWS allows at most {spec['max']}"
    if not re.match(spec["pattern"], name):
        return f"{kind} name '{name}' has characters or a form AWS does not accept ({spec['pattern']})"
    return None


def resource_name(component, prefix, kind="tag"):
    name, spec = _compose(component, prefix, kind)
    problem = _problem(name, spec, kind)
    if problem:
        raise AnsibleFilterError(problem)
    return name


def resource_names(components, prefix, kind="tag"):
    """Names for a dict of label -> [component, kind] (or a bare component, of the given kind)."""
    names = {}
    for label, entry in components.items():
        component, kind = (entry, kind) if isinstance(entry, str) else entry
        names[label] = _compose(component, prefix, kind)[0]
    return names


def resource_name_errors(components, prefix, variable="platform_name_prefix", kind="tag"):
    errors = []
    for label, entry in components.items():
        component, kind = (entry, kind) if isinstance(entry, str) else entry
        name, spec = _compose(component, prefix, kind)
        problem = _problem(name, spec, kind)
        if problem:
            errors.append(f"{variable} '{prefix}' does not fit the {label}: {problem}")
    return errors


def standard_tags(extra, environment, project):
    """The tags every resource carries; inventory tags may add to them but not replace these."""
    tags = dict(extra or {})
    tags.update({"Environment": environment, "Project": project, "ManagedBy": MANAGED_BY})
    return tags


class FilterModule:
    def filters(self):
        return {
            "resource_name": resource_name,
            "resource_names": resource_names,
            "resource_name_errors": resource_name_errors,
            "standard_tags": standard_tags,
        }
