"""Tests of refwatch.analysis.estimation."""
