"""DescribeDBClusterParameters lists the family's parameters, not only those a request has set.

moto 5.2.1 answers a new cluster parameter group with no parameters at all. AWS lists every
parameter of the family with its default, and amazon.aws.rds_cluster_param_group refuses to set a
parameter it cannot find there ("Could not find parameter with name: rds.force_ssl"). Here the
Aurora PostgreSQL families list the parameters this collection sets, with AWS's defaults and apply
types; values a request has set are answered over them with ``Source: user``. A parameter missing
from the table is still refused, as a misspelt one is on AWS: add it when a role sets it.
"""

import functools

from moto.rds.models import RDSBackend

# name: (default value or None, apply type, data type)
AURORA_POSTGRESQL = {
    "rds.force_ssl": ("1", "dynamic", "boolean"),
    "shared_preload_libraries": ("pg_stat_statements", "static", "list"),
    "pg_stat_statements.track": ("top", "dynamic", "string"),
    "auto_explain.log_min_duration": ("-1", "dynamic", "integer"),
    "log_connections": (None, "dynamic", "boolean"),
    "log_disconnections": (None, "dynamic", "boolean"),
    "log_min_duration_statement": (None, "dynamic", "integer"),
    "log_statement": (None, "dynamic", "string"),
    "pgaudit.log": (None, "dynamic", "string"),
    "max_connections": (None, "static", "integer"),
}


def _defaults(family):
    if not str(family).startswith("aurora-postgresql"):
        return []
    parameters = []
    for name, (value, apply_type, data_type) in sorted(AURORA_POSTGRESQL.items()):
        parameter = {"ParameterName": name, "Source": "engine-default", "ApplyType": apply_type,
                     "DataType": data_type, "IsModifiable": True, "ApplyMethod": "pending-reboot"}
        if value is not None:
            parameter["ParameterValue"] = value
        parameters.append(parameter)
    return parameters


def _with_family_defaults(describe):
    @functools.wraps(describe)
    def described(self, db_cluster_parameter_group_name):
        answered = describe(self, db_cluster_parameter_group_name)
        group = self.db_cluster_parameter_groups[db_cluster_parameter_group_name]
        set_by_user = {parameter["ParameterName"]: dict(parameter, Source="user") for parameter in answered}
        merged = {parameter["ParameterName"]: parameter for parameter in _defaults(group.db_parameter_group_family)}
        for name, parameter in set_by_user.items():
            merged[name] = dict(merged.get(name, {"IsModifiable": True}), **parameter)
        return [merged[name] for name in sorted(merged)]

    return described


def register() -> None:
    RDSBackend.describe_db_cluster_parameters = _with_family_defaults(RDSBackend.describe_db_cluster_parameters)
