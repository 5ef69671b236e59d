"""Users, roles and the audit log.

Passwords are hashed with scrypt (a deliberately slow, memory-hard hash from the standard library) with a random
salt per user, in a local users file outside the repository (`$KEET_HOME/secrets/users.json`, mode 0600).
Roles: `lead` (exact figures, data-quality details, uploads, reports), `partner` (published figures: small counts
suppressed), `viewer` (the published KPI overview only).

The audit log (`$KEET_HOME/audit.log`, JSON lines) records log-ins, uploads, report downloads and erasures:
who, what, when, never the erased data itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from pipelines import settings
from pipelines.formatting import local_now

ROLES = ("lead", "partner", "viewer")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")


def users_path() -> Path:
    return settings.secrets_dir() / "users.json"


def audit_path() -> Path:
    return settings.keet_home() / "audit.log"


@dataclass(frozen=True)
class User:
    name: str
    role: str


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = hash_password(password, base64.b64decode(salt_b64)).split("$")[2]
    return hmac.compare_digest(expected, digest_b64)


def _load() -> dict[str, dict]:
    path = users_path()
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _save(users: dict[str, dict]) -> None:
    path = users_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(users, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)


def add_user(name: str, role: str, password: str) -> User:
    if not _NAME.match(name):
        raise ValueError("user name: 2-64 letters, digits or _ . @ -")
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 10:
        raise ValueError("password: at least 10 characters")
    users = _load()
    users[name] = {"role": role, "password": hash_password(password),
                   "created": local_now().isoformat()}
    _save(users)
    audit("user_added", actor="cli", detail={"user": name, "role": role})
    return User(name, role)


def remove_user(name: str) -> bool:
    users = _load()
    if name not in users:
        return False
    del users[name]
    _save(users)
    _save_sessions({k: v for k, v in _load_sessions().items() if v.get("user") != name})
    audit("user_removed", actor="cli", detail={"user": name})
    return True


def list_users() -> list[User]:
    return [User(name, info["role"]) for name, info in sorted(_load().items())]


def authenticate(name: str, password: str) -> User | None:
    """The user when name and password match; every attempt is audited (without the password)."""
    info = _load().get(name)
    ok = info is not None and verify_password(password, info["password"])
    audit("login" if ok else "login_failed", actor=name if info else "(unknown user)")
    return User(name, info["role"]) if ok else None


# ------------------------------------------------------------------------------------------- sessions
# A log-in on the dashboard starts a session: a random token kept in the browser (cookie) and, as its SHA-256 only,
# in `$KEET_HOME/secrets/sessions.json` with the user and an expiry. A reload or a shared link in the same browser
# resumes it; the role is read from the users file each time, so removing a user or changing a role takes effect
# at once. Log-out deletes the session on the server, so a copied cookie is useless afterwards.
SESSION_HOURS = 12


def sessions_path() -> Path:
    return settings.secrets_dir() / "sessions.json"


def _token_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _load_sessions() -> dict[str, dict]:
    path = sessions_path()
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_sessions(sessions: dict[str, dict]) -> None:
    path = sessions_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(sessions, fh, indent=1, sort_keys=True)
    os.replace(tmp, path)


def start_session(user: User, hours: float = SESSION_HOURS) -> str:
    """A new session token for `user` (expired sessions are dropped on the way)."""
    now = dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(32)
    sessions = {k: v for k, v in _load_sessions().items() if v.get("expires", "") > now.isoformat()}
    sessions[_token_key(token)] = {"user": user.name, "expires": (now + dt.timedelta(hours=hours)).isoformat()}
    _save_sessions(sessions)
    return token


def resume_session(token: str | None) -> User | None:
    """The user of a live session token, with the role the users file gives now; None when unknown or expired."""
    if not token:
        return None
    entry = _load_sessions().get(_token_key(token))
    if not entry or entry.get("expires", "") <= dt.datetime.now(dt.UTC).isoformat():
        return None
    info = _load().get(entry.get("user", ""))
    return User(entry["user"], info["role"]) if info else None


def end_session(token: str | None) -> None:
    if not token:
        return
    sessions = _load_sessions()
    if sessions.pop(_token_key(token), None) is not None:
        _save_sessions(sessions)


def audit(event: str, actor: str, detail: dict | None = None) -> None:
    path = audit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"at": local_now().isoformat(), "event": event, "actor": actor}
    if detail:
        entry["detail"] = detail
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")


def read_audit(limit: int | None = None) -> list[dict]:
    path = audit_path()
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines if line.strip()]
    return entries[-limit:] if limit else entries


DEMO_USERS = (("projectleider", "lead"), ("partner", "partner"), ("lezer", "viewer"))


def ensure_demo_users() -> dict[str, str]:
    """Demo accounts with one-time passwords (printed by `make demo`); existing accounts are left alone."""
    created = {}
    existing = {u.name for u in list_users()}
    for name, role in DEMO_USERS:
        if name in existing:
            continue
        password = secrets.token_urlsafe(12)
        add_user(name, role, password)
        created[name] = password
    return created
