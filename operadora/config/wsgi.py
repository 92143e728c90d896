"""WSGI entry point (gunicorn): Django, then the process preparation shared by every server entry point."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "operadora.config.settings")
application = get_wsgi_application()

from operadora.config.processo import preparar_processo  # noqa: E402  (needs the apps loaded)

preparar_processo()
