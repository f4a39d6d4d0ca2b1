"""The monitoring layer's filters: the alarm catalogue, the dashboard, the topic policy and the checks of their inputs.

The contexts are built the way roles/monitoring/vars/main.yml builds __monitoring_context: services through
compute_services and monitoring_services, the database and cache in the shape data_outputs publishes them.
"""

import json
import math

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.compute import compute_services
from ansible_collections.seed.aws_platform.plugins.filter.monitoring import (
    FilterModule,
    budget_notifications,
    monitoring_alarm_names,
    monitoring_alarms,
    monitoring_dashboard,
    monitoring_errors,
    monitoring_services,
    monitoring_subscriptions,
    monitoring_topic_policy,
    postgres_max_connections,
)
from ansible_collections.seed.aws_platform.plugins.filter.naming import resource_name

ACCOUNT = "123456789012"
GIB = 1024 ** 3
SERVICE_ALARM_KINDS = "cpu, memory, running-tasks, 5xx, 5xx-rate, latency, unhealthy-hosts"


def topics(prefix):
    return {name: f"arn:aws:sns:us-east-1:{ACCOUNT}:{prefix}-alerts-{name}" for name in ("critical", "warning")}


def target_group(name):
    return f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/{name}/0123456789abcdef"


def service(name, prefix, port=None, deployment="rolling", rollback_alarms=()):
    spec = {"host": f"{prefix}-{name}", "name": name, "port": port, "permissions": {}, "deployment": deployment,
            "routing": {}, "compute": {"release": {"rollback_alarms": list(rollback_alarms)}}}
    return compute_services([spec])[0]


def context(prefix, level, services, target_groups, database, cache, **changes):
    base = {
        "prefix": prefix, "region": "us-east-1", "account_id": ACCOUNT, "level": level,
        "topic_names": ["critical", "warning"], "topics": topics(prefix), "overrides": {}, "service_overrides": {},
        "subscriptions": [], "budget": {}, "billing": {"enabled": False}, "codedeploy_role_arn": "",
        "cluster_name": f"{prefix}-cluster-ecs", "load_balancer": f"app/{prefix}-alb/50dc6c495c0c9188",
        "services": monitoring_services(services, prefix, target_groups), "database": database, "cache": cache,
        "tags": {"Environment": prefix, "ManagedBy": "seed.aws_platform", "Layer": "monitoring"},
    }
    base.update(changes)
    return base


# Tiger: two services, the API routed through one target group, RDS PostgreSQL db.t3.micro with 20 GB, one Redis node.
# data_outputs.database names the storage allocated_storage_gb (roles/data/tasks/outputs.yml).
TIGER_DATABASE = {"engine": "postgres", "identifier": "tiger-db-rds", "instance_class": "db.t3.micro", "readers": 0,
                  "allocated_storage_gb": 20, "parameters": {}}
TIGER_SERVICES = [service("fastapi-app", "tiger", port=8000), service("celery-worker", "tiger")]
TIGER_TARGET_GROUPS = {"fastapi-app": {"main": target_group("tiger-fastapi-app-tg")}}


def tiger(level="basic", **changes):
    changes.setdefault("services", TIGER_SERVICES)
    services = changes.pop("services")
    return context("tiger", level, services, changes.pop("target_groups", TIGER_TARGET_GROUPS),
                   changes.pop("database", TIGER_DATABASE), changes.pop("cache", {"nodes": ["tiger-redis-001"]}),
                   **changes)


# Prod: three services, the API blue/green behind two target groups, Aurora with two readers and max_connections
# 1000, three Redis nodes, billing metrics; latency on p99 as in inventories/prod.
PROD_DATABASE = {"engine": "aurora-postgresql", "identifier": "prod-db-aurora", "instance_class": "db.r6g.large",
                 "readers": 2, "allocated_storage_gb": "", "parameters": {"max_connections": 1000}}
PROD_SERVICES = [service("django-api", "prod", port=8000, deployment="blue_green", rollback_alarms=["5xx", "latency"]),
                 service("nextjs-web", "prod", port=3000), service("celery-worker", "prod")]
PROD_TARGET_GROUPS = {"django-api": {"green": target_group("prod-django-api-green"), "blue": target_group("prod-django-api-blue")},
                      "nextjs-web": {"main": target_group("prod-nextjs-web")}}
PROD_CACHE = {"nodes": ["prod-redis-001", "prod-redis-002", "prod-redis-003"]}


def prod(level="comprehensive", **changes):
    changes.setdefault("overrides", {"latency": {"statistic": "p99", "threshold": 0.5}})
    changes.setdefault("billing", {"enabled": True})
    return context("prod", level, changes.pop("services", PROD_SERVICES), PROD_TARGET_GROUPS,
                   changes.pop("database", PROD_DATABASE), changes.pop("cache", PROD_CACHE), **changes)


def alarms_by_name(ctx):
    return {alarm["name"]: alarm for alarm in monitoring_alarms(ctx)}


def names(ctx):
    return [alarm["name"] for alarm in monitoring_alarms(ctx)]


# The alarm catalogue, level by level

TIGER_BASIC = ["tiger-fastapi-app-cpu", "tiger-fastapi-app-memory", "tiger-fastapi-app-5xx",
               "tiger-celery-worker-cpu", "tiger-celery-worker-memory",
               "tiger-db-cpu", "tiger-db-free-storage", "tiger-cache-cpu"]
TIGER_COMPREHENSIVE = [
    "tiger-fastapi-app-cpu", "tiger-fastapi-app-memory", "tiger-fastapi-app-running-tasks", "tiger-fastapi-app-5xx",
    "tiger-fastapi-app-5xx-rate", "tiger-fastapi-app-latency", "tiger-fastapi-app-unhealthy-hosts",
    "tiger-celery-worker-cpu", "tiger-celery-worker-memory", "tiger-celery-worker-running-tasks",
    "tiger-alb-5xx", "tiger-db-cpu", "tiger-db-connections", "tiger-db-free-storage",
    "tiger-cache-cpu", "tiger-cache-memory", "tiger-cache-evictions"]
PROD_BASIC = ["prod-django-api-cpu", "prod-django-api-memory", "prod-django-api-5xx",
              "prod-nextjs-web-cpu", "prod-nextjs-web-memory", "prod-nextjs-web-5xx",
              "prod-celery-worker-cpu", "prod-celery-worker-memory",
              "prod-db-cpu", "prod-cache-cpu", "prod-estimated-charges"]
PROD_COMPREHENSIVE = [
    f"prod-{name}-{kind}" for name in ("django-api", "nextjs-web")
    for kind in ("cpu", "memory", "running-tasks", "5xx", "5xx-rate", "latency", "unhealthy-hosts")
] + ["prod-celery-worker-cpu", "prod-celery-worker-memory", "prod-celery-worker-running-tasks",
     "prod-alb-5xx", "prod-db-cpu", "prod-db-connections", "prod-db-replica-lag",
     "prod-cache-cpu", "prod-cache-memory", "prod-cache-evictions", "prod-estimated-charges"]


@pytest.mark.parametrize("ctx, expected, count", [
    # Tiger's free-storage alarm reads allocated_storage_gb, the key data_outputs.database publishes.
    (tiger("basic"), TIGER_BASIC, 8),
    (tiger("comprehensive"), TIGER_COMPREHENSIVE, 17),
    (prod("basic"), PROD_BASIC, 11),
    (prod("comprehensive"), PROD_COMPREHENSIVE, 25),
], ids=["tiger-basic", "tiger-comprehensive", "prod-basic", "prod-comprehensive"])
def test_the_catalogue_per_level(ctx, expected, count):
    assert sorted(names(ctx)) == sorted(expected)
    assert len(names(ctx)) == len(set(expected)) == count


def test_the_filters_are_registered():
    assert sorted(FilterModule().filters()) == sorted([
        "monitoring_alarms", "monitoring_alarm_names", "monitoring_services", "monitoring_subscriptions",
        "budget_notifications", "monitoring_errors", "monitoring_dashboard", "monitoring_topic_policy",
        "postgres_max_connections"])


def test_alarms_are_json_for_the_module():
    assert json.loads(json.dumps(monitoring_alarms(prod()))) == monitoring_alarms(prod())


def test_a_layer_the_environment_lacks_has_no_alarms():
    bare = tiger("comprehensive", load_balancer="", database={}, cache={})
    assert names(bare) == ["tiger-fastapi-app-cpu", "tiger-fastapi-app-memory", "tiger-fastapi-app-running-tasks",
                           "tiger-celery-worker-cpu", "tiger-celery-worker-memory", "tiger-celery-worker-running-tasks"]
    assert names(tiger("comprehensive", services=[], load_balancer="", database={}, cache={})) == []


def test_routed_alarms_need_a_target_group():
    # Check mode on an empty account: the edge layer knows no ARN yet.
    ctx = tiger("comprehensive", target_groups={"fastapi-app": {"main": ""}})
    assert not [name for name in names(ctx) if name.endswith(("-5xx", "-5xx-rate", "-latency", "-unhealthy-hosts"))
                and name != "tiger-alb-5xx"]


def test_aurora_has_no_storage_alarm_and_replica_lag_only_with_readers():
    assert "prod-db-free-storage" not in names(prod())
    assert "prod-db-replica-lag" not in names(prod(database=dict(PROD_DATABASE, readers=0)))
    lag = alarms_by_name(prod())["prod-db-replica-lag"]
    assert lag["metric_name"] == "AuroraReplicaLagMaximum" and lag["threshold"] == 1000.0
    assert lag["dimensions"] == {"DBClusterIdentifier": "prod-db-aurora"} and lag["statistic"] == "Maximum"


def test_estimated_charges_only_with_billing_metrics():
    assert "prod-estimated-charges" not in names(prod(billing={"enabled": False}))
    charges = alarms_by_name(prod())["prod-estimated-charges"]
    total, daily = charges["metrics"]
    assert total["metric_stat"] == {"metric": {"namespace": "AWS/Billing", "metric_name": "EstimatedCharges",
                                               "dimensions": {"Currency": "USD"}}, "period": 86400, "stat": "Maximum"}
    assert daily == {"id": "daily", "expression": "DIFF(total)", "label": "Daily estimated charges (USD)", "return_data": True}
    assert charges["threshold"] == 4.0 and charges["alarm_actions"] == [topics("prod")["warning"]]


# Thresholds

def test_db_connections_is_80_percent_of_max_connections():
    assert alarms_by_name(prod())["prod-db-connections"]["threshold"] == 800
    # db.t3.micro: LEAST(1 GiB / 9531392, 5000) = 112; floor(89.6) = 89.
    connections = alarms_by_name(tiger("comprehensive"))["tiger-db-connections"]
    assert connections["threshold"] == 89 == math.floor(112 * 0.8)
    assert connections["description"] == "Database connections above 80 % of max_connections (112)"
    assert connections["dimensions"] == {"DBInstanceIdentifier": "tiger-db-rds"}
    assert connections["metric_name"] == "DatabaseConnections" and connections["statistic"] == "Maximum"


@pytest.mark.parametrize("max_connections, percent, expected", [(1000, 85, 850), ("1001", 80, 800), (999, 90, 899)])
def test_db_connections_threshold_is_floored(max_connections, percent, expected):
    ctx = prod(database=dict(PROD_DATABASE, parameters={"max_connections": max_connections}),
               overrides={"db-connections": {"threshold": percent}})
    assert alarms_by_name(ctx)["prod-db-connections"]["threshold"] == expected


def test_free_storage_is_a_share_of_the_allocated_bytes():
    storage = alarms_by_name(tiger())["tiger-db-free-storage"]
    assert storage["threshold"] == 20 * GIB * 0.10 == 2147483648.0
    assert storage["comparison_operator"] == "LessThanThreshold"
    assert storage["namespace"] == "AWS/RDS" and storage["metric_name"] == "FreeStorageSpace"
    assert storage["dimensions"] == {"DBInstanceIdentifier": "tiger-db-rds"} and storage["statistic"] == "Minimum"
    assert storage["description"] == "Database free storage below 10 % of 20 GiB"
    assert storage["alarm_actions"] == [topics("tiger")["critical"]]
    half = alarms_by_name(tiger(overrides={"db-free-storage": {"threshold": 25}}))["tiger-db-free-storage"]
    assert half["threshold"] == 5 * GIB


def test_other_thresholds_are_taken_as_they_are():
    alarms = alarms_by_name(tiger("comprehensive"))
    assert alarms["tiger-fastapi-app-cpu"]["threshold"] == 80.0
    assert alarms["tiger-fastapi-app-latency"]["threshold"] == 0.5
    assert alarms["tiger-fastapi-app-5xx-rate"]["threshold"] == 1.0
    assert alarms["tiger-cache-cpu"]["threshold"] == 75.0


# Metrics: one series, or metric math over several

def test_one_target_group_is_one_metric():
    alarm = alarms_by_name(tiger())["tiger-fastapi-app-5xx"]
    assert alarm["namespace"] == "AWS/ApplicationELB" and alarm["metric_name"] == "HTTPCode_Target_5XX_Count"
    assert alarm["dimensions"] == {"LoadBalancer": "app/tiger-alb/50dc6c495c0c9188",
                                   "TargetGroup": "targetgroup/tiger-fastapi-app-tg/0123456789abcdef"}
    assert alarm["statistic"] == "Sum" and alarm["period"] == 60 and "metrics" not in alarm
    assert alarm["comparison_operator"] == "GreaterThanThreshold" and alarm["evaluation_periods"] == 2
    assert alarm["treat_missing_data"] == "notBreaching"


def blue_green_queries(alarm):
    *queries, expression = alarm["metrics"]
    assert expression["return_data"] is True and all(query["return_data"] is False for query in queries)
    assert not {"namespace", "metric_name", "dimensions", "statistic", "extended_statistic", "period"} & set(alarm)
    return queries, expression


def test_blue_green_counts_add_up_with_missing_series_as_zero():
    alarm = alarms_by_name(prod())["prod-django-api-5xx"]
    queries, expression = blue_green_queries(alarm)
    assert expression == {"id": "e1", "expression": "FILL(m1, 0) + FILL(m2, 0)", "label": "HTTPCode_Target_5XX_Count",
                          "return_data": True}
    assert [query["id"] for query in queries] == ["m1", "m2"]
    assert [query["metric_stat"]["metric"]["dimensions"]["TargetGroup"] for query in queries] == [
        "targetgroup/prod-django-api-blue/0123456789abcdef", "targetgroup/prod-django-api-green/0123456789abcdef"]
    assert all(query["metric_stat"]["stat"] == "Sum" and query["metric_stat"]["period"] == 60 for query in queries)
    assert all(query["metric_stat"]["metric"]["dimensions"]["LoadBalancer"] == "app/prod-alb/50dc6c495c0c9188"
               for query in queries)


@pytest.mark.parametrize("kind, metric, stat", [("latency", "TargetResponseTime", "p99"),
                                                ("unhealthy-hosts", "UnHealthyHostCount", "Maximum")])
def test_blue_green_percentiles_and_gauges_take_the_worst(kind, metric, stat):
    queries, expression = blue_green_queries(alarms_by_name(prod())[f"prod-django-api-{kind}"])
    assert expression["expression"] == "MAX([m1, m2])" and expression["label"] == metric
    assert {query["metric_stat"]["stat"] for query in queries} == {stat}
    assert {query["metric_stat"]["metric"]["metric_name"] for query in queries} == {metric}


def test_blue_green_error_rate_divides_the_sums():
    alarm = alarms_by_name(prod())["prod-django-api-5xx-rate"]
    *queries, rate = alarm["metrics"]
    assert [query["id"] for query in queries] == ["errors1", "requests1", "errors2", "requests2"]
    assert rate == {"id": "rate", "label": "5xx %", "return_data": True,
                    "expression": "100 * (FILL(errors1, 0) + FILL(errors2, 0)) / (FILL(requests1, 0) + FILL(requests2, 0))"}
    assert all(query["metric_stat"]["stat"] == "Sum" and query["metric_stat"]["period"] == 300 for query in queries)
    single = alarms_by_name(prod())["prod-nextjs-web-5xx-rate"]["metrics"][-1]["expression"]
    assert single == "100 * (FILL(errors1, 0)) / (FILL(requests1, 0))"


def test_running_tasks_is_desired_minus_running():
    alarm = alarms_by_name(tiger("comprehensive"))["tiger-celery-worker-running-tasks"]
    desired, running, missing = alarm["metrics"]
    dimensions = {"ClusterName": "tiger-cluster-ecs", "ServiceName": "tiger-celery-worker"}
    assert desired["metric_stat"]["metric"] == {"namespace": "ECS/ContainerInsights", "metric_name": "DesiredTaskCount",
                                                "dimensions": dimensions}
    assert running["metric_stat"]["metric"]["metric_name"] == "RunningTaskCount"
    assert missing == {"id": "missing", "expression": "desired - running", "label": "Tasks missing", "return_data": True}
    assert alarm["threshold"] == 0.0 and alarm["alarm_actions"] == [topics("tiger")["critical"]]


def test_service_utilisation_watches_the_ecs_service():
    alarm = alarms_by_name(tiger())["tiger-celery-worker-memory"]
    assert alarm["namespace"] == "AWS/ECS" and alarm["metric_name"] == "MemoryUtilization"
    assert alarm["dimensions"] == {"ClusterName": "tiger-cluster-ecs", "ServiceName": "tiger-celery-worker"}
    assert alarm["period"] == 300 and alarm["evaluation_periods"] == 3 and alarm["statistic"] == "Average"
    assert alarm["description"] == "ECS memory utilisation of celery-worker above 80 %"


def test_redis_nodes():
    single = alarms_by_name(tiger())["tiger-cache-cpu"]
    assert single["dimensions"] == {"CacheClusterId": "tiger-redis-001"} and single["metric_name"] == "EngineCPUUtilization"
    alarms = alarms_by_name(prod())
    queries, cpu = blue_green_queries(alarms["prod-cache-cpu"])
    assert cpu["expression"] == "MAX([m1, m2, m3])"
    assert [query["metric_stat"]["metric"]["dimensions"] for query in queries] == [
        {"CacheClusterId": node} for node in PROD_CACHE["nodes"]]
    assert alarms["prod-cache-memory"]["metrics"][-1]["expression"] == "MAX([m1, m2, m3])"
    assert alarms["prod-cache-memory"]["metrics"][0]["metric_stat"]["metric"]["metric_name"] == "DatabaseMemoryUsagePercentage"
    assert alarms["prod-cache-evictions"]["metrics"][-1]["expression"] == "FILL(m1, 0) + FILL(m2, 0) + FILL(m3, 0)"


def test_environment_alarms_watch_the_cluster_and_the_load_balancer():
    alarms = alarms_by_name(prod())
    assert alarms["prod-db-cpu"]["dimensions"] == {"DBClusterIdentifier": "prod-db-aurora"}
    assert alarms["prod-alb-5xx"]["metric_name"] == "HTTPCode_ELB_5XX_Count"
    assert alarms["prod-alb-5xx"]["dimensions"] == {"LoadBalancer": "app/prod-alb/50dc6c495c0c9188"}


def test_percentiles_are_extended_statistics():
    latency = alarms_by_name(tiger("comprehensive"))["tiger-fastapi-app-latency"]
    assert latency["extended_statistic"] == "p95" and "statistic" not in latency
    assert latency["metric_name"] == "TargetResponseTime"
    assert latency["description"] == "p95 response time of fastapi-app above 0.5 s for 5 minutes"
    for statistic in ("p99", "p99.9", "p100"):
        alarm = alarms_by_name(tiger("comprehensive", overrides={"latency": {"statistic": statistic}}))
        assert alarm["tiger-fastapi-app-latency"]["extended_statistic"] == statistic
    average = alarms_by_name(tiger("comprehensive", overrides={"latency": {"statistic": "Average"}}))
    assert average["tiger-fastapi-app-latency"]["statistic"] == "Average"
    assert "extended_statistic" not in average["tiger-fastapi-app-latency"]


# Overrides, enabled, actions, tags

def test_an_override_changes_the_kind_for_every_service():
    ctx = tiger(overrides={"cpu": {"threshold": 70, "period": 60, "evaluation_periods": 5, "datapoints_to_alarm": 3,
                                   "treat_missing_data": "breaching", "topic": "critical",
                                   "description": "{service} is busy ({threshold} %)"}})
    for name in ("fastapi-app", "celery-worker"):
        alarm = alarms_by_name(ctx)[f"tiger-{name}-cpu"]
        assert alarm["threshold"] == 70.0 and alarm["period"] == 60 and alarm["evaluation_periods"] == 5
        assert alarm["datapoints_to_alarm"] == 3 and alarm["treat_missing_data"] == "breaching"
        assert alarm["alarm_actions"] == alarm["ok_actions"] == [topics("tiger")["critical"]]
        assert alarm["description"] == f"{name} is busy (70 %)"
    untouched = alarms_by_name(ctx)["tiger-fastapi-app-memory"]
    assert "datapoints_to_alarm" not in untouched and untouched["treat_missing_data"] == "missing"


def test_inventory_thresholds_for_tiger():
    alarms = alarms_by_name(tiger(overrides={"db-cpu": {"threshold": 75}, "cache-cpu": {"threshold": 75}}))
    assert alarms["tiger-db-cpu"]["threshold"] == 75.0
    assert alarms["tiger-db-cpu"]["description"] == "Database CPU utilisation above 75 %"


def test_a_service_override_wins_for_that_service_only():
    ctx = tiger(overrides={"cpu": {"threshold": 70}}, service_overrides={"fastapi-app": {"cpu": {"threshold": 90}}})
    alarms = alarms_by_name(ctx)
    assert alarms["tiger-fastapi-app-cpu"]["threshold"] == 90.0
    assert alarms["tiger-celery-worker-cpu"]["threshold"] == 70.0


def test_enabled_wins_over_the_level():
    assert "tiger-fastapi-app-latency" in names(tiger(overrides={"latency": {"enabled": True}}))
    assert "tiger-db-connections" in names(tiger(overrides={"db-connections": {"enabled": True}}))
    off = names(tiger("comprehensive", overrides={"cpu": {"enabled": False}, "alb-5xx": {"enabled": False}}))
    assert not [name for name in off if name.endswith("-cpu") and name not in ("tiger-db-cpu", "tiger-cache-cpu")]
    assert "tiger-alb-5xx" not in off
    assert "tiger-fastapi-app-latency" in names(tiger("comprehensive", overrides={"latency": {"enabled": None}}))
    one = names(tiger(service_overrides={"celery-worker": {"memory": {"enabled": False}},
                                         "fastapi-app": {"latency": {"enabled": True}}}))
    assert "tiger-celery-worker-memory" not in one and "tiger-fastapi-app-memory" in one
    assert "tiger-fastapi-app-latency" in one


def test_actions_go_to_the_kinds_topic():
    critical, warning = topics("prod")["critical"], topics("prod")["warning"]
    for alarm in monitoring_alarms(prod()):
        kind = alarm["tags"]["AlarmKind"]
        expected = warning if kind in ("cpu", "memory", "db-cpu", "db-replica-lag", "cache-cpu", "cache-memory",
                                       "cache-evictions", "estimated-charges") else critical
        assert alarm["alarm_actions"] == alarm["ok_actions"] == [expected], alarm["name"]


def test_tags():
    alarms = alarms_by_name(tiger(tags={"Environment": "tiger", "Name": "ignored", "Layer": "monitoring"}))
    assert alarms["tiger-fastapi-app-5xx"]["tags"] == {
        "Environment": "tiger", "Layer": "monitoring", "Name": "tiger-fastapi-app-5xx", "AlarmKind": "5xx",
        "Service": "fastapi-app"}
    assert alarms["tiger-db-cpu"]["tags"] == {
        "Environment": "tiger", "Layer": "monitoring", "Name": "tiger-db-cpu", "AlarmKind": "db-cpu"}


def test_alarm_names_by_service_and_purpose():
    grouped = monitoring_alarm_names(monitoring_alarms(prod()), ["django-api", "nextjs-web", "celery-worker", "idle"])
    assert grouped["services"]["celery-worker"] == {"cpu": "prod-celery-worker-cpu", "memory": "prod-celery-worker-memory",
                                                    "running-tasks": "prod-celery-worker-running-tasks"}
    assert grouped["services"]["django-api"] == {kind: f"prod-django-api-{kind}" for kind in SERVICE_ALARM_KINDS.split(", ")}
    assert grouped["services"]["idle"] == {}
    assert grouped["environment"] == {kind: f"prod-{kind}" for kind in (
        "alb-5xx", "db-cpu", "db-connections", "db-replica-lag", "cache-cpu", "cache-memory", "cache-evictions",
        "estimated-charges")}
    assert monitoring_alarm_names([], []) == {"services": {}, "environment": {}}


def test_rollback_alarm_names_are_the_ones_the_compute_layer_hands_codedeploy():
    # roles/ecs_service/vars/main.yml: <service>-<kind> | resource_name(prefix, 'alarm').
    created = names(prod())
    for kind in ("5xx", "latency"):
        assert resource_name(f"django-api-{kind}", "prod", "alarm") in created


# monitoring_services

def test_monitoring_services():
    watched = monitoring_services(PROD_SERVICES, "prod", dict(PROD_TARGET_GROUPS, **{"celery-worker": {}}))
    assert watched[0] == {"name": "django-api", "host": "prod-django-api", "ecs_name": "prod-django-api", "routed": True,
                          "target_groups": ["targetgroup/prod-django-api-blue/0123456789abcdef",
                                            "targetgroup/prod-django-api-green/0123456789abcdef"],
                          "rollback_alarms": ["5xx", "latency"]}
    assert watched[2] == {"name": "celery-worker", "host": "prod-celery-worker", "ecs_name": "prod-celery-worker",
                          "routed": False, "target_groups": [], "rollback_alarms": []}
    assert monitoring_services([{"name": "api", "port": 80}], "tiger", None)[0]["target_groups"] == []
    assert monitoring_services([{"name": "api", "port": 80}], "tiger", {"api": {"blue": "", "green": ""}})[0] == {
        "name": "api", "host": "api", "ecs_name": "tiger-api", "routed": True, "target_groups": [], "rollback_alarms": []}


# monitoring_errors

def test_clean_contexts_give_no_errors():
    assert monitoring_errors(tiger()) == []
    assert monitoring_errors(tiger("comprehensive", overrides={"db-cpu": {"threshold": 75}, "cache-cpu": {"threshold": 75}},
                                   subscriptions=[{"topic": "critical", "protocol": "email", "endpoint": "team@example.com"},
                                                  {"topic": "warning", "protocol": "email", "endpoint": "team@example.com"}],
                                   budget={"limit": 150, "notifications": [
                                       {"type": "ACTUAL", "threshold": 80, "topics": ["warning"]},
                                       {"type": "FORECASTED", "threshold": 120, "topics": ["warning"]}]})) == []
    assert monitoring_errors(prod(
        subscriptions=[{"topic": "critical", "protocol": "https", "endpoint_secret": "alerts/pagerduty-url"},
                       {"topic": "critical", "protocol": "email", "endpoint": "oncall@pcs.example.com"}],
        budget={"limit": "2000", "notifications": [
            {"type": "ACTUAL", "threshold": 110, "topics": ["critical"], "emails": ["finance@pcs.example.com"]},
            {"type": "FORECASTED", "threshold": 120, "emails": ["finance@pcs.example.com"]}]})) == []


def test_an_unknown_level_is_the_only_message():
    assert monitoring_errors(tiger("verbose", overrides={"disk": {}})) == [
        "monitoring_alarm_level: one of basic, comprehensive, not 'verbose'"]


@pytest.mark.parametrize("overrides, expected", [
    ({"cpu": {"threshold": 120}}, "monitoring_alarm_overrides.cpu.threshold: 120 is a percentage and must lie in 0-100"),
    ({"db-connections": {"threshold": -5}},
     "monitoring_alarm_overrides.db-connections.threshold: -5 is a percentage and must lie in 0-100"),
    ({"latency": {"threshold": -1}}, "monitoring_alarm_overrides.latency.threshold: must not be negative, not -1"),
    ({"5xx": {"threshold": "many"}}, "monitoring_alarm_overrides.5xx.threshold: 'many' is not a number"),
    ({"disk": {"threshold": 90}}, "monitoring_alarm_overrides: unknown alarm kind 'disk'; known kinds: cpu, memory, "
                                  "running-tasks, 5xx, 5xx-rate, latency, unhealthy-hosts, alb-5xx, db-cpu, db-connections, "
                                  "db-free-storage, db-replica-lag, cache-cpu, cache-memory, cache-evictions, estimated-charges"),
    ({"cpu": {"operator": "LessThanThreshold"}},
     "monitoring_alarm_overrides.cpu.operator: unknown setting; known: enabled, threshold, period, evaluation_periods, "
     "datapoints_to_alarm, statistic, topic, treat_missing_data, description"),
    ({"cpu": "off"}, "monitoring_alarm_overrides.cpu: must be a dict of enabled, threshold, period"),
    ({"cpu": {"period": 90}}, "monitoring_alarm_overrides.cpu.period: a multiple of 60 seconds, not 90"),
    ({"cpu": {"period": 30}}, "monitoring_alarm_overrides.cpu.period: a multiple of 60 seconds, not 30"),
    ({"cpu": {"period": "5m"}}, "monitoring_alarm_overrides.cpu.period: a multiple of 60 seconds, not 5m"),
    ({"cpu": {"evaluation_periods": 0}}, "monitoring_alarm_overrides.cpu.evaluation_periods: a whole number of at least 1, not 0"),
    ({"cpu": {"datapoints_to_alarm": 1.5}},
     "monitoring_alarm_overrides.cpu.datapoints_to_alarm: a whole number of at least 1, not 1.5"),
    ({"latency": {"statistic": "Median"}}, "monitoring_alarm_overrides.latency.statistic: one of SampleCount, Average, Sum, "
                                           "Minimum, Maximum or a percentile such as p95, not 'Median'"),
    ({"latency": {"statistic": "p999"}}, "not 'p999'"),
    ({"cpu": {"topic": "pager"}}, "monitoring_alarm_overrides.cpu.topic: one of critical, warning, not 'pager'"),
    ({"cpu": {"treat_missing_data": "zero"}},
     "monitoring_alarm_overrides.cpu.treat_missing_data: one of missing, notBreaching, breaching, ignore"),
])
def test_override_errors(overrides, expected):
    errors = monitoring_errors(tiger(overrides=overrides))
    assert len(errors) == 1 and expected in errors[0], errors


@pytest.mark.parametrize("service_overrides, expected", [
    ({"payments": {"cpu": {"threshold": 90}}},
     "monitoring_service_alarm_overrides.payments: the inventory declares no service 'payments' (services: "
     "fastapi-app, celery-worker)"),
    ({"fastapi-app": {"db-cpu": {"threshold": 50}}},
     "monitoring_service_alarm_overrides.fastapi-app.db-cpu: an environment-wide alarm; change it in monitoring_alarm_overrides"),
    ({"fastapi-app": {"cpu": {"threshold": 150}}},
     "monitoring_service_alarm_overrides.fastapi-app.cpu.threshold: 150 is a percentage and must lie in 0-100"),
    ({"fastapi-app": {"disk": {}}}, "monitoring_service_alarm_overrides.fastapi-app: unknown alarm kind 'disk'"),
])
def test_service_override_errors(service_overrides, expected):
    errors = monitoring_errors(tiger(service_overrides=service_overrides))
    assert len(errors) == 1 and expected in errors[0], errors


def test_no_services_is_said_so():
    assert monitoring_errors(tiger(services=[], service_overrides={"api": {}})) == [
        "monitoring_service_alarm_overrides.api: the inventory declares no service 'api' (services: none)"]


def with_rollback(fastapi=(), worker=()):
    return [service("fastapi-app", "tiger", port=8000, rollback_alarms=fastapi),
            service("celery-worker", "tiger", rollback_alarms=worker)]


@pytest.mark.parametrize("services, level, overrides, service_overrides, expected", [
    (with_rollback(fastapi=["db-cpu"]), "basic", {}, {},
     f"hostvars[tiger-fastapi-app].service_release.rollback_alarms: 'db-cpu' is not a service alarm of the monitoring "
     f"layer (service alarms: {SERVICE_ALARM_KINDS})"),
    (with_rollback(fastapi=["errors"]), "basic", {}, {}, "'errors' is not a service alarm of the monitoring layer"),
    (with_rollback(worker=["5xx"]), "comprehensive", {}, {},
     "hostvars[tiger-celery-worker].service_release.rollback_alarms: '5xx' watches the load balancer, and celery-worker "
     "has no container port behind it"),
    (with_rollback(fastapi=["latency"]), "basic", {}, {},
     "hostvars[tiger-fastapi-app].service_release.rollback_alarms: the alarm 'latency' is off at monitoring_alarm_level "
     "basic; enable it in monitoring_alarm_overrides or monitoring_service_alarm_overrides.fastapi-app"),
    (with_rollback(fastapi=["5xx"]), "comprehensive", {"5xx": {"enabled": False}}, {}, "the alarm '5xx' is off"),
    (with_rollback(fastapi=["5xx"]), "basic", {}, {"fastapi-app": {"5xx": {"enabled": False}}}, "the alarm '5xx' is off"),
])
def test_rollback_alarm_errors(services, level, overrides, service_overrides, expected):
    errors = monitoring_errors(tiger(level, services=services, overrides=overrides, service_overrides=service_overrides))
    assert len(errors) == 1 and expected in errors[0], errors


def test_rollback_alarms_that_exist_are_fine():
    assert monitoring_errors(tiger(services=with_rollback(fastapi=["5xx", "cpu"], worker=["memory"]))) == []
    assert monitoring_errors(tiger(services=with_rollback(fastapi=["latency"]), overrides={"latency": {"enabled": True}})) == []
    assert monitoring_errors(tiger(services=with_rollback(fastapi=["latency"]),
                                   service_overrides={"fastapi-app": {"latency": {"enabled": True}}})) == []
    assert monitoring_errors(prod()) == []


def test_rollback_alarms_are_checked_once_the_overrides_are_sound():
    errors = monitoring_errors(tiger(services=with_rollback(fastapi=["db-cpu"]), overrides={"cpu": {"threshold": 101}}))
    assert errors == ["monitoring_alarm_overrides.cpu.threshold: 101 is a percentage and must lie in 0-100"]


def subscription(**entry):
    return dict({"topic": "critical", "protocol": "email"}, **entry)


@pytest.mark.parametrize("subscriptions, expected", [
    ([subscription(protocol="slack", endpoint="https://hooks.slack.com/x")],
     ["monitoring_subscriptions[0].protocol: SNS supports email, email-json, https, http, sms, sqs, lambda, firehose, "
      "application, not 'slack'"]),
    ([subscription(protocol="http", endpoint_secret="alerts/relay")],
     ["monitoring_subscriptions[0].protocol: http sends alerts unencrypted; use https"]),
    ([subscription(protocol="http", endpoint="http://relay.example.com/token")],
     ["monitoring_subscriptions[0].endpoint: an http endpoint carries its token in the URL; keep it in Secrets Manager and "
      "name the secret in endpoint_secret",
      "monitoring_subscriptions[0].protocol: http sends alerts unencrypted; use https"]),
    ([subscription(protocol="https", endpoint="https://events.pagerduty.com/integration/KEY/enqueue")],
     ["monitoring_subscriptions[0].endpoint: an https endpoint carries its token in the URL; keep it in Secrets Manager and "
      "name the secret in endpoint_secret"]),
    ([subscription(protocol="https")], ["monitoring_subscriptions[0]: set exactly one of endpoint and endpoint_secret"]),
    ([subscription(endpoint="team@example.com", endpoint_secret="alerts/team")],
     ["monitoring_subscriptions[0]: set exactly one of endpoint and endpoint_secret"]),
    ([subscription(endpoint="team@example.com"), subscription(protocol="email-json", endpoint="platform team")],
     ["monitoring_subscriptions[1].endpoint: 'platform team' is not an e-mail address"]),
    ([subscription(topic="info", endpoint="team@example.com")],
     ["monitoring_subscriptions[0].topic: one of the environment's topics (critical, warning), not 'info'"]),
])
def test_subscription_errors(subscriptions, expected):
    assert monitoring_errors(tiger(subscriptions=subscriptions)) == expected


def test_other_protocols_and_topics():
    ctx = tiger(topic_names=["critical", "warning", "info"],
                subscriptions=[subscription(topic="info", protocol="sqs", endpoint="arn:aws:sqs:us-east-1:123456789012:q"),
                               subscription(protocol="sms", endpoint="+15555550100")])
    assert monitoring_errors(ctx) == []


@pytest.mark.parametrize("topic_names, expected", [
    (["critical"], ["monitoring_topics: alarms notify the 'warning' topic; keep it in the list"]),
    (["warning", "info"], ["monitoring_topics: alarms notify the 'critical' topic; keep it in the list"]),
])
def test_the_alarm_topics_must_stay(topic_names, expected):
    assert monitoring_errors(tiger(topic_names=topic_names)) == expected


def test_no_topic_names_means_the_two_defaults():
    assert monitoring_errors(tiger(topic_names=[])) == []


def notification(**entry):
    return dict({"type": "ACTUAL", "threshold": 80, "topics": ["warning"]}, **entry)


@pytest.mark.parametrize("budget, expected", [
    ({"limit": 0, "notifications": [notification()]},
     ["monitoring_budget.limit: a budget needs an amount above 0 USD, not 0"]),
    ({"limit": "a lot"}, ["monitoring_budget.limit: a budget needs an amount above 0 USD, not a lot"]),
    ({"notifications": [notification()]}, ["monitoring_budget.limit: a budget needs an amount above 0 USD, not None"]),
    ({"limit": 150, "notifications": [notification(threshold=0)]},
     ["monitoring_budget.notifications[0].threshold: a percentage of the budget above 0, not 0"]),
    ({"limit": 150, "notifications": [notification(type="DAILY")]},
     ["monitoring_budget.notifications[0].type: ACTUAL or FORECASTED, not 'DAILY'"]),
    ({"limit": 150, "notifications": [notification(topics=[])]},
     ["monitoring_budget.notifications[0]: name at least one of topics and emails to notify"]),
    ({"limit": 150, "notifications": [notification(topics=["warning", "critical"])]},
     ["monitoring_budget.notifications[0].topics: AWS Budgets notifies at most one SNS topic per notification"]),
    ({"limit": 150, "notifications": [notification(), notification(topics=["info"])]},
     ["monitoring_budget.notifications[1].topics: 'info' is not one of the environment's topics (critical, warning)"]),
    ({"limit": 150, "notifications": [notification(emails=[f"person{index}@example.com" for index in range(11)])]},
     ["monitoring_budget.notifications[0].emails: AWS Budgets notifies at most 10 e-mail addresses per notification"]),
    ({"limit": 150, "notifications": [notification(threshold=10 * index) for index in range(1, 12)]},
     ["monitoring_budget.notifications: AWS Budgets allows at most 10 notifications per budget"]),
])
def test_budget_errors(budget, expected):
    assert monitoring_errors(tiger(budget=budget)) == expected


def test_ten_notifications_and_ten_emails_are_allowed():
    budget = {"limit": 150, "notifications": [notification(threshold=10 * index, emails=[f"p{n}@example.com" for n in range(10)])
                                              for index in range(1, 11)]}
    assert monitoring_errors(tiger(budget=budget)) == []


def test_billing_metrics_live_in_us_east_1():
    assert monitoring_errors(tiger(region="eu-west-1", billing={"enabled": True})) == [
        "monitoring_billing_alarm: AWS publishes billing metrics in us-east-1 only; the environment's region is eu-west-1"]
    assert monitoring_errors(tiger(region="eu-west-1", billing={"enabled": False})) == []
    assert monitoring_errors(tiger(billing={"enabled": True})) == []


def test_an_unknown_instance_class_needs_max_connections_for_the_connections_alarm():
    serverless = dict(PROD_DATABASE, instance_class="db.serverless", parameters={})
    assert monitoring_errors(prod(database=serverless, services=PROD_SERVICES[1:])) == [
        "data_database.instance_class: max_connections of 'db.serverless' is unknown; set "
        "data_database.parameters.max_connections, or turn the db-connections alarm off"]
    assert monitoring_errors(prod("basic", database=serverless, services=PROD_SERVICES[1:])) == []
    assert monitoring_errors(prod(database=dict(serverless, parameters={"max_connections": "2000"}))) == []
    assert monitoring_errors(prod(database=serverless, overrides={"db-connections": {"enabled": False}})) == []


def test_a_malformed_db_connections_override_is_reported_not_raised():
    # The max_connections check merges the override too; a non-dict one must still end as a message.
    errors = monitoring_errors(tiger(overrides={"db-connections": "off"}))
    assert errors and "monitoring_alarm_overrides.db-connections: must be a dict of" in errors[0]


def test_every_problem_is_reported_at_once():
    errors = monitoring_errors(tiger(overrides={"cpu": {"threshold": 120}},
                                     subscriptions=[subscription(protocol="http", endpoint_secret="relay")],
                                     budget={"limit": 0}, region="eu-west-1", billing={"enabled": True}))
    assert len(errors) == 4


# The dashboard

def widgets_by_title(ctx):
    return {widget["properties"]["title"]: widget for widget in monitoring_dashboard(ctx)["widgets"]}


def assert_laid_out(dashboard):
    rows = {}
    for widget in dashboard["widgets"]:
        assert widget["type"] == "metric" and widget["height"] == 6 and widget["y"] % 6 == 0
        assert 0 <= widget["x"] and widget["x"] + widget["width"] <= 24
        rows.setdefault(widget["y"], []).append(widget)
    for row in rows.values():
        assert sum(widget["width"] for widget in row) <= 24
        spans = sorted((widget["x"], widget["x"] + widget["width"]) for widget in row)
        assert all(left[1] <= right[0] for left, right in zip(spans, spans[1:])), spans
    assert sorted(rows) == list(range(0, 6 * len(rows), 6)), "rows follow each other without gaps"


def test_the_full_dashboard():
    dashboard = monitoring_dashboard(prod())
    assert_laid_out(dashboard)
    assert [(w["properties"]["title"], w["x"], w["y"], w["width"]) for w in dashboard["widgets"]] == [
        ("API Response Times", 0, 0, 12), ("Error Rates", 12, 0, 12),
        ("ECS CPU Utilization", 0, 6, 8), ("ECS Memory Utilization", 8, 6, 8), ("ECS Running Tasks", 16, 6, 8),
        ("Database Connections", 0, 12, 6), ("Database CPU Utilization", 6, 12, 6),
        ("Redis Cache Hit Rate", 12, 12, 6), ("Redis CPU Utilization", 18, 12, 6),
        ("Estimated Charges (USD)", 0, 18, 24)]
    assert json.loads(json.dumps(dashboard)) == dashboard


def test_dashboard_widgets():
    widgets = widgets_by_title(prod())
    assert all(widget["properties"]["region"] == "us-east-1" for widget in widgets.values())
    assert [metric[-1] for metric in widgets["API Response Times"]["properties"]["metrics"]] == [
        {"stat": "p50", "label": "P50"}, {"stat": "p95", "label": "P95"}, {"stat": "p99", "label": "P99"}]
    assert widgets["API Response Times"]["properties"]["metrics"][0][:4] == [
        "AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", "app/prod-alb/50dc6c495c0c9188"]
    assert [metric[1] for metric in widgets["Error Rates"]["properties"]["metrics"]] == [
        "HTTPCode_Target_5XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_ELB_5XX_Count"]
    cpu = widgets["ECS CPU Utilization"]["properties"]
    assert cpu["metrics"][0] == ["AWS/ECS", "CPUUtilization", "ClusterName", "prod-cluster-ecs", "ServiceName",
                                 "prod-django-api", {"stat": "Average", "label": "django-api"}]
    assert len(cpu["metrics"]) == 3 and cpu["yAxis"] == {"left": {"min": 0, "max": 100}}
    assert widgets["ECS Running Tasks"]["properties"]["metrics"][2][:2] == ["ECS/ContainerInsights", "RunningTaskCount"]
    connections = widgets["Database Connections"]["properties"]
    assert connections["metrics"] == [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", "prod-db-aurora",
                                       {"stat": "Maximum"}]]
    assert connections["annotations"] == {"horizontal": [{"label": "max_connections", "value": 1000}]}
    assert [metric[3] for metric in widgets["Redis Cache Hit Rate"]["properties"]["metrics"]] == PROD_CACHE["nodes"]
    charges = widgets["Estimated Charges (USD)"]["properties"]
    assert charges["period"] == 21600
    assert charges["metrics"] == [["AWS/Billing", "EstimatedCharges", "Currency", "USD",
                                   {"stat": "Maximum", "region": "us-east-1"}]]


def test_dashboard_of_an_rds_database_without_cache():
    widgets = widgets_by_title(tiger(cache={}))
    assert_laid_out({"widgets": list(widgets.values())})
    assert [(title, w["x"], w["width"]) for title, w in widgets.items() if w["y"] == 12] == [
        ("Database Connections", 0, 12), ("Database CPU Utilization", 12, 12)]
    assert widgets["Database Connections"]["properties"]["metrics"][0][2:4] == ["DBInstanceIdentifier", "tiger-db-rds"]
    assert widgets["Database Connections"]["properties"]["annotations"]["horizontal"][0]["value"] == 112
    assert "Estimated Charges (USD)" not in widgets


def test_dashboard_leaves_out_what_the_environment_lacks():
    no_balancer = monitoring_dashboard(tiger(load_balancer="", database={}))
    assert_laid_out(no_balancer)
    assert [(w["properties"]["title"], w["y"], w["width"]) for w in no_balancer["widgets"]] == [
        ("ECS CPU Utilization", 0, 8), ("ECS Memory Utilization", 0, 8), ("ECS Running Tasks", 0, 8),
        ("Redis Cache Hit Rate", 6, 12), ("Redis CPU Utilization", 6, 12)]
    assert monitoring_dashboard(tiger(load_balancer="", services=[], database={}, cache={})) == {"widgets": []}
    assert "Redis CPU Utilization" not in widgets_by_title(tiger(cache={"nodes": []}))


def test_dashboard_draws_no_max_connections_line_it_does_not_know():
    # db.serverless without a max_connections parameter: CloudWatch wants a number in an annotation, so none is drawn.
    serverless = dict(PROD_DATABASE, instance_class="db.serverless", parameters={})
    connections = widgets_by_title(prod("basic", database=serverless))["Database Connections"]["properties"]
    lines = connections.get("annotations", {}).get("horizontal", [])
    assert all(isinstance(line["value"], (int, float)) for line in lines), lines


# The topic policy

TOPIC = f"arn:aws:sns:us-east-1:{ACCOUNT}:tiger-alerts-critical"


def test_topic_policy_statements():
    policy = monitoring_topic_policy(TOPIC, tiger())
    assert policy["Version"] == "2012-10-17"
    statements = {statement["Sid"]: statement for statement in policy["Statement"]}
    assert list(statements) == ["AccountOwner", "CloudWatchAlarms", "Budgets", "CodeDeployNotifications",
                                "DenyInsecureTransport"]
    assert all(statement["Resource"] == TOPIC for statement in statements.values())
    assert statements["AccountOwner"]["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}
    assert "SNS:Publish" in statements["AccountOwner"]["Action"] and "SNS:Subscribe" in statements["AccountOwner"]["Action"]
    assert statements["CloudWatchAlarms"]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert statements["CloudWatchAlarms"]["Condition"] == {
        "ArnLike": {"aws:SourceArn": f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:*"},
        "StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert statements["Budgets"]["Principal"] == {"Service": "budgets.amazonaws.com"}
    assert statements["Budgets"]["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    assert statements["CodeDeployNotifications"]["Principal"] == {"Service": "codestar-notifications.amazonaws.com"}
    assert statements["CodeDeployNotifications"]["Condition"] == {"StringEquals": {"aws:SourceAccount": ACCOUNT}}
    for sid in ("CloudWatchAlarms", "Budgets", "CodeDeployNotifications"):
        assert statements[sid]["Effect"] == "Allow" and statements[sid]["Action"] == "SNS:Publish"
    assert statements["DenyInsecureTransport"] == {
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "SNS:Publish", "Resource": TOPIC,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def test_topic_policy_lets_codedeploys_role_publish_when_given():
    role = f"arn:aws:iam::{ACCOUNT}:role/tiger-codedeploy"
    statements = monitoring_topic_policy(TOPIC, tiger(codedeploy_role_arn=role))["Statement"]
    assert [statement["Sid"] for statement in statements][-2:] == ["CodeDeployTriggers", "DenyInsecureTransport"]
    assert statements[-2] == {"Sid": "CodeDeployTriggers", "Effect": "Allow", "Principal": {"AWS": role},
                              "Action": "SNS:Publish", "Resource": TOPIC}
    policy = monitoring_topic_policy(TOPIC, {"account_id": ACCOUNT, "region": "eu-west-1"})
    assert "CodeDeployTriggers" not in [s["Sid"] for s in policy["Statement"]]


# postgres_max_connections

@pytest.mark.parametrize("instance_class, expected", [
    ("db.t3.micro", 112), ("db.t4g.micro", 112), ("db.t3.small", 225), ("db.t3.medium", 450), ("db.m6g.large", 901),
    ("db.r6g.large", 1802), ("db.r6gd.xlarge", 3604), ("db.x2g.large", 3604), ("db.r6g.2xlarge", 5000),
    ("db.r5.24xlarge", 5000),
])
def test_max_connections_from_the_class(instance_class, expected):
    assert postgres_max_connections(instance_class) == expected
    assert postgres_max_connections(instance_class, {}) == expected


@pytest.mark.parametrize("parameters, expected", [
    ({"max_connections": 1000}, 1000), ({"max_connections": "250"}, 250), ({"max_connections": 9000}, 9000),
    ({"max_connections": "LEAST({DBInstanceClassMemory/9531392},5000)"}, 112), ({"work_mem": "4096"}, 112), (None, 112),
])
def test_the_max_connections_parameter_wins(parameters, expected):
    assert postgres_max_connections("db.t3.micro", parameters) == expected


@pytest.mark.parametrize("instance_class", ["db.serverless", "db.t3.nano", "db.t3.4xlarge", "", None])
def test_max_connections_of_an_unknown_class(instance_class):
    with pytest.raises(AnsibleFilterError, match=r"max_connections of '.*' is unknown: set it in the database parameters"):
        postgres_max_connections(instance_class)
    assert postgres_max_connections(instance_class, {"max_connections": 100}) == 100


# monitoring_subscriptions

def test_subscriptions_with_their_endpoints():
    subscriptions = [
        {"topic": "critical", "protocol": "https", "endpoint_secret": "alerts/pagerduty-url"},
        {"topic": "critical", "protocol": "email", "endpoint": "oncall@pcs.example.com",
         "attributes": {"FilterPolicy": "{}"}},
    ]
    secrets = {"prod/pcs/alerts/pagerduty-url": "  https://events.pagerduty.com/integration/KEY/enqueue\n"}
    assert monitoring_subscriptions(subscriptions, secrets, "prod/pcs/") == [
        {"protocol": "https", "endpoint": "https://events.pagerduty.com/integration/KEY/enqueue"},
        {"protocol": "email", "endpoint": "oncall@pcs.example.com", "attributes": {"FilterPolicy": "{}"}}]
    assert monitoring_subscriptions(None, None) == []
    assert monitoring_subscriptions([{"protocol": "https", "endpoint_secret": "relay"}], {"relay": "https://r/x"}) == [
        {"protocol": "https", "endpoint": "https://r/x"}]


def test_a_secret_not_read_fails():
    with pytest.raises(AnsibleFilterError, match="the subscription endpoint secret 'prod/pcs/alerts/pagerduty-url' was not read"):
        monitoring_subscriptions([{"topic": "critical", "protocol": "https", "endpoint_secret": "alerts/pagerduty-url"}],
                                 {"alerts/pagerduty-url": "https://x"}, "prod/pcs/")


# budget_notifications

def test_budget_notifications():
    arns = topics("prod")
    notifications = [
        {"type": "ACTUAL", "threshold": 80, "topics": ["warning"]},
        {"type": "ACTUAL", "threshold": "110", "topics": ["critical"], "emails": ["finance@pcs.example.com"]},
        {"type": "FORECASTED", "threshold": 120, "emails": ["finance@pcs.example.com", "cto@pcs.example.com"],
         "comparison_operator": "GREATER_THAN", "threshold_type": "ABSOLUTE_VALUE"},
    ]
    assert budget_notifications(notifications, arns) == [
        {"notification_type": "ACTUAL", "comparison_operator": "GREATER_THAN", "threshold": 80.0,
         "threshold_type": "PERCENTAGE", "subscribers": [{"subscription_type": "SNS", "address": arns["warning"]}]},
        {"notification_type": "ACTUAL", "comparison_operator": "GREATER_THAN", "threshold": 110.0,
         "threshold_type": "PERCENTAGE", "subscribers": [{"subscription_type": "SNS", "address": arns["critical"]},
                                                         {"subscription_type": "EMAIL", "address": "finance@pcs.example.com"}]},
        {"notification_type": "FORECASTED", "comparison_operator": "GREATER_THAN", "threshold": 120.0,
         "threshold_type": "ABSOLUTE_VALUE", "subscribers": [
             {"subscription_type": "EMAIL", "address": "finance@pcs.example.com"},
             {"subscription_type": "EMAIL", "address": "cto@pcs.example.com"}]},
    ]
    assert budget_notifications(None, arns) == [] and budget_notifications([], {}) == []


def test_topics_without_the_alerts_key_are_refused():
    errors = monitoring_errors(tiger(alerts_key=False))
    assert errors == ["security_kms_keys: add 'alerts'; the alert topics are encrypted with it (SNS.1), and CloudWatch "
                      "alarms and AWS Budgets cannot publish to a topic under the AWS-managed key"]
    assert monitoring_errors(tiger(alerts_key=True)) == []
