//! DBSCAN and its eps suggestion against hand-made cases, the brute-force check and cancels.

use super::*;
use ndarray::Array2;

fn run(points: &[[f64; 2]], eps: f64, min_samples: usize) -> DbscanReport {
    let x = Array2::from_shape_vec((points.len(), 2), points.concat()).unwrap();
    let params = DbscanParams {
        eps,
        min_samples,
        standardize: false,
    };
    let fast = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
    assert_eq!(fast, dbscan_brute_force(x.view(), &params).unwrap());
    fast
}

#[test]
fn a_line_of_points_with_border_points_and_noise() {
    // Core points need 3 neighbours (themselves included) within 1.0, inclusive.
    let points = [
        [0.0, 0.0],
        [1.0, 0.0],
        [2.0, 0.0], // 1 is core (0, 1, 2); 0 and 2 have two
        [3.5, 0.0], // noise: nothing else within 1.0
        [10.0, 0.0],
        [10.5, 0.0],
        [11.0, 0.0],
        [12.0, 0.0],  // 10, 10.5, 11 core; 12 border
        [50.0, 50.0], // noise
    ];
    let r = run(&points, 1.0, 3);
    assert_eq!(r.labels, [0, 0, 0, -1, 1, 1, 1, 1, -1]);
    assert_eq!(
        r.core,
        [false, true, false, false, true, true, true, false, false]
    );
    assert_eq!((r.n_clusters, r.n_noise, r.n_core), (2, 2, 4));
    assert_eq!(r.cluster_sizes, [3, 4]);
}

#[test]
fn a_border_point_between_two_clusters_joins_the_first() {
    let points = [
        [0.0, 0.0],
        [0.0, 0.5],
        [0.5, 0.0], // cluster 0; (0.5, 0) is its core point
        [2.0, 0.0], // border: 1.5 from (0.5, 0) and from (3.5, 0)
        [4.0, 0.0],
        [4.0, 0.5],
        [3.5, 0.0], // cluster 1
    ];
    let r = run(&points, 1.5, 4);
    assert_eq!(r.labels, [0, 0, 0, 0, 1, 1, 1]);
    assert!(!r.core[3]);
    assert_eq!(r.n_clusters, 2);
}

#[test]
fn min_samples_one_makes_every_point_a_cluster_of_its_own_or_more() {
    let r = run(&[[0.0, 0.0], [5.0, 5.0], [5.0, 5.5]], 1.0, 1);
    assert_eq!(r.labels, [0, 1, 1]);
    assert_eq!(r.n_noise, 0);
}

#[test]
fn grid_and_brute_force_agree_on_random_data() {
    let mut rng = Rng::new(9);
    for (n, d, eps, m) in [
        (600, 2, 0.3, 5),
        (400, 3, 0.6, 4),
        (300, 5, 1.2, 3),
        (500, 2, 0.05, 2),
    ] {
        let data: Vec<f64> = (0..n * d)
            .map(|_| (rng.next_f64() * 6.0).round() / 2.0 + rng.next_f64() * 0.4)
            .collect();
        let x = Array2::from_shape_vec((n, d), data).unwrap();
        let params = DbscanParams {
            eps,
            min_samples: m,
            standardize: false,
        };
        assert_eq!(
            dbscan(x.view(), &params, &Ticker::silent()).unwrap(),
            dbscan_brute_force(x.view(), &params).unwrap(),
            "n={n} d={d} eps={eps}"
        );
    }
}

#[test]
fn points_exactly_eps_apart_on_a_lattice_are_neighbours() {
    let points: Vec<[f64; 2]> = (0..5)
        .flat_map(|i| (0..5).map(move |j| [i as f64 * 0.25 + 3.0, j as f64 * 0.25 - 7.0]))
        .collect();
    let r = run(&points, 0.25, 5);
    // The inner 3 × 3 have 5 neighbours at exactly eps (themselves included): core. The other
    // edge points touch one of them: border. The corners touch only edge points: noise.
    assert_eq!(r.n_core, 9);
    assert_eq!(r.n_clusters, 1);
    assert_eq!(r.n_noise, 4);
}

#[test]
fn every_customer_the_suggestion_counts_within_eps_is_a_core_point_at_it() {
    for seed in 0..30 {
        let mut rng = Rng::new(seed);
        let rows: Vec<f64> = (0..300 * 3).map(|_| rng.next_f64() * 50.0).collect();
        let x = Array2::from_shape_vec((300, 3), rows).unwrap();
        let s = suggest_eps(x.view(), 9, true, 0, &Ticker::silent()).unwrap();
        let within = s.curve.iter().filter(|&&d| d <= s.eps).count();
        let params = DbscanParams {
            eps: s.eps,
            min_samples: 9,
            standardize: true,
        };
        let r = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
        let core = r.core.iter().filter(|&&c| c).count();
        assert_eq!(core, within, "seed {seed}, eps {}", s.eps);
    }
}

/// More neighbours than rows, or one: refused by name instead of a suggestion describing
/// cores that cannot exist ("90.6% of customers have 999 others" among 298).
#[test]
fn a_suggestion_needs_between_2_and_the_number_of_rows_as_neighbours() {
    let x = Array2::from_shape_vec((3, 1), vec![1.0, 2.0, 4.0]).unwrap();
    let ask = |k| suggest_eps(x.view(), k, false, 0, &Ticker::silent());
    assert!(matches!(
        ask(10),
        Err(ClusterError::TooFewRowsForNeighbours {
            min_samples: 10,
            rows: 3
        })
    ));
    assert!(matches!(ask(1), Err(ClusterError::BadParam { .. })));
    assert_eq!(ask(3).unwrap().min_samples, 3);
}

#[test]
fn a_cancel_is_heard_while_one_large_cluster_grows() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut rng = Rng::new(2);
    let n = 3000;
    let rows: Vec<f64> = (0..n * 2).map(|_| rng.next_f64()).collect();
    let x = Array2::from_shape_vec((n, 2), rows).unwrap();
    // Every point is every other's neighbour: the run is one cluster growing. The user
    // cancels as soon as the growing is under way.
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let ticker = Ticker::reporting(cancel, move |done, total| {
        if done > n as u64 && done < total {
            flag.store(true, Ordering::Relaxed);
        }
    });
    let params = DbscanParams {
        eps: 10.0,
        min_samples: 5,
        standardize: false,
    };
    assert!(matches!(
        dbscan(x.view(), &params, &ticker),
        Err(ClusterError::Cancelled)
    ));
    let whole = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
    assert_eq!(whole.cluster_sizes, [n]);
}

#[test]
fn the_suggested_eps_separates_blobs_from_scattered_noise() {
    let mut rng = Rng::new(4);
    let mut rows = Vec::new();
    for (cx, cy) in [(0.0, 0.0), (20.0, 20.0)] {
        for _ in 0..300 {
            rows.extend([cx + rng.next_f64(), cy + rng.next_f64()]);
        }
    }
    for _ in 0..30 {
        rows.extend([rng.next_f64() * 40.0 - 10.0, rng.next_f64() * 40.0 - 10.0]);
    }
    let x = Array2::from_shape_vec((630, 2), rows).unwrap();
    let s = suggest_eps(x.view(), 5, false, 0, &Ticker::silent()).unwrap();
    assert!(s.eps > 0.05 && s.eps < 1.0, "{}", s.eps);
    let params = DbscanParams {
        eps: s.eps,
        min_samples: 5,
        standardize: false,
    };
    let r = dbscan(x.view(), &params, &Ticker::silent()).unwrap();
    assert_eq!(r.n_clusters, 2, "{:?}", r.cluster_sizes);
}
