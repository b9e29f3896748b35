"""English messages of the analysis layer and the jobs, shown in the page's language.

The analysis packages stay free of Django, so their warnings, reasons and row
errors are plain English sentences with a fixed shape. Each shape has a stable
id here, a pattern that recognises it (values captured by name) and a
translatable template; :func:`translate_message` renders a message in the active
language and leaves an unknown one as it is. tests/web/test_korean_pages.py
checks that every message the pages show in Korean is caught here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class MessageShape:
    id: str
    pattern: re.Pattern[str]
    template: Promise | str  # gettext_lazy with %(name)s placeholders


def _shape(id: str, pattern: str, template: Promise | str) -> MessageShape:
    return MessageShape(id, re.compile(pattern + r"\Z", re.DOTALL), template)


SHAPES: tuple[MessageShape, ...] = (
    # -- rows of an imported list (refwatch.analysis.lists) -------------------------------
    _shape("row.record_id_empty", r"record_id is empty", _("the record number (record_id) is empty")),
    _shape("row.name_empty", r"the name is empty", _("the name is empty")),
    _shape("row.record_id_repeats", r"record_id repeats the one on row (?P<row>\d+)",
           _("the record number repeats the one on row %(row)s")),
    _shape("row.year_range", r"year (?P<year>-?\d+) is outside 1800–2100",
           _("year %(year)s is outside 1800–2100")),
    _shape("row.month_range", r"month (?P<month>-?\d+) is not between 1 and 12",
           _("month %(month)s is not between 1 and 12")),
    _shape("row.no_such_day", r"day (?P<day>\d+) does not exist in (?P<month>\d{4}-\d{2})",
           _("day %(day)s does not exist in %(month)s")),
    _shape("row.empty_date", r"empty date", _("the date is empty")),
    _shape("row.unknown_date", r"not a date form this importer knows: (?P<value>.*)",
           _("not a date form the importer knows: %(value)s")),
    _shape("row.not_an_age", r"not an age: (?P<value>.*)", _("not an age: %(value)s")),
    _shape("row.age_over", r"age (?P<age>\d+) is over 120", _("age %(age)s is over 120")),
    _shape("row.unknown_sex", r"not a sex this importer knows: (?P<value>.*) \(use F/M, 여/남, female/male\)",
           _("not a sex the importer knows: %(value)s (use F/M, 여/남, female/male)")),

    # -- estimation: the recommendation (refwatch.analysis.estimation.population) ----------
    _shape("recommend.two_lists", r"only two lists: Chapman's estimator is the only choice; it assumes the lists "
           r"are independent and everyone is equally likely to be listed",
           _("only two lists: Chapman's estimator is the only choice; it assumes the lists are independent "
             "and everyone is equally likely to be listed")),
    _shape("recommend.three_lists", r"three lists: the best log-linear model with Darroch's heterogeneity term allows "
           r"people to differ in how likely they are to be listed, the usual failure of the other methods, but three "
           r"lists identify little: compare with --method all before relying on one figure\.(?P<signal>.*)",
           _("three lists: the best log-linear model with Darroch's heterogeneity term allows people to differ in "
             "how likely they are to be listed, the usual failure of the other methods, but three lists identify "
             "little: compare the methods before relying on one figure.%(signal)s")),
    _shape("recommend.k_lists", r"(?P<k>\d+) lists: the best log-linear model with Darroch's heterogeneity term "
           r"allows both list dependence and people who differ in how likely they are to be listed; in simulations "
           r"with heterogeneous capture and list dependence its 95% intervals covered the true number more often "
           r"than the other methods', though less often than 95% when capture varies widely from person to "
           r"person\.(?P<signal>.*)",
           _("%(k)s lists: the best log-linear model with Darroch's heterogeneity term allows both list dependence "
             "and people who differ in how likely they are to be listed; in simulations with heterogeneous capture "
             "and list dependence its 95%% intervals covered the true number more often than the other methods', "
             "though less often than 95%% when capture varies widely from person to person.%(signal)s")),
    _shape("recommend.many_lists", r"(?P<k>\d+) lists: too many to search every log-linear model; the latent-class "
           r"model \(LCMCR\) allows people to differ in how likely they are to be listed and lists to depend on each "
           r"other through those differences\.",
           _("%(k)s lists: too many to search every log-linear model; the latent-class model (LCMCR) allows people "
             "to differ in how likely they are to be listed and lists to depend on each other through those "
             "differences.")),
    _shape("recommend.signal", r" People on several lists are over-represented here, a sign of heterogeneous "
           r"capture\.", _(" People on several lists are over-represented here, a sign of heterogeneous capture.")),
    # -- estimation: guardrails and methods' own warnings ------------------------------------
    _shape("warn.small_n", r"only (?P<n>[\d,]+) people are observed: intervals will be wide and models hard to "
           r"tell apart", _("only %(n)s people are observed: intervals will be wide and models hard to tell apart")),
    _shape("warn.sparse", r"(?P<share>\d+%) of the (?P<cells>\d+) observable cells are empty: the table is "
           r"sparse, interaction-rich models and delta = 1 priors collapse towards N = n",
           _("%(share)s of the %(cells)s observable cells are empty: the table is sparse, interaction-rich "
             "models and delta = 1 priors collapse towards N = n")),
    _shape("warn.empty_margin", r"nobody is on both (?P<a>'[^']*') and (?P<b>'[^']*'): their dependence cannot "
           r"be estimated \(an empty margin\)",
           _("nobody is on both %(a)s and %(b)s: their dependence cannot be estimated (an empty margin)")),
    _shape("warn.small_stratum", r"stratum (?P<name>'[^']*') has only (?P<n>\d+) people: its own estimate is "
           r"fragile", _("stratum %(name)s has only %(n)s people: its own estimate is fragile")),
    _shape("warn.not_finite", r"the estimate is not finite: the model cannot bound the unobserved",
           _("the estimate is not finite: the model cannot bound the unobserved")),
    _shape("warn.barely", r"the estimate \((?P<point>[\d,]+)\) barely exceeds the (?P<n>[\d,]+) observed: "
           r"either the lists nearly cover the population or the method collapsed on a sparse table; compare "
           r"methods before believing it",
           _("the estimate (%(point)s) barely exceeds the %(n)s observed: either the lists nearly cover the "
             "population or the method collapsed on a sparse table; compare methods before believing it")),
    _shape("warn.runaway", r"the estimate is over 20 times the observed count: the unobserved are extrapolated "
           r"far beyond the data, the figure reflects model assumptions more than evidence",
           _("the estimate is over 20 times the observed count: the unobserved are extrapolated far beyond "
             "the data, the figure reflects model assumptions more than evidence")),
    _shape("warn.no_upper", r"the interval has no finite upper bound", _("the interval has no finite upper bound")),
    _shape("warn.upper_50", r"the interval's upper end is over 50 times the observed count",
           _("the interval's upper end is over 50 times the observed count")),
    _shape("warn.down_to_n", r"the interval reaches down to the observed count n",
           _("the interval reaches down to the observed count n")),
    _shape("warn.rhat", r"the sampler's chains disagree \(R-hat (?P<rhat>[\d.]+) > (?P<limit>[\d.]+)\): do not "
           r"report this estimate without longer runs",
           _("the sampler's chains disagree (R-hat %(rhat)s > %(limit)s): do not report this estimate without "
             "longer runs")),
    _shape("warn.prior_bound", r"the posterior reaches the prior's upper bound on N: the bound, not the data, "
           r"limits the estimate",
           _("the posterior reaches the prior's upper bound on N: the bound, not the data, limits the estimate")),
    _shape("warn.chains", r"the (?P<chains>\d+) chains disagree \(R-hat (?P<rhat>[\d.]+) > (?P<limit>[\d.]+); "
           r"chain medians (?P<medians>[\d, ]+)\): the posterior is not explored; run longer chains, more "
           r"chains, and do not report this estimate alone",
           _("the %(chains)s chains disagree (R-hat %(rhat)s > %(limit)s; chain medians %(medians)s): the "
             "posterior is not explored; run longer chains, more chains, and do not report this estimate alone")),
    _shape("warn.one_chain", r"a single chain cannot show disagreement between chains; use 2 or more",
           _("a single chain cannot show disagreement between chains; use 2 or more")),
    _shape("warn.at_n", r"(?P<share>\d+%) of the draws say no one was missed \(N = n = (?P<n>\d+)\): the "
           r"estimate collapses to the observed count, which usually means the lists are too sparse or too "
           r"dependent to say how many were missed",
           _("%(share)s of the draws say no one was missed (N = n = %(n)s): the estimate collapses to the "
             "observed count, which usually means the lists are too sparse or too dependent to say how many "
             "were missed")),
    _shape("warn.cap", r"the posterior reaches the sampler's cap on the number missed \((?P<cap>[\d,]+) = "
           r"(?P<factor>\d+) × n\): the upper end of the interval is set by that cap, not by the data",
           _("the posterior reaches the sampler's cap on the number missed (%(cap)s = %(factor)s × n): the "
             "upper end of the interval is set by that cap, not by the data")),
    _shape("warn.grid_tail", r"(?P<share>[\d.]+%) of the posterior lies in the last 1% of the grid \(N up to "
           r"(?P<top>[\d,]+)\): the result depends on that bound; the lists overlap too little for this method",
           _("%(share)s of the posterior lies in the last 1%% of the grid (N up to %(top)s): the result "
             "depends on that bound; the lists overlap too little for this method")),
    _shape("warn.complete_graph", r"the complete graph \(every list depending on every other\) has posterior "
           r"probability (?P<p>[\d.]+); under it the unobserved count is not identified and delta and the prior "
           r"decide the answer",
           _("the complete graph (every list depending on every other) has posterior probability %(p)s; under "
             "it the unobserved count is not identified and delta and the prior decide the answer")),
    _shape("warn.within_5", r"the estimate is within 5% of the observed count n: with a sparse table this is "
           r"usually a collapse, not a near-complete enumeration; compare delta = 2\^-p and other methods",
           _("the estimate is within 5%% of the observed count n: with a sparse table this is usually a "
             "collapse, not a near-complete enumeration; compare delta = 2^-p and other methods")),
    _shape("warn.bias", r"the asymptotic bias is large", _("the asymptotic bias is large")),
    _shape("warn.ci_low_n", r"the CI lower bound is set to the sample size n",
           _("the interval's lower bound is set to the sample size n")),
    _shape("warn.three_lists_missed", r"only three lists, and the estimate puts (?P<share>\d+%) of the population on "
           r"none of them: three lists cannot tell people who are hard to list apart from lists that depend on "
           r"each other, so how many were missed rests on the model's assumptions more than on the data and the "
           r"interval understates the uncertainty; compare methods and look for a fourth list",
           _("only three lists, and the estimate puts %(share)s of the population on none of them: three lists "
             "cannot tell people who are hard to list apart from lists that depend on each other, so how many "
             "were missed rests on the model's assumptions more than on the data and the interval understates "
             "the uncertainty; compare methods and look for a fourth list")),
    _shape("warn.bict_chains", r"the (?P<chains>\d+) chains disagree \(R-hat (?P<rhat>[\d.]+) > (?P<limit>[\d.]+)\): "
           r"run longer", _("the %(chains)s chains disagree (R-hat %(rhat)s > %(limit)s): run longer")),
    _shape("warn.low_ess", r"only (?P<ess>\d+) effective draws of N: the posterior mean is imprecise; run longer",
           _("only %(ess)s effective draws of N: the posterior mean is imprecise; run longer")),
    _shape("warn.linkage_moves", r"linkage alone moves the estimate from (?P<low>[\d,]+) to (?P<high>[\d,]+): review "
           r"uncertain matches before publishing",
           _("linkage alone moves the estimate from %(low)s to %(high)s: review uncertain matches before "
             "publishing")),
    _shape("warn.ci_upper", r"the CI upper bound is larger than (?P<factor>[\d.e+]+) N \(R reports '>(?P<top>[\d.]+)'\)",
           _("the interval's upper bound is larger than %(factor)s N (R reports '>%(top)s')")),
    _shape("warn.chapman_overlap", r"only (?P<m>\d+) people are on both lists: Chapman's estimate is unstable below "
           r"about 7", _("only %(m)s people are on both lists: Chapman's estimate is unstable below about 7")),
    _shape("warn.strata_failed", r"strata (?P<strata>.+) could not be estimated; their observed people are counted "
           r"as they are \(no unobserved added\), so the total is a lower figure",
           _("strata %(strata)s could not be estimated; their observed people are counted as they are (no "
             "unobserved added), so the total is a lower figure")),
    _shape("warn.rank", r"design matrix not of full rank", _("the model's design matrix is not of full rank")),
    _shape("warn.glm_converge", r"glm.fit: algorithm did not converge",
           _("the model fit did not converge (glm.fit)")),
    _shape("warn.glm_zero", r"glm.fit: fitted rates numerically 0 occurred",
           _("the model fit gave rates that are numerically 0 (glm.fit)")),
    _shape("warn.no_estimate", r"no estimate: (?P<why>.*)", _("no estimate: %(why)s")),
    # -- early-warning reasons (refwatch.analysis.warning.rules), one part at a time -----------
    _shape("alert.border", r"border (?P<states>[a-z_]+(?: or [a-z_]+)*)", _("border %(states)s")),
    _shape("alert.border_changed", r"border (?P<states>[a-z_]+(?: or [a-z_]+)*), since at most (?P<days>\d+) days",
           _("border %(states)s, changed at most %(days)s days ago")),
    _shape("alert.border_unknown", r"border status unknown", _("border status unknown")),
    _shape("alert.border_since", r"border (?P<state>[a-z_]+) since (?P<date>\d{4}-\d{2}-\d{2}) \((?P<days>\d+) "
           r"days\)", _("border %(state)s since %(date)s (%(days)s days)")),
    _shape("alert.backlog", r"at least (?P<people>\d+) held \(claim published within (?P<days>\d+) days\)",
           _("at least %(people)s held (claim published within %(days)s days)")),
    _shape("alert.backlog_found", r"(?P<claims>\d+) claim\(s\) of at least (?P<people>\d+) held",
           _("%(claims)s claim(s) of at least %(people)s held")),
    _shape("alert.largest", r"largest (?P<count>.+)", _("largest %(count)s")),
    _shape("alert.arrests", r"at least (?P<people>\d+) arrests reported for the last (?P<days>\d+) days",
           _("at least %(people)s arrests reported for the last %(days)s days")),
    _shape("alert.arrests_found", r"(?P<total>\d+) arrests reported in (?P<reports>\d+) report\(s\)",
           _("%(total)s arrests reported in %(reports)s report(s)")),
    _shape("alert.returns", r"at least (?P<n>\d+) return\(s\) reported for the last (?P<days>\d+) days",
           _("at least %(n)s return(s) reported for the last %(days)s days")),
    _shape("alert.returns_found", r"(?P<n>\d+) return\(s\), at least (?P<people>\d+) people, reported recently",
           _("%(n)s return(s), at least %(people)s people, reported recently")),
    _shape("alert.event", r"(?P<major>major )?(?P<kinds>[a-z_]+(?:/[a-z_]+)*) "
           r"(?P<windows>(?:ends within|ended within the last|starts within|under way)[^:;]*)",
           _("%(major)s%(kinds)s %(windows)s")),
    _shape("alert.event_hosted", r"(?P<major>major )?(?P<kinds>[a-z_]+(?:/[a-z_]+)*) hosted by (?P<hosts>[A-Z/]+) "
           r"(?P<windows>(?:ends within|ended within the last|starts within|under way)[^:;]*)",
           _("%(major)s%(kinds)s hosted by %(hosts)s %(windows)s")),
    _shape("alert.ends_within", r"ends within (?P<days>\d+) days", _("ends within %(days)s days")),
    _shape("alert.ended_within", r"ended within the last (?P<days>\d+) days", _("ended within the last %(days)s days")),
    _shape("alert.starts_within", r"starts within (?P<days>\d+) days", _("starts within %(days)s days")),
    _shape("alert.under_way", r"under way", _("under way")),
    _shape("alert.event_ends", r"(?P<name>[^:;]+) ends (?P<date>\d{4}-\d{2}-\d{2}) \(in (?P<days>\d+) days\)",
           _("%(name)s ends %(date)s (in %(days)s days)")),
    _shape("alert.event_ended", r"(?P<name>[^:;]+) ended (?P<date>\d{4}-\d{2}-\d{2}) \((?P<days>\d+) days ago\)",
           _("%(name)s ended %(date)s (%(days)s days ago)")),
    _shape("alert.event_starts", r"(?P<name>[^:;]+) starts (?P<date>\d{4}-\d{2}-\d{2}) \(in (?P<days>\d+) days\)",
           _("%(name)s starts %(date)s (in %(days)s days)")),
    # -- attributions the extractor writes when no one is named -------------------------------
    _shape("source.unspecified", r"unspecified", _("unspecified")),
    _shape("source.anonymous", r"anonymous source\(s\)", _("anonymous source(s)")),
    _shape("source.civil_unnamed", r"civil organizations \(unnamed\)", _("civil organisations (unnamed)")),
    _shape("source.report_unnamed", r"report \(unnamed\)", _("a report (unnamed)")),
    _shape("actor.system", r"system", _("system")),
    # -- custody log and jobs ----------------------------------------------------------------
    _shape("custody.received", r"(?P<bytes>\d+) bytes preserved, encrypted at rest",
           _("%(bytes)s bytes preserved, encrypted at rest")),
    _shape("custody.extraction", r"claim extraction", _("claim extraction")),
    _shape("custody.claim_review", r"claim review (?P<uid>[0-9a-f]+)", _("claim review %(uid)s")),
    _shape("custody.import_preview", r"list import preview", _("list import preview")),
    _shape("custody.import_job", r"list import job (?P<uid>[0-9a-f]+)", _("list import job %(uid)s")),
    _shape("job.source_n", r"source (?P<i>\d+) of (?P<n>\d+)", _("source %(i)s of %(n)s")),
    _shape("job.rendering", r"selecting and rendering", _("selecting and rendering")),
    _shape("job.rejected_rows", r"(?P<n>\d+) invalid value\(s\) in rows (?P<rows>.*); nothing was imported "
           r"\(fix them, or import with skip_invalid\)",
           _("%(n)s invalid value(s) in rows %(rows)s; nothing was imported (correct them, or import the valid "
             "rows only)")),
    _shape("job.no_source", r"the uploaded file is no longer stored", _("the uploaded file is no longer stored")),
    _shape("job.nothing_to_link", r".*nothing to link.*", _("there is nothing to link: import lists first")),
)


# Single words inside messages: states of the border, kinds of events.
TERMS = {
    "open": pgettext_lazy("border", "open"), "closed": pgettext_lazy("border", "closed"),
    "partly_open": pgettext_lazy("border", "partly open"),
    "international_event": _("international event"), "state_visit": _("state visit"),
    "anniversary": _("anniversary"), "holiday": _("holiday"), "event": _("event"),
    "major ": _("major "), "CN": _("China"), "KP": _("North Korea"),
}
# The extractor's canonical names of sources (analysis/extraction/data/sources.tsv) that have
# a Korean name in common use; the others are shown as they are.
SOURCE_NAMES = {
    "Amnesty International": _("Amnesty International"),
    "Chosun Ilbo": _("Chosun Ilbo"),
    "Citizens' Alliance for North Korean Human Rights": _("Citizens' Alliance for North Korean Human Rights"),
    "Daily NK": _("Daily NK"),
    "Daily NK sources": _("Daily NK sources"),
    "Human Rights Watch": _("Human Rights Watch"),
    "Justice For North Korea": _("Justice For North Korea"),
    "Korean Unification Solidarity (겨레얼통일연대)": _("Korean Unification Solidarity (겨레얼통일연대)"),
    "Lawyers for Human Rights and Unification of Korea": _("Lawyers for Human Rights and Unification of Korea"),
    "Ministry of Unification (ROK)": _("Ministry of Unification (ROK)"),
    "NK Defectors Association (탈북자동지회)": _("NK Defectors Association (탈북자동지회)"),
    "NKDB": _("NKDB"),
    "OHCHR": _("OHCHR"),
    "PRC Ministry of Foreign Affairs": _("PRC Ministry of Foreign Affairs"),
    "PRC government": _("PRC government"),
    "ROK government (Ministry of Unification)": _("ROK government (Ministry of Unification)"),
    "Radio Free Asia": _("Radio Free Asia"),
    "Reuters": _("Reuters"),
    "Transitional Justice Working Group": _("Transitional Justice Working Group"),
    "UN Special Rapporteur on the DPRK": _("UN Special Rapporteur on the DPRK"),
    "Yonhap News Agency": _("Yonhap News Agency"),
}
# Named values that are themselves messages (or lists of terms) and are translated in turn.
NESTED = {"states", "state", "kinds", "windows", "why", "signal", "major", "hosts"}
# Separators of composite messages, tried in this order: "what: why", "a; b", "a or b", "a/b".
SEPARATORS = ((": ", ": "), ("; ", "; "), (" or ", _(" or ")), ("/", "/"))


def _translate(message: str) -> str | None:
    """The translation of a known message (or composite of known messages); None if unknown."""
    if message in TERMS:
        return str(TERMS[message])
    if message in SOURCE_NAMES:
        return str(SOURCE_NAMES[message])
    for shape in SHAPES:
        found = shape.pattern.match(message)
        if found:
            values = {}
            for name, value in found.groupdict().items():
                value = value or ""
                values[name] = (_translate(value) or value) if name in NESTED and value else value
            return str(shape.template) % values
    for separator, joined in SEPARATORS:
        if separator in message:
            parts = message.split(separator, 1) if separator == ": " else message.split(separator)
            done = [_translate(p) for p in parts]
            if all(d is not None for d in done):
                return str(joined).join(d for d in done if d is not None)
    return None


def translate_message(text: object) -> str:
    """``text`` in the active language when its shape is known; as it is otherwise."""
    message = str(text or "")
    return _translate(message) or message


def known_message(text: object) -> bool:
    """Whether ``text`` has a known shape (tests use it)."""
    return _translate(str(text or "")) is not None


# The shipped early-warning rules (analysis/warning/data/rules.toml): rule id -> (title, translation).
# A title only counts as the shipped one when the stored English is unchanged (rules can be edited).
SHIPPED_ALERTS = {
    "backlog-border-open-event-end": ("People held, border open, and a major event hosted by China about to end",
                                      _("People held, border open, and a major event hosted by China about to end")),
    "border-reopened-with-backlog": ("Border reopened recently while people are reported held",
                                     _("Border reopened recently while people are reported held")),
    "returns-resumed": ("A return was reported recently and the border is passable",
                        _("A return was reported recently and the border is passable")),
    "high-level-visit": ("A China–DPRK high-level visit is near while people are held",
                         _("A China–DPRK high-level visit is near while people are held")),
    "arrests-reported": ("Arrests of North Koreans reported recently",
                         _("Arrests of North Koreans reported recently")),
}
ALERT_LEVELS = {"low": _("low"), "elevated": _("elevated"), "high": _("high")}


def alert_title(rule_id: str, title: str) -> str:
    shipped = SHIPPED_ALERTS.get(rule_id)
    return str(shipped[1]) if shipped and shipped[0] == title else title
