"""Settings for the test suite: production settings with test-only secrets and backends.

DEBUG stays off so tests see what production does; only what cannot work in a test run
(HTTPS redirects, the compressed static manifest, real e-mail, the task worker) is changed.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-suite-only-not-a-secret-" + "x" * 20)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DEBUG", "0")

from socialvalue.config.settings import *  # noqa: E402,F403

SESSION_COOKIE_SECURE = False  # the live server of the browser tests speaks plain HTTP
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Two-factor sign-in off: most tests sign in with force_login; tests/accounts/test_two_factor.py
# turns it on with the settings fixture and goes through the real steps.
MFA_REQUIRED = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Pages are served by WhiteNoise from the app folders, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# One month of a Lancashire district's payments: the demo loads in every test that uses it.
DEMO_SPEND_FILE = str(
    PROJECT_DIR  # noqa: F405
    / "tests"
    / "fixtures"
    / "spend"
    / "hyndburn"
    / "hyndburn-spend-over-250-April-24.csv"  # noqa: E501,F405
)
