"""What the API returns. Money is a decimal string ("1234.50"), never a float; dates are ISO
8601; choices are their stored values (the readable label is beside them as ``*_label``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socialvalue.accounts.predicates import is_staff_member
from socialvalue.contracts import selectors as contract_selectors
from socialvalue.contracts.models import (
    Contract,
    DeliveryReturn,
    EvidenceFile,
    Kpi,
    ReturnLine,
)
from socialvalue.core.fields import Digits
from socialvalue.domain.delivery import Rag
from socialvalue.domain.place_coverage import PlaceBasis
from socialvalue.procurement import selectors as procurement_selectors
from socialvalue.procurement.models import Lot, Project
from socialvalue.reviews import selectors as review_selectors
from socialvalue.reviews.models import AnnualReview
from socialvalue.suppliers.models import Supplier
from socialvalue.tendering import sealing
from socialvalue.tendering.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidResponse,
    Criterion,
    OwnProposal,
    Tender,
)

MONEY: Digits = {"max_digits": 18, "decimal_places": 2}


def label_of(field: str) -> serializers.CharField:
    """The readable label of a choice field (``get_<field>_display``)."""
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# Projects and the public pipeline ---------------------------------------------------------


class LotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lot
        fields = ["id", "title", "value"]


class ProjectSerializer(serializers.ModelSerializer):
    """A procurement project as staff see it on its page."""

    owner = serializers.SerializerMethodField()
    category_label = label_of("category")
    stage_label = label_of("stage")
    lots = LotSerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "description",
            "requesting_department",
            "owner",
            "category",
            "category_label",
            "stage",
            "stage_label",
            "estimated_value",
            "value_includes_vat",
            "procurement_starts_on",
            "contract_starts_on",
            "contract_ends_on",
            "contact_email",
            "published",
            "lots",
        ]

    def get_owner(self, project: Project) -> str:
        return project.owner.get_full_name() or project.owner.username


class OpportunitySerializer(serializers.ModelSerializer):
    """An upcoming opportunity on the public pipeline: the value band, never the estimate."""

    category_label = label_of("category")
    value_band = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "category",
            "category_label",
            "value_band",
            "procurement_starts_on",
            "contract_starts_on",
            "contract_ends_on",
            "contact_email",
        ]

    def get_value_band(self, project: Project) -> str:
        return procurement_selectors.public_value_band(project.estimated_value)


# Supplier register ------------------------------------------------------------------------


class SupplierSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(child=serializers.CharField(), source="alias_list")
    legal_form_label = label_of("legal_form")

    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "aliases",
            "companies_house_number",
            "charity_number",
            "postcode",
            "employees",
            "turnover",
            "balance_sheet_total",
            "legal_form",
            "legal_form_label",
            "local_branch",
            "updated_at",
        ]


# Spend figures (the same DuckDB engine as the spend pages) --------------------------------


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(**MONEY, **kwargs)


def _share_text() -> serializers.CharField:
    return serializers.CharField(
        help_text="The share as shown: '38.2%', or 'Not known: between 0.0% and 87.0%' when "
        "more than place_unknown_limit of spend has no known place; '-' with no spend."
    )


def _share() -> serializers.CharField:
    return serializers.CharField(
        allow_null=True, help_text="A fraction with 4 places ('0.1234' is 12.34%); null of 0."
    )


def _place_share() -> serializers.CharField:
    return serializers.CharField(
        allow_null=True,
        help_text="A fraction with 4 places ('0.1234' is 12.34%); null with no spend, and null "
        "when more than place_unknown_limit of spend has no known place: the share is then only "
        "known to lie between the _low and _high fields.",
    )


def _bound(which: str) -> serializers.CharField:
    return serializers.CharField(
        allow_null=True,
        help_text=f"The {which} the share can be: the spend placed there"
        + (" plus all spend of no known place (at most 1)" if which == "most" else "")
        + "; equal bounds when every pound is placed. A fraction with 4 places.",
    )


class PeriodFiguresSerializer(serializers.Serializer):
    year = serializers.CharField(help_text="Financial year, e.g. 2024-25")
    month = serializers.CharField(allow_null=True, help_text="e.g. 2024-04")
    category = serializers.CharField(allow_null=True)
    lines = serializers.IntegerField()
    total = _money()
    influenceable = _money()
    force_area = _money()
    north_west = _money()
    outside_uk = _money()
    place_unknown = _money()
    sme = _money()
    size_unknown = _money()
    vcse = _money()
    suppliers = serializers.IntegerField()
    force_area_share = _place_share()
    north_west_share = _place_share()
    force_area_share_low = _bound("least")
    force_area_share_high = _bound("most")
    north_west_share_low = _bound("least")
    north_west_share_high = _bound("most")
    sme_share = serializers.CharField(
        allow_null=True,
        help_text="A fraction with 4 places; null with no spend, and null when more than "
        "place_unknown_limit of spend is with suppliers of no known size: the share is then "
        "only known to lie between sme_share_low and sme_share_high.",
    )
    sme_share_low = serializers.CharField(
        allow_null=True, help_text="The least the SME share can be: the spend with known SMEs."
    )
    sme_share_high = serializers.CharField(
        allow_null=True,
        help_text="The most the SME share can be: that plus all spend of no known size (at "
        "most 1).",
    )
    sme_share_text = serializers.CharField(
        help_text="The SME share as shown: '12.4%', or 'Not known: between ...' when too much "
        "spend has no known size."
    )
    size_unknown_share = _share()
    size_shares_reliable = serializers.BooleanField(
        help_text="False when more than the limit of spend has no known size (the SME share "
        "is then a range)"
    )
    vcse_share = _share()
    placed_by_postcode = _money(help_text="Placed by the supplier's own full postcode")
    placed_by_country = _money(help_text="Placed by a country outside the UK")
    estimated_by_sector = _money(help_text="Placed by an estimate from the postcode sector")
    estimated_by_district = _money(help_text="Placed by an estimate from the postcode district")
    place_unknown_limit = serializers.CharField(
        help_text="A fraction ('0.20' is 20%): more of the spend than this of no known place "
        "and the place shares are given only as a range"
    )
    force_area_share_text = _share_text()
    north_west_share_text = _share_text()
    place_estimated_share = _share()
    place_unknown_share = _share()
    place_shares_reliable = serializers.BooleanField(
        help_text="False when more than the limit of spend has no known place: the place "
        "shares are then only known to lie in the range the *_share_text fields give."
    )
    place_caveat = serializers.CharField(help_text="What the place shares rest on, in words")


class PlaceCoverageRowSerializer(serializers.Serializer):
    basis = serializers.ChoiceField(choices=[b.value for b in PlaceBasis])
    label = serializers.CharField()
    amount = _money()
    share = _share()
    share_text = serializers.CharField()


class PlaceCoverageSerializer(serializers.Serializer):
    """How the place of the influenceable spend was decided (``PlaceCoverage.to_dict``)."""

    whole = _money(help_text="The influenceable spend the place shares are of")
    rows = PlaceCoverageRowSerializer(many=True)
    estimated = _money()
    estimated_share = _share()
    unknown = _money()
    unknown_share = _share()
    unknown_share_text = serializers.CharField()
    limit = serializers.CharField(help_text="A fraction: '0.20' is 20%")
    limit_text = serializers.CharField()
    reliable = serializers.BooleanField(
        help_text="False: more than the limit has no known place, so each place share is "
        "given only as a range (place_share_texts)"
    )
    caveat = serializers.CharField()


class SupplierTotalSerializer(serializers.Serializer):
    year = serializers.CharField(required=False, allow_null=True)
    supplier = serializers.CharField()
    total = _money()
    lines = serializers.IntegerField()


class Lm3Serializer(serializers.Serializer):
    year = serializers.CharField()
    round1 = _money()
    round2 = _money()
    round3 = _money()
    lm3 = serializers.CharField(allow_null=True)
    round3_from_assumption = _money()
    assumption = serializers.CharField()


class AuthorityRefSerializer(serializers.Serializer):
    """A contracting authority: its id (the ``authority`` filter's value) and name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class SpendFiguresSerializer(serializers.Serializer):
    """``SpendFigures.to_dict()``: what the spend figures page and its downloads show."""

    lines = serializers.IntegerField()
    total = _money()
    influenceable_total = _money()
    negatives = serializers.IntegerField()
    first_date = serializers.DateField(allow_null=True)
    last_date = serializers.DateField(allow_null=True)
    suppliers = serializers.IntegerField()
    matched_suppliers = serializers.IntegerField()
    totals_by_place = serializers.DictField(child=_money())
    shares_by_place = serializers.DictField(
        child=_place_share(),
        help_text="Each place's share; null when too much spend has no known place (see "
        "share_ranges_by_place). The 'unknown' share is always given.",
    )
    share_ranges_by_place = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField(allow_null=True)),
        help_text="For each place, the least ('low') and most ('high') its share can be.",
    )
    totals_by_size = serializers.DictField(child=_money())
    shares_by_size = serializers.DictField(child=_share())
    totals_by_type = serializers.DictField(child=_money())
    shares_by_type = serializers.DictField(child=_share())
    top_suppliers = SupplierTotalSerializer(many=True)
    years = PeriodFiguresSerializer(many=True)
    months = PeriodFiguresSerializer(many=True)
    categories = PeriodFiguresSerializer(many=True)
    top_suppliers_by_year = SupplierTotalSerializer(many=True)
    unmatched_suppliers = serializers.ListField(child=serializers.CharField())
    lm3 = Lm3Serializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    totals_by_place_basis = serializers.DictField(child=_money())
    place_share_texts = serializers.DictField(
        child=serializers.CharField(),
        help_text="Each place's share as shown: '38.2%', or 'Not known: between 0.0% and "
        "87.0%' when more than the limit of spend has no known place",
    )
    place_coverage = PlaceCoverageSerializer()
    computed_at = serializers.DateTimeField(
        help_text="When these figures were computed, in the background, from every payment"
    )
    being_computed = serializers.BooleanField(
        help_text="True when newer figures are due (an import or the supplier register "
        "changed since) and are being computed"
    )
    contracting_authority = AuthorityRefSerializer(
        allow_null=True,
        help_text="Whose payments the figures count: the contracting authority's id and name, "
        "or null for every body together and for the payments whose body is not stated "
        "(see body)",
    )
    body = serializers.CharField(
        help_text="Whose payments the figures count, in words: 'All contracting authorities', "
        "the authority's name, or 'Body not stated'"
    )


class SpendQuerySerializer(serializers.Serializer):
    """The spend figures page's filters."""

    year = serializers.CharField(
        required=False, help_text="A financial year with imported payments, e.g. 2024-25"
    )
    include_public_bodies = serializers.BooleanField(
        required=False, default=False, help_text="Count spend with public bodies as influenceable"
    )
    authority = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Whose payments: a contracting authority's id, 'none' for the payments whose "
        "import does not state its body, or blank for every body together (the default)",
    )


# Tenders, bids and evaluation results -----------------------------------------------------


@extend_schema_field({"type": "string", "format": "decimal", "example": "12.3456"})
class DecimalString(serializers.Field):
    """A computed decimal (a score, marks) as a string with every place it has."""

    def to_representation(self, value) -> str:
        return str(value)


class CriterionSerializer(serializers.ModelSerializer):
    kind_label = label_of("kind")
    descriptors = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="[score, descriptor] pairs of the scale",
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "title",
            "question",
            "weight",
            "kind",
            "kind_label",
            "scale_minimum",
            "scale_maximum",
            "scale_step",
            "descriptors",
            "pass_mark",
            "sv_method",
            "sv_target",
        ]


class TenderSerializer(serializers.ModelSerializer):
    """A tender and how bids are scored. ``estimated_value`` is null for suppliers."""

    # "Closed for bids" once a published tender's deadline has passed, as the pages say.
    status_label = serializers.CharField(source="display_status", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Tender
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "project",
            "lot",
            "deadline",
            "status",
            "status_label",
            "estimated_value",
            "price_weight",
            "quality_weight",
            "price_method",
            "social_value_relevant",
            "prices_open_after_moderation",
            "rule_minimum_percent",
            "rule_basis",
            "published_at",
            "prices_opened_at",
            "awarded_at",
            "criteria",
        ]

    def to_representation(self, tender: Tender) -> dict:
        data = super().to_representation(tender)
        if not is_staff_member(self.context["request"].user):
            data["estimated_value"] = None  # the pre-tender estimate is for staff only
        return data


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = BidAttachment
        fields = ["name", "size", "content_type", "uploaded_at"]


class BidResponseSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = BidResponse
        fields = ["criterion", "text", "attachments"]


class CommitmentSerializer(serializers.ModelSerializer):
    measure = serializers.CharField(source="measure.code")
    measure_title = serializers.CharField(source="measure.title")
    unit = serializers.CharField(source="measure.unit")

    class Meta:
        model = BidCommitment
        fields = ["measure", "measure_title", "unit", "quantity", "year"]


class OwnProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = OwnProposal
        fields = ["description", "unit", "quantity", "year"]


class SupplierNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "name"]


class BidSerializer(serializers.ModelSerializer):
    """A bid with its content. Only bids the user may read now are ever serialised (see
    ``tendering.sealing``); ``price`` is null until the user may see prices."""

    tender_reference = serializers.CharField(source="tender.reference")
    supplier = SupplierNameSerializer(read_only=True)
    status_label = label_of("status")
    price = serializers.SerializerMethodField()
    responses = BidResponseSerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    own_proposals = OwnProposalSerializer(many=True, read_only=True)

    class Meta:
        model = Bid
        fields = [
            "id",
            "tender",
            "tender_reference",
            "supplier",
            "status",
            "status_label",
            "is_paper",
            "submitted_at",
            "paper_received_at",
            "price",
            "responses",
            "commitments",
            "own_proposals",
        ]

    @extend_schema_field(serializers.DecimalField(**MONEY, allow_null=True))
    def get_price(self, bid: Bid) -> str | None:
        if bid.price is None or not sealing.price_visible(self.context["request"].user, bid):
            return None
        return f"{bid.price:.2f}"


class CriterionResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    score = DecimalString(allow_null=True)
    marks = DecimalString()


class BidResultSerializer(serializers.Serializer):
    bidder = serializers.CharField()
    bid = serializers.IntegerField(help_text="The bid's id")
    rank = serializers.IntegerField(allow_null=True, help_text="Null for an excluded bid")
    total = DecimalString(allow_null=True)
    price = DecimalString()
    price_score = DecimalString(allow_null=True)
    quality_score = DecimalString(help_text="The whole quality element, social value included")
    social_value_score = DecimalString()
    social_value_pounds = DecimalString()
    social_value_per_pound = DecimalString()
    price_per_quality_point = DecimalString(allow_null=True)
    excluded_reason = serializers.CharField(allow_null=True)
    criteria = CriterionResultSerializer(many=True)


class FlagSerializer(serializers.Serializer):
    bidder = serializers.CharField()
    bid = serializers.IntegerField()
    kind = serializers.CharField()
    message = serializers.CharField()
    answered = serializers.BooleanField()
    answer = serializers.CharField(allow_null=True)


class EvaluationSerializer(serializers.Serializer):
    """A tender's results once its prices are open, from the scoring rules."""

    id = serializers.IntegerField(help_text="The tender's id")
    reference = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    prices_opened_at = serializers.DateTimeField()
    errors = serializers.ListField(
        child=serializers.CharField(), help_text="Why it cannot be scored yet, if so"
    )
    social_value_share_of_quality = DecimalString(allow_null=True)
    social_value_share_of_total = DecimalString(allow_null=True)
    results = BidResultSerializer(many=True)
    flags = FlagSerializer(many=True)


# Contracts and delivery returns -----------------------------------------------------------


class KpiSerializer(serializers.ModelSerializer):
    measure = serializers.CharField(source="code", help_text="Measure code, or Own")
    basis_label = label_of("basis")
    source_label = label_of("source")

    class Meta:
        model = Kpi
        fields = [
            "id",
            "measure",
            "title",
            "unit",
            "quantity",
            "basis",
            "basis_label",
            "contract_year",
            "unit_value",
            "source",
            "source_label",
        ]


class DeliverySerializer(serializers.Serializer):
    """The contract's delivery today, as its page shows it."""

    rag = serializers.ChoiceField(choices=[r.value for r in Rag])
    rag_label = serializers.CharField(help_text="The status in words, as the pages show it")
    share = DecimalString(allow_null=True, help_text="Delivered share of what was due (1 = all)")
    committed_value = _money()
    due_value = _money()
    delivered_value = _money()
    overdue_returns = serializers.IntegerField()


class ContractSerializer(serializers.ModelSerializer):
    supplier = SupplierNameSerializer(read_only=True)
    route_label = label_of("route")
    reporting_months_label = label_of("reporting_months")
    manager = serializers.SerializerMethodField()
    kpis = KpiSerializer(many=True, read_only=True)
    delivery = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "reference",
            "title",
            "supplier",
            "project",
            "tender",
            "route",
            "route_label",
            "value",
            "starts_on",
            "ends_on",
            "extension_options",
            "awarded_at",
            "reporting_months",
            "reporting_months_label",
            "manager",
            "kpis",
            "delivery",
        ]

    def get_manager(self, contract: Contract) -> str | None:
        manager = contract.manager
        return (manager.get_full_name() or manager.username) if manager else None

    @extend_schema_field(DeliverySerializer)
    def get_delivery(self, contract: Contract) -> dict:
        status = contract_selectors.contract_status_get(contract)
        return DeliverySerializer(
            {
                "rag": status.rag.value,
                "rag_label": status.rag.label,
                "share": status.share,
                "committed_value": status.committed_value,
                "due_value": status.due_value,
                "delivered_value": status.delivered_value,
                "overdue_returns": len(status.overdue),
            }
        ).data


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceFile
        fields = ["name", "size", "content_type", "line_version", "uploaded_at"]


class ReturnLineSerializer(serializers.ModelSerializer):
    kpi_title = serializers.CharField(source="kpi.title")
    unit = serializers.CharField(source="kpi.unit")
    status_label = label_of("status")
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ReturnLine
        fields = [
            "kpi",
            "kpi_title",
            "unit",
            "quantity",
            "narrative",
            "status",
            "status_label",
            "version",
            "submitted_at",
            "reviewed_at",
            "reason",
            "evidence",
        ]


class DeliveryReturnSerializer(serializers.ModelSerializer):
    contract_reference = serializers.CharField(source="contract.reference")
    supplier = SupplierNameSerializer(source="contract.supplier", read_only=True)
    lines = ReturnLineSerializer(many=True, read_only=True)

    class Meta:
        model = DeliveryReturn
        fields = [
            "id",
            "contract",
            "contract_reference",
            "supplier",
            "period_number",
            "period_start",
            "period_end",
            "submitted_at",
            "lines",
        ]


# Reports (the annual review of the policy) ------------------------------------------------


class ReportSummarySerializer(serializers.ModelSerializer):
    year = serializers.CharField(source="label", help_text="Financial year, e.g. 2026-27")
    status_label = label_of("status")
    conclusions = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Section -> the reviewer's conclusions",
    )

    class Meta:
        model = AnnualReview
        fields = ["id", "year", "status", "status_label", "published_at", "conclusions"]


class ReportSerializer(ReportSummarySerializer):
    """A review with its figures: frozen when it was published, computed now for a draft."""

    figures = serializers.SerializerMethodField()

    class Meta(ReportSummarySerializer.Meta):
        fields = [*ReportSummarySerializer.Meta.fields, "figures"]

    @extend_schema_field({"type": "object", "additionalProperties": {}})
    def get_figures(self, review: AnnualReview) -> dict:
        if review.is_published and review.published_figures is not None:
            return review.published_figures
        return review_selectors.current_figures(review.year)
