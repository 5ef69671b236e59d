"""Pseudonymisation: person identifiers become keyed hashes (HMAC-SHA256).

The key lives outside the repository and outside the warehouse: `KEET_PSEUDONYM_KEY` (hex) or the file
`$KEET_HOME/secrets/pseudonym.key`, generated on first use with permissions 0600. Losing the key means new
deliveries of the same person no longer match earlier ones; keep it with the backups of the archive.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from pipelines import settings


def pseudonym_key() -> bytes:
    env = os.environ.get("KEET_PSEUDONYM_KEY")
    if env:
        return bytes.fromhex(env)
    path = settings.secrets_dir() / "pseudonym.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def make_pseudonymiser(key: bytes | None = None):
    """A function person_id -> 'P-' + 16 hex characters, stable for one key."""
    key = key if key is not None else pseudonym_key()

    def pseudonymise(person_id: str) -> str:
        normalised = person_id.strip().upper()
        return "P-" + hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()[:16]

    return pseudonymise
