//! The store-staff pages: `/staff` lists the stores that take bookings, `/staff/{store}` a
//! store's upcoming appointments in its own time, with what each shopper tried and a link that
//! opens their room. Everything a shopper typed is HTML-escaped. The pages have no login: run
//! the service on a private network or behind the company's sign-in (docs/booking.md).

use std::fmt::Write;

use super::{BookingService, room_link};
use crate::handoff::appointment::AppointmentRequest;
use crate::handoff::hours::LocalMoment;
use crate::handoff::localized;
use crate::handoff::time::Timestamp;
use crate::server::Response;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page_html(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n\
         body {{ font: 16px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}\n\
         table {{ border-collapse: collapse; width: 100%; }}\n\
         th, td {{ text-align: left; vertical-align: top; padding: .5rem; border-bottom: 1px solid #ddd; }}\n\
         .muted {{ color: #666; }}\n\
         </style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// `/staff`: the stores.
pub(super) fn index(service: &BookingService) -> Response {
    let mut body = String::from("<h1>Stores taking roomfit bookings</h1>\n<ul>\n");
    for (id, desk) in &service.desks {
        let (retailer, store) = service.store_of(desk);
        let _ = writeln!(
            body,
            "<li><a href=\"/staff/{}\">{}</a> <span class=\"muted\">({})</span></li>",
            escape(id),
            escape(&store.name),
            escape(&retailer.name)
        );
    }
    body.push_str("</ul>\n");
    Response::html(200, page_html("roomfit: stores", &body))
}

/// `/staff/{store}`: upcoming appointments.
pub(super) fn page(service: &BookingService, store_id: &str) -> Response {
    let Some(desk) = service.desks.get(store_id) else {
        let body = format!(
            "<h1>No such store</h1>\n<p>No store \"{}\" takes bookings here. <a href=\"/staff\">All stores</a></p>\n",
            escape(store_id)
        );
        return Response::html(404, page_html("roomfit: no such store", &body));
    };
    let (retailer, store) = service.store_of(desk);
    let now = (service.clock)();
    let bookings = match service.storage.upcoming(store_id, now.unix_seconds()) {
        Ok(b) => b,
        Err(e) => {
            return Response::html(
                503,
                page_html(
                    "roomfit: unavailable",
                    &format!("<h1>Bookings unavailable</h1>\n<p>{}</p>\n", escape(&e.0)),
                ),
            );
        }
    };
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>{}: upcoming visits</h1>\n<p class=\"muted\">{} · times in {} · {} per 30-minute slot</p>",
        escape(&store.name),
        escape(&store.address),
        escape(desk.zone.name()),
        desk.capacity
    );
    if bookings.is_empty() {
        body.push_str("<p id=\"none\">No upcoming visits.</p>\n");
    } else {
        body.push_str(
            "<table id=\"appointments\">\n<thead><tr><th>When</th><th>Customer</th><th>Items</th><th>Room</th></tr></thead>\n<tbody>\n",
        );
        for b in &bookings {
            let Ok(request) = serde_json::from_str::<AppointmentRequest>(&b.request_json) else {
                let _ = writeln!(
                    body,
                    "<tr><td colspan=\"4\">Booking {} could not be read.</td></tr>",
                    escape(&b.id)
                );
                continue;
            };
            let when = match (
                Timestamp::from_unix_seconds(b.slot_start),
                Timestamp::from_unix_seconds(b.slot_end),
            ) {
                (Ok(s), Ok(e)) => {
                    let s = LocalMoment::new(&desk.zone, s);
                    let e = LocalMoment::new(&desk.zone, e);
                    format!(
                        "<time datetime=\"{}\">{} {} {}–{}</time>",
                        s.at,
                        weekday_name(&s),
                        s.local.get(..10).unwrap_or_default(),
                        s.time,
                        e.time
                    )
                }
                _ => String::from("?"),
            };
            let mut customer = escape(&request.name);
            if let Some(phone) = &request.phone {
                let _ = write!(customer, "<br>{}", escape(phone));
            }
            if let Some(email) = &request.email {
                let _ = write!(customer, "<br>{}", escape(email));
            }
            if let Some(locale) = &request.locale {
                let _ = write!(
                    customer,
                    " <span class=\"muted\">({})</span>",
                    escape(locale)
                );
            }
            let mut items = String::from("<ul>");
            for item in &request.items {
                let product = retailer.products.iter().find(|p| p.id == item.product_id);
                let variant = product.and_then(|p| p.variants.iter().find(|v| v.sku == item.sku));
                let name = product.map_or(item.product_id.clone(), |p| {
                    localized(&p.name, &retailer.locale)
                });
                let variant_name = variant.map_or(String::new(), |v| {
                    format!(", {}", localized(&v.name, &retailer.locale))
                });
                let on_display = if store.on_display.contains(&item.sku) {
                    ""
                } else {
                    " <span class=\"muted\">(not on display here)</span>"
                };
                let _ = write!(
                    items,
                    "<li>{}{} <span class=\"muted\">{}</span> × {}{on_display}</li>",
                    escape(&name),
                    escape(&variant_name),
                    escape(&item.sku),
                    item.quantity
                );
            }
            items.push_str("</ul>");
            if let Some(note) = &request.note {
                let _ = write!(items, "<p>Note: {}</p>", escape(note));
            }
            let _ = writeln!(
                body,
                "<tr data-booking=\"{id}\"><td>{when}</td><td>{customer}</td><td>{items}</td>\
                 <td><a class=\"room\" href=\"{room}\">Open the room</a><br>\
                 <a class=\"muted\" href=\"/ticket/{id}\">ticket</a></td></tr>",
                id = escape(&b.id),
                room = escape(&room_link(&request.share_code)),
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    let title = format!("roomfit: {} visits", store.name);
    Response::html(200, page_html(&title, &body))
}

fn weekday_name(m: &LocalMoment) -> &'static str {
    use crate::handoff::time::Weekday::*;
    match m.weekday {
        Mon => "Mon",
        Tue => "Tue",
        Wed => "Wed",
        Thu => "Thu",
        Fri => "Fri",
        Sat => "Sat",
        Sun => "Sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
