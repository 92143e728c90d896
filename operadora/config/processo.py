"""What a long-lived server process does once, after Django is loaded and before it serves: the entry points
(`wsgi.py`, `asgi.py`, the Celery worker) call `preparar_processo()`.

It imports every view (the URLconf) and then moves everything alive into the garbage collector's permanent
generation (`gc.freeze()`). Those ~170,000 start-up objects never die, but each full collection walked them
all: receiving a 100-guide lote allocates enough to trigger one every few uploads, and the collector cost
6.3–7.5 ms per upload on average; with the start-up objects frozen, 1.4–1.5 ms (measured with `gc.callbacks`
over 20 uploads in a Django process, bench/bench_billing.py's set-up). Collection itself stays on: objects
created while serving are collected as before.
"""

import gc


def preparar_processo() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports every view module now, not on the first request
    gc.collect()
    gc.freeze()
