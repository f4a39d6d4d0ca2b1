"""Shared pytest set-up: make ``ansible_collections.seed.aws_platform`` importable.

The repository root is the collection root. ``collections/ansible_collections/seed/aws_platform``
is a link back to it (the same link ``ansible.cfg`` uses), so putting ``collections/`` on
``sys.path`` lets unit tests import our plugins by their collection path, next to the
amazon.aws and community.aws copies that the ``ansible`` package installs in site-packages.
"""

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS_DIR = os.path.join(REPO_ROOT, "collections")

if COLLECTIONS_DIR not in sys.path:
    sys.path.insert(0, COLLECTIONS_DIR)

# Unit tests never talk to real AWS: fake credentials and no instance metadata lookups.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_SESSION_TOKEN", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
