import datetime as dt
import gc
import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.config.settings")
application = get_wsgi_application()


def _templates_compile() -> None:
    """Build the template engine (its tag libraries) and compile every template into its cached
    loader: about 0.3 s of CPU and 100 modules that each worker would otherwise load anew."""
    from django.template import TemplateSyntaxError, engines
    from django.template.utils import get_app_template_dirs

    for backend in engines.all():
        engine = getattr(backend, "engine", None)
        if engine is None:
            continue
        # The apps' template folders too: the loaders are listed in the settings (APP_DIRS is
        # off), so `template_dirs` names only DIRS.
        directories = [*backend.template_dirs, *get_app_template_dirs("templates")]
        for directory in dict.fromkeys(str(d) for d in directories):
            root = Path(directory)
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.suffix in (".html", ".txt", ".xml"):
                    try:
                        engine.get_template(path.relative_to(root).as_posix())
                    except (TemplateSyntaxError, UnicodeDecodeError):  # reported when used
                        continue


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
    _templates_compile()
    # The public holidays of the years deadlines fall in (the `holidays` package imports its
    # ~250 country modules at the first call: 0.4 s of CPU in each worker otherwise).
    from danvan.core.deadlines import vietnam_public_days

    this_year = dt.date.today().year
    for year in (this_year - 1, this_year, this_year + 1):
        vietnam_public_days(year)
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
