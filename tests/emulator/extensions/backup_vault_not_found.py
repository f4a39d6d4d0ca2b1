"""AWS Backup DescribeBackupVault of a vault that does not exist: AccessDeniedException, as AWS answers.

AWS answers it with HTTP 403 ``AccessDeniedException`` ("Insufficient privileges to perform this action."), even
to a caller allowed to describe every vault; moto 5.2.1 answers ``ResourceNotFoundException``.
amazon.aws.backup_vault takes AWS's answer as "no such vault" and fails on moto's, so it can never create a vault
against the emulator.
"""

import functools

from moto.backup.exceptions import BackupClientError
from moto.backup.models import BackupBackend


class AccessDeniedException(BackupClientError):
    code = 403

    def __init__(self) -> None:
        super().__init__("AccessDeniedException", "Insufficient privileges to perform this action.")


def register() -> None:
    original_describe = BackupBackend.describe_backup_vault

    @functools.wraps(original_describe)
    def describe_backup_vault(self, backup_vault_name):
        if backup_vault_name not in self.vaults:
            raise AccessDeniedException()
        return original_describe(self, backup_vault_name)

    BackupBackend.describe_backup_vault = describe_backup_vault
