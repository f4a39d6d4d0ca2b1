import pytest

from ansible_collections.seed.aws_platform.plugins.module_utils.resource_identifiers import identifier_problem


@pytest.mark.parametrize("value, max_length, lowercase, problem", [
    ("tiger-redis", 40, True, None),
    ("Tiger-Redis7", 255, False, None),
    ("", 40, True, "must be 1 to 40 characters long, not 0"),
    ("r" * 41, 40, True, "must be 1 to 40 characters long, not 41"),
    ("Tiger-redis", 40, True, "must start with a letter and contain only lowercase letters, digits and hyphens"),
    ("7redis", 255, False, "must start with a letter and contain only letters, digits and hyphens"),
    ("tiger_redis", 255, False, "must start with a letter and contain only letters, digits and hyphens"),
    ("tiger--redis", 40, True, "must not end with a hyphen or contain two hyphens in a row"),
    ("tiger-redis-", 255, False, "must not end with a hyphen or contain two hyphens in a row"),
])
def test_identifier_problem(value, max_length, lowercase, problem):
    assert identifier_problem(value, max_length, lowercase) == problem
