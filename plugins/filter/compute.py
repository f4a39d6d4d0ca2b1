"""The compute layer's plans: what Fargate accepts, and each service's task, scaling and release settings."""

import re

from ansible.errors import AnsibleFilterError

# Fargate's task sizes: CPU units -> the memory values (MiB) AWS accepts with them.
FARGATE_SIZES = {
    256: [512, 1024, 2048],
    512: list(range(1024, 4097, 1024)),
    1024: list(range(2048, 8193, 1024)),
    2048: list(range(4096, 16385, 1024)),
    4096: list(range(8192, 30721, 1024)),
    8192: list(range(16384, 61441, 4096)),
    16384: list(range(32768, 122881, 8192)),
}
CAPACITY_PROVIDERS = ("FARGATE", "FARGATE_SPOT")
DEPLOYMENTS = ("rolling", "blue_green")
DEPLOYMENT_CONFIGS = re.compile(r"^CodeDeployDefault\.ECS(AllAtOnce|Canary10Percent(5|15)Minutes|Linear10PercentEvery(1|3)Minutes)$|^[\w.-]+$")
SCHEDULE = re.compile(r"^(at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\([^)]+\))$")
HOOK_EVENTS = ("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic")
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Secrets the data layer publishes under the environment's secret prefix.
DATA_SECRETS = ("database-url", "database-reader-url", "redis-url")
CODEDEPLOY_NAME_MAX = 100
ECS_NAME_MAX = 255

DEFAULTS = {
    "cpu": 256,
    "memory": 512,
    "desired_count": 1,
    "scaling": None,
    "capacity_provider_strategy": None,
    "command": None,
    "entry_point": None,
    "environment": {},
    "secrets": {},
    "health_check": None,
    "readonly_root_filesystem": True,
    "writable_paths": ["/tmp"],
    "user": "1000:1000",
    "image_repository": None,
    "image_tag": None,
    "singleton": False,
    "stop_timeout": 30,
    "release": {},
    "health_check_grace_period": 60,
}
RELEASE_DEFAULTS = {
    "deployment_config": "CodeDeployDefault.ECSAllAtOnce",
    "ready_wait_minutes": 0,
    "termination_wait_minutes": 5,
    "rollback_alarms": [],
    "hooks": {},
    "pre_release_command": None,
}
SCALING_DEFAULTS = {
    "cpu_target": None,
    "memory_target": None,
    "requests_per_target": None,
    "scale_in_cooldown": 300,
    "scale_out_cooldown": 60,
    "schedules": [],
    "timezone": "UTC",
}


def fargate_size_errors(cpu, memory, where="service"):
    """What is wrong with a task's CPU/memory pair for Fargate, as a list of messages."""
    try:
        cpu, memory = int(cpu), int(memory)
    except (TypeError, ValueError):
        return [f"{where}: cpu '{cpu}' and memory '{memory}' must be whole numbers (CPU units and MiB)"]
    if cpu not in FARGATE_SIZES:
        return [f"{where}: Fargate offers cpu {', '.join(str(c) for c in FARGATE_SIZES)}, not {cpu}"]
    allowed = FARGATE_SIZES[cpu]
    if memory not in allowed:
        return [f"{where}: Fargate does not offer cpu {cpu} with memory {memory}; with cpu {cpu} it offers "
                f"{allowed[0]}-{allowed[-1]} MiB in steps of {allowed[1] - allowed[0] if len(allowed) > 1 else allowed[0]}"
                + (f" ({', '.join(str(m) for m in allowed)})" if len(allowed) <= 4 else "")]
    return []


def compute_service(spec):
    """A service spec (service_specs) with its compute settings and their defaults filled in."""
    settings = dict(DEFAULTS)
    settings.update({k: v for k, v in (spec.get("compute") or {}).items() if v is not None})
    settings["release"] = dict(RELEASE_DEFAULTS, **(settings.get("release") or {}))
    if settings.get("scaling"):
        settings["scaling"] = dict(SCALING_DEFAULTS, **settings["scaling"])
    settings["image_repository"] = settings["image_repository"] or spec["name"]
    service = dict(spec)
    service.update(settings)
    return service


def _strategy_errors(strategy, service, where):
    errors = []
    if not isinstance(strategy, list) or not strategy:
        return [f"{where}.service_capacity_provider_strategy: a non-empty list of {{capacity_provider, weight, base}}"]
    providers = [entry.get("capacity_provider") for entry in strategy]
    for provider in providers:
        if provider not in CAPACITY_PROVIDERS:
            errors.append(f"{where}.service_capacity_provider_strategy: unknown capacity provider '{provider}'; "
                          f"Fargate services use {' or '.join(CAPACITY_PROVIDERS)}")
    if len(set(providers)) != len(providers):
        errors.append(f"{where}.service_capacity_provider_strategy: a capacity provider may appear once")
    if sum(1 for entry in strategy if int(entry.get("base") or 0) > 0) > 1:
        errors.append(f"{where}.service_capacity_provider_strategy: only one capacity provider may have a base above 0")
    if all(int(entry.get("weight") or 0) == 0 for entry in strategy):
        errors.append(f"{where}.service_capacity_provider_strategy: at least one capacity provider needs a weight above 0")
    on_demand = [e for e in strategy if e.get("capacity_provider") == "FARGATE" and (int(e.get("weight") or 0) or int(e.get("base") or 0))]
    if service["deployment"] == "blue_green" and not on_demand:
        errors.append(f"{where}.service_capacity_provider_strategy: a blue/green service cannot run on FARGATE_SPOT only: "
                      "CodeDeploy must be able to start the replacement task set while Spot capacity is short; "
                      "give FARGATE a weight or a base")
    return errors


def _scaling_errors(service, where):
    scaling = service["scaling"]
    if not scaling:
        return []
    errors = []
    low, high = scaling.get("min"), scaling.get("max")
    if not isinstance(low, int) or not isinstance(high, int) or low < 0:
        return [f"{where}.service_scaling: min and max must be whole numbers of tasks, min 0 or more"]
    if low > high:
        errors.append(f"{where}.service_scaling: min {low} is above max {high}")
    desired = service["desired_count"]
    if not low <= desired <= high:
        errors.append(f"{where}.service_desired_count: {desired} is outside the scaling range {low}-{high}")
    for key in ("cpu_target", "memory_target"):
        value = scaling.get(key)
        if value is not None and not 1 <= float(value) <= 100:
            errors.append(f"{where}.service_scaling.{key}: a utilisation percentage between 1 and 100, not {value}")
    requests = scaling.get("requests_per_target")
    if requests is not None:
        if not service["port"]:
            errors.append(f"{where}.service_scaling.requests_per_target: the service has no container port, so no "
                          "load balancer counts its requests")
        elif float(requests) <= 0:
            errors.append(f"{where}.service_scaling.requests_per_target: must be above 0")
    for key in ("scale_in_cooldown", "scale_out_cooldown"):
        if int(scaling.get(key) or 0) < 0:
            errors.append(f"{where}.service_scaling.{key}: seconds, 0 or more")
    for index, schedule in enumerate(scaling.get("schedules") or []):
        at = f"{where}.service_scaling.schedules[{index}]"
        if not schedule.get("name"):
            errors.append(f"{at}: needs a name")
        if not SCHEDULE.match(str(schedule.get("schedule", ""))):
            errors.append(f"{at}.schedule: '{schedule.get('schedule')}' is not at(...), rate(...) or cron(...)")
        if schedule.get("min") is None and schedule.get("max") is None:
            errors.append(f"{at}: sets min, max or both")
        if schedule.get("min") is not None and schedule.get("max") is not None and schedule["min"] > schedule["max"]:
            errors.append(f"{at}: min {schedule['min']} is above max {schedule['max']}")
    return errors


def _release_errors(service, where):
    release = service["release"]
    errors = []
    if service["deployment"] != "blue_green":
        blue_green_only = [k for k in ("deployment_config", "ready_wait_minutes", "termination_wait_minutes", "hooks")
                           if (service.get("compute") or {}).get("release", {}).get(k) is not None]
        if blue_green_only:
            errors.append(f"{where}.service_release: {', '.join(blue_green_only)} apply to blue_green services only")
        return errors
    if not DEPLOYMENT_CONFIGS.match(str(release["deployment_config"])):
        errors.append(f"{where}.service_release.deployment_config: '{release['deployment_config']}' is not a deployment configuration name")
    if not 0 <= int(release["termination_wait_minutes"]) <= 2880:
        errors.append(f"{where}.service_release.termination_wait_minutes: 0-2880 (two days), not {release['termination_wait_minutes']}")
    if not 0 <= int(release["ready_wait_minutes"]) <= 2880:
        errors.append(f"{where}.service_release.ready_wait_minutes: 0-2880, not {release['ready_wait_minutes']}")
    if len(release["rollback_alarms"]) > 10:
        errors.append(f"{where}.service_release.rollback_alarms: CodeDeploy watches at most 10 alarms, not {len(release['rollback_alarms'])}")
    unknown = sorted(set(release["hooks"]) - set(HOOK_EVENTS))
    if unknown:
        errors.append(f"{where}.service_release.hooks: unknown lifecycle events {', '.join(unknown)}; known: {', '.join(HOOK_EVENTS)}")
    return errors


def _route_errors(service, domain, where):
    routing = service.get("routing") or {}
    errors = []
    if not service["port"]:
        if routing:
            errors.append(f"{where}.service_routing: the service has no service_container_port, so no edge listener "
                          "can serve its route")
        if service["deployment"] == "blue_green":
            errors.append(f"{where}.service_deployment: blue_green needs a load balancer route (service_container_port): "
                          "CodeDeploy shifts listener traffic between two target groups")
        return errors
    for host in routing.get("host_headers") or []:
        base = str(host).lstrip("*.")
        if domain and not (base == domain or base.endswith("." + domain)):
            errors.append(f"{where}.service_routing.host_headers: '{host}' is outside {domain}: no edge listener serves it "
                          "(its certificate and DNS records cover the environment's domain only)")
    return errors


def _container_errors(service, secret_names, repositories, where):
    errors = []
    for name in service["environment"]:
        if not ENV_NAME.match(str(name)):
            errors.append(f"{where}.service_environment: '{name}' is not a valid environment variable name")
    for name, secret in service["secrets"].items():
        if not ENV_NAME.match(str(name)):
            errors.append(f"{where}.service_secrets: '{name}' is not a valid environment variable name")
        if secret not in secret_names:
            errors.append(f"{where}.service_secrets.{name}: unknown secret '{secret}'; known: {', '.join(sorted(secret_names))}")
    both = sorted(set(service["environment"]) & set(service["secrets"]))
    if both:
        errors.append(f"{where}: {', '.join(both)} set both as plain environment and as secret; a secret is never a plain value")
    if service["image_repository"] not in repositories:
        errors.append(f"{where}.service_image_repository: '{service['image_repository']}' is not in ecs_cluster_repositories "
                      f"({', '.join(repositories) or 'none'})")
    for command_key in ("command", "entry_point"):
        value = service[command_key]
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            errors.append(f"{where}.service_{command_key}: a list of strings")
    check = service["health_check"]
    if check is not None and not (isinstance(check, dict) and isinstance(check.get("command"), list) and check["command"]):
        errors.append(f"{where}.service_health_check: a dict with a command list, e.g. [CMD-SHELL, 'curl -f http://localhost:8000/health || exit 1']")
    return errors


def compute_errors(services, context):
    """Every problem of the environment's services' compute settings, before any AWS call.

    ``context``: ``domain`` (the edge domain), ``secrets`` (secret names under the secret prefix),
    ``repositories`` (compute_repositories), ``name_prefix``.
    """
    errors = []
    secret_names = set(context.get("secrets") or []) | set(DATA_SECRETS)
    repositories = list(context.get("repositories") or [])
    prefix = context.get("name_prefix", "")
    seen = set()
    for spec in services:
        service = compute_service(spec)
        where = f"hostvars[{spec['host']}]"
        if service["name"] in seen:
            errors.append(f"{where}.service_name: '{service['name']}' is used by another service host")
        seen.add(service["name"])
        if service["deployment"] not in DEPLOYMENTS:
            errors.append(f"{where}.service_deployment: rolling or blue_green, not '{service['deployment']}'")
            continue
        errors += fargate_size_errors(service["cpu"], service["memory"], f"{where}.service_cpu/service_memory")
        if not isinstance(service["desired_count"], int) or service["desired_count"] < 0:
            errors.append(f"{where}.service_desired_count: a whole number of tasks, 0 or more")
            continue
        if service["capacity_provider_strategy"] is not None:
            errors += _strategy_errors(service["capacity_provider_strategy"], service, where)
        if service["singleton"]:
            if service["scaling"]:
                errors.append(f"{where}.service_scaling: a singleton service (service_singleton) runs exactly one task and is never autoscaled")
            if service["desired_count"] != 1:
                errors.append(f"{where}.service_desired_count: a singleton service runs exactly 1 task, not {service['desired_count']}")
            if service["deployment"] != "rolling":
                errors.append(f"{where}.service_deployment: a singleton service is replaced (rolling with 0-100 %), not blue_green")
        errors += _scaling_errors(service, where)
        errors += _release_errors(service, where)
        errors += _route_errors(service, context.get("domain") or "", where)
        errors += _container_errors(service, secret_names, repositories, where)
        full = f"{prefix}-{service['name']}"
        if len(full) > ECS_NAME_MAX or not re.match(r"^[A-Za-z0-9_-]+$", full):
            errors.append(f"{where}.service_name: ECS service name '{full}' must be 1-255 letters, digits, hyphens, underscores")
        if len(full + "-deployment-group") > CODEDEPLOY_NAME_MAX and service["deployment"] == "blue_green":
            errors.append(f"{where}.service_name: the CodeDeploy deployment group name would pass {CODEDEPLOY_NAME_MAX} characters")
    return errors


def compute_services(services):
    """The services with their compute settings and defaults (what the platform and service plays use)."""
    return [compute_service(spec) for spec in services]


def container_definitions(service, context):
    """The task's container definitions for a service (AWS's own camelCase shape).

    ``context``: ``image`` (the full image reference), ``log_group``, ``region``, ``secret_arns``
    (secret name under the prefix -> ARN), ``exec`` (bool: ECS Exec on, which wants an init process).
    """
    secret_arns = context.get("secret_arns") or {}
    container = {
        "name": service["name"],
        "image": context["image"],
        "essential": True,
        "environment": [{"name": k, "value": str(v)} for k, v in sorted(service["environment"].items())],
        "secrets": [],
        "readonlyRootFilesystem": bool(service["readonly_root_filesystem"]),
        "privileged": False,
        "stopTimeout": int(service["stop_timeout"]),
        "logConfiguration": {
            "logDriver": "awslogs",
            "options": {
                "awslogs-group": context["log_group"],
                "awslogs-region": context["region"],
                "awslogs-stream-prefix": service["name"],
            },
        },
    }
    for name, secret in sorted(service["secrets"].items()):
        arn = secret_arns.get(secret)
        if not arn:
            if context.get("check_mode"):
                # Check mode before the secret exists: the plan shows where the ARN will go.
                arn = f"(not created yet: {secret})"
            else:
                raise AnsibleFilterError(f"service {service['name']}: secret '{secret}' ({name}) is not published by the security or data layer")
        container["secrets"].append({"name": name, "valueFrom": arn})
    if service["port"]:
        container["portMappings"] = [{"containerPort": int(service["port"]), "protocol": "tcp"}]
    if service["command"]:
        container["command"] = list(service["command"])
    if service["entry_point"]:
        container["entryPoint"] = list(service["entry_point"])
    if service["user"]:
        container["user"] = str(service["user"])
    if service["health_check"]:
        check = service["health_check"]
        container["healthCheck"] = {
            "command": list(check["command"]),
            "interval": int(check.get("interval", 30)),
            "timeout": int(check.get("timeout", 5)),
            "retries": int(check.get("retries", 3)),
            "startPeriod": int(check.get("start_period", 60)),
        }
    if service["readonly_root_filesystem"] and service["writable_paths"]:
        container["mountPoints"] = [{"sourceVolume": _volume_name(path), "containerPath": path, "readOnly": False}
                                    for path in service["writable_paths"]]
    if context.get("exec"):
        # ECS Exec sessions leave no orphaned processes behind with an init process as PID 1.
        container["linuxParameters"] = {"initProcessEnabled": True}
    return [container]


def _volume_name(path):
    return "writable" + re.sub(r"[^A-Za-z0-9]+", "-", path).rstrip("-")


def task_volumes(service):
    """Fargate task storage for the writable paths of a service with a read-only root filesystem."""
    if not (service["readonly_root_filesystem"] and service["writable_paths"]):
        return []
    return [{"name": _volume_name(path)} for path in service["writable_paths"]]


def scaling_policies(service, context):
    """Target tracking policies for a service's scaling (arguments of application_autoscaling_scalable_target)."""
    scaling = service["scaling"] or {}
    cooldowns = {"scale_in_cooldown": int(scaling.get("scale_in_cooldown", 300)),
                 "scale_out_cooldown": int(scaling.get("scale_out_cooldown", 60))}
    policies = []
    if scaling.get("cpu_target") is not None:
        policies.append(dict(name=f"{context['name']}-cpu", predefined_metric_type="ECSServiceAverageCPUUtilization",
                             target_value=float(scaling["cpu_target"]), **cooldowns))
    if scaling.get("memory_target") is not None:
        policies.append(dict(name=f"{context['name']}-memory", predefined_metric_type="ECSServiceAverageMemoryUtilization",
                             target_value=float(scaling["memory_target"]), **cooldowns))
    if scaling.get("requests_per_target") is not None and context.get("resource_label"):
        policies.append(dict(name=f"{context['name']}-requests", predefined_metric_type="ALBRequestCountPerTarget",
                             resource_label=context["resource_label"], target_value=float(scaling["requests_per_target"]),
                             **cooldowns))
    return policies


def scaling_schedules(service):
    """Scheduled actions of a service's scaling (for example development's nights and weekends)."""
    scaling = service["scaling"] or {}
    actions = []
    for schedule in scaling.get("schedules") or []:
        action = {"name": schedule["name"], "schedule": schedule["schedule"],
                  "timezone": schedule.get("timezone", scaling.get("timezone", "UTC"))}
        if schedule.get("min") is not None:
            action["min_capacity"] = int(schedule["min"])
        if schedule.get("max") is not None:
            action["max_capacity"] = int(schedule["max"])
        actions.append(action)
    return actions


def alb_resource_label(load_balancer_arn, target_group_arn):
    """ALBRequestCountPerTarget's resource label: app/<lb>/<id>/targetgroup/<tg>/<id>."""
    if not load_balancer_arn or not target_group_arn:
        return ""
    return load_balancer_arn.split(":loadbalancer/")[-1] + "/" + target_group_arn.split(":")[-1]


def secret_arns_by_short_name(arns, prefix):
    """{full secret name: ARN} -> {name under the secret prefix: ARN}; other names are dropped."""
    return {name[len(prefix):]: arn for name, arn in (arns or {}).items() if prefix and name.startswith(prefix)}


def compute_name_components(repositories, services=()):
    """Naming components of the layer: the cluster, its exec log group, CodeDeploy, repositories and services."""
    components = {"cluster": ["cluster", "ecs"], "exec_log_group": ["ecs/exec", "log_group"],
                  "codedeploy_application": ["ecs", "ecs"]}
    for repository in repositories:
        components[f"repository_{repository}"] = [repository, "ecr_repository"]
    for service in services:
        components[f"service_{service['name']}"] = [service["name"], "ecs"]
        components[f"log_group_{service['name']}"] = [f"ecs/{service['name']}", "log_group"]
    return components


class FilterModule:
    def filters(self):
        return {
            "fargate_size_errors": fargate_size_errors,
            "compute_errors": compute_errors,
            "compute_services": compute_services,
            "container_definitions": container_definitions,
            "task_volumes": task_volumes,
            "scaling_policies": scaling_policies,
            "scaling_schedules": scaling_schedules,
            "alb_resource_label": alb_resource_label,
            "compute_name_components": compute_name_components,
            "secret_arns_by_short_name": secret_arns_by_short_name,
        }
