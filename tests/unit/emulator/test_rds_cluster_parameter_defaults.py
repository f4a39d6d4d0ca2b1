"""Extension rds_cluster_parameter_defaults: Aurora PostgreSQL cluster parameter groups list their family's parameters."""


def _parameters(rds, name):
    return {p["ParameterName"]: p for p in rds.describe_db_cluster_parameters(DBClusterParameterGroupName=name)["Parameters"]}


def test_a_new_group_lists_the_family_defaults_and_set_values_override_them(aws):
    rds = aws("rds")
    rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="prod-aurora", DBParameterGroupFamily="aurora-postgresql15",
                                          Description="prod")
    fresh = _parameters(rds, "prod-aurora")
    assert fresh["rds.force_ssl"]["Source"] == "engine-default" and fresh["rds.force_ssl"]["IsModifiable"]
    assert fresh["shared_preload_libraries"]["ApplyType"] == "static"
    assert "ParameterValue" not in fresh["log_statement"]

    rds.modify_db_cluster_parameter_group(DBClusterParameterGroupName="prod-aurora", Parameters=[
        {"ParameterName": "log_statement", "ParameterValue": "all", "ApplyMethod": "pending-reboot"}])
    changed = _parameters(rds, "prod-aurora")
    assert changed["log_statement"]["ParameterValue"] == "all" and changed["log_statement"]["Source"] == "user"
    assert changed["rds.force_ssl"]["Source"] == "engine-default"


def test_other_families_are_answered_as_before(aws):
    rds = aws("rds")
    rds.create_db_cluster_parameter_group(DBClusterParameterGroupName="mysql", DBParameterGroupFamily="aurora-mysql8.0",
                                          Description="mysql")
    assert _parameters(rds, "mysql") == {}
