"""The data layer's declarations checked and turned into requests: databases, Redis, buckets and backups.

Every check here runs in the preflight play, before any AWS call, so a bad inventory fails with
a message that names the variable instead of an AWS error half-way through a converge.
"""

import ipaddress
import json
import re

from ansible.errors import AnsibleFilterError

# Instance class families each engine runs on (RDS and Aurora PostgreSQL, current generations).
# Aurora has no micro or small burstable classes: its smallest are db.t3.medium and db.t4g.medium.
INSTANCE_FAMILIES = {
    "postgres": (
        "db.t3", "db.t4g", "db.m5", "db.m5d", "db.m6g", "db.m6gd", "db.m6i", "db.m6id", "db.m7g", "db.m7i",
        "db.m8g", "db.r5", "db.r5b", "db.r5d", "db.r6g", "db.r6gd", "db.r6i", "db.r6id", "db.r7g", "db.r7i",
        "db.r8g", "db.x2g", "db.x2iedn",
    ),
    "aurora-postgresql": (
        "db.t3", "db.t4g", "db.r5", "db.r6g", "db.r6gd", "db.r6i", "db.r6id", "db.r7g", "db.r7i", "db.r8g",
        "db.x2g",
    ),
}
AURORA_BURSTABLE_SIZES = ("medium", "large")
LOG_EXPORTS = {"postgres": ("postgresql", "upgrade"), "aurora-postgresql": ("postgresql",)}
STORAGE_LIMITS_GB = (20, 65536)
MAX_AURORA_READERS = 15
MAX_CACHE_REPLICAS = 5
CACHE_ENGINE_VERSION = r"^(6|7|8)(\.\d+)?$"
BACKUP_WINDOW = r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$"
MAINTENANCE_WINDOW = r"^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$"
BACKUP_SCHEDULE = r"^cron\(.+\)$"
REGION = r"^[a-z]{2}(-gov)?-[a-z]+-\d$"
# S3 moves objects to Standard-IA and One Zone-IA no earlier than 30 days after creation.
IA_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
STORAGE_CLASSES = IA_CLASSES + ("INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE")
# AWS Backup keeps a recovery point in cold storage for at least 90 days.
COLD_STORAGE_MINIMUM_DAYS = 90
BUCKET_FORBIDDEN_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
BUCKET_FORBIDDEN_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
# Elastic Load Balancing's own accounts, which write access logs in the regions older than August 2022.
ELB_LOG_ACCOUNTS = {
    "us-east-1": "127311923021", "us-east-2": "033677994240", "us-west-1": "027434742980",
    "us-west-2": "797873946194", "af-south-1": "098369216593", "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580", "ap-south-1": "718504428378", "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887", "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864", "ca-central-1": "985666609251", "eu-central-1": "054676820928",
    "eu-west-1": "156460612806", "eu-west-2": "652711504416", "eu-south-1": "635631232127",
    "eu-west-3": "009996457667", "eu-north-1": "897822967062", "me-south-1": "076674570225",
    "sa-east-1": "507241528517", "us-gov-west-1": "048591011584", "us-gov-east-1": "190560391635",
}
# The account id is not known before any AWS call; a 12-digit stand-in gives names their real length.
ACCOUNT_PLACEHOLDER = "000000000000"


def _family(instance_class):
    parts = str(instance_class).split(".")
    return ".".join(parts[:2]) if len(parts) == 3 else None


def _minutes(clock):
    hours, minutes = clock.split(":")[-2:]
    return int(hours) * 60 + int(minutes)


def _windows_overlap(backup, maintenance):
    """Whether the daily backup window meets the weekly maintenance window's time of day (ends included)."""
    if not (re.match(BACKUP_WINDOW, backup) and re.match(MAINTENANCE_WINDOW, maintenance)):
        return False

    def spans(start, end):
        # A window across midnight is two spans of the day.
        return [(start, end)] if start <= end else [(start, 24 * 60), (0, end)]

    first = spans(*(_minutes(part) for part in backup.split("-")))
    second = spans(*(_minutes(part) for part in maintenance.split("-")))
    return any(a <= d and c <= b for a, b in first for c, d in second)


def _database_errors(db, risks):
    errors = []
    engine = db.get("engine", "postgres")
    where = "data_database"
    if engine not in INSTANCE_FAMILIES:
        return [f"{where}.engine: '{engine}' is not supported; use postgres (an RDS instance) or aurora-postgresql (a cluster)"]
    aurora = engine == "aurora-postgresql"
    cls = str(db.get("instance_class", ""))
    family = _family(cls)
    if cls == "db.serverless":
        if not aurora:
            errors.append(f"{where}.instance_class: db.serverless runs only on aurora-postgresql, not {engine}")
        elif not db.get("serverless_v2"):
            errors.append(f"{where}.instance_class: db.serverless needs {where}.serverless_v2 (min_capacity, max_capacity)")
    elif family not in INSTANCE_FAMILIES[engine]:
        errors.append(f"{where}.instance_class: '{cls}' is not an instance class of {engine}; "
                      f"use a class of the families {', '.join(INSTANCE_FAMILIES[engine])}")
    elif aurora and family in ("db.t3", "db.t4g") and cls.split(".")[2] not in AURORA_BURSTABLE_SIZES:
        errors.append(f"{where}.instance_class: '{cls}' is too small for aurora-postgresql; "
                      f"its burstable classes are {family}.medium and larger")

    exports = db.get("log_exports", [])
    unknown = [e for e in exports if e not in LOG_EXPORTS[engine]]
    if unknown:
        errors.append(f"{where}.log_exports: {', '.join(unknown)} cannot be exported by {engine}; "
                      f"it exports {', '.join(LOG_EXPORTS[engine])}")

    if aurora:
        readers = int(db.get("readers", 0))
        if not 0 <= readers <= MAX_AURORA_READERS:
            errors.append(f"{where}.readers: {readers} is outside 0-{MAX_AURORA_READERS}, the replicas an Aurora cluster holds")
        if db.get("reader_endpoint") and readers < 1:
            errors.append(f"{where}.reader_endpoint: a custom reader endpoint needs at least one reader")
        if readers < 1 and "single_az_database" not in risks:
            errors.append(f"{where}.readers: 0 leaves the cluster in one availability zone; add a reader "
                          "or accept the risk with data_accepted_risks: [single_az_database]")
        scaling = db.get("serverless_v2") or {}
        if scaling:
            low, high = float(scaling.get("min_capacity", 0.5)), float(scaling.get("max_capacity", 0))
            if not (0 <= low <= high <= 256) or high < 1 or (low * 2) % 1 or (high * 2) % 1:
                errors.append(f"{where}.serverless_v2: capacity {low}-{high} ACUs is not a range Aurora accepts "
                              "(steps of 0.5, 0 <= min_capacity <= max_capacity <= 256, max_capacity >= 1)")
    else:
        low, high = STORAGE_LIMITS_GB
        size = int(db.get("allocated_storage_gb", 20))
        ceiling = int(db.get("max_allocated_storage_gb", 0) or 0)
        if not low <= size <= high:
            errors.append(f"{where}.allocated_storage_gb: {size} is outside {low}-{high} GB")
        if ceiling and ceiling < size:
            errors.append(f"{where}.allocated_storage_gb: {size} GB is over the autoscaling maximum "
                          f"max_allocated_storage_gb {ceiling} GB")
        if ceiling > high:
            errors.append(f"{where}.max_allocated_storage_gb: {ceiling} is over {high} GB")
        if not db.get("multi_az", True) and "single_az_database" not in risks:
            errors.append(f"{where}.multi_az: false keeps the database in one availability zone; "
                          "accept the risk with data_accepted_risks: [single_az_database]")

    retention = int(db.get("backup_retention_days", 7))
    if not 1 <= retention <= 35:
        errors.append(f"{where}.backup_retention_days: {retention} is outside 1-35; automated backups stay on")
    if not re.match(BACKUP_WINDOW, str(db.get("backup_window", "03:00-04:00"))):
        errors.append(f"{where}.backup_window: '{db.get('backup_window')}' is not hh:mm-hh:mm (UTC)")
    if not re.match(MAINTENANCE_WINDOW, str(db.get("maintenance_window", "sun:05:00-sun:06:00"))):
        errors.append(f"{where}.maintenance_window: '{db.get('maintenance_window')}' is not ddd:hh:mm-ddd:hh:mm (UTC)")
    if _windows_overlap(str(db.get("backup_window", "03:00-04:00")), str(db.get("maintenance_window", "sun:05:00-sun:06:00"))):
        errors.append(f"{where}.maintenance_window: '{db.get('maintenance_window')}' touches or overlaps the daily "
                      f"backup_window '{db.get('backup_window')}'; RDS refuses windows that meet")
    if not db.get("deletion_protection", True) and "database_deletion_unprotected" not in risks:
        errors.append(f"{where}.deletion_protection: false lets anyone with the API delete the database; "
                      "accept the risk with data_accepted_risks: [database_deletion_unprotected]")
    if not db.get("final_snapshot", True) and "no_final_snapshot" not in risks:
        errors.append(f"{where}.final_snapshot: false deletes the data with the database; "
                      "accept the risk with data_accepted_risks: [no_final_snapshot]")
    if not re.match(r"^[A-Za-z]\w{0,15}$", str(db.get("master_username", "postgres"))):
        errors.append(f"{where}.master_username: '{db.get('master_username')}' must be 1-16 letters, digits "
                      "or underscores, starting with a letter")
    if not re.match(r"^[A-Za-z]\w{0,62}$", str(db.get("database_name", "app"))):
        errors.append(f"{where}.database_name: '{db.get('database_name')}' must be 1-63 letters, digits "
                      "or underscores, starting with a letter")
    return errors


def _cache_errors(cache, risks):
    errors = []
    where = "data_cache"
    node_type = str(cache.get("node_type", ""))
    if not re.match(r"^cache\.[a-z0-9]+\.[a-z0-9]+$", node_type):
        errors.append(f"{where}.node_type: '{node_type}' is not an ElastiCache node type (cache.<family>.<size>)")
    version = str(cache.get("engine_version", "7.1"))
    if not re.match(CACHE_ENGINE_VERSION, version):
        errors.append(f"{where}.engine_version: '{version}' is not a Redis or Valkey version this collection manages (6.x-8.x)")
    replicas = int(cache.get("replicas", 0))
    if not 0 <= replicas <= MAX_CACHE_REPLICAS:
        errors.append(f"{where}.replicas: {replicas} is more than a node group allows; "
                      f"a primary takes 0-{MAX_CACHE_REPLICAS} replicas")
    failover = cache.get("automatic_failover", replicas > 0)
    if failover and replicas < 1:
        errors.append(f"{where}.automatic_failover: needs at least one replica to fail over to")
    if cache.get("multi_az", failover) and not failover:
        errors.append(f"{where}.multi_az: needs automatic_failover")
    if replicas < 1 and "single_node_cache" not in risks:
        errors.append(f"{where}.replicas: 0 leaves Redis on one node with no failover; "
                      "accept the risk with data_accepted_risks: [single_node_cache]")
    retention = int(cache.get("snapshot_retention_days", 1))
    if not 0 <= retention <= 35:
        errors.append(f"{where}.snapshot_retention_days: {retention} is outside 0-35")
    if not re.match(BACKUP_WINDOW, str(cache.get("snapshot_window", "03:00-04:00"))):
        errors.append(f"{where}.snapshot_window: '{cache.get('snapshot_window')}' is not hh:mm-hh:mm (UTC)")
    return errors


def _bucket_name_problem(name):
    if not 3 <= len(name) <= 63:
        return f"is {len(name)} characters; S3 allows 3-63"
    if not re.match(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", name):
        return "may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit"
    if ".." in name or ".-" in name or "-." in name:
        return "has two dots, or a dot next to a hyphen, in a row"
    try:
        ipaddress.IPv4Address(name)
        return "looks like an IP address"
    except ValueError:
        pass
    for prefix in BUCKET_FORBIDDEN_PREFIXES:
        if name.startswith(prefix):
            return f"starts with '{prefix}', which S3 reserves"
    for suffix in BUCKET_FORBIDDEN_SUFFIXES:
        if name.endswith(suffix):
            return f"ends with '{suffix}', which S3 reserves"
    return None


def _lifecycle_errors(where, rules):
    errors = []
    for index, rule in enumerate(rules):
        at = f"{where}.lifecycle[{index}]"
        last = 0
        for transition in rule.get("transitions", []):
            days, storage_class = int(transition.get("days", 0)), transition.get("storage_class", "")
            if storage_class not in STORAGE_CLASSES:
                errors.append(f"{at}: storage class '{storage_class}' is not one of {', '.join(STORAGE_CLASSES)}")
            if storage_class in IA_CLASSES and days < 30:
                errors.append(f"{at}: S3 moves objects to {storage_class} no earlier than 30 days, not {days}")
            last = max(last, days)
        expiration = rule.get("expiration_days")
        if expiration is not None and int(expiration) <= last:
            errors.append(f"{at}: expiration_days {expiration} must come after the last transition ({last} days)")
    return errors


def _bucket_errors(buckets, prefix, risks):
    errors = []
    seen = set()
    logs = [b for b in buckets if b.get("purpose") == "logs"]
    for index, bucket in enumerate(buckets):
        where = f"data_buckets[{index}]"
        label = str(bucket.get("name", ""))
        name = f"{prefix}-{label}-{ACCOUNT_PLACEHOLDER}"
        problem = _bucket_name_problem(name)
        if problem:
            errors.append(f"{where}.name: bucket name '{name}' (<prefix>-<name>-<account id>) {problem}")
        if label in seen:
            errors.append(f"{where}.name: '{label}' is declared twice")
        seen.add(label)
        if bucket.get("purpose") == "logs" and bucket.get("encryption", "sse-s3") != "sse-s3":
            errors.append(f"{where}.encryption: the logs bucket receives S3 server access logs, "
                          "which S3 delivers only to buckets encrypted with SSE-S3")
        if bucket.get("log_delivery_acls") and bucket.get("purpose") != "logs":
            errors.append(f"{where}.log_delivery_acls: only the logs bucket takes log deliveries through ACLs")
        if bucket.get("cloudfront_origin") and bucket.get("purpose") == "logs":
            errors.append(f"{where}.cloudfront_origin: the logs bucket cannot be served by CloudFront")
        errors.extend(_lifecycle_errors(where, bucket.get("lifecycle", [])))
    if len([b for b in buckets if b.get("cloudfront_origin")]) > 1:
        errors.append("data_buckets: more than one bucket is marked cloudfront_origin; the distribution serves one")
    if len(logs) > 1:
        errors.append("data_buckets: more than one bucket has purpose logs; server access logs go to one")
    if buckets and not logs and "no_bucket_access_logging" not in risks:
        errors.append("data_buckets: no bucket has purpose logs, so the buckets' server access is not logged; "
                      "declare one or accept the risk with data_accepted_risks: [no_bucket_access_logging]")
    return errors


def _backup_errors(backup, bucket_names):
    errors = []
    where = "data_backup"
    if not backup.get("rules"):
        errors.append(f"{where}.rules: a backup plan needs at least one rule")
    for index, rule in enumerate(backup.get("rules", [])):
        at = f"{where}.rules[{index}]"
        if not re.match(r"^[\w.-]{1,50}$", str(rule.get("name", ""))):
            errors.append(f"{at}.name: '{rule.get('name')}' must be 1-50 letters, digits, dots, hyphens or underscores")
        if not re.match(BACKUP_SCHEDULE, str(rule.get("schedule", ""))):
            errors.append(f"{at}.schedule: '{rule.get('schedule')}' is not a cron(...) expression")
        delete, cold = rule.get("delete_after_days"), rule.get("cold_storage_after_days")
        if delete is None or int(delete) < 1:
            errors.append(f"{at}.delete_after_days: recovery points need a retention of at least one day")
        elif cold is not None and int(delete) < int(cold) + COLD_STORAGE_MINIMUM_DAYS:
            errors.append(f"{at}.delete_after_days: {delete} is too early; AWS Backup keeps a recovery point in cold "
                          f"storage for {COLD_STORAGE_MINIMUM_DAYS} days, so at least {int(cold) + COLD_STORAGE_MINIMUM_DAYS}")
    region = backup.get("copy_to_region")
    if region and not re.match(REGION, str(region)):
        errors.append(f"{where}.copy_to_region: '{region}' is not an AWS region name")
    for name in backup.get("buckets", []):
        if name not in bucket_names:
            errors.append(f"{where}.buckets: '{name}' is not a bucket of data_buckets ({', '.join(bucket_names) or 'none'})")
    return errors


REQUIRED = {
    "database": ("instance_class", "database_name", "master_username"),
    "cache": ("node_type",),
    "backup": ("rules",),
}


def _kms_key_errors(data, buckets, kms_keys):
    uses = []
    if data.get("database"):
        uses.append(("data_database.kms_key", data["database"].get("kms_key", "data")))
    if data.get("cache"):
        uses.append(("data_cache.kms_key", data["cache"].get("kms_key", "data")))
    uses.extend((f"data_buckets[{i}].kms_key", b.get("kms_key", "data"))
                for i, b in enumerate(buckets) if b.get("encryption") == "sse-kms")
    return [f"{where}: '{purpose}' is not a key of security_kms_keys ({', '.join(kms_keys)})"
            for where, purpose in uses if purpose not in kms_keys]


def data_errors(data, prefix, kms_keys=None):
    """Every problem of the data layer's declarations, as messages naming the variable at fault.

    kms_keys: the key purposes the security layer creates (security_kms_keys), when known.
    """
    risks = data.get("accepted_risks") or []
    buckets = data.get("buckets") or []
    missing = [f"data_{part}.{key}: required when data_{part} is declared"
               for part, keys in REQUIRED.items() if data.get(part) for key in keys if data[part].get(key) in (None, "", [])]
    if missing:
        return missing
    errors = []
    if data.get("database"):
        errors.extend(_database_errors(data["database"], risks))
    if data.get("cache"):
        errors.extend(_cache_errors(data["cache"], risks))
    errors.extend(_bucket_errors(buckets, prefix, risks))
    if data.get("backup"):
        errors.extend(_backup_errors(data["backup"], [b.get("name") for b in buckets]))
    if kms_keys is not None:
        errors.extend(_kms_key_errors(data, buckets, kms_keys))
    return errors


def _member(db):
    return (db.get("DBClusterIdentifier") or "") if db else ""


def database_replacement_errors(existing, desired, other=None):
    """What AWS could only apply by replacing an existing database: one message, or none.

    existing: the instance or cluster as amazon.aws's *_info module returns it (snake_case), or empty.
    desired: {identifier, kind: instance|cluster, engine, kms_key_id, db_subnet_group_name, cluster_identifier}.
    other: the database of the other kind (the RDS instance when an Aurora cluster is asked for, and the
    reverse), or empty: switching engines while it exists would leave its data behind.
    """
    if other:
        kind = "instance" if desired.get("kind") == "cluster" else "cluster"
        name = other.get("db_instance_identifier") or other.get("db_cluster_identifier")
        return [
            f"engine {other.get('engine')} -> {desired.get('engine')} would replace {kind} {name} with "
            f"{desired.get('kind')} {desired.get('identifier')}, and the data layer never replaces a database on its "
            f"own. To do it deliberately: take a snapshot of {name}, restore or migrate it into "
            f"{desired.get('identifier')}, converge again, and only then delete {name} by hand; or set "
            f"data_database.engine back to {other.get('engine')}."
        ]
    if not existing:
        return []
    problems = []
    kind = desired.get("kind", "instance")
    engine = existing.get("engine")
    if engine and engine != desired.get("engine"):
        problems.append(f"engine {engine} -> {desired.get('engine')}")
    if not existing.get("storage_encrypted", False):
        problems.append("storage encryption off -> on")
    current_key = existing.get("kms_key_id") or ""
    wanted_key = desired.get("kms_key_id") or ""
    if current_key and wanted_key and current_key.split("/")[-1] != wanted_key.split("/")[-1]:
        problems.append(f"KMS key {current_key} -> {wanted_key}")
    subnet_group = existing.get("db_subnet_group", {})
    subnet_group = subnet_group.get("db_subnet_group_name") if isinstance(subnet_group, dict) else subnet_group
    if subnet_group and desired.get("db_subnet_group_name") and subnet_group != desired["db_subnet_group_name"]:
        problems.append(f"DB subnet group {subnet_group} -> {desired['db_subnet_group_name']}")
    if kind == "instance":
        current_cluster = existing.get("db_cluster_identifier") or ""
        if current_cluster != (desired.get("cluster_identifier") or ""):
            problems.append(f"cluster membership '{current_cluster}' -> '{desired.get('cluster_identifier') or ''}'")
    if not problems:
        return []
    identifier = desired.get("identifier")
    command = "modify-db-cluster --db-cluster-identifier" if kind == "cluster" else "modify-db-instance --db-instance-identifier"
    option = "--new-db-cluster-identifier" if kind == "cluster" else "--new-db-instance-identifier"
    return [
        f"{kind} {identifier} would have to be replaced ({'; '.join(problems)}), and the data layer never replaces "
        f"a database on its own. To do it deliberately: take a snapshot of {identifier}, move it out of the way "
        f"(aws rds {command} {identifier} {option} {identifier}-old --apply-immediately), converge to create "
        f"{identifier} with the new settings, bring the data over from the snapshot or {identifier}-old, then delete "
        f"{identifier}-old; or set the inventory back to the current values."
    ]


def _lifecycle_rule(rule, index):
    """One declared rule in community.aws.s3_lifecycle's terms; every rule also clears abandoned uploads."""
    converted = {
        "rule_id": rule.get("id", f"rule-{index + 1}"),
        "prefix": rule.get("prefix", ""),
        "transitions": [
            {"transition_days": int(t["days"]), "storage_class": str(t["storage_class"]).lower()}
            for t in rule.get("transitions", [])
        ],
        "abort_incomplete_multipart_upload_days": int(rule.get("abort_incomplete_multipart_upload_days", 7)),
    }
    for key, option in (("expiration_days", "expiration_days"), ("noncurrent_expiration_days", "noncurrent_version_expiration_days")):
        if rule.get(key) is not None:
            converted[option] = int(rule[key])
    return converted


def _log_delivery_statements(arn, account_id, region):
    """What the logs bucket lets AWS services write: S3 server access logs and load balancer access logs.

    Elastic Load Balancing writes as its own account in the regions that existed before August 2022,
    as the log delivery service principal in the others.
    """
    elb_account = ELB_LOG_ACCOUNTS.get(region)
    elb_principal = {"AWS": f"arn:aws:iam::{elb_account}:root"} if elb_account else {
        "Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    return [{
        "Sid": "AllowServerAccessLogs",
        "Effect": "Allow",
        "Principal": {"Service": "logging.s3.amazonaws.com"},
        "Action": "s3:PutObject",
        "Resource": f"{arn}/s3-access/*",
        "Condition": {"StringEquals": {"aws:SourceAccount": str(account_id)}},
    }, {
        "Sid": "AllowLoadBalancerAccessLogs",
        "Effect": "Allow",
        "Principal": elb_principal,
        "Action": "s3:PutObject",
        "Resource": f"{arn}/alb/AWSLogs/{account_id}/*",
    }]


def bucket_specs(buckets, prefix, account_id, kms_key_arns, region="us-east-1"):
    """Each declared bucket as the requests of the bucket tasks: name, ARN, encryption, policy, rules, logging."""
    specs = []
    logs = next((b["name"] for b in buckets if b.get("purpose") == "logs"), None)
    logs_name = f"{prefix}-{logs}-{account_id}" if logs else ""
    for bucket in buckets:
        name = f"{prefix}-{bucket['name']}-{account_id}"
        arn = f"arn:aws:s3:::{name}"
        statements = [{
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "s3:*",
            "Resource": [arn, f"{arn}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }]
        if bucket.get("purpose") == "logs":
            statements.extend(_log_delivery_statements(arn, account_id, region))
        statements.extend(bucket.get("policy_statements", []))
        kms = bucket.get("encryption", "sse-s3") == "sse-kms"
        key = bucket.get("kms_key", "data")
        specs.append({
            "key": bucket["name"],
            "name": name,
            "arn": arn,
            "purpose": bucket.get("purpose", "data"),
            "encryption": "aws:kms" if kms else "AES256",
            # Empty only in check mode before the keys exist; data_errors checks the purpose is declared.
            "kms_key_arn": kms_key_arns.get(key, "") if kms else "",
            "policy": json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True),
            "lifecycle": [_lifecycle_rule(rule, index) for index, rule in enumerate(bucket.get("lifecycle", []))],
            "log_target": logs_name if logs_name and name != logs_name else "",
            "log_prefix": f"s3-access/{name}/",
            "backup": bool(bucket.get("backup", False)),
            # CloudFront's standard logging writes through ACLs: the logs bucket that takes it keeps
            # ACLs for the bucket owner's log deliveries (the inventory says so with log_delivery_acls).
            "object_ownership": "BucketOwnerPreferred" if bucket.get("log_delivery_acls") else "BucketOwnerEnforced",
            "cloudfront_origin": bool(bucket.get("cloudfront_origin", False)),
            "regional_domain_name": f"{name}.s3.{region}.amazonaws.com",
        })
    return specs


def backup_plan_rules(rules, vault_name, copy_vault_arn=""):
    """The declared rules in amazon.aws.backup_plan's form, with the copy to the second region where there is one."""
    plan = []
    for rule in rules:
        lifecycle = {"delete_after_days": int(rule["delete_after_days"])}
        if rule.get("cold_storage_after_days") is not None:
            lifecycle["move_to_cold_storage_after_days"] = int(rule["cold_storage_after_days"])
        entry = {
            "rule_name": rule["name"],
            "target_backup_vault_name": vault_name,
            "schedule_expression": rule["schedule"],
            "start_window_minutes": int(rule.get("start_window_minutes", 60)),
            "completion_window_minutes": int(rule.get("completion_window_minutes", 1440)),
            "lifecycle": lifecycle,
        }
        if copy_vault_arn:
            entry["copy_actions"] = [{"destination_backup_vault_arn": copy_vault_arn, "lifecycle": dict(lifecycle)}]
        plan.append(entry)
    return plan


def postgres_family(engine, version):
    """The parameter group family of an engine version: postgres 15.7 -> postgres15."""
    major = str(version).split(".", maxsplit=1)[0]
    if not major.isdigit():
        raise AnsibleFilterError(f"engine version '{version}' does not start with a major version number")
    return f"{engine}{major}"


class FilterModule:
    def filters(self):
        return {
            "data_errors": data_errors,
            "database_replacement_errors": database_replacement_errors,
            "bucket_specs": bucket_specs,
            "backup_plan_rules": backup_plan_rules,
            "postgres_family": postgres_family,
        }
