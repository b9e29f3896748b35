"""Routes of the pages (mounted at / by refwatch.site.urls)."""

from __future__ import annotations

from django.urls import include, path

from refwatch.web.views import admin, dashboard, estimates, jobs, legal, people, records, reports

app_name = "web"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("sources/", records.sources, name="sources"),
    path("sources/<str:uid>/", records.source, name="source"),
    path("claims/", records.claims, name="claims"),
    path("claims/extract/", records.extract_all, name="extract_all"),
    path("claims/<str:uid>/", records.claim, name="claim"),
    path("incidents/", records.incidents, name="incidents"),
    path("incidents/<str:uid>/", records.incident, name="incident"),
    path("lists/", people.lists, name="lists"),
    path("lists/import/<str:source_uid>/", people.list_preview, name="list_preview"),
    path("lists/<str:name>/", people.list_records, name="list_records"),
    path("persons/", people.persons, name="persons"),
    path("persons/<str:uid>/", people.person, name="person"),
    path("linkage/", people.linkage, name="linkage"),
    path("linkage/pairs/<str:uid>/", people.pair, name="pair"),
    path("linkage/pairs/<str:uid>/decision/", people.pair_decide, name="pair_decide"),
    path("estimates/", estimates.estimates, name="estimates"),
    path("estimates/<str:uid>/", estimates.estimate, name="estimate"),
    path("estimates/<str:uid>/publish/", estimates.publish, name="estimate_publish"),
    path("reports/", reports.reports, name="reports"),
    path("reports/<str:name>", reports.report_file, name="report_file"),
    path("legal/", legal.legal, name="legal"),
    path("interventions/", legal.interventions, name="interventions"),
    path("audit/", admin.audit, name="audit"),
    path("users/", admin.users, name="users"),
    path("users/<int:pk>/role/", admin.user_role, name="user_role"),
    path("jobs/<str:uid>/", jobs.job_status, name="job"),
    path("jobs/<str:uid>/cancel/", jobs.job_cancel, name="job_cancel"),
    path("i18n/", include("django.conf.urls.i18n")),
]
