"""Tender pages: set-up and bids (``urls_bids``), documents, questions and deadline
extensions (``urls_clarify``), then evaluation (``urls_evaluation``), and
the public pages of open tenders (``urls_public``)."""

from socialvalue.tendering.urls_bids import urlpatterns as bid_urls
from socialvalue.tendering.urls_clarify import urlpatterns as clarify_urls
from socialvalue.tendering.urls_evaluation import urlpatterns as evaluation_urls
from socialvalue.tendering.urls_public import urlpatterns as public_urls

app_name = "tendering"
urlpatterns = public_urls + bid_urls + clarify_urls + evaluation_urls
