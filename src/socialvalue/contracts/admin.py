from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from socialvalue.contracts import models

for model in (
    models.Contract,
    models.Kpi,
    models.DeliveryReturn,
    models.ReturnLine,
    models.EvidenceFile,
    models.RecoveryPlan,
    models.ContractVariation,
):
    admin.site.register(model, SimpleHistoryAdmin)
for model in (models.ContractMessage, models.ReturnReminder):
    admin.site.register(model)
