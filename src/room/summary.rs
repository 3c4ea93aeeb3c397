//! The room summary: items grouped by retailer, identical product + variant counted together,
//! with exact line totals and totals per retailer and per currency. Different currencies are
//! never added together.

use std::collections::BTreeMap;

use serde::Serialize;

use super::item::{ItemId, PlacedItem};
use super::money::Money;
use super::room::Room;
use crate::catalog::Catalog;

/// A unit price as the catalog states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Decimal string (`"1299.00"`).
    pub amount: String,
    /// ISO 4217 code (`"EUR"`).
    pub currency: String,
}

/// Where prices come from; the caller looks them up in its catalog (no I/O here). Closures
/// `Fn(retailer, product, variant) -> Option<Quote>` implement it.
pub trait PriceLookup {
    /// The unit price of a product (and variant), or `None` if unknown.
    fn unit_price(&self, retailer: &str, product: &str, variant: Option<&str>) -> Option<Quote>;
}

impl<F> PriceLookup for F
where
    F: Fn(&str, &str, Option<&str>) -> Option<Quote>,
{
    fn unit_price(&self, retailer: &str, product: &str, variant: Option<&str>) -> Option<Quote> {
        self(retailer, product, variant)
    }
}

/// Prices straight from a parsed catalog: the variant with the item's SKU (the first variant
/// when none is chosen), in the retailer's currency.
impl PriceLookup for Catalog {
    fn unit_price(&self, retailer: &str, product: &str, variant: Option<&str>) -> Option<Quote> {
        let r = self.retailers.iter().find(|r| r.id == retailer)?;
        let p = r.products.iter().find(|p| p.id == product)?;
        let v = match variant {
            Some(sku) => p.variants.iter().find(|v| v.sku == sku)?,
            None => p.variants.first()?,
        };
        Some(Quote {
            amount: v.price.clone(),
            currency: r.currency.clone(),
        })
    }
}

/// One product + variant of a retailer, with how many are in the room.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryLine {
    /// Product id.
    pub product: String,
    /// Variant SKU.
    pub variant: Option<String>,
    /// How many.
    pub quantity: u32,
    /// Price of one, if known and valid.
    pub unit_price: Option<Money>,
    /// Price of all of them.
    pub line_total: Option<Money>,
    /// The placed items on this line.
    pub items: Vec<ItemId>,
}

/// Everything from one retailer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetailerSummary {
    /// Retailer id.
    pub retailer: String,
    /// Its lines, in the order they were first placed.
    pub lines: Vec<SummaryLine>,
    /// Totals, one per currency (normally exactly one: the retailer's).
    pub totals: Vec<Money>,
}

/// A price that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceIssue {
    /// Retailer id.
    pub retailer: String,
    /// Product id.
    pub product: String,
    /// Variant SKU.
    pub variant: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// The room summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Retailers in the order they were first placed.
    pub retailers: Vec<RetailerSummary>,
    /// The overall total per currency, sorted by currency code.
    pub totals: Vec<Money>,
    /// Lines left out of the totals, and why.
    pub issues: Vec<PriceIssue>,
}

impl Summary {
    /// Whether every line has a price and went into the totals.
    pub fn is_complete(&self) -> bool {
        self.issues.is_empty()
    }
}

/// Adds `m` to the total of its currency in `totals`; `false` on overflow.
fn add(totals: &mut BTreeMap<String, i64>, m: &Money) -> bool {
    let t = totals.entry(m.currency.clone()).or_insert(0);
    match t.checked_add(m.minor) {
        Some(v) => {
            *t = v;
            true
        }
        None => false,
    }
}

fn money_list(totals: BTreeMap<String, i64>) -> Vec<Money> {
    totals
        .into_iter()
        .map(|(currency, minor)| Money { minor, currency })
        .collect()
}

/// Summarises `items` with prices from `prices`.
pub fn summarize(items: &[PlacedItem], prices: &impl PriceLookup) -> Summary {
    let mut summary = Summary::default();
    for item in items {
        let group = match summary
            .retailers
            .iter()
            .position(|r| r.retailer == item.retailer)
        {
            Some(i) => i,
            None => {
                summary.retailers.push(RetailerSummary {
                    retailer: item.retailer.clone(),
                    lines: Vec::new(),
                    totals: Vec::new(),
                });
                summary.retailers.len() - 1
            }
        };
        let lines = &mut summary.retailers[group].lines;
        match lines
            .iter_mut()
            .find(|l| l.product == item.product && l.variant == item.variant)
        {
            Some(line) => {
                line.quantity += 1;
                line.items.push(item.id);
            }
            None => lines.push(SummaryLine {
                product: item.product.clone(),
                variant: item.variant.clone(),
                quantity: 1,
                unit_price: None,
                line_total: None,
                items: vec![item.id],
            }),
        }
    }
    let mut overall = BTreeMap::new();
    for group in &mut summary.retailers {
        let mut totals = BTreeMap::new();
        for line in &mut group.lines {
            let (retailer, product, variant) = (
                group.retailer.clone(),
                line.product.clone(),
                line.variant.clone(),
            );
            let issue = move |message: String| PriceIssue {
                retailer,
                product,
                variant,
                message,
            };
            let quote = prices.unit_price(&group.retailer, &line.product, line.variant.as_deref());
            let Some(quote) = quote else {
                summary.issues.push(issue("no price".into()));
                continue;
            };
            let unit = match Money::parse(&quote.amount, &quote.currency) {
                Ok(m) => m,
                Err(e) => {
                    summary.issues.push(issue(e));
                    continue;
                }
            };
            let total = unit
                .minor
                .checked_mul(line.quantity.into())
                .map(|minor| Money {
                    minor,
                    currency: unit.currency.clone(),
                });
            line.unit_price = Some(unit);
            let Some(total) = total else {
                summary.issues.push(issue("line total is too large".into()));
                continue;
            };
            if !add(&mut totals, &total) || !add(&mut overall, &total) {
                summary.issues.push(issue("total is too large".into()));
            }
            line.line_total = Some(total);
        }
        group.totals = money_list(totals);
    }
    summary.totals = money_list(overall);
    summary
}

impl Room {
    /// The room summary, with prices from `prices`.
    pub fn summary(&self, prices: &impl PriceLookup) -> Summary {
        summarize(self.items(), prices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Dimensions, Placement};
    use crate::room::Pose;

    fn item(id: u32, retailer: &str, product: &str, variant: Option<&str>) -> PlacedItem {
        PlacedItem {
            id: ItemId(id),
            retailer: retailer.into(),
            product: product.into(),
            variant: variant.map(Into::into),
            dimensions_mm: Dimensions {
                width: 500,
                depth: 500,
                height: 500,
            },
            placement: Placement::Floor,
            pose: Pose::Floor {
                x_mm: 0,
                z_mm: 0,
                yaw_tenths: 0,
            },
        }
    }

    fn prices(retailer: &str, product: &str, variant: Option<&str>) -> Option<Quote> {
        let q = |amount: &str, currency: &str| {
            Some(Quote {
                amount: amount.into(),
                currency: currency.into(),
            })
        };
        match (retailer, product, variant) {
            ("nordhem", "sofa", Some("grey")) => q("1299.00", "EUR"),
            ("nordhem", "sofa", Some("green")) => q("1349.00", "EUR"),
            ("nordhem", "chair", None) => q("89.90", "EUR"),
            ("kiyomi", "lamp", _) => q("12800", "JPY"),
            ("oakline", "table", _) => q("450.5", "GBP"),
            ("oakline", "shelf", _) => q("cheap", "GBP"),
            _ => None,
        }
    }

    #[test]
    fn groups_counts_and_totals_per_currency() {
        let items = [
            item(1, "nordhem", "sofa", Some("grey")),
            item(2, "kiyomi", "lamp", None),
            item(3, "nordhem", "chair", None),
            item(4, "nordhem", "chair", None),
            item(5, "nordhem", "sofa", Some("green")),
            item(6, "kiyomi", "lamp", None),
            item(7, "oakline", "table", None),
            item(8, "nordhem", "chair", None),
        ];
        let s = summarize(&items, &prices);
        assert!(s.is_complete(), "{:?}", s.issues);
        let names: Vec<&str> = s.retailers.iter().map(|r| r.retailer.as_str()).collect();
        assert_eq!(names, ["nordhem", "kiyomi", "oakline"]);
        let nordhem = &s.retailers[0];
        let lines: Vec<(&str, Option<&str>, u32)> = nordhem
            .lines
            .iter()
            .map(|l| (l.product.as_str(), l.variant.as_deref(), l.quantity))
            .collect();
        assert_eq!(
            lines,
            [
                ("sofa", Some("grey"), 1),
                ("chair", None, 3),
                ("sofa", Some("green"), 1)
            ]
        );
        assert_eq!(nordhem.lines[1].items, [ItemId(3), ItemId(4), ItemId(8)]);
        assert_eq!(
            nordhem.lines[1]
                .line_total
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("269.70 EUR")
        );
        assert_eq!(nordhem.totals.len(), 1);
        assert_eq!(nordhem.totals[0].to_string(), "2917.70 EUR");
        assert_eq!(s.retailers[1].totals[0].to_string(), "25600 JPY");
        let overall: Vec<String> = s.totals.iter().map(ToString::to_string).collect();
        assert_eq!(overall, ["2917.70 EUR", "450.50 GBP", "25600 JPY"]);
    }

    #[test]
    fn missing_and_bad_prices_are_reported_not_summed() {
        let items = [
            item(1, "oakline", "table", None),
            item(2, "oakline", "shelf", None),
            item(3, "oakline", "bed", None),
        ];
        let s = summarize(&items, &prices);
        assert!(!s.is_complete());
        assert_eq!(s.issues.len(), 2);
        assert_eq!(s.issues[1].message, "no price");
        assert_eq!(s.totals.len(), 1);
        assert_eq!(s.totals[0].to_string(), "450.50 GBP");
        assert_eq!(s.retailers[0].lines[1].unit_price, None);
    }

    #[test]
    fn huge_quantities_do_not_overflow() {
        let big = |_: &str, _: &str, _: Option<&str>| {
            Some(Quote {
                amount: "90000000000000000".into(),
                currency: "EUR".into(),
            })
        };
        let items = [item(1, "a", "x", None), item(2, "a", "y", None)];
        let s = summarize(&items, &big);
        assert!(!s.is_complete());
    }
}
