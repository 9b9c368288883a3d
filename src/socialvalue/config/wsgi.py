"""WSGI entry point for gunicorn: ``gunicorn socialvalue.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialvalue.config.settings")
application = get_wsgi_application()
