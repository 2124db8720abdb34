# Django's zh_Hans formats write 615000000 (no separator, groups of four when one is set);
# Chinese tech and policy writing groups by three with commas: 615,000,000.
from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
