"""Unit tests of seed.aws_platform.iam_oidc_provider.

moto (in-process) backs what it implements: creating, reading, listing, tagging, updating thumbprints
and deleting providers. botocore's Stubber backs the rest: moto 5.2.1 has no
AddClientIDToOpenIDConnectProvider or RemoveClientIDFromOpenIDConnectProvider, and cannot show that a
request left ThumbprintList out, IAM's own choice of thumbprint, eventual consistency or throttling.
"""

import datetime

import pytest

from ansible_collections.seed.aws_platform.plugins.modules.iam_oidc_provider import main

GITHUB_URL = "https://token.actions.githubusercontent.com"
GITHUB_PATH = "token.actions.githubusercontent.com"
GITHUB_ARN = f"arn:aws:iam::123456789012:oidc-provider/{GITHUB_PATH}"
AUDIENCE = "sts.amazonaws.com"
THUMBPRINT_A = "6938fd4d98bab03faadb97b34396831e3780aea1"
THUMBPRINT_B = "1c58a3a8518e8759bf075b76b750d4f2df264fcd"


def github(**extra):
    return dict(dict(url=GITHUB_URL, client_ids=[AUDIENCE]), **extra)


def stored(iam, arn=GITHUB_ARN):
    return iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)


def stored_tags(iam, arn=GITHUB_ARN):
    return {tag["Key"]: tag["Value"] for tag in stored(iam, arn)["Tags"]}


def provider_arns(iam):
    return sorted(item["Arn"] for item in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"])


# --- moto ---------------------------------------------------------------------------------------


def test_creates_the_github_actions_provider(run_module, iam):
    result = run_module(main, github(tags={"Environment": "test"}))

    assert result["changed"] is True
    provider = result["oidc_provider"]
    assert provider["arn"] == GITHUB_ARN
    assert provider["url"] == GITHUB_PATH
    assert provider["client_ids"] == [AUDIENCE]
    assert provider["tags"] == {"Environment": "test"}
    assert datetime.datetime.fromisoformat(provider["create_date"]).year >= 2024
    assert provider_arns(iam) == [GITHUB_ARN]
    assert stored(iam)["ClientIDList"] == [AUDIENCE]
    assert stored_tags(iam) == {"Environment": "test"}


def test_second_run_changes_nothing(run_module, iam):
    args = github(thumbprints=[THUMBPRINT_A], tags={"a": "1"})
    first = run_module(main, args)

    second = run_module(main, args)

    assert second["changed"] is False
    assert second["oidc_provider"] == first["oidc_provider"]
    assert provider_arns(iam) == [GITHUB_ARN]


def test_check_mode_reports_creation_and_creates_nothing(run_module, iam):
    result = run_module(main, github(tags={"a": "1"}), check_mode=True)

    assert result["changed"] is True
    assert result["oidc_provider"] == dict(url=GITHUB_PATH, client_ids=[AUDIENCE], thumbprints=[], tags={"a": "1"})
    assert provider_arns(iam) == []


def test_thumbprints_are_replaced_when_they_differ(run_module, iam):
    run_module(main, github(thumbprints=[THUMBPRINT_A]))

    result = run_module(main, github(thumbprints=[THUMBPRINT_B, THUMBPRINT_A]))

    assert result["changed"] is True
    assert stored(iam)["ThumbprintList"] == [THUMBPRINT_B, THUMBPRINT_A]
    assert result["oidc_provider"]["thumbprints"] == [THUMBPRINT_B, THUMBPRINT_A]


def test_thumbprints_ignore_order_case_and_duplicates(run_module, iam):
    run_module(main, github(thumbprints=[THUMBPRINT_A, THUMBPRINT_B]))

    result = run_module(main, github(thumbprints=[THUMBPRINT_B.upper(), THUMBPRINT_A, THUMBPRINT_A]))

    assert result["changed"] is False
    assert stored(iam)["ThumbprintList"] == [THUMBPRINT_A, THUMBPRINT_B]


@pytest.mark.parametrize("thumbprints", [None, []])
def test_omitted_or_empty_thumbprints_leave_them_alone(run_module, iam, thumbprints):
    run_module(main, github(thumbprints=[THUMBPRINT_A]))

    result = run_module(main, github(thumbprints=thumbprints))

    assert result["changed"] is False
    assert stored(iam)["ThumbprintList"] == [THUMBPRINT_A]


def test_check_mode_reports_changes_and_keeps_the_provider(run_module, iam):
    run_module(main, github(thumbprints=[THUMBPRINT_A], tags={"a": "1"}))

    result = run_module(main, github(thumbprints=[THUMBPRINT_B], tags={"b": "2"}), check_mode=True)

    assert result["changed"] is True
    assert result["oidc_provider"]["thumbprints"] == [THUMBPRINT_B]
    assert result["oidc_provider"]["tags"] == {"b": "2"}
    assert stored(iam)["ThumbprintList"] == [THUMBPRINT_A]
    assert stored_tags(iam) == {"a": "1"}


def test_tags_are_added_changed_and_removed(run_module, iam):
    run_module(main, github(tags={"keep": "1", "drop": "2", "change": "old"}))

    result = run_module(main, github(tags={"keep": "1", "change": "new", "add": "3"}))

    assert result["changed"] is True
    assert stored_tags(iam) == {"keep": "1", "change": "new", "add": "3"}
    assert result["oidc_provider"]["tags"] == stored_tags(iam)


def test_numeric_tag_values_are_strings(run_module, iam):
    checked = run_module(main, github(tags={"CostCenter": 1234}), check_mode=True)
    run_module(main, github(tags={"CostCenter": 1234}))

    again = run_module(main, github(tags={"CostCenter": 1234}))

    assert checked["oidc_provider"]["tags"] == {"CostCenter": "1234"}
    assert again["changed"] is False
    assert stored_tags(iam) == {"CostCenter": "1234"}


def test_purge_tags_false_keeps_other_tags(run_module, iam):
    run_module(main, github(tags={"a": "1"}))

    result = run_module(main, github(tags={"b": "2"}, purge_tags=False))

    assert result["changed"] is True
    assert stored_tags(iam) == {"a": "1", "b": "2"}
    assert result["oidc_provider"]["tags"] == {"a": "1", "b": "2"}


def test_omitted_tags_are_left_alone(run_module, iam):
    run_module(main, github(tags={"a": "1"}))

    result = run_module(main, github())

    assert result["changed"] is False
    assert stored_tags(iam) == {"a": "1"}


@pytest.mark.parametrize(
    "url", ["HTTPS://token.actions.githubusercontent.com", "Https://token.actions.githubusercontent.com"]
)
def test_the_scheme_is_not_part_of_the_identity(run_module, iam, url):
    run_module(main, github())

    result = run_module(main, github(url=url))

    assert result["changed"] is False
    assert result["oidc_provider"]["arn"] == GITHUB_ARN


@pytest.mark.parametrize("suffix", ["/", "/extra"])
def test_a_different_path_is_a_different_provider(run_module, iam, suffix):
    run_module(main, github())

    result = run_module(main, github(url=GITHUB_URL + suffix))

    assert result["changed"] is True
    assert result["oidc_provider"]["url"] == GITHUB_PATH + suffix
    assert provider_arns(iam) == [GITHUB_ARN, GITHUB_ARN + suffix]


@pytest.mark.parametrize(
    "args, message",
    [
        *[
            (dict(url=url), f"url must be an https:// URL such as {GITHUB_URL}, got {url}.")
            for url in ("http://token.actions.githubusercontent.com", GITHUB_PATH, "ftp://example.com", "https://")
        ],
        (
            dict(thumbprints=[THUMBPRINT_A, "sha1:abc", THUMBPRINT_A + "0"]),
            f"thumbprints must be SHA-1 fingerprints of 40 hexadecimal characters, got sha1:abc, {THUMBPRINT_A}0.",
        ),
    ],
)
def test_invalid_options_are_rejected_before_any_change(run_module, iam, args, message):
    result = run_module(main, github(**args))

    assert result["failed"] is True
    assert result["msg"] == message
    assert provider_arns(iam) == []


def test_aws_errors_are_reported(run_module, iam):
    too_many = [f"{index:040x}" for index in range(6)]

    result = run_module(main, github(thumbprints=too_many))

    assert result["failed"] is True
    assert result["msg"].startswith(f"Failed to create the OIDC provider for {GITHUB_URL}")
    assert result["error"]["code"] == "InvalidInput"


def test_diff_shows_before_and_after(run_module, iam):
    created = run_module(main, github(tags={"a": "1"}))

    result = run_module(main, github(tags={"a": "2"}), diff=True)

    assert result["diff"]["before"] == created["oidc_provider"]
    assert result["diff"]["after"] == result["oidc_provider"]
    assert result["oidc_provider"]["tags"] == {"a": "2"}


def test_absent_deletes_only_the_provider_of_the_url(run_module, iam):
    run_module(main, github())
    run_module(main, github(url=GITHUB_URL + "/"))

    result = run_module(main, dict(url=GITHUB_URL, state="absent"), diff=True)

    assert result["changed"] is True
    assert result["oidc_provider"] == {}
    assert result["diff"]["before"]["arn"] == GITHUB_ARN
    assert provider_arns(iam) == [GITHUB_ARN + "/"]


def test_absent_when_missing_changes_nothing(run_module, iam):
    result = run_module(main, dict(url=GITHUB_URL, state="absent"))

    assert result == dict(changed=False, oidc_provider={}, failed=False)


def test_absent_in_check_mode_deletes_nothing(run_module, iam):
    run_module(main, github())

    result = run_module(main, dict(url=GITHUB_URL, state="absent"), check_mode=True)

    assert result["changed"] is True
    assert provider_arns(iam) == [GITHUB_ARN]


# --- Stubber ------------------------------------------------------------------------------------

CREATED = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)


@pytest.fixture
def stubbed_iam(stubbed):
    return stubbed("iam")


def expect_lookup(stubber, client_ids=None, thumbprints=None, tags=None):
    """The module's first two calls, finding the GitHub provider with these attributes (none: no provider)."""
    if client_ids is None:
        stubber.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": []}, {})
        return
    stubber.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": [{"Arn": GITHUB_ARN}]}, {})
    expect_get(stubber, client_ids, thumbprints, tags)


def expect_get(stubber, client_ids, thumbprints=None, tags=None):
    provider = dict(
        Url=GITHUB_PATH, ClientIDList=client_ids, ThumbprintList=thumbprints or [], CreateDate=CREATED, Tags=tags or []
    )
    stubber.add_response("get_open_id_connect_provider", provider, {"OpenIDConnectProviderArn": GITHUB_ARN})


def expect_client_id_call(stubber, operation, client_id):
    stubber.add_response(operation, {}, {"OpenIDConnectProviderArn": GITHUB_ARN, "ClientID": client_id})


def test_client_ids_are_converged_one_by_one(run_module, stubbed_iam):
    expect_lookup(stubbed_iam, ["old", AUDIENCE, "also-old"])
    expect_client_id_call(stubbed_iam, "remove_client_id_from_open_id_connect_provider", "old")
    expect_client_id_call(stubbed_iam, "remove_client_id_from_open_id_connect_provider", "also-old")
    expect_client_id_call(stubbed_iam, "add_client_id_to_open_id_connect_provider", "new")

    result = run_module(main, dict(url=GITHUB_URL, client_ids=["new", AUDIENCE, "new"]))

    assert result["changed"] is True
    assert result["oidc_provider"]["client_ids"] == [AUDIENCE, "new"]


def test_empty_client_ids_remove_every_client_id(run_module, stubbed_iam):
    expect_lookup(stubbed_iam, [AUDIENCE])
    expect_client_id_call(stubbed_iam, "remove_client_id_from_open_id_connect_provider", AUDIENCE)

    result = run_module(main, dict(url=GITHUB_URL, client_ids=[]))

    assert result["changed"] is True
    assert result["oidc_provider"]["client_ids"] == []


def test_omitted_client_ids_are_left_alone(run_module, stubbed_iam):
    expect_lookup(stubbed_iam, ["other", AUDIENCE])

    result = run_module(main, dict(url=GITHUB_URL))

    assert result["changed"] is False
    assert result["oidc_provider"]["client_ids"] == ["other", AUDIENCE]


def test_client_id_changes_in_check_mode_call_nothing(run_module, stubbed_iam):
    expect_lookup(stubbed_iam, ["old"])

    result = run_module(main, github(), check_mode=True)

    assert result["changed"] is True
    assert result["oidc_provider"]["client_ids"] == [AUDIENCE]


def test_create_without_thumbprints_lets_iam_choose_them(run_module, stubbed_iam):
    expect_lookup(stubbed_iam)
    stubbed_iam.add_response(
        "create_open_id_connect_provider",
        {"OpenIDConnectProviderArn": GITHUB_ARN},
        {"Url": GITHUB_URL, "ClientIDList": [AUDIENCE]},
    )
    expect_get(stubbed_iam, [AUDIENCE], [THUMBPRINT_A])

    result = run_module(main, github(thumbprints=[]))

    assert result["changed"] is True
    assert result["oidc_provider"] == dict(
        arn=GITHUB_ARN,
        url=GITHUB_PATH,
        client_ids=[AUDIENCE],
        thumbprints=[THUMBPRINT_A],
        tags={},
        create_date="2024-05-01T00:00:00+00:00",
    )


def test_a_provider_not_readable_yet_after_creation_is_read_again(run_module, stubbed_iam, sleeps):
    expect_lookup(stubbed_iam)
    stubbed_iam.add_response("create_open_id_connect_provider", {"OpenIDConnectProviderArn": GITHUB_ARN})
    stubbed_iam.add_client_error("get_open_id_connect_provider", service_error_code="NoSuchEntity")
    expect_get(stubbed_iam, [AUDIENCE])

    result = run_module(main, github())

    assert result["changed"] is True
    assert result["oidc_provider"]["arn"] == GITHUB_ARN
    assert len(sleeps) == 1


def test_throttled_calls_are_retried(run_module, stubbed_iam, sleeps):
    stubbed_iam.add_client_error("list_open_id_connect_providers", service_error_code="Throttling")
    expect_lookup(stubbed_iam, [AUDIENCE])
    stubbed_iam.add_client_error("update_open_id_connect_provider_thumbprint", service_error_code="Throttling")
    stubbed_iam.add_response(
        "update_open_id_connect_provider_thumbprint",
        {},
        {"OpenIDConnectProviderArn": GITHUB_ARN, "ThumbprintList": [THUMBPRINT_B]},
    )

    result = run_module(main, github(thumbprints=[THUMBPRINT_B]))

    assert result["changed"] is True
    assert len(sleeps) == 2


def test_a_provider_deleted_after_the_listing_is_created_again(run_module, stubbed_iam):
    stubbed_iam.add_response("list_open_id_connect_providers", {"OpenIDConnectProviderList": [{"Arn": GITHUB_ARN}]})
    stubbed_iam.add_client_error("get_open_id_connect_provider", service_error_code="NoSuchEntity")
    stubbed_iam.add_response("create_open_id_connect_provider", {"OpenIDConnectProviderArn": GITHUB_ARN})
    expect_get(stubbed_iam, [AUDIENCE])

    result = run_module(main, github())

    assert result["changed"] is True
    assert result["oidc_provider"]["arn"] == GITHUB_ARN


def test_a_provider_deleted_meanwhile_counts_as_deleted(run_module, stubbed_iam):
    expect_lookup(stubbed_iam, [AUDIENCE])
    stubbed_iam.add_client_error(
        "delete_open_id_connect_provider",
        service_error_code="NoSuchEntity",
        expected_params={"OpenIDConnectProviderArn": GITHUB_ARN},
    )

    result = run_module(main, dict(url=GITHUB_URL, state="absent"))

    assert result == dict(changed=True, oidc_provider={}, failed=False)
