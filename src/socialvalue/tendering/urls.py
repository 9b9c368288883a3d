"""Tender pages: set-up and bids (``urls_bids``), then evaluation (``urls_evaluation``)."""

from socialvalue.tendering.urls_bids import urlpatterns as bid_urls
from socialvalue.tendering.urls_evaluation import urlpatterns as evaluation_urls

app_name = "tendering"
urlpatterns = bid_urls + evaluation_urls
