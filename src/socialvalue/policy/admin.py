from django.contrib import admin

from socialvalue.core.admin import SupportHistoryAdmin
from socialvalue.policy import models

for model in (
    models.Organisation,
    models.ContractingAuthority,
    models.PlanPeriod,
    models.Priority,
    models.PolicyStatement,
    models.EvaluationRule,
    models.Threshold,
    models.LocalArea,
    models.Theme,
    models.Outcome,
    models.Measure,
):
    admin.site.register(model, SupportHistoryAdmin)
