"""site.yml builds each environment in the emulator, converges to no change, and check mode agrees."""

import json

import pytest
import yaml

from tests.emulator.images import put_image


pytestmark = pytest.mark.emulator


# scripts/test runs Ansible with Mitogen's strategy; tiger also converges with plain Ansible's
# linear strategy, as AWX or a user's shell runs it.
PLAIN_ANSIBLE = {"ANSIBLE_STRATEGY": "linear"}


# The data layer per environment (seeds 003 and 004): database, Redis node type and replicas, buckets.
DATA = {
    "tiger": {"database": ("instance", "db.t3.micro", False, 7), "cache": ("cache.t3.micro", 0), "buckets": 2},
    "cheetah": {"database": ("instance", "db.t3.small", True, 14), "cache": ("cache.t3.small", 1), "buckets": 2},
    "prod": {"database": ("cluster", "db.r6g.large", True, 35), "cache": ("cache.r6g.large", 2), "buckets": 4},
}


@pytest.mark.parametrize(
    "environment, azs, nat_gateways, keys, task_roles, env",
    [
        ("tiger", 2, 2, 4, ["task:celery-worker", "task:fastapi-app"], PLAIN_ANSIBLE),
        ("cheetah", 2, 2, 7, ["task:celery-worker", "task:fastapi-app"], None),
        ("prod", 3, 3, 7, ["task:celery-beat", "task:celery-worker", "task:django-api"], None),
    ],
    ids=["tiger-plain-ansible", "cheetah", "prod"],
)
def test_environment_converges_then_reports_no_change(
    empty_emulator, run_playbook, aws, vpcs, repo_root, inventory_copy, environment, azs, nat_gateways, keys, task_roles, env
):
    inventory = repo_root / "inventories" / environment
    if environment == "prod":
        # What an operator does once per environment: the PagerDuty URL, with its key, goes to Secrets Manager.
        aws("secretsmanager").create_secret(Name=PAGERDUTY_SECRET, SecretString=PAGERDUTY_URL)

    first = run_playbook(inventory, env=env)
    assert first.returncode == 0, first.failure_messages() or first.stderr
    assert first.total("changed") > 0
    secret_versions = _secret_versions(aws)
    assert secret_versions

    second = run_playbook(inventory, env=env)
    assert second.returncode == 0, second.failure_messages() or second.stderr
    assert second.changed_tasks() == []

    check = run_playbook(inventory, check=True, env=env)
    assert check.returncode == 0, check.failure_messages() or check.stderr
    assert check.changed_tasks() == []
    # A re-run never writes a new version of a secret: the generated values stay as they were.
    assert _secret_versions(aws) == secret_versions

    ec2 = aws("ec2")
    [vpc_id] = vpcs()
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    assert len(subnets) == 3 * azs
    nats = ec2.describe_nat_gateways(Filter=[{"Name": "vpc-id", "Values": [vpc_id]}])["NatGateways"]
    assert len(nats) == nat_gateways
    # Elastic IPs are reused, never allocated again by the re-runs.
    assert len(ec2.describe_addresses()["Addresses"]) == nat_gateways
    flow_logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [vpc_id]}])["FlowLogs"]
    assert len(flow_logs) == 1

    # The security layer: one key per declared purpose, one task role per service host.
    [platform] = [host for host in first.stats if host.endswith("-platform")]
    security = first.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["security"]
    assert len(aws("kms").list_keys()["Keys"]) == len(security["kms_key_arns"]) == keys
    assert sorted(role for role in security["role_arns"] if role.startswith("task:")) == task_roles
    assert len(security["security_group_ids"]) == 4 + (environment == "prod")

    _assert_data_layer(aws, first, environment)
    _assert_edge_layer(aws, first, environment)
    _assert_compute_layer(aws, first, environment)
    _assert_monitoring_layer(aws, first, environment)
    if environment == "cheetah":
        _assert_replacement_is_refused(run_playbook, inventory_copy, aws)
    if environment == "prod":
        _assert_a_release_survives_a_converge(run_playbook, aws, inventory)


def _assert_data_layer(aws, run, environment):
    """What the data layer built, read back from the emulator."""
    kind, instance_class, multi_az, retention = DATA[environment]["database"]
    [platform] = [host for host in run.stats if host.endswith("-platform")]
    data = run.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["data"]
    rds = aws("rds")
    if kind == "instance":
        [database] = rds.describe_db_instances(DBInstanceIdentifier=data["database"]["identifier"])["DBInstances"]
        assert (database["DBInstanceClass"], database["MultiAZ"]) == (instance_class, multi_az)
        assert database["MaxAllocatedStorage"] == 100 and database["StorageType"] == "gp3"
    else:
        [database] = rds.describe_db_clusters(DBClusterIdentifier=data["database"]["identifier"])["DBClusters"]
        members = rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": [database["DBClusterIdentifier"]]}])
        assert {m["DBInstanceClass"] for m in members["DBInstances"]} == {instance_class}
        assert sorted(m["AvailabilityZone"] for m in members["DBInstances"]) == ["us-east-1a", "us-east-1b", "us-east-1c"]
        [endpoint] = rds.describe_db_cluster_endpoints(
            DBClusterIdentifier=database["DBClusterIdentifier"],
            Filters=[{"Name": "db-cluster-endpoint-type", "Values": ["custom"]}])["DBClusterEndpoints"]
        assert sorted(endpoint["StaticMembers"]) == sorted(data["database"]["instances"][1:])
        assert data["database"]["reader_endpoint"] == endpoint["Endpoint"]
    assert database["StorageEncrypted"] and database["DeletionProtection"] == (environment != "tiger")
    assert database["BackupRetentionPeriod"] == retention and database["PreferredBackupWindow"] == "03:00-04:00"
    assert database["IAMDatabaseAuthenticationEnabled"] and database["EnabledCloudwatchLogsExports"] == ["postgresql"]

    node_type, replicas = DATA[environment]["cache"]
    [group] = aws("elasticache").describe_replication_groups(
        ReplicationGroupId=data["cache"]["replication_group_id"])["ReplicationGroups"]
    assert group["CacheNodeType"] == node_type and len(group["MemberClusters"]) == replicas + 1
    assert group["AutomaticFailover"] == ("enabled" if replicas else "disabled")
    assert group["AtRestEncryptionEnabled"] and group["TransitEncryptionEnabled"] and group["AuthTokenEnabled"]

    assert len(data["buckets"]) == DATA[environment]["buckets"]
    assert set(data["secret_arns"]) == {"DATABASE_URL", "REDIS_URL"} | ({"DATABASE_READER_URL"} if kind == "cluster" else set())
    plans = aws("backup").list_backup_plans()["BackupPlansList"]
    assert [plan["BackupPlanName"] for plan in plans] == [data["backup"]["plan_name"]]


# The edge layer per environment (seeds 003 and 004): listener ports, target groups, WAF, CloudFront,
# whether the production rules need CloudFront's origin header.
EDGE = {
    "tiger": {"ports": [80, 443], "target_groups": 1, "waf": False, "cloudfront": False, "origin_header": False},
    "cheetah": {"ports": [80, 443, 8443], "target_groups": 2, "waf": True, "cloudfront": True, "origin_header": False},
    "prod": {"ports": [80, 443, 8443], "target_groups": 2, "waf": True, "cloudfront": True, "origin_header": True},
}


def _assert_edge_layer(aws, run, environment):
    """What the edge layer built, read back from the emulator."""
    expected = EDGE[environment]
    [platform] = [host for host in run.stats if host.endswith("-platform")]
    edge = run.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["edge"]
    elbv2 = aws("elbv2")
    [balancer] = elbv2.describe_load_balancers(Names=[edge["load_balancer"]["name"]])["LoadBalancers"]
    assert balancer["Scheme"] == "internet-facing" and balancer["LoadBalancerArn"] == edge["load_balancer"]["arn"]
    attributes = {a["Key"]: a["Value"] for a in elbv2.describe_load_balancer_attributes(
        LoadBalancerArn=balancer["LoadBalancerArn"])["Attributes"]}
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert attributes["access_logs.s3.enabled"] == "true" and attributes["access_logs.s3.prefix"] == "alb"
    assert attributes["deletion_protection.enabled"] == ("false" if environment == "tiger" else "true")
    listeners = {listener["Port"]: listener for listener in elbv2.describe_listeners(
        LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]}
    assert sorted(listeners) == expected["ports"]
    assert listeners[80]["DefaultActions"][0]["RedirectConfig"]["StatusCode"] == "HTTP_301"
    assert listeners[443]["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert listeners[443]["Certificates"][0]["CertificateArn"] == edge["certificate_arns"]["load_balancer"]
    [rule] = [r for r in elbv2.describe_rules(ListenerArn=listeners[443]["ListenerArn"])["Rules"] if not r["IsDefault"]]
    fields = [condition["Field"] for condition in rule["Conditions"]]
    assert fields == ["path-pattern"] + (["http-header"] if expected["origin_header"] else [])
    [service] = edge["target_groups"].values()
    assert rule["Actions"][0]["TargetGroupArn"] == service.get("blue", service.get("main"))
    groups = elbv2.describe_target_groups(Names=list(edge["target_group_names"].values()))["TargetGroups"]
    assert len(groups) == expected["target_groups"]
    assert {(g["TargetType"], g["HealthCheckPath"], g["Port"]) for g in groups} == {("ip", "/health", 8000)}

    certificate = aws("acm").describe_certificate(CertificateArn=edge["certificate_arns"]["load_balancer"])["Certificate"]
    assert certificate["Type"] == ("IMPORTED" if environment == "tiger" else "AMAZON_ISSUED")
    assert certificate["Status"] == "ISSUED" and certificate["DomainName"] == edge["domain"]

    regional = edge["web_acl_arns"]["regional"]
    assert bool(regional) == expected["waf"]
    if regional:
        assert aws("wafv2").list_resources_for_web_acl(WebACLArn=regional)["ResourceArns"] == [balancer["LoadBalancerArn"]]

    records = aws("route53").list_resource_record_sets(HostedZoneId=edge["hosted_zone_id"])["ResourceRecordSets"]
    aliases = {(r["Name"], r["Type"]): r["AliasTarget"]["DNSName"] for r in records if "AliasTarget" in r}
    distribution = edge["distribution"]
    assert bool(distribution) == expected["cloudfront"]
    if distribution:
        assert aliases[(edge["domain"] + ".", "A")] == distribution["domain_name"]
        assert aliases[("origin." + edge["domain"] + ".", "A")] == balancer["DNSName"]
        config = aws("cloudfront").get_distribution_config(Id=distribution["id"])["DistributionConfig"]
        origins = {origin["Id"]: origin for origin in config["Origins"]["Items"]}
        assert origins["assets"]["OriginAccessControlId"] and origins["assets"]["S3OriginConfig"]["OriginAccessIdentity"] == ""
        headers = [h["HeaderName"] for h in origins["load-balancer"]["CustomHeaders"].get("Items", [])]
        assert headers == (["X-Origin-Verify"] if expected["origin_header"] else [])
        assert config["WebACLId"] == edge["web_acl_arns"]["cloudfront"]
        assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
        assert distribution["arn"].startswith("arn:aws:cloudfront::")
    else:
        assert aliases == {(edge["domain"] + ".", "A"): balancer["DNSName"]}


# The compute layer per environment (seeds 003, 004): repositories, and per service its CPU/memory,
# deployment controller, scaling range (or None) and whether the load balancer serves it.
COMPUTE = {
    "tiger": {"repositories": ["tiger-fastapi-app"],
              "services": {"fastapi-app": ("512", "1024", "ECS", (1, 4), True), "celery-worker": ("256", "512", "ECS", None, False)}},
    "cheetah": {"repositories": ["cheetah-fastapi-app"],
                "services": {"fastapi-app": ("512", "1024", "CODE_DEPLOY", (2, 6), True),
                             "celery-worker": ("256", "512", "ECS", None, False)}},
    "prod": {"repositories": ["pcs-prod-api"],
             "services": {"django-api": ("1024", "2048", "CODE_DEPLOY", (2, 20), True), "celery-worker": ("512", "1024", "ECS", None, False),
                          "celery-beat": ("256", "512", "ECS", None, False)}},
}


def _assert_compute_layer(aws, run, environment):
    """What the compute layer built, read back from the emulator."""
    expected = COMPUTE[environment]
    [platform] = [host for host in run.stats if host.endswith("-platform")]
    outputs = run.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]
    compute, security, network = outputs["compute"], outputs["security"], outputs["network"]
    ecs, ecr = aws("ecs"), aws("ecr")

    repositories = ecr.describe_repositories()["repositories"]
    assert sorted(r["repositoryName"] for r in repositories) == expected["repositories"]
    for repository in repositories:
        assert repository["imageTagMutability"] == "IMMUTABLE" and repository["imageScanningConfiguration"]["scanOnPush"]
        assert repository["encryptionConfiguration"] == {"encryptionType": "KMS", "kmsKey": security["kms_key_arns"]["data"]}
        rules = ecr.get_lifecycle_policy(repositoryName=repository["repositoryName"])["lifecyclePolicyText"]
        assert '"countNumber": 10' in rules.replace("'", '"') or '"countNumber":10' in rules

    [cluster] = ecs.describe_clusters(clusters=[compute["cluster"]["name"]], include=["SETTINGS", "CONFIGURATIONS"])["clusters"]
    assert cluster["clusterArn"] == compute["cluster"]["arn"]
    assert {"name": "containerInsights", "value": "enabled"} in cluster["settings"]
    assert sorted(cluster["capacityProviders"]) == ["FARGATE", "FARGATE_SPOT"]
    exec_config = cluster["configuration"]["executeCommandConfiguration"]
    assert exec_config["logging"] == "OVERRIDE"
    assert exec_config["logConfiguration"]["cloudWatchLogGroupName"] == compute["exec_log_group"]
    assert exec_config.get("kmsKeyId", "") == security["kms_key_arns"].get("exec", "")

    assert sorted(compute["services"]) == sorted(expected["services"])
    scaling = aws("application-autoscaling")
    targets = {t["ResourceId"]: t for t in scaling.describe_scalable_targets(ServiceNamespace="ecs")["ScalableTargets"]}
    for name, (cpu, memory, controller, scaling_range, served) in expected["services"].items():
        published = compute["services"][name]
        [service] = ecs.describe_services(cluster=cluster["clusterArn"], services=[published["name"]])["services"]
        assert service["serviceArn"] == published["arn"] and service["status"] == "ACTIVE"
        assert service["deploymentController"]["type"] == controller
        # Never released: created idle, on the placeholder tag, until deploy.yml releases an image.
        assert service["desiredCount"] == 0 and published["image"].endswith(":unreleased")
        awsvpc = service["networkConfiguration"]["awsvpcConfiguration"]
        assert sorted(awsvpc["subnets"]) == sorted(network["private_subnet_ids"])
        assert awsvpc["securityGroups"] == [security["security_group_ids"]["ecs_tasks"]]
        assert awsvpc.get("assignPublicIp", "DISABLED") == "DISABLED"
        assert bool(service["loadBalancers"]) == served
        definition = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
        assert definition["taskDefinitionArn"] == published["task_definition_arn"]
        assert (definition["cpu"], definition["memory"], definition["networkMode"]) == (cpu, memory, "awsvpc")
        assert definition["executionRoleArn"] == security["role_arns"]["execution"]
        assert definition["taskRoleArn"] == security["role_arns"][f"task:{name}"]
        [container] = definition["containerDefinitions"]
        assert container["readonlyRootFilesystem"] is True and not container.get("privileged")
        assert container["user"] == "1000:1000"
        assert container["logConfiguration"]["options"]["awslogs-group"] == published["log_group"]
        assert container["secrets"] and all(s["valueFrom"].startswith("arn:aws:secretsmanager:") for s in container["secrets"])
        assert not {e["name"] for e in container.get("environment", [])} & {s["name"] for s in container["secrets"]}
        resource = f"service/{cluster['clusterName']}/{published['name']}"
        if scaling_range:
            assert (targets[resource]["MinCapacity"], targets[resource]["MaxCapacity"]) == scaling_range
            # Never released: its scaling waits, suspended, for the first release.
            assert targets[resource]["SuspendedState"] == {"DynamicScalingInSuspended": True, "DynamicScalingOutSuspended": True,
                                                           "ScheduledScalingSuspended": True}
            policies = scaling.describe_scaling_policies(ServiceNamespace="ecs", ResourceId=resource)["ScalingPolicies"]
            metrics = sorted(p["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"]
                             for p in policies)
            assert "ECSServiceAverageCPUUtilization" in metrics
            assert ("ALBRequestCountPerTarget" in metrics) == (environment == "prod")
        else:
            assert resource not in targets
        if controller == "CODE_DEPLOY":
            group = aws("codedeploy").get_deployment_group(applicationName=compute["codedeploy_application"],
                                                           deploymentGroupName=published["codedeploy_deployment_group"])
            info = group["deploymentGroupInfo"]
            assert info["ecsServices"] == [{"serviceName": published["name"], "clusterName": cluster["clusterName"]}]
            pair = info["loadBalancerInfo"]["targetGroupPairInfoList"][0]
            assert len(pair["targetGroups"]) == 2 and pair["testTrafficRoute"]["listenerArns"]
            assert info["autoRollbackConfiguration"]["enabled"] is True
    if environment == "tiger":
        actions = scaling.describe_scheduled_actions(ServiceNamespace="ecs")["ScheduledActions"]
        assert sorted(a["ScheduledActionName"] for a in actions) == ["evenings", "mornings"]


PAGERDUTY_SECRET = "prod/pcs/alerts/pagerduty-url"
# On loopback: nothing in a test may leave the machine, whatever the emulator does with the endpoint.
PAGERDUTY_URL = "https://127.0.0.1:9/integration/0123456789abcdef/enqueue"

# The monitoring layer per environment: alarm level and count, what the rollback alarms of the blue/green
# service look like, the budget's limit and notifications, the subscriptions per topic.
MONITORING = {
    "tiger": {"alarms": 8, "prefix": "tiger", "budget": 150.0, "retention": 7,
              "notifications": [("ACTUAL", 80.0), ("ACTUAL", 100.0), ("FORECASTED", 120.0)],
              "subscriptions": {"critical": ["email"], "warning": ["email"]}, "rollback": {}, "tracing": False},
    "cheetah": {"alarms": 17, "prefix": "cheetah", "budget": 300.0, "retention": 14,
                "notifications": [("ACTUAL", 80.0), ("ACTUAL", 100.0), ("FORECASTED", 120.0)],
                "subscriptions": {"critical": ["email"], "warning": ["email"]},
                "rollback": {"cheetah-fastapi-app-5xx": ("HTTPCode_Target_5XX_Count", 10.0)}, "tracing": False},
    "prod": {"alarms": 21, "prefix": "pcs-prod", "budget": 2000.0, "retention": 365,
             "notifications": [("ACTUAL", 80.0), ("ACTUAL", 110.0), ("FORECASTED", 120.0)],
             "subscriptions": {"critical": ["email", "https"], "warning": ["email"]},
             "rollback": {"pcs-prod-django-api-5xx": ("HTTPCode_Target_5XX_Count", 10.0),
                          "pcs-prod-django-api-latency": ("TargetResponseTime", 0.5)}, "tracing": True},
}
PROD_WIDGETS = ["API Response Times", "Error Rates", "ECS CPU Utilization", "ECS Memory Utilization", "ECS Running Tasks",
                "Database Connections", "Database CPU Utilization", "Redis Cache Hit Rate", "Redis CPU Utilization",
                "Estimated Charges (USD)"]


def _assert_monitoring_layer(aws, run, environment):
    """What the monitoring layer built, read back from the emulator."""
    expected = MONITORING[environment]
    prefix = expected["prefix"]
    [platform] = [host for host in run.stats if host.endswith("-platform")]
    outputs = run.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["monitoring"]
    sns, cloudwatch = aws("sns"), aws("cloudwatch")

    topics = {}
    for topic, protocols in expected["subscriptions"].items():
        arn = outputs["topic_arns"][topic]
        attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        assert attributes["KmsMasterKeyId"].startswith("arn:aws:kms:")
        statements = {s["Sid"]: s for s in yaml.safe_load(attributes["Policy"])["Statement"]}
        assert statements["CloudWatchAlarms"]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
        assert statements["Budgets"]["Principal"] == {"Service": "budgets.amazonaws.com"}
        assert statements["DenyInsecureTransport"]["Effect"] == "Deny"
        subscriptions = sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]
        assert sorted(s["Protocol"] for s in subscriptions) == protocols
        topics[topic] = arn
    if environment == "prod":
        [https] = [s for s in sns.list_subscriptions_by_topic(TopicArn=topics["critical"])["Subscriptions"]
                   if s["Protocol"] == "https"]
        assert https["Endpoint"] == PAGERDUTY_URL
        # The URL's token never reaches the log.
        assert "0123456789abcdef" not in json.dumps(run.report) + run.stderr

    alarms = cloudwatch.describe_alarms(AlarmNamePrefix=prefix + "-")["MetricAlarms"]
    assert len(alarms) == expected["alarms"] == outputs["alarm_count"]
    for alarm in alarms:
        topic = topics["critical"] if alarm["AlarmActions"] == [topics["critical"]] else topics["warning"]
        assert alarm["AlarmActions"] == alarm["OKActions"] == [topic], alarm["AlarmName"]
    by_name = {alarm["AlarmName"]: alarm for alarm in alarms}
    # The alarms CodeDeploy rolls back on exist under the names the compute layer gave it.
    for name, (metric, threshold) in expected["rollback"].items():
        alarm = by_name[name]
        assert alarm["Threshold"] == threshold
        metrics = [query["MetricStat"]["Metric"]["MetricName"] for query in alarm.get("Metrics", []) if "MetricStat" in query]
        assert metric in (metrics or [alarm.get("MetricName")])
    compute = run.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["compute"]
    watched = {}
    for service in compute["services"].values():
        if service["codedeploy_deployment_group"]:
            group = aws("codedeploy").get_deployment_group(applicationName=compute["codedeploy_application"],
                                                           deploymentGroupName=service["codedeploy_deployment_group"])
            watched.update((alarm["name"], service["name"])
                           for alarm in group["deploymentGroupInfo"]["alarmConfiguration"].get("alarms", []))
    assert sorted(watched) == sorted(expected["rollback"])
    assert by_name[f"{prefix}-db-cpu"]["Threshold"] == (80.0 if environment == "prod" else 75.0)

    dashboard = yaml.safe_load(cloudwatch.get_dashboard(DashboardName=f"{prefix}-overview")["DashboardBody"])
    titles = [widget["properties"]["title"] for widget in dashboard["widgets"]]
    if environment == "prod":
        assert titles == PROD_WIDGETS
    else:
        assert "Estimated Charges (USD)" not in titles and "ECS CPU Utilization" in titles

    budgets = aws("budgets")
    account = aws("sts").get_caller_identity()["Account"]
    budget = budgets.describe_budget(AccountId=account, BudgetName=f"{prefix}-cost")["Budget"]
    assert float(budget["BudgetLimit"]["Amount"]) == expected["budget"]
    notifications = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=f"{prefix}-cost")["Notifications"]
    assert sorted((n["NotificationType"], n["Threshold"]) for n in notifications) == expected["notifications"]

    # The log groups the layers that write to them own: one per service, ECS Exec's, the flow logs'; the
    # environment's retention; the compute layer's under the logs key (the network layer runs before the key exists).
    services = run.report["plays"][-1]["tasks"][-1]["hosts"][platform]["msg"]["compute"]["services"]
    assert len(outputs["log_groups"]) == len(services) + 2
    logs = aws("logs")
    for name in outputs["log_groups"]:
        [group] = [g for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"] if g["logGroupName"] == name]
        assert group["retentionInDays"] == expected["retention"], name
        if name.startswith("/ecs/"):
            assert group["kmsKeyId"].startswith("arn:aws:kms:"), name

    if expected["tracing"]:
        assert aws("xray").get_group(GroupName=f"{prefix}-traces")["Group"]["FilterExpression"]
        rules = [r["SamplingRule"]["RuleName"] for r in aws("xray").get_sampling_rules()["SamplingRuleRecords"]]
        assert f"{prefix}-sampling" in rules


def _running_image(ecs, cluster: str, service: str) -> tuple:
    [described] = ecs.describe_services(cluster=cluster, services=[service])["services"]
    definition = ecs.describe_task_definition(taskDefinition=described["taskDefinition"])["taskDefinition"]
    return described["taskDefinition"], definition["containerDefinitions"][0]["image"], described["desiredCount"]


def _assert_a_release_survives_a_converge(run_playbook, aws, inventory):
    """deploy.yml releases django-api blue/green through CodeDeploy; site.yml afterwards keeps the released image."""
    ecs, ecr, codedeploy = aws("ecs"), aws("ecr"), aws("codedeploy")
    before = _running_image(ecs, "pcs-prod-cluster", "pcs-prod-django-api")

    missing = run_playbook(inventory, playbook="playbooks/deploy.yml", extra_vars={"release_image_tag": "v1", "release_services": "django-api"})
    assert missing.returncode != 0
    assert "pcs-prod-api has no image tagged 'v1' (push it first; nothing was changed)" in missing.failure_messages()
    assert _running_image(ecs, "pcs-prod-cluster", "pcs-prod-django-api") == before

    put_image(ecr, "pcs-prod-api", "v1")
    release = run_playbook(inventory, playbook="playbooks/deploy.yml", extra_vars={"release_image_tag": "v1", "release_services": "django-api"})
    assert release.returncode == 0, release.failure_messages() or release.stderr
    released = _running_image(ecs, "pcs-prod-cluster", "pcs-prod-django-api")
    assert released[0] != before[0] and released[1].endswith("/pcs-prod-api:v1") and released[2] == 2
    [deployment_id] = codedeploy.list_deployments(applicationName="pcs-prod-ecs", deploymentGroupName="pcs-prod-django-api")["deployments"]
    assert codedeploy.get_deployment(deploymentId=deployment_id)["deploymentInfo"]["status"] == "Succeeded"
    # The migrations ran first, as a one-off task of the new revision, and succeeded.
    stopped = ecs.list_tasks(cluster="pcs-prod-cluster", desiredStatus="STOPPED", startedBy="release-v1")["taskArns"]
    [migration] = ecs.describe_tasks(cluster="pcs-prod-cluster", tasks=stopped)["tasks"]
    assert migration["taskDefinitionArn"] == released[0] and migration["containers"][0]["exitCode"] == 0
    # Only django-api was asked for.
    assert _running_image(ecs, "pcs-prod-cluster", "pcs-prod-celery-worker")[1].endswith(":unreleased")

    again = run_playbook(inventory)
    assert again.returncode == 0, again.failure_messages() or again.stderr
    assert again.changed_tasks() == []
    assert _running_image(ecs, "pcs-prod-cluster", "pcs-prod-django-api") == released


def _assert_replacement_is_refused(run_playbook, inventory_copy, aws):
    """A change RDS could only make by replacing the database fails before anything is changed."""
    inventory = inventory_copy("cheetah")
    path = inventory / "group_vars" / "cheetah" / "data.yml"
    values = yaml.safe_load(path.read_text())
    values["data_database"]["kms_key"] = "secrets"
    path.write_text(yaml.safe_dump(values))
    [before] = aws("rds").describe_db_instances(DBInstanceIdentifier="cheetah-postgres")["DBInstances"]

    refused = run_playbook(inventory)

    assert refused.returncode != 0
    messages = refused.failure_messages()
    assert "instance cheetah-postgres would have to be replaced (KMS key arn:aws:kms:" in messages
    assert "the data layer never replaces a database on its own. To do it deliberately: take a snapshot of " \
           "cheetah-postgres" in messages
    [after] = aws("rds").describe_db_instances(DBInstanceIdentifier="cheetah-postgres")["DBInstances"]
    assert after["KmsKeyId"] == before["KmsKeyId"] and after["InstanceCreateTime"] == before["InstanceCreateTime"]


def test_check_mode_on_an_empty_account_creates_nothing(empty_emulator, run_playbook, aws, vpcs, repo_root):
    run = run_playbook(repo_root / "inventories" / "tiger", check=True)
    assert run.returncode == 0, run.failure_messages() or run.stderr
    # Nothing inside a VPC can be planned before it has an id; keys, secrets and roles can.
    assert sorted(run.changed_tasks()) == sorted([
        "seed.aws_platform.network : Ensure the VPC exists with DNS support and hostnames [tiger-platform]",
        "seed.aws_platform.security : Ensure one customer-managed key per purpose, rotated, with a policy for the "
        "services that use it [tiger-platform]",
        "seed.aws_platform.security : Ensure the application secrets exist, encrypted with the secrets key [tiger-platform]",
        "seed.aws_platform.security : Ensure the layer's roles, each assumable by one AWS service on behalf of this "
        "account only [tiger-platform]",
        "seed.aws_platform.data : Report the buckets a run would create [tiger-platform]",
        "seed.aws_platform.data : Converge the backup vault, encrypted with the backups key [tiger-platform]",
        "seed.aws_platform.data : Converge the backup plan [tiger-platform]",
        "seed.aws_platform.edge : Import the self-signed certificate into ACM [tiger-platform]",
        # Repositories, log groups and the cluster need no VPC; task definitions are planned (revision 1)
        # on every service host, but no service without a cluster, subnets and security groups.
        "seed.aws_platform.ecs_cluster : Converge the ECR repositories [tiger-platform]",
        "seed.aws_platform.ecs_cluster : Converge the ECS Exec log group [tiger-platform]",
        "seed.aws_platform.ecs_cluster : Converge the cluster [tiger-platform]",
        "seed.aws_platform.ecs_service : Converge the task log group [tiger-celery-worker]",
        "seed.aws_platform.ecs_service : Converge the task log group [tiger-fastapi-app]",
        "seed.aws_platform.ecs_service : Converge the task definition [tiger-celery-worker]",
        "seed.aws_platform.ecs_service : Converge the task definition [tiger-fastapi-app]",
        # Topics, alarms, the dashboard and the budget need nothing of the other layers but names.
        "seed.aws_platform.monitoring : Converge the alert topics [tiger-platform]",
        "seed.aws_platform.monitoring : Converge the alarms [tiger-platform]",
        "seed.aws_platform.monitoring : Converge the dashboard [tiger-platform]",
        "seed.aws_platform.monitoring : Converge the budget [tiger-platform]",
    ])
    assert vpcs() == []
    assert aws("s3").list_buckets()["Buckets"] == []
    assert aws("backup").list_backup_vaults()["BackupVaultList"] == []
    assert aws("ec2").describe_addresses()["Addresses"] == []
    assert aws("iam").list_roles()["Roles"] == []
    assert aws("kms").list_keys()["Keys"] == []
    assert aws("secretsmanager").list_secrets()["SecretList"] == []
    assert aws("acm").list_certificates()["CertificateSummaryList"] == []
    assert aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert aws("route53").list_hosted_zones()["HostedZones"] == []
    assert aws("ecr").describe_repositories()["repositories"] == []
    assert aws("ecs").list_clusters()["clusterArns"] == []
    assert aws("ecs").list_task_definitions()["taskDefinitionArns"] == []
    assert aws("sns").list_topics()["Topics"] == []
    assert aws("cloudwatch").describe_alarms()["MetricAlarms"] == []
    assert aws("cloudwatch").list_dashboards()["DashboardEntries"] == []
    account = aws("sts").get_caller_identity()["Account"]
    assert aws("budgets").describe_budgets(AccountId=account).get("Budgets", []) == []


def _secret_versions(aws) -> dict:
    secrets = aws("secretsmanager")
    return {secret["Name"]: secrets.describe_secret(SecretId=secret["ARN"])["VersionIdsToStages"]
            for secret in secrets.list_secrets()["SecretList"]}
