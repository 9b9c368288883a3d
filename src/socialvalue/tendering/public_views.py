"""The public pages of tenders (no sign-in): the tenders open for bids and each one's
summary. They show what a bidder is told (what is bought, by whom, the value band, the
deadline, how bids are scored, the buyer's social value measures) and nothing of the bids:
no bidder, no count, no content, before or after the deadline."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.views.generic import TemplateView

from socialvalue.accounts.predicates import is_supplier_user
from socialvalue.policy.selectors import organisation_get
from socialvalue.procurement.selectors import public_value_band
from socialvalue.tendering import selectors
from socialvalue.tendering.models import Tender
from socialvalue.tendering.views import _model_context, notices_context


def _value_band(tender: Tender) -> str:
    if tender.estimated_value is None:
        return "Not published"
    return public_value_band(tender.estimated_value)


def _buyer() -> str:
    organisation = organisation_get()
    return organisation.name if organisation else ""


class PublicTenderListView(TemplateView):
    template_name = "tendering/public_tender_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tenders"] = [(t, _value_band(t)) for t in selectors.tenders_open_for_bids()]
        context["buyer"] = _buyer()
        return context


class PublicTenderDetailView(TemplateView):
    template_name = "tendering/public_tender_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        tender = selectors.tender_for_public(self.kwargs["pk"])
        if tender is None:
            raise Http404("No such tender")
        context.update(_model_context(tender))
        context.update(
            tender=tender,
            buyer=_buyer(),
            value_band=_value_band(tender),
            accepts_bids=tender.accepts_bids(),
            measures=selectors.buyer_measures(tender),
            priorities=selectors.buyer_priorities(tender),
            is_supplier=bool(is_supplier_user(self.request.user)),
        )
        context.update(notices_context(tender))  # no user: the public sees no one's questions
        return context
