"""Users file with slow password hashes, roles, and the audit log."""

from __future__ import annotations

import json
import stat

import pytest

from pipelines import auth


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("KEET_HOME", str(tmp_path))
    return tmp_path


def test_add_authenticate_remove(home):
    auth.add_user("an", "partner", "correct horse battery")
    assert auth.authenticate("an", "correct horse battery") == auth.User("an", "partner")
    assert auth.authenticate("an", "wrong password!!") is None
    assert auth.authenticate("nobody", "correct horse battery") is None
    stored = json.loads(auth.users_path().read_text())
    assert stored["an"]["password"].startswith("scrypt$")
    assert "correct horse" not in auth.users_path().read_text()
    assert stat.S_IMODE(auth.users_path().stat().st_mode) == 0o600
    assert auth.remove_user("an") and auth.list_users() == []


def test_rejects_bad_role_and_short_password():
    with pytest.raises(ValueError):
        auth.add_user("an", "admin", "long enough password")
    with pytest.raises(ValueError):
        auth.add_user("an", "lead", "short")


def test_audit_log_records_logins_without_passwords():
    auth.add_user("lead1", "lead", "a very long secret")
    auth.authenticate("lead1", "a very long secret")
    auth.authenticate("lead1", "not the secret")
    events = [(e["event"], e["actor"]) for e in auth.read_audit()]
    assert events == [("user_added", "cli"), ("login", "lead1"), ("login_failed", "lead1")]
    assert "secret" not in auth.audit_path().read_text()


def test_same_password_different_hashes():
    assert auth.hash_password("x" * 12) != auth.hash_password("x" * 12)
    assert auth.verify_password("x" * 12, auth.hash_password("x" * 12))


def test_demo_users_are_created_once():
    first = auth.ensure_demo_users()
    assert set(first) == {"projectleider", "partner", "lezer"}
    assert auth.authenticate("partner", first["partner"]).role == "partner"
    assert auth.ensure_demo_users() == {}


def test_a_session_resumes_with_the_current_role_and_ends_on_log_out(home):
    user = auth.add_user("an", "partner", "correct horse battery")
    token = auth.start_session(user)
    assert auth.resume_session(token) == auth.User("an", "partner")
    stored = auth.sessions_path().read_text()
    assert token not in stored  # only its SHA-256 is kept
    assert stat.S_IMODE(auth.sessions_path().stat().st_mode) == 0o600
    auth.add_user("an", "viewer", "correct horse battery")  # a changed role counts at once
    assert auth.resume_session(token) == auth.User("an", "viewer")
    auth.end_session(token)
    assert auth.resume_session(token) is None
    assert auth.resume_session("made-up-token") is None and auth.resume_session(None) is None


def test_an_expired_session_or_a_removed_user_cannot_resume(home):
    user = auth.add_user("an", "lead", "correct horse battery")
    expired = auth.start_session(user, hours=-1)
    assert auth.resume_session(expired) is None
    live = auth.start_session(user)  # starting a new session drops the expired one
    assert len(json.loads(auth.sessions_path().read_text())) == 1
    auth.remove_user("an")
    assert auth.resume_session(live) is None
    assert json.loads(auth.sessions_path().read_text()) == {}


def test_keet_users_demo_prints_the_passwords_once(home, capsys):
    from pipelines import cli

    assert cli.main(["users", "demo"]) == 0
    first = capsys.readouterr().out
    passwords = {}
    for line in first.splitlines():
        if "password:" in line:
            passwords[line.split()[0]] = line.rsplit(" ", 1)[1]
    assert set(passwords) == {"projectleider", "partner", "lezer"}
    assert all(auth.authenticate(n, p) for n, p in passwords.items())
    assert cli.main(["users", "demo"]) == 0
    second = capsys.readouterr().out
    assert not any(p in second for p in passwords.values()) and "bestaat al" in second
