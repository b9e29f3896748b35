"""The dashboard: incidents and claims over time, counts, latest estimates, the map."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from refwatch.records.queries import dashboard_for_user, latest_alerts_for_user
from refwatch.web.basemap import base_map
from refwatch.web.charts import interval_chart, timeline
from refwatch.web.views.gate import acting, page


@page(records=False)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = dashboard_for_user(acting(request))
    latest = data.estimates[:3]
    return render(request, "web/dashboard.html", {
        "data": data,
        "timeline": timeline(data.incidents, data.claims_timeline),
        "map": base_map(data.by_place),
        "chart": interval_chart(latest),
        "alerts": latest_alerts_for_user(acting(request)),
        "type_rows": sorted(
            {*data.claims_by_type, *data.incidents_by_type},
            key=lambda t: -(data.claims_by_type.get(t, 0) + data.incidents_by_type.get(t, 0)),
        ),
        "nav": "dashboard",
    })
