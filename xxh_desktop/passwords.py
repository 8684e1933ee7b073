"""Password hashes: scrypt (hashlib), salted, with its parameters stored beside the hash.

``scrypt$N$r$p$salt$hash`` (salt and hash in base64): a later version may
raise the cost; a stored hash keeps verifying with the parameters it was
made with. N = 2^15, r = 8, p = 1 takes about a tenth of a second and 32 MiB
here, for each sign-in and for each guess an attacker makes.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from .hashing import same

SCHEME = "scrypt"
N, R, P = 2 ** 15, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MAX_MEMORY = 256 * 1024 * 1024


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=length)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, N, R, P, HASH_BYTES)
    return "$".join((SCHEME, str(N), str(R), str(P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()))


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored`; False for anything malformed, never an error."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return same(actual, expected)


def usable_hash(stored: object) -> bool:
    """Whether some password could ever match `stored`: a hash of our scheme with parameters
    scrypt takes (a backup edited outside the program may hold anything there)."""
    try:
        scheme, n, r, p, salt, digest = str(stored).split("$")
        n, r, p = int(n), int(r), int(p)
        return (scheme == SCHEME and n > 1 and n & (n - 1) == 0 and r > 0 and p > 0 and 128 * r * n <= MAX_MEMORY
                and bool(base64.b64decode(salt, validate=True)) and bool(base64.b64decode(digest, validate=True)))
    except (ValueError, TypeError):
        return False
