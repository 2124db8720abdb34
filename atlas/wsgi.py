import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atlas.settings")

application = get_wsgi_application()

# Python's garbage collector walks every tracked object on a full collection, and a large
# response (the GeoJSON of 15,000 sites is 15,000 dicts) triggers several: measured at 100×
# scale (README "Performance"), they took more than half of its time. What the app loaded at
# start-up lives as long as the process, so it is moved out of the collector's sight, and the
# youngest generation is collected less often (reference cycles are rare in a request).
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 20, 100)
