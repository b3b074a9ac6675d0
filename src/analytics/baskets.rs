//! Purchase baskets: read from the workspace's orders or from files (FIMI .dat, comma-separated, long and one-hot CSV).
