"""The audit log: ``record_event`` and ``verify_chain`` (see refwatch.audit.chain)."""
