//! `catalog.json`: the fictional retailers, their stores and products.
//!
//! Product sizes come from the generated models' bounding boxes and colour variants from
//! their `KHR_materials_variants`, so the catalog cannot drift from the files it describes.

use super::json::Json;
use super::products::{ARMCHAIR_COLORWAYS, Colorway, Model, SOFA_COLORWAYS};

/// A piece of text in English and Simplified Chinese.
struct Text {
    en: &'static str,
    zh: &'static str,
}

impl Text {
    fn json(&self) -> Json {
        Json::obj([("en", self.en.into()), ("zh-CN", self.zh.into())])
    }
}

struct Variant {
    sku: &'static str,
    checkout_id: &'static str,
    name: Text,
    swatch: &'static str,
    gltf_variant: Option<&'static str>,
    price: &'static str,
}

impl Variant {
    /// A variant selecting a colourway of the model.
    fn colour(
        c: &Colorway,
        sku: &'static str,
        checkout_id: &'static str,
        price: &'static str,
    ) -> Variant {
        Variant {
            sku,
            checkout_id,
            name: Text {
                en: c.name,
                zh: c.name_zh,
            },
            swatch: c.swatch,
            gltf_variant: Some(c.name),
            price,
        }
    }

    fn json(&self) -> Json {
        Json::obj([
            ("sku", self.sku.into()),
            ("checkout_id", self.checkout_id.into()),
            ("name", self.name.json()),
            ("swatch", self.swatch.into()),
            ("gltf_variant", self.gltf_variant.into()),
            ("price", self.price.into()),
        ])
    }
}

struct Product {
    id: &'static str,
    name: Text,
    description: Text,
    category: &'static str,
    placement: &'static str,
    /// What it is made of (written only when not empty).
    materials: &'static [Text],
    variants: Vec<Variant>,
}

const MAT_WOVEN: Text = Text {
    en: "woven polyester fabric",
    zh: "涤纶编织面料",
};
const MAT_OAK: Text = Text {
    en: "oak",
    zh: "橡木",
};
const MAT_STEEL: Text = Text {
    en: "powder-coated steel",
    zh: "喷涂钢",
};
const MAT_LINEN: Text = Text {
    en: "linen",
    zh: "亚麻",
};
const MAT_WALNUT: Text = Text {
    en: "walnut",
    zh: "胡桃木",
};
const MAT_PINE: Text = Text {
    en: "pine",
    zh: "松木",
};
const MAT_WOOL: Text = Text {
    en: "wool",
    zh: "羊毛",
};
const MAT_PAPER: Text = Text {
    en: "cotton rag paper",
    zh: "棉浆纸",
};
const MAT_ASH: Text = Text {
    en: "ash",
    zh: "白蜡木",
};

struct Store {
    id: &'static str,
    name: &'static str,
    address: &'static str,
    lat: f64,
    lon: f64,
    time_zone: &'static str,
    /// Opening hours Monday to Sunday.
    weekly: [&'static [&'static str]; 7],
    exceptions: &'static [(&'static str, &'static [&'static str])],
    phone: &'static str,
    /// A relative appointment endpoint on the demo server, or else an external booking link.
    booking_link: Option<&'static str>,
    /// Visits per slot at the endpoint (`None`: the default, 1).
    capacity: Option<u32>,
    on_display: &'static [&'static str],
}

impl Store {
    fn json(&self) -> Json {
        const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        let ranges = |r: &[&str]| Json::Arr(r.iter().map(|&s| s.into()).collect());
        let weekly = Json::Obj(
            DAYS.iter()
                .zip(self.weekly)
                .map(|(day, hours)| ((*day).to_owned(), ranges(hours)))
                .collect(),
        );
        let exceptions = self
            .exceptions
            .iter()
            .map(|(date, hours)| Json::obj([("date", (*date).into()), ("hours", ranges(hours))]))
            .collect::<Vec<_>>();
        let booking = match self.booking_link {
            Some(link) => Json::obj([("link", link.into())]),
            None => {
                let endpoint = format!("/api/stores/{}/appointments", self.id);
                match self.capacity {
                    Some(n) => Json::obj([("endpoint", endpoint.into()), ("capacity", n.into())]),
                    None => Json::obj([("endpoint", endpoint.into())]),
                }
            }
        };
        Json::obj([
            ("id", self.id.into()),
            ("name", self.name.into()),
            ("address", self.address.into()),
            (
                "location",
                Json::obj([("lat", self.lat.into()), ("lon", self.lon.into())]),
            ),
            ("time_zone", self.time_zone.into()),
            (
                "hours",
                Json::obj([("weekly", weekly), ("exceptions", exceptions.into())]),
            ),
            ("phone", self.phone.into()),
            ("booking", booking),
            ("on_display", ranges(self.on_display)),
        ])
    }
}

struct Retailer {
    id: &'static str,
    name: &'static str,
    currency: &'static str,
    locale: &'static str,
    checkout: Json,
    allowed_hosts: &'static [&'static str],
    stores: Vec<Store>,
    products: Vec<Product>,
}

const EU_WEEK: [&[&str]; 7] = [
    &["10:00-20:00"],
    &["10:00-20:00"],
    &["10:00-20:00"],
    &["10:00-20:00"],
    &["10:00-20:00"],
    &["10:00-18:00"],
    &[],
];

const NORDHEM_HOLIDAYS: &[(&str, &[&str])] = &[
    ("2026-12-24", &["10:00-14:00"]),
    ("2026-12-25", &[]),
    ("2026-12-26", &[]),
    ("2027-01-01", &[]),
];

const US_WEEK: [&[&str]; 7] = [
    &["10:00-19:00"],
    &["10:00-19:00"],
    &["10:00-19:00"],
    &["10:00-20:00"],
    &["10:00-20:00"],
    &["10:00-20:00"],
    &["11:00-18:00"],
];

const US_HOLIDAYS: &[(&str, &[&str])] = &[
    ("2026-11-26", &[]),
    ("2026-11-27", &["08:00-21:00"]),
    ("2026-12-25", &[]),
];

const CN_WEEK: [&[&str]; 7] = [
    &["10:00-21:30"],
    &["10:00-21:30"],
    &["10:00-21:30"],
    &["10:00-21:30"],
    &["10:00-22:00"],
    &["10:00-22:00"],
    &["10:00-21:30"],
];

const CN_HOLIDAYS: &[(&str, &[&str])] = &[
    ("2027-02-05", &["10:00-16:00"]),
    ("2027-02-06", &[]),
    ("2027-02-07", &[]),
];

fn nordhem() -> Retailer {
    let sofa_variants = [
        ("NH-OSLO-3S-OAT", "44012345678901"),
        ("NH-OSLO-3S-FOR", "44012345678902"),
        ("NH-OSLO-3S-TER", "44012345678903"),
    ];
    let chair_variants = [
        ("NH-OSLO-AC-OAT", "44012345678911"),
        ("NH-OSLO-AC-FOR", "44012345678912"),
        ("NH-OSLO-AC-TER", "44012345678913"),
        ("NH-OSLO-AC-SLA", "44012345678914"),
    ];
    Retailer {
        id: "nordhem",
        name: "Nordhem Living",
        currency: "EUR",
        locale: "de-DE",
        checkout: Json::obj([
            ("kind", "shopify".into()),
            ("shop", "https://nordhem.example".into()),
        ]),
        allowed_hosts: &["nordhem.example"],
        stores: vec![
            Store {
                id: "nordhem-berlin-mitte",
                name: "Nordhem Berlin Mitte",
                address: "Rosenthaler Str. 40, 10178 Berlin, Germany",
                lat: 52.5267,
                lon: 13.4019,
                time_zone: "Europe/Berlin",
                weekly: EU_WEEK,
                exceptions: NORDHEM_HOLIDAYS,
                phone: "+49 30 1234567",
                booking_link: None,
                capacity: Some(2),
                on_display: &["NH-OSLO-3S-OAT", "NH-OSLO-AC-FOR", "NH-LUMEN-BLK"],
            },
            Store {
                id: "nordhem-hamburg-neustadt",
                name: "Nordhem Hamburg Neustadt",
                address: "Neuer Wall 50, 20354 Hamburg, Germany",
                lat: 53.5515,
                lon: 9.9903,
                time_zone: "Europe/Berlin",
                weekly: [
                    &["10:00-19:00"],
                    &["10:00-19:00"],
                    &["10:00-19:00"],
                    &["10:00-19:00"],
                    &["10:00-19:00"],
                    &["10:00-13:00", "14:00-18:00"],
                    &[],
                ],
                exceptions: NORDHEM_HOLIDAYS,
                phone: "+49 40 7654321",
                booking_link: None,
                capacity: None,
                on_display: &["NH-OSLO-3S-TER", "NH-OSLO-AC-OAT"],
            },
        ],
        products: vec![
            Product {
                id: "oslo-sofa",
                name: Text {
                    en: "Oslo three-seat sofa",
                    zh: "奥斯陆三人沙发",
                },
                description: Text {
                    en: "A deep, low three-seater with loose seat and back cushions, a woven \
                         upholstery fabric and oiled oak legs.",
                    zh: "宽深低矮的三人沙发，配可拆坐垫与靠垫、编织面料和油蜡橡木腿。",
                },
                category: "sofa",
                materials: &[MAT_WOVEN, MAT_OAK],
                placement: "floor",
                variants: SOFA_COLORWAYS
                    .iter()
                    .zip(sofa_variants)
                    .map(|(c, (sku, id))| Variant::colour(c, sku, id, "1299.00"))
                    .collect(),
            },
            Product {
                id: "oslo-armchair",
                name: Text {
                    en: "Oslo armchair",
                    zh: "奥斯陆单人扶手椅",
                },
                description: Text {
                    en: "The Oslo sofa's compact sibling on slim black steel legs.",
                    zh: "奥斯陆沙发的小巧版本，配纤细黑色钢腿。",
                },
                category: "armchair",
                materials: &[MAT_WOVEN, MAT_STEEL],
                placement: "floor",
                variants: ARMCHAIR_COLORWAYS
                    .iter()
                    .zip(chair_variants)
                    .map(|(c, (sku, id))| Variant::colour(c, sku, id, "649.00"))
                    .collect(),
            },
            Product {
                id: "lumen-floor-lamp",
                name: Text {
                    en: "Lumen floor lamp",
                    zh: "流明落地灯",
                },
                description: Text {
                    en: "A black steel floor lamp with a tapered linen shade and a warm, \
                         dimmable glow.",
                    zh: "黑色钢制落地灯，锥形亚麻灯罩，暖光可调。",
                },
                category: "lamp",
                materials: &[MAT_STEEL, MAT_LINEN],
                placement: "floor",
                variants: vec![Variant {
                    sku: "NH-LUMEN-BLK",
                    checkout_id: "44012345678921",
                    name: Text {
                        en: "Black",
                        zh: "黑色",
                    },
                    swatch: "#1c1c1e",
                    gltf_variant: None,
                    price: "189.00",
                }],
            },
        ],
    }
}

fn maple_grain() -> Retailer {
    let single = |sku, checkout_id, en, zh, swatch, price| Variant {
        sku,
        checkout_id,
        name: Text { en, zh },
        swatch,
        gltf_variant: None,
        price,
    };
    Retailer {
        id: "maple-grain",
        name: "Maple & Grain",
        currency: "USD",
        locale: "en-US",
        checkout: Json::obj([
            ("kind", "woocommerce".into()),
            ("shop", "https://maplegrain.example".into()),
        ]),
        allowed_hosts: &["maplegrain.example"],
        stores: vec![
            Store {
                id: "maple-grain-brooklyn",
                name: "Maple & Grain Brooklyn",
                address: "68 Jay St, Brooklyn, NY 11201, USA",
                lat: 40.7025,
                lon: -73.9866,
                time_zone: "America/New_York",
                weekly: US_WEEK,
                exceptions: US_HOLIDAYS,
                phone: "+1 718 555 0142",
                booking_link: None,
                capacity: None,
                on_display: &["MG-HARVEST-TBL-180", "MG-HARVEST-CHR-OAK", "MG-LADDER-WAL"],
            },
            Store {
                id: "maple-grain-soho",
                name: "Maple & Grain SoHo",
                address: "120 Wooster St, New York, NY 10012, USA",
                lat: 40.7253,
                lon: -73.9996,
                time_zone: "America/New_York",
                weekly: US_WEEK,
                exceptions: US_HOLIDAYS,
                phone: "+1 212 555 0199",
                booking_link: Some("https://maplegrain.example/visit/soho"),
                capacity: None,
                on_display: &["MG-ROUND-CT-90", "MG-HARVEST-CHR-OAK"],
            },
            Store {
                id: "maple-grain-jersey-city",
                name: "Maple & Grain Jersey City",
                address: "30 Montgomery St, Jersey City, NJ 07302, USA",
                lat: 40.7163,
                lon: -74.0363,
                time_zone: "America/New_York",
                weekly: [
                    &[],
                    &["11:00-19:00"],
                    &["11:00-19:00"],
                    &["11:00-19:00"],
                    &["11:00-20:00"],
                    &["10:00-20:00"],
                    &["11:00-17:00"],
                ],
                exceptions: US_HOLIDAYS,
                phone: "+1 201 555 0123",
                booking_link: None,
                capacity: None,
                on_display: &["MG-HARVEST-TBL-180", "MG-ROUND-CT-90", "MG-LADDER-WAL"],
            },
        ],
        products: vec![
            Product {
                id: "harvest-dining-table",
                name: Text {
                    en: "Harvest dining table",
                    zh: "丰收餐桌",
                },
                description: Text {
                    en: "A solid white oak table for six with tapered legs and a softly \
                         eased edge.",
                    zh: "实木白橡木六人餐桌，锥形桌腿，桌边柔和倒角。",
                },
                category: "table",
                materials: &[MAT_OAK],
                placement: "floor",
                variants: vec![single(
                    "MG-HARVEST-TBL-180",
                    "1042",
                    "Natural oak",
                    "原木橡木",
                    "#c9a277",
                    "1490.00",
                )],
            },
            Product {
                id: "harvest-dining-chair",
                name: Text {
                    en: "Harvest dining chair",
                    zh: "丰收餐椅",
                },
                description: Text {
                    en: "An oak dining chair with a slatted back and a charcoal seat pad.",
                    zh: "橡木餐椅，横条靠背，配炭灰色坐垫。",
                },
                category: "chair",
                materials: &[MAT_OAK],
                placement: "floor",
                variants: vec![single(
                    "MG-HARVEST-CHR-OAK",
                    "1043",
                    "Natural oak",
                    "原木橡木",
                    "#c9a277",
                    "245.00",
                )],
            },
            Product {
                id: "round-coffee-table",
                name: Text {
                    en: "Round coffee table",
                    zh: "圆形咖啡桌",
                },
                description: Text {
                    en: "A 90 cm round oak coffee table with a lower shelf for books and \
                         magazines.",
                    zh: "直径90厘米的圆形橡木咖啡桌，下层搁板可放书报。",
                },
                category: "coffee-table",
                materials: &[MAT_WALNUT],
                placement: "floor",
                variants: vec![single(
                    "MG-ROUND-CT-90",
                    "1051",
                    "Natural oak",
                    "原木橡木",
                    "#c9a277",
                    "420.00",
                )],
            },
            Product {
                id: "ladder-bookshelf",
                name: Text {
                    en: "Ladder bookshelf",
                    zh: "梯形书架",
                },
                description: Text {
                    en: "A leaning walnut bookshelf with five shelves that get shallower \
                         towards the top.",
                    zh: "倚墙式胡桃木书架，五层搁板自下而上逐渐变浅。",
                },
                category: "storage",
                materials: &[MAT_PINE],
                placement: "floor",
                variants: vec![single(
                    "MG-LADDER-WAL",
                    "1060",
                    "Walnut",
                    "胡桃木",
                    "#6b4a36",
                    "360.00",
                )],
            },
        ],
    }
}

fn lanting() -> Retailer {
    Retailer {
        id: "lanting",
        name: "兰亭家居 Lanting Home",
        currency: "CNY",
        locale: "zh-CN",
        checkout: Json::obj([
            ("kind", "template".into()),
            (
                "url",
                "https://lanting.example/cart/add?sku={sku}&qty={quantity}".into(),
            ),
        ]),
        allowed_hosts: &["lanting.example"],
        stores: vec![
            Store {
                id: "lanting-shanghai-xuhui",
                name: "兰亭家居 上海徐汇店",
                address: "上海市徐汇区安福路288号 (288 Anfu Road, Xuhui, Shanghai 200031, China)",
                lat: 31.2155,
                lon: 121.444,
                time_zone: "Asia/Shanghai",
                weekly: CN_WEEK,
                exceptions: CN_HOLIDAYS,
                phone: "+86 21 5555 0188",
                booking_link: None,
                capacity: None,
                on_display: &["LT-CLOUD-RUG-200", "LT-INK-PRINT-6080"],
            },
            Store {
                id: "lanting-hangzhou-xihu",
                name: "兰亭家居 杭州西湖店",
                address: "杭州市西湖区北山街84号 (84 Beishan Street, Xihu, Hangzhou 310007, China)",
                lat: 30.2605,
                lon: 120.145,
                time_zone: "Asia/Shanghai",
                weekly: CN_WEEK,
                exceptions: CN_HOLIDAYS,
                phone: "+86 571 5555 0166",
                booking_link: Some("https://lanting.example/stores/hangzhou-xihu/visit"),
                capacity: None,
                on_display: &["LT-INK-PRINT-6080"],
            },
        ],
        products: vec![
            Product {
                id: "cloud-rug",
                name: Text {
                    en: "Cloud rug",
                    zh: "祥云地毯",
                },
                description: Text {
                    en: "A hand-tufted wool rug in the shape of a cloud, mist grey with an \
                         ink-blue border.",
                    zh: "手工簇绒羊毛地毯，祥云造型，雾灰色毯面配墨蓝色边。",
                },
                category: "rug",
                materials: &[MAT_WOOL],
                placement: "floor",
                variants: vec![Variant {
                    sku: "LT-CLOUD-RUG-200",
                    checkout_id: "LT-CLOUD-RUG-200",
                    name: Text {
                        en: "Mist and ink",
                        zh: "雾灰墨蓝",
                    },
                    swatch: "#dcdcd4",
                    gltf_variant: None,
                    price: "2680.00",
                }],
            },
            Product {
                id: "ink-framed-print",
                name: Text {
                    en: "Ink landscape framed print",
                    zh: "水墨山水装裱画",
                },
                description: Text {
                    en: "A giclée print of an ink-wash mountain landscape, matted in an \
                         ebonised ash frame.",
                    zh: "水墨山水微喷艺术画，卡纸装裱，乌木色白蜡木画框。",
                },
                category: "wall-art",
                materials: &[MAT_PAPER, MAT_ASH],
                placement: "wall",
                variants: vec![Variant {
                    sku: "LT-INK-PRINT-6080",
                    checkout_id: "LT-INK-PRINT-6080",
                    name: Text {
                        en: "60 × 80 cm",
                        zh: "60 × 80 厘米",
                    },
                    swatch: "#1f1d1b",
                    gltf_variant: None,
                    price: "1280.00",
                }],
            },
            // The same armchair as Nordhem's (Lanting resells it), so shoppers can compare.
            Product {
                id: "oslo-armchair",
                name: Text {
                    en: "Oslo armchair",
                    zh: "奥斯陆扶手椅",
                },
                description: Text {
                    en: "The Nordhem Oslo armchair, imported: a compact armchair on slim \
                         black steel legs.",
                    zh: "北欧原装进口奥斯陆扶手椅，小巧座身配纤细黑色钢腿。",
                },
                category: "armchair",
                materials: &[MAT_WOVEN, MAT_STEEL],
                placement: "floor",
                variants: ARMCHAIR_COLORWAYS
                    .iter()
                    .zip([
                        ("LT-OSLO-AC-1", "LT-OSLO-AC-1"),
                        ("LT-OSLO-AC-2", "LT-OSLO-AC-2"),
                        ("LT-OSLO-AC-3", "LT-OSLO-AC-3"),
                        ("LT-OSLO-AC-4", "LT-OSLO-AC-4"),
                    ])
                    .map(|(c, (sku, id))| Variant::colour(c, sku, id, "4980.00"))
                    .collect(),
            },
        ],
    }
}

fn mm(metres: f32) -> Json {
    Json::Int((metres * 1000.0).round() as i64)
}

fn product_json(p: &Product, models: &[Model]) -> Json {
    let model = models.iter().find(|m| m.id == p.id);
    let size = model.map(|m| m.max - m.min).unwrap_or_default();
    // Only name glTF variants the model really has.
    let has_variant =
        |name: &str| model.is_some_and(|m| m.colorways.iter().any(|c| c.name == name));
    let variants = p
        .variants
        .iter()
        .map(|v| {
            let mut json = v.json();
            if let Json::Obj(fields) = &mut json {
                for (key, value) in fields.iter_mut() {
                    if key == "gltf_variant" && !v.gltf_variant.is_some_and(has_variant) {
                        *value = Json::Null;
                    }
                }
            }
            json
        })
        .collect::<Vec<_>>();
    let mut fields = vec![
        ("id", p.id.into()),
        ("name", p.name.json()),
        ("description", p.description.json()),
        ("category", p.category.into()),
        ("placement", p.placement.into()),
        (
            "dimensions_mm",
            Json::obj([
                ("width", mm(size.x)),
                ("depth", mm(size.z)),
                ("height", mm(size.y)),
            ]),
        ),
        (
            "model",
            Json::obj([
                ("glb", format!("{}.glb", p.id).into()),
                ("usdz", Json::Null),
                ("poster", Json::Null),
            ]),
        ),
        ("variants", variants.into()),
    ];
    if !p.materials.is_empty() {
        let materials = p.materials.iter().map(Text::json).collect::<Vec<_>>();
        fields.push(("materials", materials.into()));
    }
    Json::Obj(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn retailer_json(r: &Retailer, models: &[Model]) -> Json {
    Json::obj([
        ("id", r.id.into()),
        ("name", r.name.into()),
        ("logo", Json::Null),
        ("currency", r.currency.into()),
        ("locale", r.locale.into()),
        ("checkout", r.checkout.clone()),
        (
            "allowed_hosts",
            Json::Arr(r.allowed_hosts.iter().map(|&h| h.into()).collect()),
        ),
        (
            "stores",
            Json::Arr(r.stores.iter().map(Store::json).collect()),
        ),
        (
            "products",
            Json::Arr(r.products.iter().map(|p| product_json(p, models)).collect()),
        ),
    ])
}

fn catalog_of(retailers: &[Retailer], models: &[Model]) -> String {
    Json::obj([
        ("version", Json::Int(1)),
        (
            "retailers",
            Json::Arr(retailers.iter().map(|r| retailer_json(r, models)).collect()),
        ),
    ])
    .pretty()
}

/// The catalog describing `models`, as pretty-printed JSON with a trailing newline.
pub(crate) fn catalog_json(models: &[Model]) -> String {
    catalog_of(&[nordhem(), maple_grain(), lanting()], models)
}

/// The same retailers, one catalog file each: `(retailer id, JSON)`, in the order of
/// [`catalog_json`] (what a shop page that lists several retailers' catalogs fetches).
pub(crate) fn retailer_catalogs(models: &[Model]) -> Vec<(&'static str, String)> {
    [nordhem(), maple_grain(), lanting()]
        .into_iter()
        .map(|r| (r.id, catalog_of(std::slice::from_ref(&r), models)))
        .collect()
}
