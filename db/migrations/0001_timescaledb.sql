-- TimescaleDB is the engine of this product: hypertables, continuous aggregates, compression.
-- On the server the official image preloads it; in the embedded engine PGlite ships it.
CREATE EXTENSION IF NOT EXISTS timescaledb;
