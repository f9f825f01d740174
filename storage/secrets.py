"""Secrets at rest: bot tokens encrypted with Fernet, the keys from PROMETO_SECRET_KEY.

PROMETO_SECRET_KEY holds one or more Fernet keys separated by commas. The first encrypts; every
one of them decrypts (MultiFernet), so a key is rotated by putting a new one first, deploying,
re-encrypting the stored tokens (`prometo rotate-key`) and then dropping the old key.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretKeyError(ValueError):
    """PROMETO_SECRET_KEY is missing or is not a list of Fernet keys."""


def new_key() -> str:
    """A fresh Fernet key (url-safe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode()


class TokenCipher:
    """Encrypts and decrypts tokens; `keys` is PROMETO_SECRET_KEY's value."""

    def __init__(self, keys: str) -> None:
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise SecretKeyError("PROMETO_SECRET_KEY is empty (create one: prometo secret-key)")
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in parts])
        except ValueError:
            raise SecretKeyError(
                "PROMETO_SECRET_KEY must be Fernet keys separated by commas "
                "(create one: prometo secret-key)"
            ) from None

    def encrypt(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode()

    def decrypt(self, stored: str) -> str:
        """The secret in clear; raises SecretKeyError when no configured key opens it."""
        try:
            return self._fernet.decrypt(stored.encode()).decode()
        except InvalidToken:
            raise SecretKeyError(
                "a stored token was encrypted with a key that PROMETO_SECRET_KEY no longer has"
            ) from None

    def rotate(self, stored: str) -> str:
        """The same secret, encrypted again with the first key."""
        try:
            return self._fernet.rotate(stored.encode()).decode()
        except InvalidToken:
            raise SecretKeyError(
                "a stored token was encrypted with a key that PROMETO_SECRET_KEY no longer has"
            ) from None
