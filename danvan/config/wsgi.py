import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Pay the one-off costs when the server starts (before gunicorn forks its workers, which
    then share the result) rather than inside the first officers' requests."""
    from django.urls import get_resolver

    from danvan.text.dedup import band_hashes

    # The URL resolver imports every app's views and compiles all routes (about 2 s of CPU).
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - evaluated for its side effect
    resolver.reverse_dict  # noqa: B018 - builds the reverse lookup tables
    # datasketch's import (numpy, scipy): more than a second at the first duplicate suggestion.
    band_hashes("khởi động máy chủ danvan")
    try:  # the topic classifier's model file (absent until `danvan install` built it)
        from danvan.monitoring.classifier import classifier_model

        classifier_model()
    except Exception:  # warming is best effort; the request path reports its own errors
        pass
    # Everything loaded so far lives as long as the process: move it out of the collector's
    # reach. A full collection otherwise walks these ~300,000 objects (about 0.1 s each time),
    # and in the forked workers it would touch the shared pages (copy-on-write).
    gc.collect()
    gc.freeze()


_warm_up()
