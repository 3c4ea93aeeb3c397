//! Share codes and JSON: round trips, the version 1 fixture, and garbage.

use super::*;

#[test]
fn share_code_round_trip_is_exact() {
    let mut room = Room::with_layout(Layout::rectangle(4.6, 3.8, 2.5)).expect("room");
    let s = room.add(sofa(), Vec2::new(0.0, -1.0), 0.0).expect("add");
    let a = room.add(armchair(), Vec2::new(1.2, 0.4), 0.7).expect("add");
    room.add(picture(), Vec2::new(0.0, -1.9), 0.0).expect("add");
    room.add(
        product("kiyomi", "lamp", 300, 300, 450, Placement::Tabletop),
        Vec2::ZERO,
        0.0,
    )
    .expect("add");
    room.duplicate(a).expect("duplicate");
    room.set_variant(s, Some("green".into())).expect("variant");
    let code = room.share_code();
    assert!(
        code.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert!(code.len() < 200, "{} characters: {code}", code.len());
    let back = Room::from_share_code(&code).expect("decode");
    assert_eq!(back.layout(), room.layout());
    assert_eq!(back.items(), room.items());
    assert_eq!(back.share_code(), code);
    // JSON too, written without serde_json exactly as serde_json would write it.
    let json = room.to_json();
    assert_eq!(json, room.to_json_serde());
    let open = Room::new();
    assert_eq!(open.to_json(), open.to_json_serde());
    let back = Room::from_json(&json).expect("json");
    assert_eq!(back.items(), room.items());
    assert_eq!(back.layout(), room.layout());
    // A general layout (not a rectangle) round-trips too.
    let mut layout = Layout::rectangle(4.0, 3.0, 2.5);
    layout.walls.pop();
    layout.walls[0].height_mm = 2400;
    let odd = Room::with_layout(layout).expect("room");
    assert_eq!(odd.to_json(), odd.to_json_serde());
    let back = Room::from_share_code(&odd.share_code()).expect("decode");
    assert_eq!(back.layout(), odd.layout());
    let open = Room::new();
    assert_eq!(
        Room::from_share_code(&open.share_code())
            .expect("decode")
            .layout(),
        &Layout::open()
    );
}

/// A version 1 share code, written when version 1 was current. Every later roomfit must keep
/// reading it to exactly this room.
const V1_FIXTURE: &str = "AQH4I9gdxBMGB25vcmRoZW0Lc29mYS1iZXJnZW4EZ3JleQdvYWtsaW5lCGFybWNoYWlyBXByaW50AwABtBCYB74GAAMEtAagBoQHAAAFvAUe9AMBAwADAL8WAAEAxBOgBqwCAgAA-CPgEvXo";

fn fixture_room() -> Room {
    let mut room = Room::with_layout(Layout::rectangle(4.6, 3.8, 2.5)).expect("room");
    room.add(sofa(), Vec2::new(0.0, -1.4), 0.0).expect("add");
    room.add(armchair(), Vec2::new(1.25, 0.4), 30f32.to_radians())
        .expect("add");
    room.add(picture(), Vec2::new(0.0, -1.9), 0.0).expect("add");
    room
}

#[test]
fn v1_fixture_still_decodes() {
    let room = Room::from_share_code(V1_FIXTURE).expect("v1 fixture");
    assert_eq!(room.layout(), &Layout::rectangle_mm(4600, 3800, 2500));
    let items: Vec<(&str, &str, Option<&str>, Pose)> = room
        .items()
        .iter()
        .map(|i| {
            (
                i.retailer.as_str(),
                i.product.as_str(),
                i.variant.as_deref(),
                i.pose,
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "nordhem",
                "sofa-bergen",
                Some("grey"),
                Pose::Floor {
                    x_mm: 0,
                    z_mm: -1440,
                    yaw_tenths: 0
                }
            ),
            (
                "oakline",
                "armchair",
                None,
                Pose::Floor {
                    x_mm: 1250,
                    z_mm: 400,
                    yaw_tenths: 300
                }
            ),
            (
                "nordhem",
                "print",
                None,
                Pose::Wall {
                    wall: 0,
                    offset_mm: 2300,
                    elevation_mm: 1200
                }
            ),
        ]
    );
    assert_eq!(room.items()[0].dimensions_mm.width, 2100);
    assert_eq!(room.items()[2].placement, Placement::Wall);
    assert_eq!(fixture_room().items(), room.items());
}

#[test]
fn garbage_share_codes_are_rejected() {
    let good = fixture_room().share_code();
    let bad = [
        ("", ShareCodeError::Empty),
        ("   ", ShareCodeError::Empty),
        ("A", ShareCodeError::BadLength),
        ("AQ", ShareCodeError::Truncated),
        ("Zm9v", ShareCodeError::UnsupportedVersion(b'f')),
        ("AgAA", ShareCodeError::UnsupportedVersion(2)),
    ];
    for (code, expected) in bad {
        assert_eq!(
            Room::from_share_code(code).err(),
            Some(RoomError::ShareCode(expected.clone())),
            "{code:?}"
        );
    }
    assert!(matches!(
        Room::from_share_code("AQ==").err(),
        Some(RoomError::ShareCode(ShareCodeError::BadCharacter {
            position: 2,
            found: '='
        }))
    ));
    let cut = &good[..good.len() - 3];
    assert!(Room::from_share_code(cut).is_err());
    let long = "A".repeat(MAX_SHARE_CODE_LEN + 4);
    assert_eq!(
        Room::from_share_code(&long).err(),
        Some(RoomError::ShareCode(ShareCodeError::TooLong(long.len())))
    );
    // Every single-character change is caught (checksum, alphabet or structure).
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        .chars()
        .collect();
    let mut rng = Rng(7);
    for i in 0..good.len() {
        let mut chars: Vec<char> = good.chars().collect();
        let orig = chars[i];
        let mut c = orig;
        while c == orig {
            c = alphabet[(rng.next() % 64) as usize];
        }
        chars[i] = c;
        let mutated: String = chars.into_iter().collect();
        assert!(Room::from_share_code(&mutated).is_err(), "{mutated}");
    }
    // Random garbage never panics.
    for n in 0..2000 {
        let len = (rng.next() % 120) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(rng.next() % 64) as usize])
            .collect();
        let s = if n % 2 == 0 { format!("AQ{s}") } else { s };
        let _ = Room::from_share_code(&s);
    }
}

#[test]
fn bad_json_is_rejected() {
    for json in [
        "",
        "{}",
        "[]",
        r#"{"version": 2, "layout": {"bounds": null, "walls": []}, "items": []}"#,
        r#"{"version": 1, "layout": {"bounds": null, "walls": []}, "items": [], "x": 1}"#,
        r#"{"version": 1, "layout": {"bounds": null, "walls": [{"start_mm": [0, 0], "end_mm": [0, 0], "height_mm": 2500}]}, "items": []}"#,
    ] {
        assert!(Room::from_json(json).is_err(), "{json}");
    }
    // A wall item pointing at a wall that does not exist.
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    room.add(picture(), Vec2::ZERO, 0.0).expect("add");
    let json = room.to_json().replace("\"wall\": 0", "\"wall\": 7");
    assert!(matches!(
        Room::from_json(&json),
        Err(RoomError::Invalid { .. })
    ));
    // A floor item with a wall pose.
    let json = room
        .to_json()
        .replace("\"placement\": \"wall\"", "\"placement\": \"floor\"");
    assert!(matches!(
        Room::from_json(&json),
        Err(RoomError::Invalid { .. })
    ));
}
