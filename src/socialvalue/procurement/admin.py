from django.contrib import admin

from socialvalue.core.admin import SupportAdmin, SupportHistoryAdmin
from socialvalue.procurement import models

for model in (
    models.Project,
    models.Lot,
    models.ValueBand,
    models.EngagementRecord,
    models.Assessment,
    models.AssessmentMeasure,
    models.Guidance,
):
    admin.site.register(model, SupportHistoryAdmin)
for model in (
    models.StageChange,
    models.EngagementAttachment,
    models.EventRegistration,
    models.InterestRegistration,
):
    admin.site.register(model, SupportAdmin)
