import os

from django.core.wsgi import get_wsgi_application

from alliance87.gctune import tune as tune_gc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
application = get_wsgi_application()
tune_gc()  # last: start-up's objects are kept out of the collector's sight (gctune.py)
