"""What several app servers share is chosen by the environment (issue 18, item 2; docs/operations.md,
«Несколько серверов приложения»): each setting read by a fresh process, as a server reads it."""

import subprocess
import sys

import pytest

from apps.core.servers import server_env

SHOW_STATE = (
    "import django; django.setup(); from django.conf import settings; from django.core.files.storage import storages;"
    "media = storages['default']; print(type(media).__module__, type(media).__name__, settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "django.core.files.storage.filesystem FileSystemStorage django.core.cache.backends.locmem.LocMemCache"),
        (
            {"AWS_STORAGE_BUCKET_NAME": "nastavnik-media", "AWS_S3_ENDPOINT_URL": "https://storage.example", "CACHE_URL": "redis://10.0.0.5:6379/0"},
            "storages.backends.s3 S3Storage django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_what_the_servers_share_is_chosen_by_the_environment(extra, expected):
    """Without settings: local media, a cache per process; with a bucket and CACHE_URL: S3 and Redis. Sessions
    are in the database either way."""
    # Empty rather than absent where not set here: a developer's .env must not decide the answer.
    extra = {"AWS_STORAGE_BUCKET_NAME": "", "CACHE_URL": "locmemcache://public-pages", **extra}
    env = server_env(database_url="postgres://u@127.0.0.1:5432/x", **extra)
    result = subprocess.run([sys.executable, "-c", SHOW_STATE], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == [*expected.split(), "django.contrib.sessions.backends.db"]
