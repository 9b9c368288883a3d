"""API endpoints. Each reads through the same selectors as its page and names the page's
permission (``permission_required``, checked by ``api.permissions.PagePermission``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view, permission_classes, schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialvalue.accounts.predicates import is_staff_member
from socialvalue.api import serializers, services
from socialvalue.api.permissions import PUBLIC
from socialvalue.contracts import selectors as contract_selectors
from socialvalue.contracts.models import DeliveryReturn
from socialvalue.domain.fiscal import FinancialYear
from socialvalue.procurement import selectors as procurement_selectors
from socialvalue.reviews.models import AnnualReview
from socialvalue.spend import selectors as spend_selectors
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering import evaluation_selectors, sealing
from socialvalue.tendering import selectors as tendering_selectors
from socialvalue.tendering.models import Bid, Tender

# {"field": ["what is wrong", ...]}: DRF's answer to a bad parameter.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
# {"detail": "what to do"}: an answer that is not ready yet.
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """A list and its records; ids are whole numbers (anything else is not found)."""

    lookup_value_regex = r"[0-9]{1,18}"  # a longer number is no id: a 404, not an overflow


class ProjectViewSet(ReadOnly):
    """Procurement projects, as on the projects pages (staff only)."""

    permission_required = "procurement.view_project"
    serializer_class = serializers.ProjectSerializer

    def get_queryset(self):
        return procurement_selectors.project_list().prefetch_related("lots")


class OpportunityViewSet(ReadOnly):
    """The public forward pipeline: upcoming opportunities the organisation published."""

    permission_required = PUBLIC
    serializer_class = serializers.OpportunitySerializer

    def get_queryset(self):
        return procurement_selectors.pipeline_public()


class SupplierViewSet(ReadOnly):
    """The supplier register (staff only)."""

    permission_required = "suppliers.view_register"
    serializer_class = serializers.SupplierSerializer
    queryset = Supplier.objects.order_by("name", "pk").prefetch_related("aliases")


class SpendFiguresView(APIView):
    """Spend figures from the imported payments: the spend figures page's numbers, as the
    last background computation stored them, with when they were computed and whether newer
    ones are being computed. Without a year, every year imported; without an authority, every
    contracting authority together. Answers 503 (try again in a minute) while none are stored
    yet."""

    permission_required = "spend.view_spend"

    @extend_schema(
        parameters=[serializers.SpendQuerySerializer],
        responses={
            200: serializers.SpendFiguresSerializer,
            400: OpenApiResponse(
                FIELD_ERRORS, description="A filter is wrong: the field and what is wrong."
            ),
            503: OpenApiResponse(
                DETAIL,
                description="The figures are being computed: try again in a minute.",
            ),
        },
    )
    def get(self, request: Request) -> Response:
        query = serializers.SpendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = _imported_year(query.validated_data.get("year", ""))
        try:
            body = spend_selectors.body_named(query.validated_data["authority"])
        except spend_selectors.UnknownBody as error:
            raise ValidationError({"authority": [str(error)]}) from None
        snapshot = spend_selectors.figures_snapshot(
            year=year,
            include_public_bodies=query.validated_data["include_public_bodies"],
            body=body,
        )
        if snapshot.figures is None:
            detail = "The spend figures are being computed: try again in a minute."
            return Response({"detail": detail}, status=503, headers={"Retry-After": "60"})
        data = snapshot.figures.to_dict()
        authority = body.authority
        data.update(
            computed_at=snapshot.computed_at,
            being_computed=snapshot.out_of_date,
            contracting_authority={"id": authority.pk, "name": authority.name}
            if authority
            else None,
            body=body.label,
        )
        return Response(serializers.SpendFiguresSerializer(data).data)


def _imported_year(label: str) -> FinancialYear | None:
    """The financial year asked for, which must be one with imported payments."""
    if not label:
        return None
    years = {y.label: y for y in spend_selectors.financial_years_imported()}
    if label not in years:
        choices = ", ".join(years) or "none yet"
        raise ValidationError({"year": [f"No payments imported for {label!r}: use {choices}"]})
    return years[label]


class TenderViewSet(ReadOnly):
    """Tenders with their criteria. Staff see every tender; a supplier's users see published
    tenders only, without the pre-tender estimate."""

    permission_required = ("tendering.view_tenders", "tendering.bid")
    serializer_class = serializers.TenderSerializer

    def get_queryset(self):
        tenders = tendering_selectors.tender_list().prefetch_related("criteria")
        if is_staff_member(self.request.user):
            return tenders
        return tenders.filter(published_at__isnull=False)


class BidViewSet(ReadOnly):
    """Bids with their content. A supplier's users see their own organisation's bids at any
    time; staff see only the bids they may read now (after the deadline, and for an
    evaluator only on their panel), with prices once prices are open."""

    permission_required = ("tendering.view_bid", "tendering.score_bids")
    serializer_class = serializers.BidSerializer

    def get_queryset(self):
        return (
            sealing.readable_bids(self.request.user)
            .prefetch_related(
                "responses__criterion",
                "responses__attachments",
                "commitments__measure",
                "own_proposals",
            )
            .order_by("tender__deadline", "pk")
        )

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:  # a page of bids, or one bid, about to be shown: audited
            bids = list(instance) if kwargs.get("many", False) else [instance]
            services.bid_reads_record(request=self.request, bids=bids)
        return super().get_serializer(instance, *args, **kwargs)


class EvaluationViewSet(ReadOnly):
    """Results of the tenders whose prices are open, as the results page shows them: ranks,
    scores, social value and the flags with their answers. ``id`` is the tender's id."""

    permission_required = "tendering.view_results"
    serializer_class = serializers.EvaluationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks
            return Tender.objects.none()
        user = self.request.user
        opened = Tender.objects.filter(prices_opened_at__isnull=False).order_by("-deadline", "pk")
        # The results permission is per tender: an evaluator only for panels they sit on.
        allowed = [t.pk for t in opened if user.has_perm("tendering.view_results", t)]
        return opened.filter(pk__in=allowed)

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            many = kwargs.get("many", False)
            tenders = instance if many else [instance]
            rows, bids = [], []
            for tender in tenders:
                row, shown = _evaluation(tender)
                rows.append(row)
                bids.extend(shown)
            # Results show each bid's price, scores and flag answers: audited as bid reads.
            services.bid_reads_record(request=self.request, bids=bids)
            instance = rows if many else rows[0]
        return super().get_serializer(instance, *args, **kwargs)


def _evaluation(tender: Tender) -> tuple[dict, list[Bid]]:
    """A tender's results for the serializer, and the bids whose content they show."""
    results = evaluation_selectors.tender_results(tender)
    evaluation = results.evaluation
    bids: dict[str, Bid] = results.bids
    data = {
        "id": tender.pk,
        "reference": tender.reference,
        "title": tender.title,
        "status": tender.status,
        "prices_opened_at": tender.prices_opened_at,
        "errors": results.errors,
        "social_value_share_of_quality": None,
        "social_value_share_of_total": None,
        "results": [],
        "flags": [],
    }
    if evaluation is None:
        return data, []
    data["social_value_share_of_quality"] = evaluation.social_value_share_of_quality
    data["social_value_share_of_total"] = evaluation.social_value_share_of_total
    data["results"] = [
        {**vars(r), "bid": bids[r.bidder].pk, "criteria": [vars(c) for c in r.criteria]}
        for r in evaluation.results
    ]
    data["flags"] = [
        {
            "bidder": row.flag.bidder,
            "bid": row.bid.pk,
            "kind": str(row.flag.kind),
            "message": row.message,
            "answered": row.answered,
            "answer": row.answer.answer if row.answer else None,
        }
        for row in results.flags
    ]
    shown = {bids[r.bidder].pk: bids[r.bidder] for r in evaluation.results}
    shown.update((row.bid.pk, row.bid) for row in results.flags)
    return data, sorted(shown.values(), key=lambda bid: bid.pk)


class ContractViewSet(ReadOnly):
    """Contracts with their KPIs and delivery status today. Staff see every contract; a
    supplier's users only their own organisation's."""

    permission_required = "contracts.view_contract"
    serializer_class = serializers.ContractSerializer

    def get_queryset(self):
        return (
            contract_selectors.contracts_visible_to(self.request.user)
            .prefetch_related("kpis__measure")
            .order_by("-starts_on", "reference")
        )


class DeliveryReturnViewSet(ReadOnly):
    """Suppliers' delivery returns: what each contract delivered in a reporting period,
    line by line with its checks. A supplier's users see only their own contracts'."""

    permission_required = "contracts.view_contract"
    serializer_class = serializers.DeliveryReturnSerializer

    def get_queryset(self):
        contracts = contract_selectors.contracts_visible_to(self.request.user)
        return (
            DeliveryReturn.objects.filter(contract__in=contracts)
            .select_related("contract__supplier")
            .prefetch_related("lines__kpi", "lines__evidence")
            .order_by("contract__reference", "period_number")
        )


class ReportViewSet(ReadOnly):
    """Annual reviews of the social value policy (staff only). The list gives each year's
    status and conclusions; a review's own record adds its figures."""

    permission_required = "reviews.view_review"
    queryset = AnnualReview.objects.order_by("-start_year")

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.ReportSummarySerializer
        return serializers.ReportSerializer


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@permission_classes([AllowAny])
@schema(None)
def not_found(request: Request) -> Response:
    raise NotFound("No such API address: see /api/docs/")
