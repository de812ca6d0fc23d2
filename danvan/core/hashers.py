"""Password hashing: Argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane).

Django's default, PBKDF2-SHA256 with 1,000,000 iterations, costs 0.39 s of CPU a sign-in on
this project's 2-vCPU machines: a province whose officers sign in within the first quarter hour
of the working day keeps both cores busy with nothing else. Argon2id at the OWASP Password
Storage Cheat Sheet's first configuration (m = 19 MiB, t = 2, p = 1) costs about 32 ms and is
memory-hard, so a stolen table is no cheaper to attack on GPUs. Django's own Argon2 hasher
defaults to 100 MiB and 8 lanes (0.23 s of CPU on 2 cores, and 100 MiB per concurrent sign-in).

The algorithm name stays `argon2`, and the parameters live in each stored hash: a hash made
with other parameters still verifies, and is rewritten with these at the next sign-in
(`must_update`). Hashes of the earlier default (PBKDF2) verify through the hashers listed after
this one in `PASSWORD_HASHERS` and are upgraded the same way.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
