from django.contrib import admin

from socialvalue.contracts import models
from socialvalue.core.admin import SupportAdmin, SupportHistoryAdmin

for model in (
    models.Contract,
    models.Kpi,
    models.DeliveryReturn,
    models.ReturnLine,
    models.EvidenceFile,
    models.RecoveryPlan,
    models.ContractVariation,
):
    admin.site.register(model, SupportHistoryAdmin)
for model in (models.ContractMessage, models.ReturnReminder):
    admin.site.register(model, SupportAdmin)
