//! Customer segments: K-means (k-means++ seeding, restarts) and DBSCAN.
