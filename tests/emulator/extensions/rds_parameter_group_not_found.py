"""DescribeDBParameterGroups for a name that does not exist answers DBParameterGroupNotFound, as AWS does.

moto 5.2.1 answers an empty list. amazon.aws.rds_instance_param_group treats "not found" as the
error AWS raises and indexes the list otherwise, so creating a parameter group failed with an
IndexError before it got to CreateDBParameterGroup.
"""

import functools

from moto.rds.exceptions import DBParameterGroupNotFoundError
from moto.rds.models import RDSBackend


def _not_found_by_name(describe):
    @functools.wraps(describe)
    def described(self, db_parameter_group_kwargs):
        groups = describe(self, db_parameter_group_kwargs)
        name = db_parameter_group_kwargs.get("db_parameter_group_name")
        if name and not groups:
            raise DBParameterGroupNotFoundError(name)
        return groups

    return described


def register() -> None:
    RDSBackend.describe_db_parameter_groups = _not_found_by_name(RDSBackend.describe_db_parameter_groups)
