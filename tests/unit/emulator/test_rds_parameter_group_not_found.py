"""Extension rds_parameter_group_not_found: DescribeDBParameterGroups by an unknown name is an error."""

import botocore.exceptions
import pytest


def test_unknown_parameter_group_name_is_not_found(aws):
    rds = aws("rds")
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        rds.describe_db_parameter_groups(DBParameterGroupName="tiger-postgres15")
    assert raised.value.response["Error"]["Code"] == "DBParameterGroupNotFound"

    rds.create_db_parameter_group(DBParameterGroupName="tiger-postgres15", DBParameterGroupFamily="postgres15",
                                  Description="tiger")
    [group] = rds.describe_db_parameter_groups(DBParameterGroupName="tiger-postgres15")["DBParameterGroups"]
    assert group["DBParameterGroupFamily"] == "postgres15"
    assert "tiger-postgres15" in [g["DBParameterGroupName"] for g in rds.describe_db_parameter_groups()["DBParameterGroups"]]
