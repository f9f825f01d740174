"""Operations: health (/healthz), Prometheus metrics (/metrics), structured logs."""
