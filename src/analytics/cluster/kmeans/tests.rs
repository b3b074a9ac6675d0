//! K-means against hand-made cases and plain Lloyd iterations.

use super::*;
use crate::analytics::cluster::dist2;
use crate::analytics::cluster::settle::nearest;
use crate::analytics::worker::{Event, spawn};
use ndarray::array;

fn blobs() -> Array2<f64> {
    let mut rng = Rng::new(3);
    let mut rows = Vec::new();
    for (cx, cy) in [(0.0, 0.0), (10.0, 0.0), (0.0, 10.0)] {
        for _ in 0..50 {
            rows.push(cx + rng.next_f64());
            rows.push(cy + rng.next_f64());
        }
    }
    Array2::from_shape_vec((150, 2), rows).unwrap()
}

#[test]
fn well_separated_blobs_come_out_as_the_clusters() {
    let x = blobs();
    let r = kmeans(x.view(), &KMeansParams::new(3), &Ticker::silent()).unwrap();
    let mut sizes = r.sizes.clone();
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 50, 50]);
    for b in 0..3 {
        let first = r.labels[b * 50];
        assert!(r.labels[b * 50..(b + 1) * 50].iter().all(|&l| l == first));
    }
    assert!(r.silhouette.unwrap() > 0.8);
}

#[test]
fn the_same_seed_gives_the_same_answer_on_any_number_of_threads() {
    let x = blobs();
    let mut params = KMeansParams::new(4);
    params.seed = 11;
    params.threads = 1;
    let one = kmeans(x.view(), &params, &Ticker::silent()).unwrap();
    params.threads = 3;
    let three = kmeans(x.view(), &params, &Ticker::silent()).unwrap();
    assert_eq!(one, three);
    params.seed = 12;
    let other = kmeans(x.view(), &params, &Ticker::silent()).unwrap();
    assert!(
        other.labels != one.labels
            || other.best_init != one.best_init
            || other.inertia != one.inertia
    );
}

#[test]
fn hamerly_agrees_with_plain_lloyd_on_the_labels() {
    let x = blobs();
    let r = kmeans(x.view(), &KMeansParams::new(5), &Ticker::silent()).unwrap();
    // Every point is at its nearest centre and every centre is the mean of its points.
    for (i, row) in x.outer_iter().enumerate() {
        let (best, _) = nearest::<0>(row.as_slice().unwrap(), r.centers.as_slice().unwrap(), 2);
        assert_eq!(best, r.labels[i]);
    }
    let inertia: f64 = x
        .outer_iter()
        .zip(&r.labels)
        .map(|(row, &l)| {
            dist2(
                row.as_slice().unwrap(),
                r.centers.row(l).as_slice().unwrap(),
            )
        })
        .sum();
    assert!((inertia - r.inertia).abs() < 1e-9 * inertia);
}

#[test]
fn centres_come_back_in_original_units_when_standardised() {
    let x = array![[1.0, 1000.0], [1.2, 1100.0], [9.0, 9000.0], [9.2, 9100.0]];
    let mut params = KMeansParams::new(2);
    params.standardize = true;
    let r = kmeans(x.view(), &params, &Ticker::silent()).unwrap();
    let mut c: Vec<(f64, f64)> = r.centers.outer_iter().map(|c| (c[0], c[1])).collect();
    c.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(
        (c[0].0 - 1.1).abs() < 1e-9 && (c[0].1 - 1050.0).abs() < 1e-6,
        "{c:?}"
    );
    assert!(
        (c[1].0 - 9.1).abs() < 1e-9 && (c[1].1 - 9050.0).abs() < 1e-6,
        "{c:?}"
    );
}

#[test]
fn bad_k_and_cancelling_are_errors() {
    let x = blobs();
    assert_eq!(
        kmeans(x.view(), &KMeansParams::new(0), &Ticker::silent()).unwrap_err(),
        ClusterError::BadK { k: 0, rows: 150 }
    );
    let (go, wait) = std::sync::mpsc::channel();
    let run = spawn("test", move |t: &Ticker| {
        wait.recv().unwrap();
        kmeans(x.view(), &KMeansParams::new(2), t)
    })
    .unwrap();
    run.cancel();
    go.send(()).unwrap();
    assert_eq!(run.wait(), Some(Err(ClusterError::Cancelled)));
}

#[test]
fn progress_counts_iterations_of_every_restart_up_to_the_whole() {
    let x = blobs();
    let run = spawn("test", move |t: &Ticker| {
        kmeans(x.view(), &KMeansParams::new(3), t)
    })
    .unwrap();
    let mut last = (0, 0);
    while let Some(event) = run.next_event() {
        if let Event::Progress { done, total, .. } = event {
            assert!(done >= last.0 && done <= total);
            last = (done, total);
        }
    }
    assert_eq!(last, (10 * 300, 10 * 300));
}

#[test]
fn duplicate_rows_k_up_to_the_distinct_rows_and_one_cluster_work() {
    // Six rows but only two distinct values: two clusters fit them exactly, four cannot be had.
    let x = array![
        [1.0, 1.0],
        [1.0, 1.0],
        [1.0, 1.0],
        [5.0, 5.0],
        [5.0, 5.0],
        [-0.0 + 5.0, 5.0]
    ];
    let r = kmeans(x.view(), &KMeansParams::new(2), &Ticker::silent()).unwrap();
    assert_eq!(r.sizes.iter().sum::<usize>(), 6);
    assert!(r.inertia.abs() < 1e-12, "{}", r.inertia);
    assert!(matches!(
        kmeans(x.view(), &KMeansParams::new(4), &Ticker::silent()),
        Err(ClusterError::TooFewDistinct { k: 4, distinct: 2 })
    ));
    let one = kmeans(x.view(), &KMeansParams::new(1), &Ticker::silent()).unwrap();
    assert_eq!(one.sizes, [6]);
    assert!((one.inertia - 6.0 * 8.0).abs() < 1e-9);
    assert_eq!(one.silhouette, None);
}

#[test]
fn wide_rows_use_the_general_kernel() {
    // 12 features (no unrolled kernel): two blobs apart on every axis.
    let mut rng = Rng::new(5);
    let rows: Vec<f64> = (0..60)
        .flat_map(|i| {
            let base = if i < 30 { 0.0 } else { 20.0 };
            (0..12).map(|_| base + rng.next_f64()).collect::<Vec<_>>()
        })
        .collect();
    let x = Array2::from_shape_vec((60, 12), rows).unwrap();
    let r = kmeans(x.view(), &KMeansParams::new(2), &Ticker::silent()).unwrap();
    assert_eq!(
        r.labels[..30].iter().filter(|&&l| l == r.labels[0]).count(),
        30
    );
    assert!(r.labels[30..].iter().all(|&l| l != r.labels[0]));
}

#[test]
fn choosing_k_finds_three_blobs() {
    let x = blobs();
    let s = choose_k(x.view(), 2..=7, &KMeansParams::new(2), &Ticker::silent()).unwrap();
    assert_eq!(s.choices.len(), 6);
    assert_eq!(s.elbow, 3);
    assert_eq!(s.best_silhouette, Some(3));
    assert_eq!(s.chosen.k, 3);
    assert_eq!(s.chosen.labels.len(), 150);
}

/// A range reaching past the rows stops at the last k they allow; one starting past them is
/// still refused.
#[test]
fn choosing_k_stops_where_the_rows_run_out() {
    let x = array![[1.0, 1.0], [5.0, 5.0], [9.0, 9.0], [9.0, 9.0]];
    let s = choose_k(x.view(), 2..=6, &KMeansParams::new(2), &Ticker::silent()).unwrap();
    assert_eq!(s.choices.iter().map(|c| c.k).collect::<Vec<_>>(), [2, 3]);
    assert!(choose_k(x.view(), 5..=6, &KMeansParams::new(5), &Ticker::silent()).is_err());
}

#[test]
fn values_far_beyond_f32_still_cluster_exactly() {
    // Squared distances of 1e50 would overflow f32 and 1e-50 vanish in it; the search scales them.
    for unit in [1e25, 1e-25] {
        let x = blobs().mapv(|v| v * unit);
        let r = kmeans(x.view(), &KMeansParams::new(3), &Ticker::silent()).unwrap();
        let mut sizes = r.sizes.clone();
        sizes.sort_unstable();
        assert_eq!(sizes, [50, 50, 50], "unit {unit}");
        assert!(r.inertia > 0.0 && r.inertia.is_finite(), "unit {unit}");
    }
}
