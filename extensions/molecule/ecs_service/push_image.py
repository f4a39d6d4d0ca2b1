"""Put an image into an ECR repository of the scenario's emulator, as `docker push` would leave it.

    push_image.py ENDPOINT REGION REPOSITORY TAG

No image is built or uploaded: PutImage records a manifest, which is all the emulator's ECS checks
(a task whose image is in this account's ECR but not in moto's ECR fails to start). moto derives an
image's digest from its manifest's layers, so each repository:tag gets a layer digest of its own:
two tags with the same layers would be one image with two tags. Prints one JSON line:
{"changed": bool, "repository": ..., "tag": ..., "digest": ...}; "changed" is false when the tag
is already there (the repositories' tags are immutable, a second PutImage would be refused).
"""

import hashlib
import json
import sys

import boto3


def digest(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def main(endpoint, region, repository, tag):
    ecr = boto3.client("ecr", endpoint_url=endpoint, region_name=region)
    found = ecr.batch_get_image(repositoryName=repository, imageIds=[{"imageTag": tag}])["images"]
    if found:
        print(json.dumps({"changed": False, "repository": repository, "tag": tag,
                          "digest": found[0]["imageId"]["imageDigest"]}))
        return
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1469,
                   "digest": digest(f"config {repository}:{tag}")},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2811478,
                    "digest": digest(f"layer {repository}:{tag}")}],
    }
    image = ecr.put_image(repositoryName=repository, imageTag=tag, imageManifest=json.dumps(manifest),
                          imageManifestMediaType=manifest["mediaType"])["image"]
    print(json.dumps({"changed": True, "repository": repository, "tag": tag, "digest": image["imageId"]["imageDigest"]}))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
