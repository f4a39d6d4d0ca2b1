"""Container images in the emulator's ECR: what `docker push` would leave there, without Docker.

The emulator stores an image as its manifest under a tag; nothing runs it. A release (playbooks/deploy.yml)
only needs the tag to exist in the repository, and the ECS extensions fail tasks whose image is in this
account's registry but missing from it, as ECS does (CannotPullContainerError).
"""

import hashlib
import json

import boto3

from tests.emulator.instance import REGION


def image_manifest(repository: str, tag: str) -> str:
    """A Docker image manifest whose one layer is unique to repository and tag (moto digests the layers)."""
    digest = "sha256:" + hashlib.sha256(f"{repository}:{tag}".encode()).hexdigest()
    return json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": digest},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 1, "digest": digest}],
    })


def push_image(endpoint: str, repository: str, tag: str, region: str = REGION) -> str:
    """Put an image under ``tag`` into ``repository``; return its digest. An existing tag is left as it is."""
    ecr = boto3.client("ecr", endpoint_url=endpoint, region_name=region, aws_access_key_id="testing",
                       aws_secret_access_key="testing", aws_session_token="testing")
    return put_image(ecr, repository, tag)


def put_image(ecr, repository: str, tag: str) -> str:
    """The same with an ECR client of the emulator."""
    found = ecr.batch_get_image(repositoryName=repository, imageIds=[{"imageTag": tag}])["images"]
    if found:
        return found[0]["imageId"]["imageDigest"]
    return ecr.put_image(repositoryName=repository, imageManifest=image_manifest(repository, tag), imageTag=tag)["image"]["imageId"]["imageDigest"]
