"""Unit tests of seed.aws_platform.ecr_image_info.

moto (in-process) backs repositories, pushed images and DescribeImages, which like AWS fails as a whole with
ImageNotFoundException when any image asked for is missing. moto derives an image's digest from its layers only
(AWS hashes the whole manifest), so each image pushed here gets a layer of its own. botocore's Stubber scripts what
moto does not do: pages (moto returns every image at once), batches of 100, an answer that leaves a missing image out
instead of failing, scan results and errors.
"""

import datetime
import hashlib
import json

import boto3
import pytest

from ansible_collections.seed.aws_platform.plugins.modules.ecr_image_info import main

REGION = "us-east-1"
ACCOUNT = "123456789012"
URI = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/tiger/api"
PUSHED_AT = datetime.datetime(2025, 3, 1, 12, 34, 56, tzinfo=datetime.timezone.utc)


def sha256(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def manifest(layer):
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {
                "mediaType": "application/vnd.docker.container.image.v1+json",
                "size": 1469,
                "digest": sha256(f"config-{layer}"),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "size": 1000 + len(layer),
                    "digest": sha256(layer),
                }
            ],
        }
    )


@pytest.fixture
def ecr(aws):
    client = boto3.client("ecr", region_name=REGION)
    client.create_repository(repositoryName="tiger/api")
    return client


def push(ecr, layer, tag=None):
    """Push an image made of ``layer``, tagged ``tag`` when given; return its digest."""
    request = dict(repositoryName="tiger/api", imageManifest=manifest(layer))
    if tag:
        request["imageTag"] = tag
    return ecr.put_image(**request)["image"]["imageId"]["imageDigest"]


@pytest.fixture
def pushed(ecr):
    """Three images: "one" tagged 1.0.0 and latest, "two" tagged 2.0.0, "three" untagged; their digests by name."""
    digests = dict(one=push(ecr, "one", "1.0.0"), two=push(ecr, "two", "2.0.0"), three=push(ecr, "three"))
    push(ecr, "one", "latest")
    assert len(set(digests.values())) == 3
    return digests


def digests_of(result):
    return [image["image_digest"] for image in result["images"]]


# --- moto ---------------------------------------------------------------------------------------


def test_asked_tags_are_described_in_order_and_missing_ones_reported(run_module, pushed):
    result = run_module(main, dict(repository_name="tiger/api", image_tags=["2.0.0", "3.0.0", "1.0.0"]))

    assert (result["changed"], result["failed"]) == (False, False)
    assert digests_of(result) == [pushed["two"], pushed["one"]]
    assert result["missing_tags"] == ["3.0.0"]
    assert result["missing_digests"] == []
    assert (result["repository_exists"], result["repository_uri"]) == (True, URI)
    two, one = result["images"]
    assert sorted(one["image_tags"]) == ["1.0.0", "latest"]
    assert two["image_tags"] == ["2.0.0"]
    assert (two["registry_id"], two["repository_name"]) == (ACCOUNT, "tiger/api")
    assert two["image_size_in_bytes"] > 0
    assert two["image_manifest_media_type"] == "application/vnd.docker.distribution.manifest.v2+json"
    pushed_at = datetime.datetime.fromisoformat(two["image_pushed_at"])
    assert abs(datetime.datetime.now(datetime.timezone.utc) - pushed_at) < datetime.timedelta(minutes=5)


def test_only_missing_tags(run_module, pushed):
    result = run_module(main, dict(repository_name="tiger/api", image_tags=["9.9.9", "9.9.9", "8.8.8"]))

    assert result["images"] == []
    assert result["missing_tags"] == ["9.9.9", "8.8.8"]
    assert result["repository_exists"] is True


def test_an_image_asked_for_several_ways_is_described_once(run_module, pushed):
    result = run_module(
        main, dict(repository_name="tiger/api", image_tags=["latest", "1.0.0"], image_digests=[pushed["one"]])
    )

    assert digests_of(result) == [pushed["one"]]
    assert (result["missing_tags"], result["missing_digests"]) == ([], [])


def test_asked_digests_and_missing_ones(run_module, pushed):
    missing = sha256("never pushed")

    result = run_module(main, dict(repository_name="tiger/api", image_digests=[missing, pushed["three"]]))

    assert digests_of(result) == [pushed["three"]]
    assert result["images"][0]["image_tags"] == []
    assert result["missing_digests"] == [missing]
    assert result["missing_tags"] == []


def test_every_image_without_tags_or_digests(run_module, pushed):
    result = run_module(main, dict(repository_name="tiger/api"))

    assert sorted(digests_of(result)) == sorted(pushed.values())
    untagged = next(image for image in result["images"] if image["image_digest"] == pushed["three"])
    assert untagged["image_tags"] == []
    assert (result["missing_tags"], result["missing_digests"]) == ([], [])


def test_an_empty_list_asks_for_no_image(run_module, pushed):
    result = run_module(main, dict(repository_name="tiger/api", image_tags=[]))

    assert (result["images"], result["missing_tags"], result["repository_exists"]) == ([], [], True)


def test_an_empty_repository(run_module, ecr):
    result = run_module(main, dict(repository_name="tiger/api"))

    assert (result["images"], result["repository_exists"], result["repository_uri"]) == ([], True, URI)


@pytest.mark.parametrize("image_tags", [["1.0.0", "2.0.0"], None])
def test_a_missing_repository_is_not_an_error(run_module, ecr, image_tags):
    result = run_module(main, dict(repository_name="tiger/web", image_tags=image_tags))

    assert (result["failed"], result["changed"]) == (False, False)
    assert (result["images"], result["repository_exists"], result["repository_uri"]) == ([], False, "")
    assert result["missing_tags"] == (image_tags or [])


def test_the_registry_id_is_used(run_module, pushed):
    result = run_module(main, dict(repository_name="tiger/api", registry_id=ACCOUNT, image_tags=["2.0.0"]))

    assert digests_of(result) == [pushed["two"]]


def test_check_mode_describes_all_the_same(run_module, pushed):
    result = run_module(main, dict(repository_name="tiger/api", image_tags=["1.0.0", "0.1.0"]), check_mode=True)

    assert (result["changed"], digests_of(result), result["missing_tags"]) == (False, [pushed["one"]], ["0.1.0"])


# --- Stubber ------------------------------------------------------------------------------------


@pytest.fixture
def stubbed_ecr(stubbed):
    stubber = stubbed("ecr")
    return stubber


def repository_found(stubber, **request):
    stubber.add_response(
        "describe_repositories",
        dict(
            repositories=[
                dict(
                    repositoryArn=f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/tiger/api",
                    registryId=ACCOUNT,
                    repositoryName="tiger/api",
                    repositoryUri=URI,
                )
            ]
        ),
        dict(repositoryNames=["tiger/api"], **request),
    )


def image(tag, **attributes):
    detail = dict(
        registryId=ACCOUNT,
        repositoryName="tiger/api",
        imageDigest=sha256(tag),
        imageTags=[tag],
        imageSizeInBytes=1024,
        imagePushedAt=PUSHED_AT,
    )
    detail.update(attributes)
    return detail


def tag_ids(*tags):
    return [dict(imageTag=tag) for tag in tags]


def images_found(stubber, ids, *found):
    stubber.add_response(
        "describe_images", dict(imageDetails=list(found)), dict(repositoryName="tiger/api", imageIds=ids)
    )


def images_missing(stubber, ids):
    stubber.add_client_error(
        "describe_images",
        service_error_code="ImageNotFoundException",
        service_message="The image with imageId {imageDigest:'null', imageTag:'x'} does not exist",
        expected_params=dict(repositoryName="tiger/api", imageIds=ids),
    )


def test_every_page_is_read(run_module, stubbed_ecr):
    repository_found(stubbed_ecr, registryId="210987654321")
    request = dict(repositoryName="tiger/api", registryId="210987654321")
    stubbed_ecr.add_response("describe_images", dict(imageDetails=[image("a")], nextToken="page-2"), request)
    stubbed_ecr.add_response("describe_images", dict(imageDetails=[image("b")]), dict(request, nextToken="page-2"))

    result = run_module(main, dict(repository_name="tiger/api", registry_id="210987654321"))

    assert digests_of(result) == [sha256("a"), sha256("b")]
    assert result["images"][0]["image_pushed_at"] == "2025-03-01T12:34:56+00:00"


def test_tags_are_asked_in_batches_of_100(run_module, stubbed_ecr):
    tags = [f"1.0.{number}" for number in range(150)]
    repository_found(stubbed_ecr)
    images_found(stubbed_ecr, tag_ids(*tags[:100]), *[image(tag) for tag in tags[:100]])
    images_found(stubbed_ecr, tag_ids(*tags[100:]), *[image(tag) for tag in tags[100:]])

    result = run_module(main, dict(repository_name="tiger/api", image_tags=tags))

    assert digests_of(result) == [sha256(tag) for tag in tags]
    assert result["missing_tags"] == []


def test_a_batch_with_a_missing_image_is_split_until_the_rest_is_read(run_module, stubbed_ecr):
    repository_found(stubbed_ecr)
    images_missing(stubbed_ecr, tag_ids("a", "b", "c", "d"))
    images_found(stubbed_ecr, tag_ids("a", "b"), image("b"), image("a"))
    images_missing(stubbed_ecr, tag_ids("c", "d"))
    images_missing(stubbed_ecr, tag_ids("c"))
    images_found(stubbed_ecr, tag_ids("d"), image("d"))

    result = run_module(main, dict(repository_name="tiger/api", image_tags=["a", "b", "c", "d"]))

    assert digests_of(result) == [sha256("a"), sha256("b"), sha256("d")]
    assert result["missing_tags"] == ["c"]


def test_an_answer_that_leaves_missing_images_out_is_read_as_well(run_module, stubbed_ecr):
    repository_found(stubbed_ecr)
    digest = sha256("gone")
    images_found(stubbed_ecr, tag_ids("a", "b") + [dict(imageDigest=digest)], image("a"))

    result = run_module(main, dict(repository_name="tiger/api", image_tags=["a", "b"], image_digests=[digest]))

    assert digests_of(result) == [sha256("a")]
    assert (result["missing_tags"], result["missing_digests"]) == (["b"], [digest])


def test_scan_results_are_returned_snake_cased(run_module, stubbed_ecr):
    repository_found(stubbed_ecr)
    scanned = image(
        "a",
        imageScanStatus=dict(status="COMPLETE", description="The scan was completed successfully."),
        imageScanFindingsSummary=dict(imageScanCompletedAt=PUSHED_AT, findingSeverityCounts=dict(HIGH=1, LOW=3)),
        imageManifestMediaType="application/vnd.oci.image.manifest.v1+json",
    )
    images_found(stubbed_ecr, tag_ids("a"), scanned)

    result = run_module(main, dict(repository_name="tiger/api", image_tags=["a"]))

    (found,) = result["images"]
    assert found == dict(
        registry_id=ACCOUNT,
        repository_name="tiger/api",
        image_digest=sha256("a"),
        image_tags=["a"],
        image_size_in_bytes=1024,
        image_pushed_at="2025-03-01T12:34:56+00:00",
        image_manifest_media_type="application/vnd.oci.image.manifest.v1+json",
        image_scan_status=dict(status="COMPLETE", description="The scan was completed successfully."),
        image_scan_findings_summary=dict(
            image_scan_completed_at="2025-03-01T12:34:56+00:00", finding_severity_counts=dict(high=1, low=3)
        ),
    )


def test_a_repository_deleted_meanwhile_is_reported_missing(run_module, stubbed_ecr):
    repository_found(stubbed_ecr)
    stubbed_ecr.add_client_error("describe_images", service_error_code="RepositoryNotFoundException")

    result = run_module(main, dict(repository_name="tiger/api", image_tags=["a"]))

    assert (result["failed"], result["repository_exists"], result["repository_uri"]) == (False, False, "")
    assert (result["images"], result["missing_tags"]) == ([], ["a"])


def test_a_failure_to_describe_the_repository_is_reported(run_module, stubbed_ecr):
    stubbed_ecr.add_client_error(
        "describe_repositories", service_error_code="AccessDeniedException", service_message="Not allowed."
    )

    result = run_module(main, dict(repository_name="tiger/api"))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe ECR repository tiger/api")


def test_a_failure_to_describe_the_images_is_reported(run_module, stubbed_ecr):
    repository_found(stubbed_ecr)
    stubbed_ecr.add_client_error(
        "describe_images", service_error_code="AccessDeniedException", service_message="Not allowed."
    )

    result = run_module(main, dict(repository_name="tiger/api", image_tags=["a"]))

    assert result["failed"] is True
    assert result["msg"].startswith("Failed to describe the images of ECR repository tiger/api")
    assert result["error"]["code"] == "AccessDeniedException"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (dict(image_digests=["1.0.0"]), "image_digests contains '1.0.0', which is not an image digest"),
        (dict(image_digests=["sha256:xyz"]), "image_digests contains 'sha256:xyz', which is not an image digest"),
        (dict(image_tags=["1.0.0", ""]), "image_tags cannot contain empty tags"),
        (dict(repository_name=None), "missing required arguments: repository_name"),
    ],
)
def test_invalid_parameters_fail_before_any_call(run_module, stubbed_ecr, args, message):
    params = {key: value for key, value in dict(dict(repository_name="tiger/api"), **args).items() if value is not None}

    result = run_module(main, params)

    assert result["failed"] is True
    assert message in result["msg"]
