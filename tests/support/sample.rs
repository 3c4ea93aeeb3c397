//! Shared by tests/room.rs and tests/room_gestures.rs: the sample catalog and a new room item
//! for one of its products.
#![allow(dead_code)]

use roomfit::catalog::{self, Catalog, Product};
use roomfit::room::NewItem;

pub fn sample_catalog() -> Catalog {
    catalog::parse(include_str!("../../models/catalog.json")).expect("sample catalog parses")
}

/// The retailer id and the product with this id in the catalog.
pub fn find<'a>(catalog: &'a Catalog, product: &str) -> (&'a str, &'a Product) {
    catalog
        .retailers
        .iter()
        .find_map(|r| {
            r.products
                .iter()
                .find(|p| p.id == product)
                .map(|p| (r.id.as_str(), p))
        })
        .expect("product in the sample catalog")
}

/// A new room item for the product, with the SKU (`None`: its first variant).
pub fn new_item(catalog: &Catalog, product: &str, sku: Option<&str>) -> NewItem {
    let (retailer, p) = find(catalog, product);
    NewItem::from_product(retailer, p, sku)
}
