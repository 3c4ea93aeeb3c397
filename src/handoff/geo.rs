//! Great-circle distances, their display, and directions links that need no API key.

use serde::{Deserialize, Serialize};

use super::url::encode_component;
use crate::catalog::Location;

/// Mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;
const METRES_PER_MILE: f64 = 1_609.344;

/// Which units distances are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Metres and kilometres.
    #[default]
    Metric,
    /// Feet and miles.
    Imperial,
}

/// A location that is not a WGS 84 coordinate.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("({lat}, {lon}) is not a location: latitude must be -90 to 90 and longitude -180 to 180")]
pub struct LocationError {
    /// Latitude given.
    pub lat: f64,
    /// Longitude given.
    pub lon: f64,
}

/// Checks that `location` is finite and in range.
pub fn check_location(location: Location) -> Result<Location, LocationError> {
    let ok = location.lat.is_finite()
        && location.lon.is_finite()
        && (-90.0..=90.0).contains(&location.lat)
        && (-180.0..=180.0).contains(&location.lon);
    if ok {
        Ok(location)
    } else {
        Err(LocationError {
            lat: location.lat,
            lon: location.lon,
        })
    }
}

/// Haversine distance in metres.
pub fn distance_m(a: Location, b: Location) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// A distance and how to show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distance {
    /// Metres.
    pub meters: f64,
    /// `850 m`, `3.4 km`, `27 km`; `500 ft`, `2.1 mi`, `15 mi`.
    pub text: String,
}

impl Distance {
    /// `meters` shown in `units`.
    pub fn new(meters: f64, units: Units) -> Distance {
        Distance {
            meters,
            text: format_distance(meters, units),
        }
    }
}

/// `850 m` (to 10 m), `3.4 km` below 10 km, `27 km`; `500 ft` (to 50 ft, below 0.1 mi),
/// `2.1 mi` below 10 mi, `15 mi`.
pub fn format_distance(meters: f64, units: Units) -> String {
    let meters = if meters.is_finite() {
        meters.max(0.0)
    } else {
        0.0
    };
    match units {
        Units::Metric if meters < 995.0 => format!("{} m", ((meters / 10.0).round() * 10.0) as u64),
        Units::Metric if meters < 9_950.0 => format!("{} km", fixed(meters / 1000.0, 1)),
        Units::Metric => format!("{} km", fixed(meters / 1000.0, 0)),
        Units::Imperial => {
            let miles = meters / METRES_PER_MILE;
            if miles < 0.095 {
                let feet = meters / 0.3048;
                format!("{} ft", ((feet / 50.0).round() * 50.0) as u64)
            } else if miles < 9.95 {
                format!("{} mi", fixed(miles, 1))
            } else {
                format!("{} mi", fixed(miles, 0))
            }
        }
    }
}

/// Links that open a map at a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directions {
    /// RFC 5870 `geo:` URI with a label (`geo:52.5267,13.4019?q=52.5267,13.4019(Name)`), which
    /// phones hand to their maps app.
    pub geo_uri: String,
    /// OpenStreetMap, no key needed.
    pub map_url: String,
}

/// Directions to `location`, labelled `label`. The shopper's own location is never put in the
/// links: they go to a third party.
pub fn directions(location: Location, label: &str) -> Directions {
    let (lat, lon) = (coordinate(location.lat), coordinate(location.lon));
    Directions {
        geo_uri: format!("geo:{lat},{lon}?q={lat},{lon}({})", encode_component(label)),
        map_url: format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"),
    }
}

/// Up to 6 decimals (about 10 cm), no trailing zeros.
fn coordinate(value: f64) -> String {
    let text = fixed(value, 6);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// `value` with `decimals` (at most 9) decimals, rounded half away from zero, without the
/// standard library's float formatting (which costs the wasm build many KB). Magnitudes are
/// clamped to 10^9; NaN is 0.
pub fn fixed(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(9);
    let scale = 10_u64.pow(decimals);
    let magnitude = if value.is_nan() {
        0.0
    } else {
        value.abs().min(1e9)
    };
    let scaled = (magnitude * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, frac) = (scaled / scale, scaled % scale);
    if decimals == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = decimals as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Location {
        Location { lat, lon }
    }

    #[test]
    fn haversine_matches_known_distances() {
        // Berlin Mitte to Hamburg Neustadt: about 255 km.
        let d = distance_m(at(52.5267, 13.4019), at(53.5515, 9.9903));
        assert!((d - 255_500.0).abs() < 1_500.0, "{d}");
        // A quarter of the equator.
        let d = distance_m(at(0.0, 0.0), at(0.0, 90.0));
        assert!((d - 10_007_557.0).abs() < 1.0, "{d}"); // pi / 2 * R
        // Antipodes do not produce NaN.
        assert!(distance_m(at(0.0, 0.0), at(0.0, 180.0)).is_finite());
        assert_eq!(distance_m(at(40.7, -74.0), at(40.7, -74.0)), 0.0);
    }

    #[test]
    fn formats_distances() {
        assert_eq!(format_distance(0.0, Units::Metric), "0 m");
        assert_eq!(format_distance(847.0, Units::Metric), "850 m");
        assert_eq!(format_distance(996.0, Units::Metric), "1.0 km");
        assert_eq!(format_distance(3_449.0, Units::Metric), "3.4 km");
        assert_eq!(format_distance(27_400.0, Units::Metric), "27 km");
        assert_eq!(format_distance(100.0, Units::Imperial), "350 ft");
        assert_eq!(format_distance(3_380.0, Units::Imperial), "2.1 mi");
        assert_eq!(format_distance(24_000.0, Units::Imperial), "15 mi");
        assert_eq!(format_distance(f64::NAN, Units::Metric), "0 m");
    }

    #[test]
    fn directions_links() {
        let d = directions(at(52.5267, 13.4019), "Nordhem Berlin & Co (Mitte)");
        assert_eq!(
            d.geo_uri,
            "geo:52.5267,13.4019?q=52.5267,13.4019(Nordhem%20Berlin%20%26%20Co%20%28Mitte%29)"
        );
        assert_eq!(
            d.map_url,
            "https://www.openstreetmap.org/?mlat=52.5267&mlon=13.4019#map=17/52.5267/13.4019"
        );
        assert!(super::super::url::Url::parse(&d.map_url).is_ok());
        assert_eq!(
            directions(at(-0.0000001, 120.0), "x")
                .map_url
                .split('#')
                .next(),
            Some("https://www.openstreetmap.org/?mlat=0&mlon=120")
        );
    }

    #[test]
    fn fixed_point() {
        assert_eq!(fixed(3.449, 1), "3.4");
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(-0.00000004, 6), "0.000000");
        assert_eq!(fixed(-73.9866, 6), "-73.986600");
        assert_eq!(fixed(27.4, 0), "27");
        assert_eq!(fixed(f64::NAN, 2), "0.00");
        assert_eq!(fixed(1e300, 0), "1000000000");
    }

    #[test]
    fn checks_locations() {
        assert!(check_location(at(90.0, -180.0)).is_ok());
        assert!(check_location(at(90.1, 0.0)).is_err());
        assert!(check_location(at(f64::NAN, 0.0)).is_err());
        assert!(check_location(at(0.0, f64::INFINITY)).is_err());
    }
}
