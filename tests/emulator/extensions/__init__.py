"""Extensions: how the project adds an AWS API that moto lacks, or fixes one it gets wrong.

The contract:

- One module per fix, named after what it fixes (``elasticache_modify_replication_group.py``).
- A module that defines ``register()`` is imported and its ``register()`` called, once, by the
  emulator's server process before it serves its first request. ``register()`` takes no arguments;
  it usually patches a moto backend or response class (``moto.<service>.models`` /
  ``moto.<service>.responses``) and must be safe to run before any request and any reset.
- Nothing else runs an extension: tests that use moto in-process (``mock_aws``) do not get them.
- Every extension has a test under ``tests/unit/emulator/`` that calls the fixed API with boto3
  against a running emulator, and a row in the "Gaps in moto" table of ``docs/emulator.md``.
- Write one only when a role or module of this collection hits the gap; when a moto upgrade fixes
  it, delete the module, its test and its row.
"""
