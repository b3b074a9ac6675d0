//! Order history from a CSV file, on a real workspace file: orders grouped by their number, their
//! customers found by e-mail, new products added, bad rows named with their order left out whole,
//! one Undo step — and what the analyses then read.

mod common;

use common::customer;

use kith::io::orders;

/// A shop's export, semicolon-separated with a comma decimal, as a European till writes it.
const FILE: &str = "Order number;Date;E-mail;SKU;Product;Qty;Unit price;Currency\n\
    A-1;2026-10-01;ada@example.org;BEAN-1;Ethiopia beans 1kg;2;24,50;EUR\n\
    A-1;2026-10-01;ADA@EXAMPLE.ORG;FIL-9;Paper filters;1;4,90;EUR\n\
    A-2;02/10/2026;bo@example.org;BEAN-1;;1;24,50;EUR\n\
    A-3;2026-10-03;nobody@example.org;BEAN-1;;1;24,50;EUR\n\
    A-4;2026-10-04;bo@example.org;GR-2;Grinder;x;199;EUR\n\
    A-4;2026-10-04;bo@example.org;BEAN-1;;1;24,50;EUR\n\
    A-5;2099-01-01;bo@example.org;BEAN-1;;1;24,50;EUR\n";

#[test]
fn orders_arrive_grouped_with_their_customers_and_bad_rows_are_named() {
    let (_dir, mut store) = common::workspace();
    let ada = customer(&mut store, "Ada", "ada@example.org");
    let bo = customer(&mut store, "Bo", "bo@example.org");
    let report = orders::import(&mut store, FILE.as_bytes(), "till.csv", None, false).unwrap();
    assert_eq!(
        (report.orders, report.lines, report.products_created),
        (2, 3, 2)
    );
    let named: Vec<(u64, &str)> = report
        .rejected
        .iter()
        .map(|e| (e.row, e.field.as_str()))
        .collect();
    assert_eq!(
        named,
        [(5, "email"), (6, "quantity"), (8, "date"), (7, "order")],
        "{:?}",
        report.rejected
    );
    assert_eq!(store.counts().unwrap().orders, 2);
    let ada_orders = store.orders_for_contact(ada, 10).unwrap();
    assert_eq!(ada_orders.len(), 1);
    assert_eq!(ada_orders[0].total.minor, 2 * 2450 + 490);
    assert_eq!(store.orders_for_contact(bo, 10).unwrap().len(), 1);
    let skus: Vec<String> = store
        .products()
        .unwrap()
        .into_iter()
        .map(|p| p.fields.sku)
        .collect();
    assert_eq!(skus.len(), 2);
    // What the analyses read: both customers have bought.
    let (_, customers) = store.purchases().unwrap();
    assert_eq!(customers.len(), 2);

    // One Undo step takes the whole file back, products included.
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Import orders till.csv")
    );
    store.undo().unwrap();
    assert_eq!(store.counts().unwrap().orders, 0);
    assert!(
        store
            .products()
            .unwrap()
            .iter()
            .all(|p| p.deleted_at.is_some())
    );
}

#[test]
fn a_dry_run_writes_nothing_and_a_file_without_what_an_order_needs_is_refused() {
    let (_dir, mut store) = common::workspace();
    customer(&mut store, "Ada", "ada@example.org");
    let report = orders::import(&mut store, FILE.as_bytes(), "till.csv", None, true).unwrap();
    assert_eq!(report.orders, 1);
    assert_eq!(store.counts().unwrap().orders, 0);
    let no_price = "date,email,sku\n2026-10-01,ada@example.org,BEAN-1\n";
    let e = orders::import(&mut store, no_price.as_bytes(), "bad.csv", None, false).unwrap_err();
    assert!(e.to_string().contains("no column for unit_price"), "{e}");
    let no_currency = "date,email,sku,price\n2026-10-01,ada@example.org,BEAN-1,3.00\n";
    let e = orders::import(&mut store, no_currency.as_bytes(), "bad.csv", None, false).unwrap_err();
    assert!(e.to_string().contains("--currency"), "{e}");
    let eur = kith::domain::Currency::new("EUR").unwrap();
    let r = orders::import(
        &mut store,
        no_currency.as_bytes(),
        "ok.csv",
        Some(eur),
        false,
    )
    .unwrap();
    assert_eq!(r.orders, 1);
}
