"""Forms of the pages: shape only (types, lengths, choices); rules live in actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from refwatch.accounts.models import User
from refwatch.records.models import Claim, Intervention, Source
from refwatch.reference.vocabulary import CREDIBILITY, EVENT_TYPES, HEDGING, QUALIFIERS, RELIABILITY


def _label(term: object) -> str:
    korean = (get_language() or "en").startswith("ko")
    return str(term.label_ko if korean else term.label_en)  # type: ignore[attr-defined]


def _terms(terms: tuple[object, ...], *, with_code: bool = True) -> list[tuple[str, str]]:
    """Vocabulary choices labelled in the language of the request (built per form)."""
    return [
        (t.code, f"{t.code} – {_label(t)}" if with_code else _label(t))  # type: ignore[attr-defined]
        for t in terms
    ]


QUALIFIER_LABELS = {
    "exact": _("exactly"), "about": _("about"), "more_than": _("more than"), "at_least": _("at least"),
    "up_to": _("up to"), "range": _("a range"), "vague": _("vague"),
}


class DateInput(forms.DateInput):
    input_type = "date"


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Source.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    publisher = forms.CharField(label=_("Publisher"), max_length=200, required=False)
    published = forms.DateField(label=_("Published"), required=False, widget=DateInput)
    lang = forms.ChoiceField(label=_("Language"), required=False,
                             choices=[("", "–"), ("ko", "한국어"), ("en", "English"), ("zh", "中文")])
    url = forms.URLField(label=_("Address (URL)"), max_length=1000, required=False, assume_scheme="https")
    reliability = forms.ChoiceField(label=_("Reliability of the source"), choices=[], initial="F")
    file = forms.FileField(label=_("File"), required=False)
    text = forms.CharField(label=_("Or paste the text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reliability"].choices = _terms(RELIABILITY)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste a text."))
        return data


class ClaimEditForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event type"), choices=[])
    count_low = forms.IntegerField(label=_("Count, low"), min_value=0, required=False)
    count_high = forms.IntegerField(label=_("Count, high"), min_value=0, required=False)
    qualifier = forms.ChoiceField(label=_("Qualifier"), required=False,
                                  choices=[("", "–"), *[(q, QUALIFIER_LABELS.get(q, q)) for q in QUALIFIERS]])
    date_start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    hedging = forms.ChoiceField(label=_("Hedging"), choices=[])
    credibility = forms.ChoiceField(label=_("Credibility"), choices=[])
    attributed_to = forms.CharField(label=_("Attributed to"), max_length=200, required=False)
    denied_by = forms.CharField(label=_("Denied by"), max_length=300, required=False)
    corroborated_by = forms.CharField(label=_("Corroborated by"), max_length=300, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["credibility"].choices = _terms(CREDIBILITY)  # type: ignore[attr-defined]
        self.fields["event_type"].choices = _terms(EVENT_TYPES, with_code=False)  # type: ignore[attr-defined]
        self.fields["hedging"].choices = _terms(HEDGING, with_code=False)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("count_low"), data.get("count_high")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The low count is above the high count."))
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first date is after the last date."))
        return data

    @staticmethod
    def initial_for(claim: Claim) -> dict[str, object]:
        return {name: getattr(claim, name) for name in ClaimEditForm.base_fields}


class ListUploadForm(forms.Form):
    file = forms.FileField(label=_("List file (CSV or XLSX)"))
    name = forms.CharField(label=_("List name"), max_length=120)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


LIST_FIELD_LABELS = {
    "record_id": _("Record number (record_id)"),
    "name": _("Full name (name)"),
    "surname": _("Surname (surname)"),
    "given_name": _("Given name (given_name)"),
    "name_alt": _("Other spelling of the name (name_alt)"),
    "sex": _("Sex (sex)"),
    "birth_date": _("Birth date (birth_date)"),
    "age": _("Age (age)"),
    "home": _("Home place (home)"),
    "event_date": _("Date of the event (event_date)"),
    "event_place": _("Place of the event (event_place)"),
}
MAPPING_MESSAGES = {
    "bad_mapping": _("The column mapping could not be read."),
    "unknown_column": _("The file has no column “%(subject)s”."),
    "unknown_field": _("“%(subject)s” is not a field of a list."),
    "no_record_id": _("Choose the column that holds the record number (record_id)."),
    "no_name": _("Choose the column that holds the name, or the surname and the given name."),
    "bad_as_of": _("“%(subject)s” is not a date: write e.g. 2023, 2023-10 or 2023-10-09."),
}


def mapping_message(problem: object) -> str:
    """A list-import mapping problem (refwatch.jobs.list_import) in the request's language."""
    return str(MAPPING_MESSAGES[problem.code]) % {"subject": problem.subject}  # type: ignore[attr-defined]


class ListImportForm(forms.Form):
    """Step 2 of the wizard: one field per column of the file (``column_N``), as_of, skip_invalid."""

    name = forms.CharField(max_length=120, widget=forms.HiddenInput)
    organisation = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    as_of = forms.CharField(
        label=_("Count ages from (as_of)"), max_length=40, required=False,
        help_text=_("For rows without an event date: the date the list's ages were written, "
                    "e.g. 2023-10. Empty: such ages give no birth year."))
    skip_invalid = forms.BooleanField(label=_("Import the valid rows and leave out the invalid ones"),
                                      required=False)

    def __init__(self, *args: object, headers: tuple[str, ...] = (), fields: dict[str, str] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from refwatch.jobs.list_import import EXTRA, IGNORE

        choices = [(EXTRA, _("keep as an extra value")), *LIST_FIELD_LABELS.items(), (IGNORE, _("ignore"))]
        self.headers = tuple(h for h in headers if h)
        for i, header in enumerate(self.headers):
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=(fields or {}).get(header, EXTRA))

    def mapping_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{i}"] for i in range(len(self.headers))]

    def other_fields(self) -> list[forms.BoundField]:
        return [f for f in self if not f.name.startswith("column_")]

    def clean(self) -> dict[str, object]:
        from refwatch.jobs.list_import import MappingError, choices_from_params, resolve_fields

        data = super().clean() or {}
        mapping = {h: str(data.get(f"column_{i}") or "") for i, h in enumerate(self.headers)}
        try:
            choices = choices_from_params({"mapping": mapping, "as_of": data.get("as_of") or ""})
        except MappingError as exc:
            for problem in exc.problems:
                self.add_error("as_of" if problem.code == "bad_as_of" else None, mapping_message(problem))
            return data
        for problem in resolve_fields(self.headers, choices)[1]:
            self.add_error(None, mapping_message(problem))
        data["choices"] = choices
        return data


class LinkageForm(forms.Form):
    threshold = forms.FloatField(label=_("Match threshold"), min_value=0.01, max_value=1.0, initial=0.9)
    review_floor = forms.FloatField(label=_("Review pairs from"), min_value=0.0, max_value=1.0, initial=0.5)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, initial=1)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("review_floor", 0) > data.get("threshold", 1):
            raise forms.ValidationError(_("Review pairs from a probability below the threshold."))
        return data


METHOD_CHOICES = [
    ("", _("Recommended for these data")),
    ("loglinear", _("Log-linear models")),
    ("dga", _("Decomposable graphical models (dga)")),
    ("lcmcr", _("Latent class (LCMCR)")),
]


METHOD_LABELS = {
    "loglinear": _("Log-linear models"),
    "dga": _("Decomposable graphical models"),
    "lcmcr": _("Latent class (LCMCR)"),
    "chapman": _("Chapman's estimator"),
    "mt": _("Model Mt (time effects)"),
    "mth-chao": _("Model Mth, Chao's lower bound"),
    "mth-darroch": _("Model Mth, Darroch"),
    "mth-poisson": _("Model Mth, Poisson"),
    "mth-gamma": _("Model Mth, gamma"),
    "bict": _("Bayesian model averaging over log-linear models (bict)"),
}


class EstimateForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=METHOD_CHOICES, required=False)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, initial=1)
    stratify = forms.ChoiceField(label=_("Strata"), required=False,
                                 choices=[("", _("none")), ("sex", _("by sex"))])


class InterventionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=Intervention.Kind.choices)
    by = forms.CharField(label=_("By"), max_length=200)
    addressed_to = forms.CharField(label=_("Addressed to"), max_length=200, required=False)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    incidents = forms.MultipleChoiceField(label=_("Incidents"), required=False, choices=[])


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput, initial="2000-01-01")
    end = forms.DateField(label=_("To"), widget=DateInput, initial="2030-12-31")
    language = forms.ChoiceField(label=_("Language"), choices=[("en", "English"), ("ko", "한국어")])
    format = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("html", "HTML")])
    template = forms.ChoiceField(label=_("Template"), choices=[
        ("un-submission", _("UN submission")), ("briefing", _("briefing"))])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
