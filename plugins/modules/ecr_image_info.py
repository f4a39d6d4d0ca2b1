#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: seed.aws_platform maintainers
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: ecr_image_info
version_added: 0.1.0
short_description: Gather information about the images of an Amazon ECR repository
description:
  - Describes the images of an Amazon ECR repository, every image or only those with the given tags or digests.
  - Tells which of the asked tags and digests the repository does not have, so that a play can refuse to release
    an image that was never pushed before it changes anything.
  - A repository that does not exist is not an error either, RV(repository_exists) is V(false) and every asked tag
    is missing.
author: seed.aws_platform maintainers (!UNKNOWN)
options:
  repository_name:
    description:
      - Name of the repository, for example V(tiger/api).
    type: str
    required: true
  registry_id:
    description:
      - ID of the AWS account whose registry holds the repository.
      - When omitted, the registry of the account of the credentials.
    type: str
  image_tags:
    description:
      - Tags of the images to describe; an asked tag that no image has is listed in RV(missing_tags), not an error.
      - With O(image_digests), the images with any of the tags or digests are described.
      - When neither O(image_tags) nor O(image_digests) is given, every image of the repository is described; an
        empty list asks for none.
    type: list
    elements: str
  image_digests:
    description:
      - Digests (manifest digests, V(sha256:...)) of the images to describe; an asked digest that no image has is
        listed in RV(missing_digests), not an error.
    type: list
    elements: str
notes:
  - DescribeImages fails as a whole with C(ImageNotFoundException) when any of the images it is asked for does not
    exist, so the module asks for the images in batches of 100 and splits a batch that fails that way until it
    knows which images are missing. Without O(image_tags) or O(image_digests), it reads every page of the
    repository's images.
  - The module needs C(ecr:DescribeRepositories) and C(ecr:DescribeImages).
  - This module supports check mode; it never changes anything.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Note: These examples do not set authentication details, see the AWS Guide for details.

- name: Look for the image to release
  seed.aws_platform.ecr_image_info:
    repository_name: tiger/api
    image_tags:
      - "{{ release_tag }}"
  register: release_image

- name: Refuse to release an image that was never pushed
  ansible.builtin.assert:
    that:
      - release_image.missing_tags | length == 0
    fail_msg: >-
      {{ release_image.repository_uri or 'Repository tiger/api' }} has no image tagged
      {{ release_image.missing_tags | join(', ') }}; push it before releasing.

- name: Every image of a repository of another account
  seed.aws_platform.ecr_image_info:
    repository_name: base/python
    registry_id: "210987654321"
  register: base_images

- name: The newest of them
  ansible.builtin.set_fact:
    newest_base: "{{ (base_images.images | sort(attribute='image_pushed_at') | last).image_digest }}"
"""

RETURN = r"""
images:
  description:
    - The images found, as DescribeImages reports them (snake_cased), each once.
    - With O(image_tags) or O(image_digests), in the order asked; otherwise in the order AWS lists them.
  returned: always
  type: list
  elements: dict
  contains:
    image_digest:
      description: Digest of the image manifest.
      returned: always
      type: str
      sample: sha256:3b5f9e5d07e4c4bd16e6f8b7d4b0f0c1b1f6e0a0c3a7b2f5d2d4c1a0b9e8f7a6
    image_tags:
      description: Tags of the image; empty for an untagged image.
      returned: always
      type: list
      elements: str
      sample: ["1.4.2", "latest"]
    image_pushed_at:
      description: When the image was pushed, as an ISO 8601 date and time.
      returned: always
      type: str
      sample: "2025-03-01T12:34:56+00:00"
    image_size_in_bytes:
      description: Size of the image (its compressed layers) in bytes.
      returned: when AWS reports it
      type: int
      sample: 52428800
    image_manifest_media_type:
      description: Media type of the manifest.
      returned: when AWS reports it
      type: str
      sample: application/vnd.docker.distribution.manifest.v2+json
    image_scan_status:
      description: Status of the last basic scan of the image, with C(status) and C(description).
      returned: when the image was scanned
      type: dict
      sample: {"status": "COMPLETE", "description": "The scan was completed successfully."}
    image_scan_findings_summary:
      description:
        - Summary of the findings of the last basic scan, with C(image_scan_completed_at),
          C(vulnerability_source_updated_at) and C(finding_severity_counts) (severities in lower case).
      returned: when the image was scanned
      type: dict
      sample: {"image_scan_completed_at": "2025-03-01T12:40:00+00:00", "finding_severity_counts": {"high": 1}}
    last_recorded_pull_time:
      description: When the image was last pulled, as an ISO 8601 date and time.
      returned: when AWS reports it
      type: str
      sample: "2025-03-02T08:00:00+00:00"
    registry_id:
      description: ID of the account whose registry holds the image.
      returned: always
      type: str
      sample: "123456789012"
    repository_name:
      description: Name of the repository.
      returned: always
      type: str
      sample: tiger/api
missing_tags:
  description:
    - The tags of O(image_tags) that no image of the repository has, in the order asked, each once.
    - All of them when the repository does not exist.
  returned: always
  type: list
  elements: str
  sample: ["1.4.3"]
missing_digests:
  description:
    - The digests of O(image_digests) that no image of the repository has, in the order asked, each once.
  returned: always
  type: list
  elements: str
  sample: []
repository_exists:
  description: Whether the repository exists.
  returned: always
  type: bool
  sample: true
repository_uri:
  description: URI of the repository, to which C(:TAG) or C(@DIGEST) is appended to name an image; empty when it does not exist.
  returned: always
  type: str
  sample: 123456789012.dkr.ecr.us-east-1.amazonaws.com/tiger/api
"""

import re
from typing import Any
from typing import Dict
from typing import List
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Handled by AnsibleAWSModule

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry
from ansible_collections.amazon.aws.plugins.module_utils.transformation import boto3_resource_to_ansible_dict

# DescribeImages takes at most 100 image IDs a call.
BATCH_SIZE = 100
# What ECR accepts as an image digest, as its InvalidParameterException says.
DIGEST = re.compile(r"^[a-zA-Z0-9_+.-]+:[a-fA-F0-9]+$")


class RepositoryNotFound(Exception):
    """The repository disappeared while the module was reading it."""


def validate_params(module: AnsibleAWSModule) -> None:
    params = module.params
    if any(not tag for tag in params["image_tags"] or []):
        module.fail_json(msg="image_tags cannot contain empty tags.")
    for digest in params["image_digests"] or []:
        if not DIGEST.match(digest):
            module.fail_json(
                msg=f"image_digests contains {digest!r}, which is not an image digest: it must look like sha256:"
                " followed by hexadecimal digits."
            )


def registry(module: AnsibleAWSModule) -> Dict[str, str]:
    return dict(registryId=module.params["registry_id"]) if module.params["registry_id"] else {}


def describe_repository(client, module: AnsibleAWSModule) -> Optional[Dict[str, Any]]:
    name = module.params["repository_name"]
    try:
        found = client.describe_repositories(aws_retry=True, repositoryNames=[name], **registry(module))
    except is_boto3_error_code("RepositoryNotFoundException"):
        return None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(e, msg=f"Failed to describe ECR repository {name}")
    return found["repositories"][0] if found["repositories"] else None


# The retries wrap the whole pagination because a paginator bypasses the retrying client wrapper that
# ``AnsibleAWSModule.client`` returns.


@AWSRetry.jittered_backoff()
def list_every_image(client, **params: Any) -> List[Dict[str, Any]]:
    return client.get_paginator("describe_images").paginate(**params).build_full_result().get("imageDetails", [])


def describe_batch(client, module: AnsibleAWSModule, image_ids: List[Dict[str, str]]) -> List[Dict[str, Any]]:
    """The images of ``image_ids`` that exist; a batch that fails for a missing image is split until the rest is read."""
    try:
        return client.describe_images(
            aws_retry=True, repositoryName=module.params["repository_name"], imageIds=image_ids, **registry(module)
        ).get("imageDetails", [])
    except is_boto3_error_code("ImageNotFoundException"):
        if len(image_ids) == 1:
            return []
    except is_boto3_error_code("RepositoryNotFoundException"):  # pylint: disable=duplicate-except
        raise RepositoryNotFound() from None
    except (
        botocore.exceptions.ClientError,
        botocore.exceptions.BotoCoreError,
    ) as e:  # pylint: disable=duplicate-except
        module.fail_json_aws(
            e, msg=f"Failed to describe the images of ECR repository {module.params['repository_name']}"
        )
    half = len(image_ids) // 2
    return describe_batch(client, module, image_ids[:half]) + describe_batch(client, module, image_ids[half:])


def asked_ids(tags: List[str], digests: List[str]) -> List[Dict[str, str]]:
    return [dict(imageTag=tag) for tag in tags] + [dict(imageDigest=digest) for digest in digests]


def describe_images(client, module: AnsibleAWSModule, tags: List[str], digests: List[str]) -> List[Dict[str, Any]]:
    """The images asked for, each once; every image of the repository when neither tags nor digests were given."""
    params = module.params
    if params["image_tags"] is None and params["image_digests"] is None:
        try:
            return list_every_image(client, repositoryName=params["repository_name"], **registry(module))
        except is_boto3_error_code("RepositoryNotFoundException"):
            raise RepositoryNotFound() from None
        except (
            botocore.exceptions.ClientError,
            botocore.exceptions.BotoCoreError,
        ) as e:  # pylint: disable=duplicate-except
            module.fail_json_aws(e, msg=f"Failed to describe the images of ECR repository {params['repository_name']}")
    ids = asked_ids(tags, digests)
    found = []
    for start in range(0, len(ids), BATCH_SIZE):
        found.extend(describe_batch(client, module, ids[start : start + BATCH_SIZE]))
    # In the order asked, and once: an image asked for by several of its tags, or by tag and digest, comes back once
    # for each.
    ordered = {}
    for image_id in ids:
        for image in found:
            if (
                image_id.get("imageTag") in image.get("imageTags", [])
                or image_id.get("imageDigest") == image["imageDigest"]
            ):
                ordered.setdefault(image["imageDigest"], image)
    return list(ordered.values())


def normalize_image(image: Dict[str, Any]) -> Dict[str, Any]:
    return dict(
        boto3_resource_to_ansible_dict(image, transform_tags=False, force_tags=False),
        image_tags=image.get("imageTags", []),
    )


def main() -> None:
    argument_spec = dict(
        repository_name=dict(type="str", required=True),
        registry_id=dict(type="str"),
        image_tags=dict(type="list", elements="str"),
        image_digests=dict(type="list", elements="str"),
    )

    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    validate_params(module)

    tags = list(dict.fromkeys(module.params["image_tags"] or []))
    digests = list(dict.fromkeys(module.params["image_digests"] or []))
    client = module.client("ecr", retry_decorator=AWSRetry.jittered_backoff())
    repository = describe_repository(client, module)
    images = []
    if repository is not None:
        try:
            images = describe_images(client, module, tags, digests)
        except RepositoryNotFound:
            repository = None

    found_tags = {tag for image in images for tag in image.get("imageTags", [])}
    found_digests = {image["imageDigest"] for image in images}
    module.exit_json(
        changed=False,
        images=[normalize_image(image) for image in images],
        missing_tags=[tag for tag in tags if tag not in found_tags],
        missing_digests=[digest for digest in digests if digest not in found_digests],
        repository_exists=repository is not None,
        repository_uri=repository["repositoryUri"] if repository else "",
    )


if __name__ == "__main__":
    main()
