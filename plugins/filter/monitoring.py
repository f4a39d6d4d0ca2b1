"""The monitoring layer's plans: the alarm catalogue, the dashboard, the topic policy and the checks of their inputs.

Every alarm of an environment comes from one catalogue (ALARM_KINDS): what it watches, its default threshold and
evaluation, the topic it notifies and the alarm level ("basic" or "comprehensive", seed 004) that turns it on.
Inventories change a kind's settings (monitoring_alarm_overrides) or one service's (monitoring_service_alarm_overrides);
the names are `<prefix>-<service>-<kind>` and `<prefix>-<kind>`, the names the compute layer hands CodeDeploy.
"""

import math
import re

from ansible.errors import AnsibleFilterError
from ansible_collections.seed.aws_platform.plugins.filter.naming import resource_name

LEVELS = ("basic", "comprehensive")
TOPICS = ("critical", "warning")
OPERATORS = ("GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold")
STATISTICS = ("SampleCount", "Average", "Sum", "Minimum", "Maximum")
PERCENTILE = re.compile(r"^p(\d{1,2}(\.\d{1,2})?|100)$")
# The override keys an inventory may set on a kind.
OVERRIDE_KEYS = ("enabled", "threshold", "period", "evaluation_periods", "datapoints_to_alarm", "statistic", "topic",
                 "treat_missing_data", "description")
TREAT_MISSING = ("missing", "notBreaching", "breaching", "ignore")

# What each kind of alarm watches. scope: service (every ECS service), routed (services behind the load balancer),
# load_balancer, database, aurora_readers, postgres (RDS PostgreSQL, not Aurora), cache, billing.
# percent: the threshold is a percentage (0-100).
ALARM_KINDS = {
    "cpu": {"scope": "service", "level": "basic", "topic": "warning", "threshold": 80, "percent": True,
            "period": 300, "evaluation_periods": 3, "statistic": "Average", "operator": "GreaterThanThreshold",
            "description": "ECS CPU utilisation of {service} above {threshold} %"},
    "memory": {"scope": "service", "level": "basic", "topic": "warning", "threshold": 80, "percent": True,
               "period": 300, "evaluation_periods": 3, "statistic": "Average", "operator": "GreaterThanThreshold",
               "description": "ECS memory utilisation of {service} above {threshold} %"},
    "running-tasks": {"scope": "service", "level": "comprehensive", "topic": "critical", "threshold": 0,
                      "period": 60, "evaluation_periods": 5, "statistic": "Average", "operator": "GreaterThanThreshold",
                      "description": "{service} runs fewer tasks than desired for 5 minutes"},
    "5xx": {"scope": "routed", "level": "basic", "topic": "critical", "threshold": 10,
            "period": 60, "evaluation_periods": 2, "statistic": "Sum", "operator": "GreaterThanThreshold",
            "treat_missing_data": "notBreaching",
            "description": "More than {threshold} 5xx responses a minute from {service}'s targets"},
    "5xx-rate": {"scope": "routed", "level": "comprehensive", "topic": "critical", "threshold": 1, "percent": True,
                 "period": 300, "evaluation_periods": 1, "statistic": "Sum", "operator": "GreaterThanThreshold",
                 "treat_missing_data": "notBreaching",
                 "description": "More than {threshold} % of {service}'s responses are 5xx"},
    "latency": {"scope": "routed", "level": "comprehensive", "topic": "critical", "threshold": 0.5,
                "period": 60, "evaluation_periods": 5, "statistic": "p95", "operator": "GreaterThanThreshold",
                "treat_missing_data": "notBreaching",
                "description": "{statistic} response time of {service} above {threshold} s for 5 minutes"},
    "unhealthy-hosts": {"scope": "routed", "level": "comprehensive", "topic": "critical", "threshold": 0,
                        "period": 60, "evaluation_periods": 3, "statistic": "Maximum", "operator": "GreaterThanThreshold",
                        "description": "{service} has unhealthy targets for 3 minutes"},
    "alb-5xx": {"scope": "load_balancer", "level": "comprehensive", "topic": "critical", "threshold": 10,
                "period": 60, "evaluation_periods": 2, "statistic": "Sum", "operator": "GreaterThanThreshold",
                "treat_missing_data": "notBreaching",
                "description": "More than {threshold} 5xx responses a minute from the load balancer itself"},
    "db-cpu": {"scope": "database", "level": "basic", "topic": "warning", "threshold": 80, "percent": True,
               "period": 300, "evaluation_periods": 3, "statistic": "Average", "operator": "GreaterThanThreshold",
               "description": "Database CPU utilisation above {threshold} %"},
    "db-connections": {"scope": "database", "level": "comprehensive", "topic": "critical", "threshold": 80,
                       "percent": True, "period": 300, "evaluation_periods": 2, "statistic": "Maximum",
                       "operator": "GreaterThanThreshold",
                       "description": "Database connections above {threshold} % of max_connections ({limit})"},
    "db-free-storage": {"scope": "postgres", "level": "basic", "topic": "critical", "threshold": 10, "percent": True,
                        "period": 300, "evaluation_periods": 1, "statistic": "Minimum", "operator": "LessThanThreshold",
                        "description": "Database free storage below {threshold} % of {storage} GiB"},
    "db-replica-lag": {"scope": "aurora_readers", "level": "comprehensive", "topic": "warning", "threshold": 1000,
                       "period": 60, "evaluation_periods": 5, "statistic": "Maximum", "operator": "GreaterThanThreshold",
                       "description": "Aurora replica lag above {threshold} ms for 5 minutes"},
    "cache-cpu": {"scope": "cache", "level": "basic", "topic": "warning", "threshold": 75, "percent": True,
                  "period": 300, "evaluation_periods": 3, "statistic": "Average", "operator": "GreaterThanThreshold",
                  "description": "Redis engine CPU utilisation above {threshold} % on a node"},
    "cache-memory": {"scope": "cache", "level": "comprehensive", "topic": "warning", "threshold": 80, "percent": True,
                     "period": 300, "evaluation_periods": 3, "statistic": "Average", "operator": "GreaterThanThreshold",
                     "description": "Redis memory usage above {threshold} % on a node"},
    "cache-evictions": {"scope": "cache", "level": "comprehensive", "topic": "warning", "threshold": 0,
                        "period": 300, "evaluation_periods": 1, "statistic": "Sum", "operator": "GreaterThanThreshold",
                        "treat_missing_data": "notBreaching",
                        "description": "Redis evicted more than {threshold} keys in 5 minutes"},
    "estimated-charges": {"scope": "billing", "level": "basic", "topic": "warning", "threshold": 4,
                          "period": 86400, "evaluation_periods": 1, "statistic": "Maximum",
                          "operator": "GreaterThanThreshold", "treat_missing_data": "notBreaching",
                          "description": "Estimated charges grew by more than {threshold} USD in a day"},
}
SERVICE_SCOPES = ("service", "routed")

# Memory (GiB) of the instance classes whose default max_connections the layer computes:
# RDS and Aurora PostgreSQL default to LEAST(DBInstanceClassMemory / 9531392, 5000).
INSTANCE_MEMORY_GIB = {
    "micro": 1, "small": 2, "medium": 4, "large": {"t": 8, "m": 8, "r": 16, "x": 32},
    "xlarge": {"t": 16, "m": 16, "r": 32, "x": 64}, "2xlarge": {"t": 32, "m": 32, "r": 64, "x": 128},
    "4xlarge": {"m": 64, "r": 128, "x": 256}, "8xlarge": {"m": 128, "r": 256, "x": 512},
    "12xlarge": {"m": 192, "r": 384, "x": 768}, "16xlarge": {"m": 256, "r": 512, "x": 1024},
    "24xlarge": {"m": 384, "r": 768, "x": 1536},
}
POSTGRES_CONNECTION_BYTES = 9531392
POSTGRES_MAX_CONNECTIONS = 5000
GIB = 1024 ** 3
SUBSCRIPTION_PROTOCOLS = ("email", "email-json", "https", "http", "sms", "sqs", "lambda", "firehose", "application")


def postgres_max_connections(instance_class, parameters=None):
    """max_connections of a PostgreSQL instance: the parameter group's value, else RDS's default for the class.

    RDS computes the default from DBInstanceClassMemory, the class's memory less what the OS keeps; the nominal
    memory used here makes the result an upper bound. Set max_connections in the parameters to make it exact.
    """
    parameters = parameters or {}
    if str(parameters.get("max_connections", "")).isdigit():
        return int(parameters["max_connections"])
    memory = instance_memory_gib(instance_class)
    if memory is None:
        raise AnsibleFilterError(f"max_connections of '{instance_class}' is unknown: set it in the database parameters")
    return min(int(memory * GIB // POSTGRES_CONNECTION_BYTES), POSTGRES_MAX_CONNECTIONS)


def _database(context):
    """The database the alarms watch, with its max_connections (None when neither set nor known)."""
    database = dict(context.get("database") or {})
    if database:
        try:
            database["max_connections"] = postgres_max_connections(database.get("instance_class"),
                                                                   database.get("parameters"))
        except AnsibleFilterError:
            database["max_connections"] = None
    return database


def instance_memory_gib(instance_class):
    match = re.match(r"^(?:db|cache)\.([a-z])\d+[a-z]*\.(\w+)$", str(instance_class))
    if not match:
        return None
    family, size = match.groups()
    memory = INSTANCE_MEMORY_GIB.get(size)
    if isinstance(memory, dict):
        memory = memory.get(family)
    return memory


def _settings(kind, overrides, service_overrides=None):
    settings = dict(ALARM_KINDS[kind])
    for changes in ((overrides or {}).get(kind), (service_overrides or {}).get(kind)):
        # A malformed override is monitoring_errors' to report, not this merge's to raise on.
        if isinstance(changes, dict):
            settings.update(changes)
    return settings


def _enabled(settings, level):
    if "enabled" in settings and settings["enabled"] is not None:
        return bool(settings["enabled"])
    return LEVELS.index(settings["level"]) <= LEVELS.index(level)


def _dimension(arn, marker=""):
    """The CloudWatch dimension value of an ELB ARN: its last ':' part, app/<name>/<id> or targetgroup/<name>/<id>."""
    return arn.split(":")[-1].split("loadbalancer/")[-1] if arn else ""


def _metric(namespace, name, dimensions, stat, period, query_id, return_data=False):
    return {"id": query_id, "return_data": return_data,
            "metric_stat": {"metric": {"namespace": namespace, "metric_name": name, "dimensions": dimensions},
                            "period": period, "stat": stat}}


def _single_or_math(namespace, name, dimension_sets, settings, combine="SUM"):
    """One metric when there is one dimension set; otherwise metric math over all (blue/green target groups,
    Redis nodes). SUM adds counts (missing series as 0), MAX takes the worst of percentiles or utilisations."""
    statistic = settings["statistic"]
    if len(dimension_sets) == 1:
        alarm = {"namespace": namespace, "metric_name": name, "dimensions": dimension_sets[0], "period": settings["period"]}
        alarm["extended_statistic" if PERCENTILE.match(statistic) else "statistic"] = statistic
        return alarm
    queries = [_metric(namespace, name, dims, statistic, settings["period"], f"m{index}")
               for index, dims in enumerate(dimension_sets, 1)]
    ids = [query["id"] for query in queries]
    if combine == "SUM":
        expression = " + ".join(f"FILL({query_id}, 0)" for query_id in ids)
    else:
        expression = f"MAX([{', '.join(ids)}])"
    return {"metrics": queries + [{"id": "e1", "expression": expression, "label": name, "return_data": True}]}


def _service_metrics(kind, service, context, settings):
    ecs = {"ClusterName": context["cluster_name"], "ServiceName": service["ecs_name"]}
    if kind in ("cpu", "memory"):
        name = "CPUUtilization" if kind == "cpu" else "MemoryUtilization"
        return _single_or_math("AWS/ECS", name, [ecs], settings)
    if kind == "running-tasks":
        period, stat = settings["period"], settings["statistic"]
        return {"metrics": [
            _metric("ECS/ContainerInsights", "DesiredTaskCount", ecs, stat, period, "desired"),
            _metric("ECS/ContainerInsights", "RunningTaskCount", ecs, stat, period, "running"),
            {"id": "missing", "expression": "desired - running", "label": "Tasks missing", "return_data": True}]}
    balancer = context["load_balancer"]
    groups = [{"LoadBalancer": balancer, "TargetGroup": group} for group in service["target_groups"]]
    if kind == "5xx":
        return _single_or_math("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", groups, settings)
    if kind == "latency":
        return _single_or_math("AWS/ApplicationELB", "TargetResponseTime", groups, settings, combine="MAX")
    if kind == "unhealthy-hosts":
        return _single_or_math("AWS/ApplicationELB", "UnHealthyHostCount", groups, settings, combine="MAX")
    if kind == "5xx-rate":
        period, queries = settings["period"], []
        for index, dims in enumerate(groups, 1):
            queries.append(_metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", dims, "Sum", period, f"errors{index}"))
            queries.append(_metric("AWS/ApplicationELB", "RequestCount", dims, "Sum", period, f"requests{index}"))
        errors = " + ".join(f"FILL(errors{index}, 0)" for index in range(1, len(groups) + 1))
        requests = " + ".join(f"FILL(requests{index}, 0)" for index in range(1, len(groups) + 1))
        queries.append({"id": "rate", "expression": f"100 * ({errors}) / ({requests})", "label": "5xx %",
                        "return_data": True})
        return {"metrics": queries}
    raise AnsibleFilterError(f"no metrics for alarm kind '{kind}'")


def _environment_metrics(kind, context, settings):
    database, cache = context.get("database") or {}, context.get("cache") or {}
    if kind == "alb-5xx":
        return _single_or_math("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count",
                               [{"LoadBalancer": context["load_balancer"]}], settings)
    if kind.startswith("db-"):
        aurora = database["engine"].startswith("aurora")
        dims = {"DBClusterIdentifier" if aurora else "DBInstanceIdentifier": database["identifier"]}
        names = {"db-cpu": "CPUUtilization", "db-connections": "DatabaseConnections",
                 "db-free-storage": "FreeStorageSpace", "db-replica-lag": "AuroraReplicaLagMaximum"}
        return _single_or_math("AWS/RDS", names[kind], [dims], settings)
    if kind.startswith("cache-"):
        names = {"cache-cpu": "EngineCPUUtilization", "cache-memory": "DatabaseMemoryUsagePercentage",
                 "cache-evictions": "Evictions"}
        nodes = [{"CacheClusterId": node} for node in cache["nodes"]]
        return _single_or_math("AWS/ElastiCache", names[kind], nodes, settings,
                               combine="SUM" if kind == "cache-evictions" else "MAX")
    if kind == "estimated-charges":
        # EstimatedCharges is the month's running total; its change over a day is the day's spend.
        return {"metrics": [
            _metric("AWS/Billing", "EstimatedCharges", {"Currency": "USD"}, settings["statistic"], settings["period"], "total"),
            {"id": "daily", "expression": "DIFF(total)", "label": "Daily estimated charges (USD)", "return_data": True}]}
    raise AnsibleFilterError(f"no metrics for alarm kind '{kind}'")


def _threshold(kind, settings, context):
    """The threshold AWS compares with; percentages of a limit become absolute values here."""
    database = context.get("database") or {}
    if kind == "db-connections":
        return math.floor(database["max_connections"] * float(settings["threshold"]) / 100)
    if kind == "db-free-storage":
        return float(database["allocated_storage_gb"]) * GIB * float(settings["threshold"]) / 100
    return float(settings["threshold"])


def _scope_applies(scope, context):
    database = context.get("database") or {}
    aurora = str(database.get("engine", "")).startswith("aurora")
    return {
        "load_balancer": bool(context.get("load_balancer")),
        "database": bool(database),
        "postgres": bool(database) and not aurora and bool(database.get("allocated_storage_gb")),
        "aurora_readers": aurora and int(database.get("readers") or 0) > 0,
        "cache": bool((context.get("cache") or {}).get("nodes")),
        "billing": bool((context.get("billing") or {}).get("enabled")),
    }[scope]


def _alarm(name, kind, settings, metrics, context, subject, service=None):
    topic_arn = context["topics"][settings["topic"]]
    database = context.get("database") or {}
    description = settings.get("description") or ALARM_KINDS[kind]["description"]
    values = {"service": subject, "threshold": settings["threshold"], "statistic": settings["statistic"],
              "limit": database.get("max_connections"), "storage": database.get("allocated_storage_gb")}
    alarm = {
        "name": name,
        "description": description.format_map(_Placeholders(values)),
        "comparison_operator": settings["operator"],
        "threshold": _threshold(kind, settings, context),
        "evaluation_periods": int(settings["evaluation_periods"]),
        "treat_missing_data": settings.get("treat_missing_data") or "missing",
        "alarm_actions": [topic_arn],
        "ok_actions": [topic_arn],
        "tags": dict(context.get("tags") or {}, Name=name, AlarmKind=kind, **({"Service": service} if service else {})),
    }
    if settings.get("datapoints_to_alarm"):
        alarm["datapoints_to_alarm"] = int(settings["datapoints_to_alarm"])
    alarm.update(metrics)
    return alarm


class _Placeholders(dict):
    """Description placeholders; an unknown one stays as written instead of failing the run."""

    def __missing__(self, key):
        return "{" + key + "}"


def _name(context, *parts):
    """The alarm's name by the naming convention: the compute layer names the rollback alarms the same way."""
    return resource_name("-".join(parts), context["prefix"], "alarm")


def monitoring_alarms(context):
    """Every alarm of the environment, in the shape seed.aws_platform.cloudwatch_metric_alarms takes."""
    context = dict(context, database=_database(context))
    level = context["level"]
    overrides = context.get("overrides") or {}
    service_overrides = context.get("service_overrides") or {}
    alarms = []
    for service in context.get("services") or []:
        for kind, spec in ALARM_KINDS.items():
            if spec["scope"] not in SERVICE_SCOPES:
                continue
            if spec["scope"] == "routed" and not (service.get("target_groups") and context.get("load_balancer")):
                continue
            settings = _settings(kind, overrides, service_overrides.get(service["name"]))
            if not _enabled(settings, level):
                continue
            metrics = _service_metrics(kind, service, context, settings)
            alarms.append(_alarm(_name(context, service["name"], kind), kind, settings, metrics, context, service["name"],
                                 service=service["name"]))
    for kind, spec in ALARM_KINDS.items():
        if spec["scope"] in SERVICE_SCOPES or not _scope_applies(spec["scope"], context):
            continue
        settings = _settings(kind, overrides)
        if not _enabled(settings, level):
            continue
        alarms.append(_alarm(_name(context, kind), kind, settings, _environment_metrics(kind, context, settings),
                             context, context["prefix"]))
    return alarms


def monitoring_services(services, prefix, target_groups):
    """What the alarms need of each service: its ECS name, whether the load balancer routes to it, the
    CloudWatch dimension of each of its target groups (blue and green, or one) and its rollback alarms."""
    watched = []
    for service in services:
        groups = (target_groups or {}).get(service["name"]) or {}
        watched.append({
            "name": service["name"],
            "host": service.get("host", service["name"]),
            "ecs_name": resource_name(service["name"], prefix, "ecs"),
            "routed": bool(service.get("port")),
            "target_groups": [_dimension(groups[color]) for color in sorted(groups) if groups[color]],
            "rollback_alarms": list((service.get("release") or {}).get("rollback_alarms") or []),
        })
    return watched


def monitoring_alarm_names(alarms, services):
    """Alarm names per service (by kind) and per purpose, for monitoring_outputs."""
    by_service = {service: {} for service in services}
    environment = {}
    for alarm in alarms:
        kind, owner = alarm["tags"]["AlarmKind"], alarm["tags"].get("Service")
        (by_service.setdefault(owner, {}) if owner else environment)[kind] = alarm["name"]
    return {"services": by_service, "environment": environment}


def _override_errors(where, kind, settings, errors):
    if kind not in ALARM_KINDS:
        errors.append(f"{where}: unknown alarm kind '{kind}'; known kinds: {', '.join(ALARM_KINDS)}")
        return
    if not isinstance(settings, dict):
        errors.append(f"{where}.{kind}: must be a dict of {', '.join(OVERRIDE_KEYS)}")
        return
    for key in settings:
        if key not in OVERRIDE_KEYS:
            errors.append(f"{where}.{kind}.{key}: unknown setting; known: {', '.join(OVERRIDE_KEYS)}")
    spec = ALARM_KINDS[kind]
    if "threshold" in settings:
        try:
            threshold = float(settings["threshold"])
        except (TypeError, ValueError):
            errors.append(f"{where}.{kind}.threshold: '{settings['threshold']}' is not a number")
        else:
            if spec.get("percent") and not 0 <= threshold <= 100:
                errors.append(f"{where}.{kind}.threshold: {settings['threshold']} is a percentage and must lie in 0-100")
            elif threshold < 0:
                errors.append(f"{where}.{kind}.threshold: must not be negative, not {settings['threshold']}")
    if "period" in settings and (not str(settings["period"]).isdigit() or int(settings["period"]) < 60
                                 or int(settings["period"]) % 60):
        errors.append(f"{where}.{kind}.period: a multiple of 60 seconds, not {settings['period']}")
    for key in ("evaluation_periods", "datapoints_to_alarm"):
        if key in settings and (not str(settings[key]).isdigit() or int(settings[key]) < 1):
            errors.append(f"{where}.{kind}.{key}: a whole number of at least 1, not {settings[key]}")
    merged = dict(spec, **settings)
    if all(str(merged.get(key, "")).isdigit() for key in ("evaluation_periods", "period")):
        if int(merged["evaluation_periods"]) * int(merged["period"]) > 86400:
            errors.append(f"{where}.{kind}: evaluation_periods x period may cover one day at most (86400 s)")
        if str(merged.get("datapoints_to_alarm", "")).isdigit() and \
                int(merged["datapoints_to_alarm"]) > int(merged["evaluation_periods"]):
            errors.append(f"{where}.{kind}.datapoints_to_alarm: at most evaluation_periods ({merged['evaluation_periods']})")
    if "enabled" in settings and not isinstance(settings["enabled"], bool):
        errors.append(f"{where}.{kind}.enabled: true or false, not '{settings['enabled']}'")
    if "statistic" in settings and settings["statistic"] not in STATISTICS and not PERCENTILE.match(str(settings["statistic"])):
        errors.append(f"{where}.{kind}.statistic: one of {', '.join(STATISTICS)} or a percentile such as p95, "
                      f"not '{settings['statistic']}'")
    if "topic" in settings and settings["topic"] not in TOPICS:
        errors.append(f"{where}.{kind}.topic: one of {', '.join(TOPICS)}, not '{settings['topic']}'")
    if "treat_missing_data" in settings and settings["treat_missing_data"] not in TREAT_MISSING:
        errors.append(f"{where}.{kind}.treat_missing_data: one of {', '.join(TREAT_MISSING)}")


def _subscription_errors(subscriptions, topics, errors):
    for index, subscription in enumerate(subscriptions or []):
        where = f"monitoring_subscriptions[{index}]"
        if subscription.get("topic") not in topics:
            errors.append(f"{where}.topic: one of the environment's topics ({', '.join(topics)}), not "
                          f"'{subscription.get('topic')}'")
        protocol = subscription.get("protocol")
        if protocol not in SUBSCRIPTION_PROTOCOLS:
            errors.append(f"{where}.protocol: SNS supports {', '.join(SUBSCRIPTION_PROTOCOLS)}, not '{protocol}'")
        has_endpoint, has_secret = bool(subscription.get("endpoint")), bool(subscription.get("endpoint_secret"))
        if has_endpoint == has_secret:
            errors.append(f"{where}: set exactly one of endpoint and endpoint_secret")
        if protocol in ("http", "https") and has_endpoint:
            errors.append(f"{where}.endpoint: an {protocol} endpoint carries its token in the URL; keep it in Secrets "
                          f"Manager and name the secret in endpoint_secret")
        if protocol == "http":
            errors.append(f"{where}.protocol: http sends alerts unencrypted; use https")
        email = re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", str(subscription.get("endpoint")))
        if protocol in ("email", "email-json") and has_endpoint and not email:
            errors.append(f"{where}.endpoint: '{subscription['endpoint']}' is not an e-mail address")


def _budget_errors(budget, topics, errors):
    if not budget:
        return
    try:
        limit = float(budget.get("limit", 0))
    except (TypeError, ValueError):
        limit = 0
    if limit <= 0:
        errors.append(f"monitoring_budget.limit: a budget needs an amount above 0 USD, not {budget.get('limit')}")
    for index, notification in enumerate(budget.get("notifications") or []):
        where = f"monitoring_budget.notifications[{index}]"
        if notification.get("type") not in ("ACTUAL", "FORECASTED"):
            errors.append(f"{where}.type: ACTUAL or FORECASTED, not '{notification.get('type')}'")
        try:
            threshold = float(notification.get("threshold", 0))
        except (TypeError, ValueError):
            threshold = 0
        if threshold <= 0:
            errors.append(f"{where}.threshold: a percentage of the budget above 0, not {notification.get('threshold')}")
        if not (notification.get("topics") or notification.get("emails")):
            errors.append(f"{where}: name at least one of topics and emails to notify")
        if len(notification.get("topics") or []) > 1:
            errors.append(f"{where}.topics: AWS Budgets notifies at most one SNS topic per notification")
        if len(notification.get("emails") or []) > 10:
            errors.append(f"{where}.emails: AWS Budgets notifies at most 10 e-mail addresses per notification")
        for topic in notification.get("topics") or []:
            if topic not in topics:
                errors.append(f"{where}.topics: '{topic}' is not one of the environment's topics ({', '.join(topics)})")
    if len(budget.get("notifications") or []) > 10:
        errors.append("monitoring_budget.notifications: AWS Budgets allows at most 10 notifications per budget")


def monitoring_errors(context):
    """What is wrong with the monitoring inputs, one message per problem, before any AWS call."""
    errors = []
    if context.get("level") not in LEVELS:
        errors.append(f"monitoring_alarm_level: one of {', '.join(LEVELS)}, not '{context.get('level')}'")
        return errors
    topics = list(context.get("topic_names") or TOPICS)
    for topic in TOPICS:
        if topic not in topics:
            errors.append(f"monitoring_topics: alarms notify the '{topic}' topic; keep it in the list")
    for kind, settings in (context.get("overrides") or {}).items():
        _override_errors("monitoring_alarm_overrides", kind, settings, errors)
    services = {service["name"]: service for service in context.get("services") or []}
    for service, kinds in (context.get("service_overrides") or {}).items():
        where = f"monitoring_service_alarm_overrides.{service}"
        if service not in services:
            errors.append(f"{where}: the inventory declares no service '{service}' (services: "
                          f"{', '.join(services) or 'none'})")
            continue
        for kind, settings in (kinds or {}).items():
            if kind in ALARM_KINDS and ALARM_KINDS[kind]["scope"] not in SERVICE_SCOPES:
                errors.append(f"{where}.{kind}: an environment-wide alarm; change it in monitoring_alarm_overrides")
                continue
            _override_errors(where, kind, settings, errors)
    if not errors:
        errors.extend(_rollback_alarm_errors(context, services))
    _subscription_errors(context.get("subscriptions"), topics, errors)
    _budget_errors(context.get("budget"), topics, errors)
    database = _database(context)
    connections = _settings("db-connections", context.get("overrides"))
    if database and _enabled(connections, context["level"]) and database["max_connections"] is None:
        errors.append(f"data_database.instance_class: max_connections of '{database.get('instance_class')}' is unknown; "
                      "set data_database.parameters.max_connections, or turn the db-connections alarm off")
    if not context.get("alerts_key", True):
        errors.append("security_kms_keys: add 'alerts'; the alert topics are encrypted with it (SNS.1), and CloudWatch "
                      "alarms and AWS Budgets cannot publish to a topic under the AWS-managed key")
    billing = context.get("billing") or {}
    if billing.get("enabled") and context.get("region") != "us-east-1":
        errors.append("monitoring_billing_alarm: AWS publishes billing metrics in us-east-1 only; "
                      f"the environment's region is {context.get('region')}")
    return errors


def _rollback_alarm_errors(context, services):
    """CodeDeploy rolls a release back on the alarms the compute layer names; each must be one this layer creates."""
    errors = []
    level = context["level"]
    for name, service in services.items():
        for kind in service.get("rollback_alarms") or []:
            where = f"hostvars[{service.get('host', name)}].service_release.rollback_alarms"
            if kind not in ALARM_KINDS or ALARM_KINDS[kind]["scope"] not in SERVICE_SCOPES:
                errors.append(f"{where}: '{kind}' is not a service alarm of the monitoring layer (service alarms: "
                              f"{', '.join(k for k, s in ALARM_KINDS.items() if s['scope'] in SERVICE_SCOPES)})")
                continue
            if ALARM_KINDS[kind]["scope"] == "routed" and not service.get("routed"):
                errors.append(f"{where}: '{kind}' watches the load balancer, and {name} has no container port behind it")
                continue
            settings = _settings(kind, context.get("overrides"), (context.get("service_overrides") or {}).get(name))
            if not _enabled(settings, level):
                errors.append(f"{where}: the alarm '{kind}' is off at monitoring_alarm_level {level}; enable it in "
                              f"monitoring_alarm_overrides or monitoring_service_alarm_overrides.{name}")
    return errors


def _widget(title, metrics, position, region, **properties):
    x, y, width = position
    widget = {"type": "metric", "x": x, "y": y, "width": width, "height": 6,
              "properties": dict({"title": title, "region": region, "view": "timeSeries", "stacked": False,
                                  "period": 300, "metrics": metrics}, **properties)}
    return widget


def monitoring_dashboard(context):
    """The environment's dashboard body: seed 003's widgets, plus memory, tasks, Redis CPU and cost (seed 002)."""
    context = dict(context, database=_database(context))
    region = context["region"]
    balancer = context.get("load_balancer")
    services = context.get("services") or []
    database, cache = context.get("database") or {}, context.get("cache") or {}
    rows = []
    if balancer:
        rows.append([
            ("API Response Times", [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", balancer,
                                     {"stat": stat, "label": stat.upper()}] for stat in ("p50", "p95", "p99")], 12, {}),
            ("Error Rates", [["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", balancer,
                              {"stat": "Sum", "label": "Target 5xx"}],
                             ["AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", balancer,
                              {"stat": "Sum", "label": "Target 4xx"}],
                             ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", balancer,
                              {"stat": "Sum", "label": "Load balancer 5xx"}]], 12, {}),
        ])
    if services:
        def per_service(namespace, metric, stat):
            return [[namespace, metric, "ClusterName", context["cluster_name"], "ServiceName", service["ecs_name"],
                     {"stat": stat, "label": service["name"]}] for service in services]
        rows.append([
            ("ECS CPU Utilization", per_service("AWS/ECS", "CPUUtilization", "Average"), 8,
             {"yAxis": {"left": {"min": 0, "max": 100}}}),
            ("ECS Memory Utilization", per_service("AWS/ECS", "MemoryUtilization", "Average"), 8,
             {"yAxis": {"left": {"min": 0, "max": 100}}}),
            ("ECS Running Tasks", per_service("ECS/ContainerInsights", "RunningTaskCount", "Average"), 8, {}),
        ])
    data_row = []
    if database:
        aurora = database["engine"].startswith("aurora")
        dims = ["DBClusterIdentifier" if aurora else "DBInstanceIdentifier", database["identifier"]]
        limit = database["max_connections"]
        data_row.append(("Database Connections", [["AWS/RDS", "DatabaseConnections", *dims, {"stat": "Maximum"}]], 6,
                         {"annotations": {"horizontal": [{"label": "max_connections", "value": limit}]}}
                         if limit is not None else {}))
        data_row.append(("Database CPU Utilization", [["AWS/RDS", "CPUUtilization", *dims, {"stat": "Average"}]], 6,
                         {"yAxis": {"left": {"min": 0, "max": 100}}}))
    if cache.get("nodes"):
        data_row.append(("Redis Cache Hit Rate", [["AWS/ElastiCache", "CacheHitRate", "CacheClusterId", node,
                                                   {"stat": "Average"}] for node in cache["nodes"]], 6,
                         {"yAxis": {"left": {"min": 0, "max": 100}}}))
        data_row.append(("Redis CPU Utilization", [["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node,
                                                    {"stat": "Average"}] for node in cache["nodes"]], 6,
                         {"yAxis": {"left": {"min": 0, "max": 100}}}))
    if data_row:
        width = 24 // len(data_row)
        rows.append([(title, metrics, width, extra) for title, metrics, _width, extra in data_row])
    if (context.get("billing") or {}).get("enabled"):
        rows.append([("Estimated Charges (USD)", [["AWS/Billing", "EstimatedCharges", "Currency", "USD",
                                                   {"stat": "Maximum", "region": "us-east-1"}]], 24,
                      {"period": 21600})])
    widgets = []
    for row_index, row in enumerate(rows):
        x = 0
        for title, metrics, width, extra in row:
            widgets.append(_widget(title, metrics, (x, row_index * 6, width), region, **extra))
            x += width
    return {"widgets": widgets}


def monitoring_topic_policy(topic_arn, context):
    """Who may publish to an alert topic: the account, CloudWatch alarms, AWS Budgets and CodeDeploy (through its
    service role and notification rules); nobody over plain HTTP."""
    account, region = context["account_id"], context["region"]
    statements = [
        {"Sid": "AccountOwner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
         "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission", "SNS:RemovePermission",
                    "SNS:DeleteTopic", "SNS:Subscribe", "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
         "Resource": topic_arn},
        {"Sid": "CloudWatchAlarms", "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
         "Action": "SNS:Publish", "Resource": topic_arn,
         "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:cloudwatch:{region}:{account}:alarm:*"},
                       "StringEquals": {"aws:SourceAccount": account}}},
        {"Sid": "Budgets", "Effect": "Allow", "Principal": {"Service": "budgets.amazonaws.com"},
         "Action": "SNS:Publish", "Resource": topic_arn,
         "Condition": {"StringEquals": {"aws:SourceAccount": account}}},
        {"Sid": "CodeDeployNotifications", "Effect": "Allow",
         "Principal": {"Service": "codestar-notifications.amazonaws.com"},
         "Action": "SNS:Publish", "Resource": topic_arn,
         "Condition": {"StringEquals": {"aws:SourceAccount": account}}},
    ]
    if context.get("codedeploy_role_arn"):
        statements.append({"Sid": "CodeDeployTriggers", "Effect": "Allow",
                           "Principal": {"AWS": context["codedeploy_role_arn"]},
                           "Action": "SNS:Publish", "Resource": topic_arn})
    statements.append({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "SNS:Publish",
                       "Resource": topic_arn, "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    return {"Version": "2012-10-17", "Statement": statements}


def monitoring_subscriptions(subscriptions, secret_values, secret_prefix=""):
    """The topic's subscriptions as seed.aws_platform.sns_topic takes them; endpoint_secret names are replaced
    with the secret's value (read by the role without logging it)."""
    resolved = []
    for subscription in subscriptions or []:
        if subscription.get("endpoint_secret"):
            name = f"{secret_prefix}{subscription['endpoint_secret']}"
            if name not in (secret_values or {}):
                raise AnsibleFilterError(f"the subscription endpoint secret '{name}' was not read")
            endpoint = str(secret_values[name]).strip()
        else:
            endpoint = subscription["endpoint"]
        entry = {"protocol": subscription["protocol"], "endpoint": endpoint}
        if subscription.get("attributes"):
            entry["attributes"] = subscription["attributes"]
        resolved.append(entry)
    return resolved


def budget_notifications(notifications, topic_arns):
    """The budget's notifications as seed.aws_platform.budgets_budget takes them: each to its topics and e-mails."""
    result = []
    for notification in notifications or []:
        subscribers = [{"subscription_type": "SNS", "address": topic_arns[topic]}
                       for topic in notification.get("topics") or []]
        subscribers += [{"subscription_type": "EMAIL", "address": email} for email in notification.get("emails") or []]
        result.append({"notification_type": notification["type"],
                       "comparison_operator": notification.get("comparison_operator", "GREATER_THAN"),
                       "threshold": float(notification["threshold"]),
                       "threshold_type": notification.get("threshold_type", "PERCENTAGE"),
                       "subscribers": subscribers})
    return result


class FilterModule:
    def filters(self):
        return {
            "monitoring_alarms": monitoring_alarms,
            "monitoring_alarm_names": monitoring_alarm_names,
            "monitoring_services": monitoring_services,
            "monitoring_subscriptions": monitoring_subscriptions,
            "budget_notifications": budget_notifications,
            "monitoring_errors": monitoring_errors,
            "monitoring_dashboard": monitoring_dashboard,
            "monitoring_topic_policy": monitoring_topic_policy,
            "postgres_max_connections": postgres_max_connections,
        }
