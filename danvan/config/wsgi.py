import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    # The first duplicate suggestion would otherwise pay datasketch's import (numpy, scipy:
    # more than a second) inside an officer's request; pay it when the server starts.
    from danvan.text.dedup import band_hashes

    band_hashes("khởi động máy chủ danvan")


_warm_up()
