import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.seed.aws_platform.plugins.filter.data import (
    backup_plan_rules,
    bucket_specs,
    data_errors,
    database_replacement_errors,
    postgres_family,
)

RDS = {
    "engine": "postgres", "instance_class": "db.t3.small", "allocated_storage_gb": 50, "max_allocated_storage_gb": 100,
    "multi_az": True, "backup_retention_days": 14, "backup_window": "03:00-04:00",
    "maintenance_window": "sun:05:00-sun:06:00", "database_name": "fastapi", "master_username": "fastapi_admin",
    "log_exports": ["postgresql"],
}
AURORA = {
    "engine": "aurora-postgresql", "instance_class": "db.r6g.large", "readers": 2, "reader_endpoint": True,
    "backup_retention_days": 35, "database_name": "pcs", "master_username": "pcs_admin",
    "serverless_v2": {"min_capacity": 0.5, "max_capacity": 32}, "log_exports": ["postgresql"],
}
CACHE = {"engine_version": "7.1", "node_type": "cache.t3.small", "replicas": 1, "automatic_failover": True}
BUCKETS = [
    {"name": "fastapi-logs", "purpose": "logs",
     "lifecycle": [{"id": "logs", "transitions": [{"days": 30, "storage_class": "STANDARD_IA"}], "expiration_days": 90}]},
    {"name": "fastapi-assets", "purpose": "assets"},
]
BACKUP = {"rules": [{"name": "daily", "schedule": "cron(0 3 * * ? *)", "cold_storage_after_days": 30,
                     "delete_after_days": 2555}], "buckets": []}


def errors(**overrides):
    data = {"database": RDS, "cache": CACHE, "buckets": BUCKETS, "backup": BACKUP, "accepted_risks": []}
    data.update(overrides)
    return data_errors(data, "cheetah")


def test_the_seed_declarations_pass():
    assert errors() == []
    assert errors(database=AURORA) == []


@pytest.mark.parametrize("engine, cls, expected", [
    ("postgres", "db.t2.micro", "'db.t2.micro' is not an instance class of postgres"),
    ("postgres", "cache.t3.micro", "is not an instance class of postgres"),
    ("aurora-postgresql", "db.t3.micro", "'db.t3.micro' is too small for aurora-postgresql"),
    ("aurora-postgresql", "db.m5.large", "'db.m5.large' is not an instance class of aurora-postgresql"),
    ("postgres", "db.serverless", "db.serverless runs only on aurora-postgresql"),
])
def test_instance_class_must_belong_to_the_engine(engine, cls, expected):
    base = RDS if engine == "postgres" else AURORA
    found = errors(database=dict(base, engine=engine, instance_class=cls))
    assert len(found) == 1 and expected in found[0] and found[0].startswith("data_database.instance_class")


def test_storage_over_the_autoscaling_maximum_is_refused():
    found = errors(database=dict(RDS, allocated_storage_gb=200, max_allocated_storage_gb=100))
    assert found == ["data_database.allocated_storage_gb: 200 GB is over the autoscaling maximum max_allocated_storage_gb 100 GB"]


def test_relaxations_need_a_named_acceptance():
    relaxed = dict(RDS, multi_az=False, deletion_protection=False, final_snapshot=False)
    found = errors(database=relaxed, cache=dict(CACHE, replicas=0, automatic_failover=False))
    assert [e.split(":")[0] for e in found] == [
        "data_database.multi_az", "data_database.deletion_protection", "data_database.final_snapshot", "data_cache.replicas"]
    accepted = ["single_az_database", "database_deletion_unprotected", "no_final_snapshot", "single_node_cache"]
    assert errors(database=relaxed, cache=dict(CACHE, replicas=0, automatic_failover=False), accepted_risks=accepted) == []


def test_aurora_without_reader_is_single_az_and_a_reader_endpoint_needs_readers():
    found = errors(database=dict(AURORA, readers=0))
    assert any("a custom reader endpoint needs at least one reader" in e for e in found)
    assert any(e.startswith("data_database.readers: 0 leaves the cluster in one availability zone") for e in found)
    assert "outside 0-15" in errors(database=dict(AURORA, readers=16))[0]


def test_serverless_range_and_windows_and_names():
    assert "is not a range Aurora accepts" in errors(database=dict(AURORA, serverless_v2={"min_capacity": 8, "max_capacity": 4}))[0]
    assert "is not hh:mm-hh:mm" in errors(database=dict(RDS, backup_window="3-4"))[0]
    assert "is not ddd:hh:mm-ddd:hh:mm" in errors(database=dict(RDS, maintenance_window="sunday"))[0]
    assert errors(database=dict(RDS, master_username="1admin"))[0].startswith("data_database.master_username")
    assert errors(database=dict(RDS, backup_retention_days=0))[0].startswith("data_database.backup_retention_days: 0")
    assert "cannot be exported by aurora-postgresql" in errors(database=dict(AURORA, log_exports=["upgrade"]))[0]


@pytest.mark.parametrize("cache, expected", [
    (dict(CACHE, replicas=6), "data_cache.replicas: 6 is more than a node group allows; a primary takes 0-5 replicas"),
    (dict(CACHE, node_type="t3.small"), "data_cache.node_type: 't3.small' is not an ElastiCache node type"),
    (dict(CACHE, engine_version="5.0.6"), "data_cache.engine_version: '5.0.6'"),
    (dict(CACHE, multi_az=True, automatic_failover=False), "data_cache.multi_az: needs automatic_failover"),
    (dict(CACHE, snapshot_retention_days=40), "data_cache.snapshot_retention_days: 40 is outside 0-35"),
])
def test_cache_errors(cache, expected):
    found = errors(cache=cache)
    assert len(found) == 1 and found[0].startswith(expected)


def test_automatic_failover_without_replica_is_refused():
    found = errors(cache=dict(CACHE, replicas=0, automatic_failover=True), accepted_risks=["single_node_cache"])
    assert found == ["data_cache.automatic_failover: needs at least one replica to fail over to"]


@pytest.mark.parametrize("name, problem", [
    ("Assets", "may hold only lowercase letters"),
    ("assets_files", "may hold only lowercase letters"),
    ("a" * 60, "is 81 characters; S3 allows 3-63"),
    ("x..y", "two dots"),
    ("files-s3alias-and", None),
])
def test_bucket_names_aws_would_reject(name, problem):
    found = errors(buckets=BUCKETS + [{"name": name}])
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith("data_buckets[2].name: bucket name 'cheetah-") and problem in found[0]


def test_bucket_rules():
    kms_logs = [dict(BUCKETS[0], encryption="sse-kms"), BUCKETS[1]]
    assert "SSE-S3" in errors(buckets=kms_logs)[0]
    early = [dict(BUCKETS[0], lifecycle=[{"transitions": [{"days": 7, "storage_class": "STANDARD_IA"}], "expiration_days": 5}])]
    found = errors(buckets=early)
    assert "no earlier than 30 days, not 7" in found[0] and "must come after the last transition (7 days)" in found[1]
    assert errors(buckets=[BUCKETS[1]])[0].startswith("data_buckets: no bucket has purpose logs")
    assert errors(buckets=[BUCKETS[1]], accepted_risks=["no_bucket_access_logging"]) == []
    assert "declared twice" in errors(buckets=BUCKETS + [BUCKETS[1]])[0]


def test_backup_rules():
    short = {"rules": [dict(BACKUP["rules"][0], delete_after_days=100)], "buckets": ["nope"], "copy_to_region": "west"}
    found = errors(backup=short)
    assert found[0].startswith("data_backup.rules[0].delete_after_days: 100 is too early") and "at least 120" in found[0]
    assert found[1] == "data_backup.copy_to_region: 'west' is not an AWS region name"
    assert found[2].startswith("data_backup.buckets: 'nope' is not a bucket of data_buckets")
    assert errors(backup={"rules": [{"name": "d", "schedule": "daily", "delete_after_days": 7}]})[0].endswith(
        "is not a cron(...) expression")


def test_replacement_refused_for_immutable_attributes():
    existing = {"engine": "postgres", "storage_encrypted": True, "kms_key_id": "arn:aws:kms:us-east-1:1:key/aaa",
                "db_subnet_group": {"db_subnet_group_name": "cheetah-database"}, "db_cluster_identifier": None}
    desired = {"identifier": "cheetah-postgres", "kind": "instance", "engine": "postgres",
               "kms_key_id": "arn:aws:kms:us-east-1:1:key/aaa", "db_subnet_group_name": "cheetah-database"}
    assert database_replacement_errors(existing, desired) == []
    assert database_replacement_errors({}, desired) == []
    changed = dict(desired, kms_key_id="arn:aws:kms:us-east-1:1:key/bbb", db_subnet_group_name="other")
    [message] = database_replacement_errors(existing, changed)
    assert message.startswith("instance cheetah-postgres would have to be replaced (KMS key arn:aws:kms:us-east-1:1:key/aaa -> "
                              "arn:aws:kms:us-east-1:1:key/bbb; DB subnet group cheetah-database -> other)")
    assert "never replaces a database on its own" in message and "take a snapshot of cheetah-postgres" in message
    [engine] = database_replacement_errors(existing, dict(desired, engine="aurora-postgresql"))
    assert "engine postgres -> aurora-postgresql" in engine
    [plain] = database_replacement_errors(dict(existing, storage_encrypted=False, kms_key_id=None), desired)
    assert "storage encryption off -> on" in plain


def test_bucket_specs_policy_logging_and_lifecycle():
    specs = bucket_specs(BUCKETS + [{"name": "docs", "encryption": "sse-kms", "backup": True}], "tiger", "123456789012",
                         {"data": "arn:aws:kms:us-east-1:123456789012:key/k"})
    logs, assets, docs = specs
    assert logs["name"] == "tiger-fastapi-logs-123456789012" and logs["log_target"] == ""
    assert assets["log_target"] == logs["name"] and assets["log_prefix"] == "s3-access/tiger-fastapi-assets-123456789012/"
    assert docs["encryption"] == "aws:kms" and docs["kms_key_arn"].endswith("key/k") and docs["backup"]
    policy = json.loads(assets["policy"])
    [deny] = policy["Statement"]
    assert deny["Effect"] == "Deny" and deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    sids = [s["Sid"] for s in json.loads(logs["policy"])["Statement"]]
    assert sids == ["DenyInsecureTransport", "AllowServerAccessLogs", "AllowLoadBalancerAccessLogs"]
    elb = json.loads(logs["policy"])["Statement"][2]
    assert elb["Principal"] == {"AWS": "arn:aws:iam::127311923021:root"}
    assert elb["Resource"] == "arn:aws:s3:::tiger-fastapi-logs-123456789012/alb/AWSLogs/123456789012/*"
    assert logs["object_ownership"] == "BucketOwnerEnforced" and not assets["cloudfront_origin"]
    assert assets["regional_domain_name"] == "tiger-fastapi-assets-123456789012.s3.us-east-1.amazonaws.com"
    assert logs["lifecycle"] == [{"rule_id": "logs", "prefix": "", "expiration_days": 90,
                                  "transitions": [{"transition_days": 30, "storage_class": "standard_ia"}],
                                  "abort_incomplete_multipart_upload_days": 7}]
    # Before the keys exist (check mode on an empty account) the key is simply not known yet.
    assert bucket_specs([{"name": "docs", "encryption": "sse-kms"}], "tiger", "123456789012", {})[0]["kms_key_arn"] == ""


def test_bucket_specs_log_delivery_in_a_newer_region_and_cloudfront_flags():
    logs, assets = bucket_specs([{"name": "logs", "purpose": "logs", "log_delivery_acls": True},
                                 {"name": "assets", "purpose": "assets", "cloudfront_origin": True}],
                                "prod", "123456789012", {}, "ap-southeast-5")
    elb = json.loads(logs["policy"])["Statement"][2]
    assert elb["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    assert logs["object_ownership"] == "BucketOwnerPreferred" and assets["object_ownership"] == "BucketOwnerEnforced"
    assert assets["cloudfront_origin"] and assets["regional_domain_name"].endswith(".s3.ap-southeast-5.amazonaws.com")


def test_bucket_cloudfront_and_acl_flags_are_checked():
    errors = data_errors({"buckets": [{"name": "logs", "purpose": "logs", "cloudfront_origin": True},
                                      {"name": "a", "log_delivery_acls": True, "cloudfront_origin": True}]}, "tiger")
    assert any("logs bucket cannot be served by CloudFront" in e for e in errors)
    assert any("only the logs bucket takes log deliveries" in e for e in errors)
    assert any("more than one bucket is marked cloudfront_origin" in e for e in errors)


def test_backup_plan_rules_copy_to_second_region():
    [rule] = backup_plan_rules(BACKUP["rules"], "prod-vault", "arn:aws:backup:us-west-2:1:backup-vault:copy")
    assert rule["lifecycle"] == {"delete_after_days": 2555, "move_to_cold_storage_after_days": 30}
    assert rule["copy_actions"] == [{"destination_backup_vault_arn": "arn:aws:backup:us-west-2:1:backup-vault:copy",
                                     "lifecycle": rule["lifecycle"]}]
    assert "copy_actions" not in backup_plan_rules(BACKUP["rules"], "v")[0]


def test_postgres_family():
    assert postgres_family("postgres", "15.7") == "postgres15"
    assert postgres_family("aurora-postgresql", "16.2") == "aurora-postgresql16"
    with pytest.raises(AnsibleFilterError):
        postgres_family("postgres", "latest")


@pytest.mark.parametrize("backup, maintenance, meets", [
    ("03:00-04:00", "sun:04:00-sun:05:00", True),
    ("03:00-04:00", "sun:04:30-sun:05:30", False),
    ("23:30-00:30", "mon:00:00-mon:00:45", True),
    ("03:00-04:00", "sat:01:00-sat:02:59", False),
])
def test_backup_and_maintenance_windows_must_not_meet(backup, maintenance, meets):
    found = errors(database=dict(RDS, backup_window=backup, maintenance_window=maintenance))
    assert (found != []) == meets
    if meets:
        assert found[0].startswith(f"data_database.maintenance_window: '{maintenance}' touches or overlaps")


def test_declared_parts_need_their_keys_and_empty_parts_mean_none():
    assert errors(database={}, cache={}, backup={}) == []
    found = errors(database={"engine": "postgres"}, cache={"replicas": 1}, backup={"buckets": []})
    assert found == [
        "data_database.instance_class: required when data_database is declared",
        "data_database.database_name: required when data_database is declared",
        "data_database.master_username: required when data_database is declared",
        "data_cache.node_type: required when data_cache is declared",
        "data_backup.rules: required when data_backup is declared",
    ]
    assert errors(backup={"buckets": ["fastapi-logs"]}) == ["data_backup.rules: required when data_backup is declared"]


def test_switching_between_instance_and_cluster_is_refused_while_the_other_exists():
    instance = {"db_instance_identifier": "cheetah-postgres", "engine": "postgres"}
    desired = {"identifier": "cheetah-aurora", "kind": "cluster", "engine": "aurora-postgresql"}
    [message] = database_replacement_errors({}, desired, instance)
    assert message.startswith("engine postgres -> aurora-postgresql would replace instance cheetah-postgres with "
                              "cluster cheetah-aurora")
    assert "set data_database.engine back to postgres" in message
    assert database_replacement_errors({}, desired, {}) == []


def test_keys_must_be_purposes_the_security_layer_creates():
    data = {"database": RDS, "cache": dict(CACHE, kms_key="cache"), "buckets": BUCKETS + [{"name": "docs", "encryption": "sse-kms"}],
            "accepted_risks": []}
    assert data_errors(data, "tiger", ["data", "secrets"]) == [
        "data_cache.kms_key: 'cache' is not a key of security_kms_keys (data, secrets)"]
    assert data_errors(data, "tiger", ["secrets"])[0] == "data_database.kms_key: 'data' is not a key of security_kms_keys (secrets)"
