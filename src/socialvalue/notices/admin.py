from django.contrib import admin

from socialvalue.core.admin import SupportHistoryAdmin
from socialvalue.notices import models

for model in (models.NoticePlan, models.Notice, models.KpiRating):
    admin.site.register(model, SupportHistoryAdmin)
